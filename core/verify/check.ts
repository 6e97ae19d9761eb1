export type CheckStatus = 'ok' | 'warn' | 'fail';

/** One thing `doctor` checked in an account, as it prints it and as the coverage page shows it. */
export interface Check {
  readonly status: CheckStatus;
  /** What was checked, such as `trail eu-west-1`. */
  readonly name: string;
  readonly detail: string;
}
