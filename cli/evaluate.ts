import { Trust } from '../core/detect/trust';
import { evaluateAwsSignal, isAwsSignal } from '../core/detect/aws-detections';
import { nonEmptyStringAt } from '../core/detect/cloudtrail-record';
import { extractRecords } from '../core/detect/cloudtrail-record';
import { evaluate } from '../core/detect/evaluate';
import { command, HELP_OPTION, parseCommandLine, runCommand, UsageError } from './command';
import { MAX_INPUT_BYTES, parseInput, printable, readInputBytes } from './evaluate-input';
import { type CliIo, loadConfigOrReport } from '../synth/load-config';

const USAGE = `usage: npm run --silent evaluate -- [--config FILE] FILE...

Evaluates console sign-in events offline against a config's allowlist and prints one
JSON object per record. Each FILE may hold an EventBridge event, a CloudTrail record,
a CloudTrail log file ({"Records": [...]}, also gzipped as AWS writes them to S3), the
output of "aws cloudtrail lookup-events", or any of these one per line (JSON Lines).
FILE - reads standard input. An input may hold at most ${MAX_INPUT_BYTES / 1024 / 1024} MB, also once
gunzipped. Exit code: 0, or 2 when a file or the config could not be used.`;

/** One line of output. */
export interface EvaluateOutput {
  readonly file: string;
  /** Where in the file the record was found, such as `Records[3]`. */
  readonly record: string;
  readonly eventId: string | null;
  readonly eventTime: string | null;
  readonly account: string | null;
  readonly principal: string;
  readonly sourceIp: string | null;
  /** The allowlist entry or exception that trusted the address; null when none did. */
  readonly allowedBy: string | null;
  readonly alert: boolean;
  readonly severity: string;
  readonly findings: readonly string[];
  readonly summary: string;
  readonly skipped?: string;
}

/** Runs the command and returns its exit code. */
export const runEvaluate = command('evaluate', (args: readonly string[], io: CliIo): number => {
  const { values, positionals: files } = parseCommandLine({ args: [...args], options: { config: { type: 'string' }, ...HELP_OPTION }, allowPositionals: true });
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (files.length === 0) throw new UsageError('no FILE given');
  const config = loadConfigOrReport(values.config, io);
  if (config === undefined) return 2;
  if (config.allowlistParameter !== undefined) {
    io.stderr(
      `evaluate: warning: the global allowlist lives in SSM parameter ${config.allowlistParameter}, which evaluate does not read: an address counts as trusted only through accountAllowedCidrs or an exception.`,
    );
  }
  const judge: Judge = { trust: Trust.fromRules(config), accountNames: config.accountNames, io };
  let exitCode = 0;
  for (const file of files) {
    const read = readInputBytes(file);
    const input = 'problem' in read ? read : parseInput(read.bytes.toString('utf8'));
    if ('problem' in input) {
      reportProblem(io, file, input.problem);
      exitCode = 2;
      continue;
    }
    for (const { line, document } of input.documents) {
      if (!evaluateDocument(judge, file, line, document)) exitCode = 2;
    }
  }
  return exitCode;
});

/** What judging a document needs from the config, and where verdicts go. */
interface Judge {
  readonly trust: Trust;
  readonly accountNames: Readonly<Record<string, string>>;
  readonly io: CliIo;
}

/** One line on stderr about a file; its name or quoted content may hold control characters a terminal would act on. */
function reportProblem(io: CliIo, file: string, text: string): void {
  io.stderr(printable(`${file === '-' ? '(standard input)' : file}: ${text}`));
}

/** Prints the verdict of every record in one document (a file, or one line of a JSON Lines file); false when it reported a problem. */
function evaluateDocument({ trust, accountNames, io }: Judge, file: string, line: string, document: unknown): boolean {
  const at = (where: string) => (line === '' ? where : where === '(document)' ? line : `${line} ${where}`);
  if (isAwsSignal(document)) {
    io.stdout(JSON.stringify({ ...signalOutput(file, document, accountNames), record: at('(event)') }));
    return true;
  }
  const { records, problems } = extractRecords(document);
  for (const { where, problem } of problems) reportProblem(io, file, `${at(where)} ${problem}`);
  if (records.length === 0) reportProblem(io, file, `${line === '' ? '' : `${line} `}holds no CloudTrail record signin-watch recognises`);
  for (const { where, record } of records) {
    const { alert, severity, findings, summary, skipped, facts } = evaluate(record, trust);
    const output: EvaluateOutput = {
      file,
      record: at(where),
      eventId: facts.eventId ?? null,
      eventTime: facts.eventTime ?? null,
      account: facts.account ?? null,
      principal: facts.principal,
      sourceIp: facts.sourceIp ?? null,
      allowedBy: facts.allowedBy ?? null,
      alert,
      severity,
      findings,
      summary,
      ...(skipped === undefined ? {} : { skipped }),
    };
    io.stdout(JSON.stringify(output));
  }
  return problems.length === 0 && records.length > 0;
}

/** GuardDuty findings and sign-in anomaly alerts carry no CloudTrail record; they are judged whole. */
function signalOutput(file: string, event: unknown, accountNames: Readonly<Record<string, string>>): EvaluateOutput {
  const verdict = evaluateAwsSignal(event, accountNames);
  return {
    file,
    record: '(event)',
    eventId: nonEmptyStringAt(event, 'detail', 'id') ?? nonEmptyStringAt(event, 'id') ?? null,
    eventTime: nonEmptyStringAt(event, 'time') ?? null,
    account: nonEmptyStringAt(event, 'detail', 'accountId') ?? nonEmptyStringAt(event, 'account') ?? null,
    principal: nonEmptyStringAt(event, 'detail', 'resource', 'accessKeyDetails', 'userName') ?? 'unknown principal',
    sourceIp: nonEmptyStringAt(event, 'detail', 'service', 'action', 'awsApiCallAction', 'remoteIpDetails', 'ipAddressV4') ?? null,
    allowedBy: null,
    alert: verdict.alert,
    severity: verdict.alert ? verdict.notification.attributes.severity : 'none',
    findings: verdict.alert ? verdict.notification.attributes.findings : [],
    summary: verdict.alert ? verdict.summary : `skipped: ${verdict.reason}`,
    ...(verdict.alert ? {} : { skipped: verdict.reason }),
  };
}

if (require.main === module) runCommand(runEvaluate);
