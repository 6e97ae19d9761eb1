import { type ParseError, parse as parseTolerant, printParseErrorCode } from 'jsonc-parser';
import { ConfigError, type ConfigProblem, isRecord, ProblemList, show, typeName } from './messages';
import { type DefaultedField, type Field, FIELD_TABLE } from './fields';
import { CONFIG_RULES } from './rules';
import { closestMatch } from './suggest';
import type { AccountRole, ConfigKey, SigninWatchConfig } from './types';

/*
 * The public face of the config: its types, parsing and validation. The settings, their
 * defaults and checks are one table (config-fields.ts, objects in config-objects.ts), the
 * rules that tie settings together are in config-rules.ts, and the message parts in
 * config-messages.ts. SigninWatchConfig is written out here for its documentation; the
 * table's type requires exactly its fields, with a default for each one not optional.
 */

export { ConfigError, type ConfigProblem } from './messages';
export { STATE_BACKEND_DEFAULTS } from './objects';
export * from './types';

/** No `centralAccountId`, or `accountId` equal to it, is the central account; anything else a member. */
export function accountRole(config: Pick<SigninWatchConfig, 'centralAccountId' | 'accountId'>): AccountRole {
  return config.centralAccountId === undefined || config.accountId === config.centralAccountId ? 'central' : 'member';
}

type FieldOf<K extends ConfigKey> = Field<NonNullable<SigninWatchConfig[K]>> & { readonly default?: SigninWatchConfig[K] };

/** The table, seen field by field: a check, and a default for the fields that have one. */
const TABLE: { readonly [K in ConfigKey]: FieldOf<K> } = FIELD_TABLE;

// Object.keys loses the key type; the table's type holds exactly the config's keys.
const CONFIG_KEYS = Object.keys(TABLE) as ConfigKey[];

/** Every setting a config file may hold, in the table's order: `extends` (which only a file can follow) and the config's fields. */
export const FIELDS: readonly ['extends', ...ConfigKey[]] = ['extends', ...CONFIG_KEYS];

/** The value of each field that has one when unset. */
export const CONFIG_DEFAULTS: { readonly [K in DefaultedField]: SigninWatchConfig[K] } = Object.fromEntries(
  CONFIG_KEYS.flatMap((field) => ('default' in TABLE[field] ? [[field, TABLE[field].default]] : [])),
  // Object.fromEntries loses the key type; the table's type gives every defaulted field a default.
) as { readonly [K in DefaultedField]: SigninWatchConfig[K] };

/** Line and column (1-based) of a character offset, for JSON syntax errors. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; problem: ConfigProblem } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    // JSON.parse does not always say where; jsonc-parser (strict mode) always does.
    const errors: ParseError[] = [];
    parseTolerant(text, errors, { allowTrailingComma: false, disallowComments: true });
    const first = errors[0];
    const { line, column } = lineAndColumn(text, first?.offset ?? text.length);
    const reason = first
      ? printParseErrorCode(first.error)
          .replace(/([a-z])([A-Z])/g, '$1 $2')
          .toLowerCase()
      : 'unexpected end of file';
    return {
      ok: false,
      problem: {
        field: `line ${line}, column ${column}`,
        message: `the file is not valid JSON (${reason}).`,
        fix: 'correct the JSON at that position; JSON allows no comments and no trailing commas.',
      },
    };
  }
}

/**
 * Parses a config file's text into an object, without validating its fields.
 * @throws ConfigError for text that is not JSON or not an object
 */
export function parseConfigObject(text: string, file: string): Record<string, unknown> {
  const example = 'write the settings as an object, for example {"allowedCidrs": ["203.0.113.0/24"]}, or copy a file from examples/.';
  if (text.trim() === '') throw new ConfigError(file, [{ field: '(file)', message: 'the file is empty.', fix: example }]);
  if (text.startsWith('\uFEFF')) {
    throw new ConfigError(file, [
      {
        field: '(file)',
        message: 'the file starts with a UTF-8 byte-order mark (BOM), which JSON does not allow.',
        fix: 'save it as UTF-8 without a BOM (some Windows editors call it "UTF-8", others add the mark unless told "without BOM").',
      },
    ]);
  }
  const json = parseJson(text);
  if (!json.ok) throw new ConfigError(file, [json.problem]);
  const raw = json.value;
  if (!isRecord(raw)) {
    throw new ConfigError(file, [
      { field: '(file)', message: `expected a JSON object, got ${typeName(raw)}.`, fix: 'write the settings as an object, for example {"allowedCidrs": ["203.0.113.0/24"]}.' },
    ]);
  }
  return raw;
}

/**
 * Parses and validates a config file's text. Reports every problem at once, each
 * naming the field, the value received and the fix.
 *
 * @param text the file's contents
 * @param file the file's name, as the user should see it in error messages
 * @throws ConfigError listing every problem found
 */
export function parseConfig(text: string, file: string): SigninWatchConfig {
  return validateConfig(parseConfigObject(text, file), file);
}

type Draft = { -readonly [K in ConfigKey]?: SigninWatchConfig[K] };

/** Reads one field into the draft: its checked value, or its default when unset or wrong. */
function readField<K extends ConfigKey>(draft: Draft, field: K, raw: Record<string, unknown>, problems: ProblemList, now: number): void {
  const spec: FieldOf<K> = TABLE[field];
  const value = raw[field] === undefined ? undefined : spec.read(raw[field], problems, { now });
  draft[field] = value ?? spec.default;
}

/**
 * Validates an already parsed config object; see `parseConfig`.
 * @param origins for a config merged from several files: the file that set each field
 */
export function validateConfig(raw: Record<string, unknown>, file: string, origins?: ReadonlyMap<string, string>, now: number = Date.now()): SigninWatchConfig {
  const problems = new ProblemList(origins);
  const known = new Set<string>(FIELDS);
  for (const field of Object.keys(raw)) {
    if (known.has(field)) continue;
    const suggestion = closestMatch(field, FIELDS);
    // Quoted: an unknown name may be empty or hold anything, a line break included.
    problems.add(show(field), 'is not a signin-watch setting.', suggestion ? `did you mean "${suggestion}"?` : `remove it; the settings are ${FIELDS.join(', ')}.`);
  }
  if (raw.extends !== undefined) {
    problems.add('extends', 'names another file, which only a config loaded from a file can do.', 'load the config with loadConfig, which follows extends.');
  }

  const draft: Draft = {};
  for (const field of CONFIG_KEYS) {
    readField(draft, field, raw, problems, now);
    for (const rule of CONFIG_RULES) {
      // A rule reads only fields before its own, which the draft holds by now.
      if (rule.after === field) Object.assign(draft, rule.check(draft as SigninWatchConfig, raw, problems));
    }
  }
  if (problems.count > 0) throw new ConfigError(file, problems.items);
  // Every field of the table has been read into the draft, as its value or its default.
  return draft as SigninWatchConfig;
}

/** Every region that gets a forwarder: the configured ones plus the home region, in config order. */
export function forwarderRegions(config: SigninWatchConfig): string[] {
  return config.regions.includes(config.homeRegion) ? [...config.regions] : [...config.regions, config.homeRegion];
}
