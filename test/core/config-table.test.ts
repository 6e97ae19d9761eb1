import { CONFIG_DEFAULTS, ConfigError, FIELDS, parseConfig, validateConfig } from '../../core/config';
import { FIELD_TABLE } from '../../core/config/fields';

const FILE = 'config/test.json';
const TABLE_FIELDS = Object.keys(FIELD_TABLE);

function problemsOf(raw: Record<string, unknown>): string[] {
  try {
    validateConfig(raw, FILE);
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('the table of config fields', () => {
  it('is the list of settings a file may hold, after extends', () => {
    // Assess
    expect(FIELDS).toEqual(['extends', ...TABLE_FIELDS]);
  });

  it('gives every field a value or leaves it unset: the defaults for an empty config, and nothing else', () => {
    // Act
    const config = parseConfig('{}', FILE);

    // Assess
    expect(Object.keys(config).sort()).toEqual([...TABLE_FIELDS].sort());
    const defaulted = TABLE_FIELDS.filter((field) => 'default' in FIELD_TABLE[field as keyof typeof FIELD_TABLE]);
    expect(Object.keys(CONFIG_DEFAULTS).sort()).toEqual([...defaulted].sort());
    for (const field of TABLE_FIELDS) {
      const value = (config as unknown as Record<string, unknown>)[field];
      if (defaulted.includes(field)) expect(value).toEqual((CONFIG_DEFAULTS as Record<string, unknown>)[field]);
      else expect(value).toBeUndefined();
    }
  });

  it.each(TABLE_FIELDS)('checks %s: a value of the wrong type is one problem, named by the field', (field) => {
    // Act
    const problems = problemsOf({ [field]: true });

    // Assess
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^${FILE}: ${field}: .+ Fix: .+`))]);
  });

  it.each(TABLE_FIELDS)('suggests %s for a misspelling of it', (field) => {
    // Act
    const problems = problemsOf({ [`${field}x`]: true });

    // Assess
    expect(problems).toEqual([`${FILE}: "${field}x": is not a signin-watch setting. Fix: did you mean "${field}"?`]);
  });
});

describe('exceptions[].expires', () => {
  it.each(['2026-13-01', '2026-00-10', '2026-12-32'])('calls %j not a date, rather than failing with a RangeError', (expires) => {
    // Act
    const problems = problemsOf({ exceptions: [{ principal: 'arn:aws:iam::*:role/BreakGlass', reason: 'break-glass access', expires }] });

    // Assess
    expect(problems).toEqual([`${FILE}: exceptions[0].expires: "${expires}" is not a date. Fix: write the last day it applies as "YYYY-MM-DD" (UTC).`]);
  });
});
