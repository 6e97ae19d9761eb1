import fc from 'fast-check';
import { ConfigError, parseConfig } from '../../core/config';
import { binaryString, CASES, PROPERTY_MODE, oddValue } from '../helpers/arbitraries';

const FIELDS = ['homeRegion', 'regions', 'allowedCidrs', 'notificationEmails', 'organizationId', 'namePrefix', 'logRetentionDays', 'alarmTopicArn'];

/** Configs that are mostly right: known fields (and a few unknown ones) with plausible or odd values. */
const config = fc.dictionary(
  fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 12 })),
  fc.oneof(
    fc.constantFrom('us-east-1', 'eu-wset-1', 'o-a1b2c3d4e5', 'sw', 90),
    fc.array(fc.oneof(fc.constantFrom('us-east-1', 'af-south-1', 'eu-west-1', '10.0.0.0/8', '10.1.2.3/8', '2001:db8::/32', 'a@b.co', 'not an email'), fc.string(), oddValue), { maxLength: 6 }),
    oddValue,
  ),
);

/** Parsing must end in a config or in a ConfigError whose every line names the file, a field and a fix. */
function parsesOrExplains(text: string): void {
  try {
    parseConfig(text, 'config/generated.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const lines = (error as Error).message.split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line.startsWith('config/generated.json: ')).toBe(true);
      expect(line.includes(' Fix: ')).toBe(true);
      expect(line.length).toBeLessThan(1_000);
    }
  }
}

describe('parseConfig, on generated configs', () => {
  afterAll(() => {
    console.log(`property tests, config: ${CASES.config} generated objects and ${CASES.config} generated texts (${PROPERTY_MODE})`);
  });

  it(`explains every invalid object it is given, never with another kind of error (${CASES.config} cases)`, () => {
    fc.assert(
      fc.property(config, (settings) => parsesOrExplains(JSON.stringify(settings))),
      { numRuns: CASES.config },
    );
  });

  it(`explains every text that is not a config, JSON or not (${CASES.config} cases)`, () => {
    fc.assert(
      fc.property(
        fc.oneof(
          binaryString(),
          fc.json(),
          fc.jsonValue().map((value) => JSON.stringify(value).slice(0, -1)),
        ),
        parsesOrExplains,
      ),
      { numRuns: CASES.config },
    );
  });
});
