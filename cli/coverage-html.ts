import { writeFileSync } from 'node:fs';
import { forwarderRegions, type SigninWatchConfig } from '../core/config';
import type { Check } from '../core/verify/check';
import { accountCoverage, organizationCoverage } from '../core/verify/coverage-matrix';
import { renderCoveragePage } from '../core/verify/coverage-page';

/**
 * Writes `doctor --html FILE`: the doctor's checks as a matrix of accounts by regions.
 * `enabled` is given for `--org`: the regions each member account has enabled, as the
 * doctor found them. Returns the one-line reason when the file cannot be written.
 */
export function writeCoveragePage(file: string, checks: readonly Check[], summary: string, config: SigninWatchConfig, enabled?: ReadonlyMap<string, ReadonlySet<string>>): string | undefined {
  const regions = forwarderRegions(config);
  const matrix =
    enabled === undefined
      ? accountCoverage(checks, { account: config.accountId ?? 'this account', regions, summary, accountNames: config.accountNames })
      : organizationCoverage(checks, { regions, enabled, summary, title: `signin-watch coverage: organization ${config.organizationId ?? ''}`.trim(), accountNames: config.accountNames });
  try {
    writeFileSync(file, renderCoveragePage(matrix));
    return undefined;
  } catch (error) {
    return `cannot write ${file}: ${(error as Error).message}`;
  }
}
