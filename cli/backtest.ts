import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { DEFAULT_PREFIX_LIMITS, type PrefixLimits, parsePrefixLimits } from '../core/backtest/blocks';
import { renderBacktestPage } from '../core/backtest/html';
import { type BacktestSource, counted, isoDay } from '../core/backtest/report';
import { BacktestTally, signInEventNames } from '../core/backtest/tally';
import { renderText } from '../core/backtest/text';
import { forwarderRegions, type SigninWatchConfig } from '../core/config';
import { Trust } from '../core/detect/trust';
import { awsCredentials } from './aws-access';
import { command, HELP_OPTION, parseCommandLine, runCommand, UsageError } from './command';
import { readRecordFiles } from './backtest-files';
import { lookUpSignIns } from './backtest-lookup';
import { credentialsProblem, type ResolveCredentials, resolveCredentials } from './credentials-probe';
import { type CliIo, loadConfigOrReport } from '../synth/load-config';

const USAGE = `usage: npm run --silent backtest -- [--config FILE] [--days N | --from FILE...]
                                      [--max-prefix V4[,V6]] [--json] [--html FILE]

Judges past sign-ins with the config's allowlist, account lists and exceptions, exactly
as the Lambda would, and reports what would have alerted: by severity, finding, day,
principal, source address (with a suggested block per cluster) and region. Nothing is
sent anywhere.

  --days N          the account's own CloudTrail event history (LookupEvents, with the
                    config's credentials) in every configured region, for the last N
                    days (default and most: 90)
  --from FILE...    CloudTrail log files (gzipped or not) or folders of them, lookup-events
                    output, or JSON Lines exported from CloudTrail Lake or Athena
                    (see docs/backtest.md); every further argument is a file too
  --max-prefix V4[,V6]  never suggest a block wider than these (default 24,48)
  --json            the report as JSON on stdout instead of text
  --html FILE       also write the report as one self-contained HTML page

Exit code: 0; 1 when a region or file could not be read (the report covers the rest);
2 for a usage or config error.`;

const MAX_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface BacktestDeps {
  /** A CloudTrail client for a region, with the config's credentials. */
  readonly cloudtrail: (config: SigninWatchConfig, region: string) => CloudTrailClient;
  readonly sleep: (ms: number) => Promise<void>;
  readonly clock: () => number;
  /** Asked before the event history is read, as `doctor` does. */
  readonly credentials: ResolveCredentials;
}

/** Real clients that never retry on their own: the backtest paces and retries LookupEvents itself. */
export const defaultDeps: BacktestDeps = {
  cloudtrail: (config, region) => {
    const credentials = awsCredentials(config);
    return new CloudTrailClient({ region, maxAttempts: 1, ...(credentials === undefined ? {} : { credentials }) });
  },
  sleep: (ms) => sleep(ms),
  clock: () => Date.now(),
  credentials: resolveCredentials,
};

interface Options {
  readonly config?: string;
  readonly days: number;
  readonly files?: readonly string[];
  readonly limits: PrefixLimits;
  readonly json: boolean;
  readonly html?: string;
}

/** The options, or 'help'; throws a UsageError for a command line it cannot use. */
function parseOptions(args: readonly string[]): Options | 'help' {
  const { values, positionals } = parseCommandLine({
    args: [...args],
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      days: { type: 'string' },
      from: { type: 'string', multiple: true },
      'max-prefix': { type: 'string' },
      json: { type: 'boolean' },
      html: { type: 'string' },
      ...HELP_OPTION,
    },
  });
  if (values.help) return 'help';
  if (positionals.length > 0 && values.from === undefined) throw new UsageError(`"${positionals[0]}": name files with --from FILE...`);
  if (values.days !== undefined && values.from !== undefined) throw new UsageError('--days reads the event history and --from reads files: use one (narrow files by their query instead)');
  const days = values.days === undefined ? MAX_DAYS : Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) throw new UsageError(`--days: "${values.days}" is not a whole number of days from 1 to ${MAX_DAYS} (the event history keeps 90 days)`);
  const limits = values['max-prefix'] === undefined ? DEFAULT_PREFIX_LIMITS : parsePrefixLimits(values['max-prefix']);
  if ('problem' in limits) throw new UsageError(limits.problem);
  return { config: values.config, days, files: values.from === undefined ? undefined : [...values.from, ...positionals], limits, json: values.json ?? false, html: values.html };
}

/** Runs the command and returns its exit code; progress goes to stderr, the report to stdout. */
export const runBacktest = command('backtest', backtest);

async function backtest(args: readonly string[], io: CliIo, deps: BacktestDeps = defaultDeps): Promise<number> {
  const options = parseOptions(args);
  if (options === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  const config = loadConfigOrReport(options.config, io);
  if (config === undefined) return 2;
  const now = deps.clock();
  const regions = forwarderRegions(config);
  const tally = new BacktestTally({ trust: Trust.fromRules(config), signals: config, regions, accountNames: config.accountNames, now });
  const add = tally.add.bind(tally);

  let source: BacktestSource;
  let period: { from: string; to: string } | undefined;
  if (options.files !== undefined) {
    const { files, problems } = await readRecordFiles(options.files, add);
    source = { description: `${counted(files, 'file')} (${options.files.slice(0, 3).join(', ')}${options.files.length > 3 ? ', ...' : ''})`, unreadable: problems };
  } else {
    // Without usable credentials, one line instead of every region failing on its own.
    const noCredentials = await credentialsProblem(config, deps.credentials, 'backtest');
    if (noCredentials !== undefined) {
      io.stderr(noCredentials);
      return 2;
    }
    const start = now - options.days * DAY_MS;
    io.stderr(`backtest: reading ${options.days} days of CloudTrail event history in ${regions.length} regions (LookupEvents, about 2 calls a second per region)`);
    const unreadable = await lookUpSignIns({
      regions,
      eventNames: (region) => signInEventNames(config, region),
      startTime: new Date(start),
      endTime: new Date(now),
      client: (region) => deps.cloudtrail(config, region),
      onRecord: add,
      progress: (line) => io.stderr(`backtest: ${line}`),
      sleep: deps.sleep,
      clock: deps.clock,
    });
    source = { description: `CloudTrail event history (LookupEvents) of ${regions.length} regions, last ${options.days} days`, unreadable };
    period = { from: isoDay(start), to: isoDay(now) };
  }

  const report = tally.report(source, options.limits, period);
  if (options.json) io.stdout(JSON.stringify(report, null, 2));
  else for (const line of renderText(report)) io.stdout(line);
  if (options.html !== undefined) {
    try {
      writeFileSync(options.html, renderBacktestPage(report));
    } catch (error) {
      io.stderr(`backtest: cannot write ${options.html}: ${(error as Error).message}`);
      return 2;
    }
    io.stderr(`backtest: wrote ${options.html}`);
  }
  return source.unreadable.length === 0 ? 0 : 1;
}

if (require.main === module) runCommand(runBacktest);
