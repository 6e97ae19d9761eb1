import { DEFAULT_PREFIX_LIMITS } from '../../core/backtest/blocks';
import { NOTHING_SENT } from '../../core/backtest/report';
import { BacktestTally, signInEventNames, type TallySettings } from '../../core/backtest/tally';
import { renderText } from '../../core/backtest/text';
import type { CloudTrailRecord } from '../../core/detect/cloudtrail-record';
import { parseConfig } from '../../core/config';
import { Trust } from '../../core/detect/trust';
import { signIn, type SignInShape } from '../helpers/backtest-records';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const SOURCE = { description: 'test records', unreadable: [] };

function tally(config: object = {}, now = NOW) {
  const parsed = parseConfig(JSON.stringify({ allowedCidrs: ['192.0.2.0/24'], ...config }), 'test.json');
  const settings: TallySettings = { trust: Trust.fromRules(parsed), signals: parsed, regions: parsed.regions, accountNames: parsed.accountNames, now };
  return new BacktestTally(settings);
}

function judge(shapes: readonly SignInShape[], config: object = {}) {
  const backtest = tally(config);
  for (const shape of shapes) backtest.add(signIn(shape) as CloudTrailRecord);
  return backtest.report(SOURCE, DEFAULT_PREFIX_LIMITS);
}

describe('BacktestTally', () => {
  it('counts what the Lambda would have alerted, by severity, finding, principal, address and region', () => {
    // Act
    const report = judge([
      { user: 'alice' },
      { user: 'bob', ip: '198.51.100.7', time: '2026-09-01T09:00:00Z' },
      { user: 'bob', ip: '198.51.100.9', time: '2026-09-03T09:00:00Z', region: 'eu-north-1' },
      { type: 'Root', ip: '203.0.113.5', mfa: false, time: '2026-09-03T10:00:00Z' },
      { user: 'carol', outcome: 'Failure' },
    ]);

    // Assess
    expect(report).toMatchObject({
      nothingSent: NOTHING_SENT,
      recordsRead: 5,
      signInsJudged: 5,
      alerts: {
        total: 4,
        bySeverity: { critical: 1, high: 2, medium: 0, low: 1 },
        byFinding: { 'root-sign-in': 1, 'source-ip-not-allowed': 3, 'mfa-not-used': 1, 'sign-in-failed': 1 },
      },
      period: { from: '2026-09-01', to: '2026-09-03' },
    });
    expect(report.perDay.map(({ day, signIns, alerts, byFinding }) => [day, signIns, alerts, byFinding])).toEqual([
      ['2026-09-01', 3, 2, { 'source-ip-not-allowed': 1, 'sign-in-failed': 1 }],
      ['2026-09-02', 0, 0, {}],
      ['2026-09-03', 2, 2, { 'root-sign-in': 1, 'source-ip-not-allowed': 1 }],
    ]);
    expect(report.principals.map(({ principal, alerts }) => [principal, alerts])).toEqual([
      ['bob', 2],
      ['carol', 1],
      ['root user', 1],
    ]);
    expect(report.addresses.blocks.map(({ block, alerts, distinct }) => [block, alerts, distinct])).toEqual([
      ['198.51.100.0/28', 2, 2],
      ['203.0.113.5/32', 1, 1],
    ]);
    expect(report.regions).toEqual([
      { region: 'us-east-1', signIns: 4, alerts: 3, configured: true },
      { region: 'eu-north-1', signIns: 1, alerts: 1, configured: true },
    ]);
  });

  it('honours an exception on the days before it expired and not after, though it has expired by the day of the backtest', () => {
    // Prepare
    const exceptions = [{ principal: 'arn:aws:iam::*:user/dave', reason: 'conference', expires: '2026-12-05' }];
    const trust = Trust.fromRules({ allowedCidrs: ['192.0.2.0/24'], accountAllowedCidrs: {}, exceptions });
    const backtest = new BacktestTally({ trust, signals: { extraSignals: [] }, regions: ['us-east-1'], accountNames: {}, now: Date.parse('2027-01-10T00:00:00Z') });
    for (const time of ['2026-12-05T23:59:00Z', '2026-12-06T00:00:01Z']) backtest.add(signIn({ user: 'dave', ip: '198.51.100.7', time }) as CloudTrailRecord);

    // Act
    const report = backtest.report(SOURCE, DEFAULT_PREFIX_LIMITS);

    // Assess
    expect(report.perDay.map(({ day, alerts }) => [day, alerts])).toEqual([
      ['2026-12-05', 0],
      ['2026-12-06', 1],
    ]);
  });

  it('judges only the sign-ins the config forwards, and says why the rest were not judged', () => {
    // Act
    const report = judge(
      [
        { eventName: 'SwitchRole' },
        { eventName: 'GetSigninToken', ip: '198.51.100.7' },
        { eventName: 'UserAuthentication', region: 'eu-west-1' },
        { eventName: 'UserAuthentication', region: 'us-east-1' },
      ],
      { identityCenterRegion: 'eu-west-1', regions: ['us-east-1', 'eu-west-1'] },
    );

    // Assess
    expect(report.signInsJudged).toBe(1);
    expect(report.notJudged).toEqual([
      { eventName: 'GetSigninToken', count: 1, why: 'not a sign-in this config forwards to signin-watch' },
      { eventName: 'SwitchRole', count: 1, why: 'not a sign-in this config forwards to signin-watch' },
      { eventName: 'UserAuthentication', count: 1, why: 'not a sign-in this config forwards to signin-watch' },
    ]);
  });

  it('looks up GetSigninToken everywhere and Identity Center only in its region when they are on', () => {
    // Prepare
    const signals = { extraSignals: ['get-signin-token' as const], identityCenterRegion: 'eu-west-1' };

    // Act
    const names = ['us-east-1', 'eu-west-1'].map((region) => signInEventNames(signals, region));

    // Assess
    expect(names).toEqual([
      ['ConsoleLogin', 'GetSigninToken'],
      ['ConsoleLogin', 'GetSigninToken', 'UserAuthentication', 'CredentialVerification'],
    ]);
  });

  it('flags sign-ins in regions without a forwarder and keeps undatable alerts out of the days', () => {
    // Act
    const report = judge(
      [
        { region: 'af-south-1', ip: '198.51.100.7' },
        { ip: '198.51.100.8', time: 'yesterday' },
      ],
      { regions: ['us-east-1'] },
    );

    // Assess
    expect(report.regions).toEqual([
      { region: 'af-south-1', signIns: 1, alerts: 1, configured: false },
      { region: 'us-east-1', signIns: 1, alerts: 1, configured: true },
    ]);
    expect([report.undatedAlerts, report.perDay.length]).toEqual([1, 1]);
  });
});

