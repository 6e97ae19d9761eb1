import { ConfigError, parseConfig } from '../../core/config';

/** The one-line messages a user sees for a config text. */
function messagesFor(text: string): string[] {
  try {
    parseConfig(text, 'config.json');
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n');
    throw error;
  }
  return [];
}

describe('config messages for mistakes a first config makes', () => {
  it.each([
    ['us-gov-west-1', 'AWS GovCloud (US)'],
    ['cn-north-1', 'AWS China'],
  ])('says that %s is in a separate partition, not supported, instead of suggesting a commercial region', (region, partition) => {
    // Act
    const messages = messagesFor(JSON.stringify({ regions: ['us-east-1', region] }));

    // Assess
    expect(messages).toEqual([
      `config.json: regions[1]: "${region}" is a region of ${partition}, a separate partition, not supported: signin-watch covers the commercial regions only. Fix: remove it; GovCloud and China accounts need an install of their own, which signin-watch does not offer.`,
    ]);
  });

  it.each([
    ['logRetentionDays', '"90"', 'remove the quotes: 90.'],
    ['allowlistCacheSeconds', '"300"', 'remove the quotes: 300.'],
  ])('says that a number in quotes for %s is a string', (field, value, fix) => {
    // Act
    const messages = messagesFor(`{"${field}": ${value}}`);

    // Assess
    expect(messages).toEqual([`config.json: ${field}: expected a number, got a string (${value}). Fix: ${fix}`]);
  });

  it.each(['', '  \n'])('names an empty file as such (%j)', (text) => {
    // Act
    const messages = messagesFor(text);

    // Assess
    expect(messages).toEqual(['config.json: (file): the file is empty. Fix: write the settings as an object, for example {"allowedCidrs": ["203.0.113.0/24"]}, or copy a file from examples/.']);
  });

  it('names a UTF-8 byte-order mark, which a Windows editor may add', () => {
    // Act
    const messages = messagesFor('\uFEFF{"allowedCidrs": []}');

    // Assess
    expect(messages).toEqual([expect.stringMatching(/^config\.json: \(file\): the file starts with a UTF-8 byte-order mark \(BOM\), which JSON does not allow\. Fix: save it as UTF-8 without a BOM/)]);
  });
});
