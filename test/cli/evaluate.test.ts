import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type EvaluateOutput, runEvaluate } from '../../cli/evaluate';
import { fixturePath } from '../helpers/fixtures';

const SAMPLES = {
  eventBridge: fixturePath('sample-events/eventbridge-root-consolelogin-success_cwe-docs-2016.json'),
  bareRecord: fixturePath('sample-events/cloudtrail-iamuser-consolelogin-success-mfa_ct-docs-2022.json'),
  logFile: fixturePath('sample-events/cloudtrail-iamuser-consolelogin-success-nomfa_ct-docs-2022.json'),
  lookupEvents: fixturePath('sample-events/cloudtrail-lookup-events-assumedrole-consolelogin_aws-cli-example.json'),
  checkMfa: fixturePath('sample-events/cloudtrail-iamuser-checkmfa_ct-docs-2022.json'),
};

describe('npm run evaluate', () => {
  let dir: string;
  let config: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'signin-watch-cli-'));
    config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ allowedCidrs: ['192.0.2.0/24'] }));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the command and collects what it printed. */
  function run(args: string[], env: NodeJS.ProcessEnv = {}) {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const exitCode = runEvaluate(args, { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line), env });
    return { exitCode, outputs: stdout.map((line) => JSON.parse(line) as EvaluateOutput), stderr };
  }

  it('shows which rule trusted each address: an allowlist entry, an account list or an exception', () => {
    // Prepare
    writeFileSync(
      config,
      JSON.stringify({
        allowedCidrs: ['198.51.100.0/24'],
        accountAllowedCidrs: { '111122223333': ['192.0.2.0/24'] },
        exceptions: [{ principal: 'arn:aws:iam::*:role/my-role', reason: 'vendor support role', expires: '2099-12-31' }],
      }),
    );

    // Act
    const { outputs } = run(['--config', config, SAMPLES.logFile, SAMPLES.lookupEvents]);

    // Assess
    expect(outputs.map(({ principal, allowedBy, findings }) => ({ principal, allowedBy, findings }))).toEqual([
      { principal: 'anaya', allowedBy: 'accountAllowedCidrs["111122223333"]: 192.0.2.0/24', findings: ['mfa-not-used'] },
      { principal: 'role my-role/my-session-name', allowedBy: 'exceptions[0]: vendor support role (until 2099-12-31)', findings: [] },
    ]);
  });

  it("judges IAM Identity Center sign-ins and AWS's own signals, which carry no CloudTrail record", () => {
    // Act
    const { exitCode, outputs } = run([
      '--config',
      config,
      fixturePath('sample-events/cloudtrail-identitycenter-userauthentication-success_transfer-family-docs-2025.json'),
      fixturePath('aws-signals/guardduty-consoleloginsuccess-b.json'),
      fixturePath('aws-signals/sign-in-anomaly-alert_constructed.json'),
    ]);

    // Assess
    expect(exitCode).toBe(0);
    expect(outputs.map(({ record, severity, findings, summary }) => ({ record, severity, findings, summary }))).toEqual([
      { record: '(document)', severity: 'none', findings: [], summary: 'demo-user-2 signed in to IAM Identity Center to account 123456789012 from 192.0.2.14 in us-east-2: allowed' },
      {
        record: '(event)',
        severity: 'medium',
        findings: ['guardduty-console-login'],
        summary: 'GuardDuty: GeneratedFindingUserName signed in to the console of 123456789012 from places too far apart to be one person',
      },
      { record: '(event)', severity: 'high', findings: ['sign-in-anomaly'], summary: 'AWS Sign-In reported an anomalous sign-in to 123456789012' },
    ]);
  });

  it('evaluates an EventBridge event', () => {
    // Act
    const { exitCode, outputs, stderr } = run(['--config', config, SAMPLES.eventBridge]);

    // Assess
    expect([exitCode, stderr]).toEqual([0, []]);
    expect(outputs).toEqual([
      {
        file: SAMPLES.eventBridge,
        record: 'detail',
        eventId: '324731c0-64b3-4421-b552-dfc3c27df4f6',
        eventTime: '2016-01-05T18:21:27Z',
        account: '123456789012',
        principal: 'root user',
        sourceIp: '0.0.0.0',
        allowedBy: null,
        alert: true,
        severity: 'critical',
        findings: ['root-sign-in', 'source-ip-not-allowed', 'mfa-not-used'],
        summary: 'root user signed in to account 123456789012 from 0.0.0.0 in us-east-1: root user, address not on the allowlist, no MFA',
      },
    ]);
  });

  it('evaluates a bare CloudTrail record against the config allowlist', () => {
    // Act
    const { outputs } = run([`--config=${config}`, SAMPLES.bareRecord]);

    // Assess
    expect(outputs).toEqual([expect.objectContaining({ record: '(document)', alert: false, severity: 'none', findings: [] })]);
  });

  it('evaluates a CloudTrail log file, also gzipped as AWS stores it', () => {
    // Prepare
    const gzipped = join(dir, 'log.json.gz');
    writeFileSync(gzipped, gzipSync(readFileSync(SAMPLES.logFile)));

    // Act
    const { exitCode, outputs } = run(['--config', config, SAMPLES.logFile, gzipped]);

    // Assess
    expect(exitCode).toBe(0);
    expect(outputs.map(({ file, record, findings }) => [file, record, findings])).toEqual([
      [SAMPLES.logFile, 'Records[0]', ['mfa-not-used']],
      [gzipped, 'Records[0]', ['mfa-not-used']],
    ]);
  });

  it('evaluates the output of aws cloudtrail lookup-events', () => {
    // Act
    const { outputs } = run(['--config', config, SAMPLES.lookupEvents]);

    // Assess
    expect(outputs).toEqual([expect.objectContaining({ record: 'Events[0].CloudTrailEvent', principal: 'role my-role/my-session-name', findings: ['source-ip-not-allowed'] })]);
  });

  it('prints skipped records with the reason', () => {
    // Act
    const { exitCode, outputs } = run(['--config', config, SAMPLES.checkMfa]);

    // Assess
    expect([exitCode, outputs]).toEqual([
      0,
      [
        expect.objectContaining({
          alert: false,
          skipped: `eventName is "CheckMfa", not a sign-in signin-watch evaluates (ConsoleLogin, GetSigninToken, UserAuthentication, CredentialChallenge, CredentialVerification)`,
        }),
      ],
    ]);
  });

  it('prints one line per record in input order', () => {
    // Act
    const { outputs } = run(['--config', config, SAMPLES.checkMfa, SAMPLES.eventBridge, SAMPLES.bareRecord]);

    // Assess
    expect(outputs.map(({ file }) => file)).toEqual([SAMPLES.checkMfa, SAMPLES.eventBridge, SAMPLES.bareRecord]);
  });

  it('reports a malformed file on stderr, evaluates the others, and exits 2', () => {
    // Prepare
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"eventName": "ConsoleLogin",');

    // Act
    const { exitCode, outputs, stderr } = run(['--config', config, SAMPLES.eventBridge, broken, SAMPLES.bareRecord]);

    // Assess
    expect(exitCode).toBe(2);
    expect(outputs.map(({ file }) => file)).toEqual([SAMPLES.eventBridge, SAMPLES.bareRecord]);
    expect(stderr).toEqual([expect.stringMatching(new RegExp(`^${broken}: is not valid JSON: `))]);
  });

  it('reports a file that does not exist and exits 2', () => {
    // Act
    const { exitCode, stderr } = run(['--config', config, join(dir, 'nope.json')]);

    // Assess
    expect([exitCode, stderr]).toEqual([2, [expect.stringContaining('nope.json: cannot be read: ENOENT')]]);
  });

  it('reports a file that holds no record it recognises and exits 2', () => {
    // Prepare
    const unrelated = join(dir, 'package.json');
    writeFileSync(unrelated, JSON.stringify({ name: 'x' }));

    // Act
    const { exitCode, outputs, stderr } = run(['--config', config, unrelated]);

    // Assess
    expect([exitCode, outputs]).toEqual([2, []]);
    expect(stderr).toEqual([`${unrelated}: (document) is not a CloudTrail record (no string "eventName")`, `${unrelated}: holds no CloudTrail record signin-watch recognises`]);
  });

  it('uses $SIGNIN_WATCH_CONFIG when no --config is given', () => {
    // Prepare
    writeFileSync(config, JSON.stringify({ allowedCidrs: ['0.0.0.0/32'] }));

    // Act
    const { outputs } = run([SAMPLES.eventBridge], { SIGNIN_WATCH_CONFIG: config });

    // Assess
    expect(outputs[0].findings).toEqual(['root-sign-in', 'mfa-not-used']);
  });

  it('reports a config error without a stack trace and exits 2', () => {
    // Prepare
    writeFileSync(config, JSON.stringify({ allowedCidrs: ['192.0.2.1/24'] }));

    // Act
    const { exitCode, outputs, stderr } = run(['--config', config, SAMPLES.eventBridge]);

    // Assess
    expect([exitCode, outputs]).toEqual([2, []]);
    expect(stderr).toEqual([expect.stringContaining('allowedCidrs[0]: "192.0.2.1/24" has host bits set')]);
  });

  it.each([
    [[], 'no FILE given'],
    [['--config'], "Option '--config <value>' argument missing"],
    // A file name may begin with a dash, so parseArgs says how to give one.
    [['--verbose', 'x.json'], `Unknown option '--verbose'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- "--verbose"`],
  ])('says in one line what is wrong with the arguments %j and exits 2', (args, problem) => {
    // Act
    const { exitCode, stderr } = run(args);

    // Assess
    expect([exitCode, stderr]).toEqual([2, [`evaluate: ${problem} (--help shows the usage)`]]);
  });
});