describe('renderText', () => {
  it('says nothing was sent and shows every section a user reads', () => {
    // Prepare
    const report = judge([{ ip: '198.51.100.7' }, { region: 'af-south-1', ip: '198.51.100.9' }], { regions: ['us-east-1'] });

    // Act
    const text = renderText(report).join('\n');

    // Assess
    expect(text).toContain(NOTHING_SENT);
    expect(text).toMatch(/^Alerts {13}2: high 2$/m);
    expect(text).toMatch(/2026-09-01 +2 +#{40}/);
    expect(text).toMatch(/2 +198\.51\.100\.0\/28 +2 +198\.51\.100\.7 \(1\), 198\.51\.100\.9 \(1\)/);
    expect(text).toMatch(/af-south-1 +1 +1 +not in regions: signin-watch would not see these/);
  });

  it("shows a period longer than a month a week a line, with each day's count", () => {
    // Prepare: alerts on the first and the 40th day.
    const report = judge([
      { ip: '198.51.100.7', time: '2026-09-01T08:00:00Z' },
      { ip: '198.51.100.7', time: '2026-10-10T08:00:00Z' },
      { ip: '198.51.100.8', time: '2026-10-10T09:00:00Z' },
    ]);

    // Act
    const text = renderText(report);

    // Assess
    expect(text).toContain('Alerts per day (2 of 40 days had alerts)');
    expect(text).toContain('  2026-09-01        1  1 0 0 0 0 0 0');
    expect(text).toContain('  2026-10-06        2  0 0 0 0 2');
  });
});
