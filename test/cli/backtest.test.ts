import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CloudTrailClient, LookupEventsCommand, type LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { type BacktestDeps, runBacktest } from '../../cli/backtest';
import type { BacktestReport } from '../../core/backtest/report';
import { NOTHING_SENT } from '../../core/backtest/report';
import { signIn } from '../helpers/backtest-records';
import { fixturePath } from '../helpers/fixtures';

const cloudtrailMock = mockClient(CloudTrailClient);
const NOW = Date.parse('2026-11-27T12:00:00Z');

describe('npm run backtest', () => {
  let dir: string;
  let config: string;
  let clock: number;
  let sleeps: number[];
  const deps: BacktestDeps = {
    cloudtrail: (_config, region) => new CloudTrailClient({ region, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' } }),
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    clock: () => clock,
    credentials: async () => ({}),
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'signin-watch-backtest-'));
    config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ allowedCidrs: ['192.0.2.0/24'], regions: ['us-east-1', 'eu-west-1', 'ap-south-1'], extraSignals: ['get-signin-token'] }));
    clock = NOW;
    sleeps = [];
    cloudtrailMock.reset();
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(args: string[]) {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const exitCode = await runBacktest(args, { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line), env: {} }, deps);
    return { exitCode, stdout, stderr, report: () => JSON.parse(stdout.join('\n')) as BacktestReport };
  }

  const page = (events: ReadonlyArray<Record<string, unknown>>, NextToken?: string) => ({ Events: events.map((event) => ({ CloudTrailEvent: JSON.stringify(event) })), NextToken });

  describe('from files', () => {
    it('judges CloudTrail log files (plain and gzipped), lookup-events output and JSON Lines from CloudTrail Lake and Athena', async () => {
      // Prepare
      const logs = join(dir, 'AWSLogs', '111122223333', 'CloudTrail', 'us-east-1');
      mkdirSync(logs, { recursive: true });
      writeFileSync(join(logs, 'a.json'), JSON.stringify({ Records: [signIn({ ip: '198.51.100.7' }), signIn({ eventName: 'SwitchRole' })] }));
      writeFileSync(join(logs, 'b.json.gz'), gzipSync(JSON.stringify({ Records: [signIn({ user: 'bob' })] })));
      writeFileSync(join(logs, '111122223333_CloudTrail-Digest_us-east-1_x.json.gz'), gzipSync('{"digestStartTime":"2026-09-01T00:00:00Z"}'));
      const lake = join(dir, 'lake.jsonl');
      writeFileSync(
        lake,
        [
          '{"eventID":"e1","eventTime":"2026-09-02 10:15:00.000","eventName":"ConsoleLogin","awsRegion":"eu-west-1","recipientAccountId":"222222222222","sourceIPAddress":"203.0.113.9","userIdentityType":"Root","userIdentityArn":"arn:aws:iam::222222222222:root","consoleLogin":"Success","mfaUsed":"Yes"}',
          '',
        ].join('\n'),
      );
      const athena = join(dir, 'athena.gz');
      writeFileSync(
        athena,
        gzipSync(
          `${JSON.stringify({ eventname: 'ConsoleLogin', eventtime: '2026-09-03T07:00:00Z', awsregion: 'ap-south-1', sourceipaddress: '192.0.2.8', useridentity: { type: 'IAMUser', username: 'carol', accountid: '111122223333' }, responseelements: '{"ConsoleLogin":"Success"}', additionaleventdata: '{"MFAUsed":"No"}' })}\n`,
        ),
      );

      // Act
      const { exitCode, report, stderr } = await run([
        '--config',
        config,
        '--json',
        '--from',
        join(dir, 'AWSLogs'),
        fixturePath('sample-events/cloudtrail-lookup-events-assumedrole-consolelogin_aws-cli-example.json'),
        lake,
        athena,
      ]);

      // Assess
      expect([exitCode, stderr]).toEqual([0, []]);
      expect(report()).toMatchObject({
        nothingSent: NOTHING_SENT,
        recordsRead: 6,
        signInsJudged: 5,
        alerts: { total: 4, bySeverity: { critical: 1, high: 2, medium: 1, low: 0 } },
        source: { description: expect.stringMatching(/^5 files/), unreadable: [] },
      });
      expect(
        report()
          .principals.map(({ principal }) => principal)
          .sort(),
      ).toEqual(['alice', 'carol', 'role my-role/my-session-name', 'root user']);
    });

    it('reads the rest when a file is bad, names it and why, and exits 1', async () => {
      // Prepare
      const good = join(dir, 'good.jsonl');
      writeFileSync(good, `${JSON.stringify(signIn({ ip: '198.51.100.7' }))}\nnot json\n${JSON.stringify(signIn())}\n`);
      const broken = join(dir, 'broken.json.gz');
      writeFileSync(broken, gzipSync(JSON.stringify({ Records: [signIn()] })).subarray(0, 30));

      // Act
      const { exitCode, stdout } = await run(['--config', config, '--from', good, broken, join(dir, 'missing.json')]);

      // Assess
      expect(exitCode).toBe(1);
      expect(stdout).toEqual(
        expect.arrayContaining([
          `Could not read ${good}: 1 line is not JSON (the first is line 2); the other lines were judged`,
          expect.stringMatching(new RegExp(`^Could not read ${broken}: is not valid gzip`)),
          expect.stringMatching(new RegExp(`^Could not read ${join(dir, 'missing.json')}: cannot be read: ENOENT`)),
          'Sign-ins judged    2',
        ]),
      );
    });

    it('writes one self-contained HTML page that says nothing was sent and loads nothing', async () => {
      // Prepare
      const file = join(dir, 'signins.json');
      writeFileSync(file, JSON.stringify({ Records: [signIn({ ip: '198.51.100.7' }), signIn({ ip: '2001:db8:1:ff::1', time: '2026-09-03T09:00:00Z' })] }));
      const html = join(dir, 'report.html');

      // Act
      const { exitCode, stderr } = await run(['--config', config, '--html', html, '--from', file]);

      // Assess
      const text = readFileSync(html, 'utf8');
      expect([exitCode, stderr]).toEqual([0, [`backtest: wrote ${html}`]]);
      expect(text).toContain(NOTHING_SENT);
      expect(text).toContain('2001:db8:1::/56');
      expect(text).not.toMatch(/<script|<link|src=|https?:\/\//);
    });
  });

  describe('usage', () => {
    it.each([
      [['--html'], /^backtest: Option '--html <value>' argument missing \(--help shows the usage\)$/],
      [['--days', '91'], /^backtest: --days: "91" is not a whole number of days from 1 to 90/],
      [['--days', '7', '--from', 'a.json'], /^backtest: --days reads the event history and --from reads files: use one/],
      [['a.json'], /^backtest: "a.json": name files with --from FILE\.\.\./],
      [['--max-prefix', '40'], /^backtest: --max-prefix: "40" is not IPV4\[,IPV6\] prefix lengths/],
      [['--colour'], /^backtest: Unknown option '--colour'/],
    ])('refuses %j in one line with exit code 2', async (args, message) => {
      // Act
      const { exitCode, stdout, stderr } = await run(['--config', config, ...args]);

      // Assess
      expect([exitCode, stdout, stderr.length]).toEqual([2, [], 1]);
      expect(stderr[0]).toMatch(message);
    });

    it('reports a config error without a stack trace, with exit code 2', async () => {
      // Prepare
      writeFileSync(config, JSON.stringify({ allowedCidr: ['192.0.2.0/24'] }));

      // Act
      const { exitCode, stderr } = await run(['--config', config, '--from', config]);

      // Assess
      expect(exitCode).toBe(2);
      expect(stderr).toEqual([`${config}: "allowedCidr": is not a signin-watch setting. Fix: did you mean "allowedCidrs"?`]);
    });
  });

  describe('from the event history (LookupEvents)', () => {
    /** Each call's region, event name, token and (fake) time, as the mock saw them. */
    let calls: Array<{ region: string; name?: string; token?: string; at: number }>;

    beforeEach(() => {
      calls = [];
    });

    function history(answer: (region: string, input: LookupEventsCommandInput, attempt: number) => unknown) {
      cloudtrailMock.on(LookupEventsCommand).callsFake(async (input: LookupEventsCommandInput, getClient) => {
        const region = await getClient().config.region();
        const name = input.LookupAttributes?.[0]?.AttributeValue;
        calls.push({ region, name, token: input.NextToken, at: clock });
        return answer(region, input, calls.filter((call) => call.region === region && call.name === name && call.token === input.NextToken).length);
      });
    }

    const error = (name: string, message: string) => Object.assign(new Error(message), { name });

    it('pages through every region and event name, paced to 2 calls a second per region, and retries throttling', async () => {
      // Prepare
      history((region, input, attempt) => {
        if (region === 'eu-west-1' && attempt === 1) throw error('ThrottlingException', 'Rate exceeded');
        if (input.LookupAttributes?.[0]?.AttributeValue !== 'ConsoleLogin') return page([]);
        if (region === 'us-east-1' && input.NextToken === undefined) return page([signIn({ ip: '198.51.100.7', time: '2026-11-20T09:00:00Z' })], 'next');
        return page([signIn({ region, time: '2026-11-21T09:00:00Z' })]);
      });

      // Act
      const { exitCode, report, stderr } = await run(['--config', config, '--json', '--days', '30']);

      // Assess
      expect(exitCode).toBe(0);
      expect(report()).toMatchObject({ recordsRead: 4, signInsJudged: 4, alerts: { total: 1 }, period: { from: '2026-10-28', to: '2026-11-27' } });
      expect(report().perDay).toHaveLength(31);
      expect(calls.filter((call) => call.region === 'us-east-1').map(({ name, token }) => [name, token])).toEqual([
        ['ConsoleLogin', undefined],
        ['ConsoleLogin', 'next'],
        ['GetSigninToken', undefined],
      ]);
      for (const region of ['us-east-1', 'eu-west-1', 'ap-south-1']) {
        const times = calls.filter((call) => call.region === region).map((call) => call.at);
        for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(500);
      }
      expect(sleeps).toContain(1000);
      expect(stderr).toEqual(expect.arrayContaining(['backtest: us-east-1: 2 events (ConsoleLogin, GetSigninToken)', 'backtest: eu-west-1: 1 event (ConsoleLogin, GetSigninToken)']));
      const input = cloudtrailMock.commandCalls(LookupEventsCommand)[0].args[0].input;
      expect([input.StartTime, input.EndTime, input.MaxResults]).toEqual([new Date('2026-10-28T12:00:00Z'), new Date(NOW), 50]);
    });

    it('says in one line that there are no credentials, instead of a failure for every region', async () => {
      // Prepare
      const noCredentials = { ...deps, credentials: async () => Promise.reject(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })) };
      const stderr: string[] = [];

      // Act
      const exitCode = await runBacktest(['--config', config], { stdout: () => undefined, stderr: (line) => stderr.push(line), env: {} }, noCredentials);

      // Assess
      expect([exitCode, stderr.length, cloudtrailMock.commandCalls(LookupEventsCommand).length]).toEqual([2, 1, 0]);
      expect(stderr[0]).toMatch(/^backtest: no AWS credentials were found/);
    });

    it('reports a region that refuses or stays throttled, with the reason, and still reports the others', async () => {
      // Prepare
      history((region) => {
        if (region === 'ap-south-1') throw error('UnrecognizedClientException', 'The security token included in the request is invalid.');
        if (region === 'eu-west-1') throw error('ThrottlingException', 'Rate exceeded');
        return page([signIn({ ip: '198.51.100.7' })]);
      });

      // Act
      const { exitCode, stdout, stderr } = await run(['--config', config]);

      // Assess
      expect(exitCode).toBe(1);
      expect(stdout).toEqual(
        expect.arrayContaining([
          NOTHING_SENT,
          'Could not read region ap-south-1: LookupEvents failed: UnrecognizedClientException: The security token included in the request is invalid.',
          expect.stringMatching(/^Could not read region eu-west-1: throttled 6 times in a row \(ThrottlingException: Rate exceeded\)/),
          'Sign-ins judged    2',
        ]),
      );
      expect(stderr).toContain('backtest: ap-south-1: could not be read: LookupEvents failed: UnrecognizedClientException: The security token included in the request is invalid.');
      expect(sleeps.filter((ms) => ms >= 1000)).toEqual([1000, 2000, 4000, 8000, 16000]);
    });
  });
});
