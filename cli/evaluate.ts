import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Trust } from '../core/trust';
import { evaluateAwsSignal, isAwsSignal } from '../core/aws-signal';
import { nonEmptyStringAt } from '../core/cloudtrail-record';
import { extractRecords } from '../core/cloudtrail-record';
import { evaluate } from '../core/evaluate';
import { type CliIo, loadConfigOrReport } from './load-config';

const USAGE = `usage: npm run --silent evaluate -- [--config FILE] FILE...

Evaluates console sign-in events offline against a config's allowlist and prints one
JSON object per record. Each FILE may hold an EventBridge event, a CloudTrail record,
a CloudTrail log file ({"Records": [...]}, also gzipped as AWS writes them to S3) or
the output of "aws cloudtrail lookup-events". Exit code: 0, or 2 when a file or the
config could not be used.`;

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

function parseArguments(args: readonly string[]): { config?: string; files: string[] } | { error: string } {
  const files: string[] = [];
  let config: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--config') {
      config = args[++i];
      if (config === undefined) return { error: '--config needs a file name' };
    } else if (arg.startsWith('--config=')) {
      config = arg.slice('--config='.length);
    } else if (arg === '--help' || arg === '-h') {
      return { error: '' };
    } else if (arg.startsWith('--')) {
      return { error: `unknown option ${arg}` };
    } else {
      files.push(arg);
    }
  }
  return files.length === 0 ? { error: 'no FILE given' } : { config, files };
}

/** The parsed file, or the one-line reason it could not be had. */
function readDocument(file: string): { document: unknown } | { problem: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
    // CloudTrail writes its log files to S3 gzipped; accept them as downloaded.
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  } catch (error) {
    return { problem: `cannot be read: ${(error as Error).message}` };
  }
  try {
    return { document: JSON.parse(bytes.toString('utf8')) };
  } catch (error) {
    return { problem: `is not valid JSON: ${(error as Error).message.split('\n')[0]}` };
  }
}

/** Runs the command and returns its exit code. */
export function runEvaluate(args: readonly string[], io: CliIo): number {
  const parsed = parseArguments(args);
  if ('error' in parsed) {
    if (parsed.error) io.stderr(`evaluate: ${parsed.error}`);
    io.stderr(USAGE);
    return 2;
  }
  const config = loadConfigOrReport(parsed.config, io);
  if (config === undefined) return 2;
  const trust = Trust.fromRules(config);
  let exitCode = 0;
  for (const file of parsed.files) {
    const read = readDocument(file);
    if ('problem' in read) {
      io.stderr(`${file}: ${read.problem}`);
      exitCode = 2;
      continue;
    }
    if (isAwsSignal(read.document)) {
      io.stdout(JSON.stringify(signalOutput(file, read.document, config.accountNames)));
      continue;
    }
    const { records, problems } = extractRecords(read.document);
    for (const { where, problem } of problems) io.stderr(`${file}: ${where} ${problem}`);
    if (records.length === 0) io.stderr(`${file}: holds no CloudTrail record signin-watch recognises`);
    if (problems.length > 0 || records.length === 0) exitCode = 2;
    for (const { where, record } of records) {
      const { alert, severity, findings, summary, skipped, facts } = evaluate(record, trust);
      const output: EvaluateOutput = {
        file,
        record: where,
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
  }
  return exitCode;
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

if (require.main === module) {
  process.exitCode = runEvaluate(process.argv.slice(2), {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
  });
}
