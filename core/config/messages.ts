/** What a config problem is made of, and how a value is quoted in one. */

export interface ConfigProblem {
  /** The file that set the field, when it is not the file being loaded (a base named by `extends`). */
  readonly file?: string;
  /** The field's path in the file, such as `regions[3]`, or `(file)` for the file as a whole. */
  readonly field: string;
  /** What is wrong, quoting the value received. */
  readonly message: string;
  /** What to write instead. */
  readonly fix: string;
}

/** Every problem found in one config file; its message is what a user sees, one line per problem. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(problems.map((problem) => `${problem.file ?? file}: ${problem.field}: ${problem.message} Fix: ${problem.fix}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** The problems found so far in one config; each names the file that set its field, for a config merged from several. */
export class ProblemList {
  readonly items: ConfigProblem[] = [];
  /** @param origins which file set each top-level field, for configs merged from several files */
  constructor(private readonly origins: ReadonlyMap<string, string> = new Map()) {}
  add(field: string, message: string, fix: string): void {
    const file = this.origins.get(field.split(/[[.]/)[0]);
    this.items.push(file === undefined ? { field, message, fix } : { file, field, message, fix });
  }
  /** How many problems there are, to tell afterwards whether a check added any. */
  get count(): number {
    return this.items.length;
  }
}

/** A value as the user wrote it, JSON-quoted so that it stays on one line, and cut when long. */
export const show = (value: unknown): string => {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length <= 100 ? text : `${text.slice(0, 97)}...`;
};

export const typeName = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`);

/** A JSON object (not null, not an array), whose keys can be read. */
export const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
