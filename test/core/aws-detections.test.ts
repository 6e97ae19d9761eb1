import { evaluateAwsSignal } from '../../core/detect/aws-detections';
import { getTestEvent } from '../helpers/fixtures';

const GUARDDUTY = getTestEvent<Record<string, any>>('aws-signals/guardduty-consoleloginsuccess-b.json');
const ANOMALY = getTestEvent<Record<string, any>>('aws-signals/sign-in-anomaly-alert_constructed.json');
const NAMES = { '123456789012': 'workloads-prod' };

describe('evaluateAwsSignal', () => {
  it("alerts on a GuardDuty ConsoleLoginSuccess.B finding with who, where and what to do, at GuardDuty's severity", () => {
    // Act
    const verdict = evaluateAwsSignal(GUARDDUTY, NAMES);

    // Assess
    if (!verdict.alert) throw new Error(verdict.reason);
    // Cut to SNS's 100 characters: the sample's placeholder user name is long.
    expect(verdict.notification.subject).toBe('[MEDIUM] GuardDuty impossible-travel sign-in: GeneratedFindingUserName in 123456789012 (workloads...');
    expect(verdict.notification.attributes).toEqual({ severity: 'medium', account: '123456789012', findings: ['guardduty-console-login'] });
    expect(verdict.notification.body).toContain('From:      198.51.100.0, GeneratedFindingCountryName');
    expect(verdict.notification.body).toContain('- guardduty-console-login: Multiple worldwide successful console logins were observed for GeneratedFindingUserName.');
    expect(verdict.dedupKey).toBe('guardduty:123456789012:16afba5c5c43e07c9e3e5e2e544e95df');
  });

  it.each([
    [8.9, 'high'],
    [7, 'high'],
    [4, 'medium'],
    [2, 'low'],
    ['not a number', 'high'],
  ])('maps GuardDuty severity %p to %s', (severity, expected) => {
    // Act
    const verdict = evaluateAwsSignal({ ...GUARDDUTY, detail: { ...GUARDDUTY.detail, severity } }, {});

    // Assess
    expect(verdict.alert && verdict.notification.attributes.severity).toBe(expected);
  });

  it('skips other GuardDuty findings, and keeps a finding with missing fields readable', () => {
    // Act
    const other = evaluateAwsSignal({ ...GUARDDUTY, detail: { ...GUARDDUTY.detail, type: 'Recon:EC2/PortProbeUnprotectedPort' } }, {});
    const bare = evaluateAwsSignal({ source: 'aws.guardduty', detail: { type: 'UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B' } }, {});

    // Assess
    expect(other).toEqual({ alert: false, reason: 'GuardDuty finding Recon:EC2/PortProbeUnprotectedPort is not about console sign-ins' });
    expect(bare.alert && bare.notification.subject).toBe('[HIGH] GuardDuty impossible-travel sign-in: an unknown user in unknown');
  });

  it('alerts on a Sign-in Anomaly Alert whatever its detail holds, listing the fields it has', () => {
    // Act
    const verdict = evaluateAwsSignal(ANOMALY, NAMES);
    const empty = evaluateAwsSignal({ ...ANOMALY, detail: null }, NAMES);

    // Assess
    expect(verdict.alert && verdict.notification.subject).toBe('[HIGH] AWS Sign-In anomaly alert for 123456789012 (workloads-prod)');
    expect(verdict.alert && verdict.notification.body).toContain('sourceIPAddress: 203.0.113.50');
    expect(verdict.alert && verdict.notification.body).toContain('userIdentity.userName: anaya');
    expect(empty.alert && empty.notification.attributes.findings).toEqual(['sign-in-anomaly']);
  });

  it('gives a redelivered anomaly alert the same dedup key, even under a new envelope id', () => {
    // Act
    const first = evaluateAwsSignal(ANOMALY, {});
    const again = evaluateAwsSignal({ ...ANOMALY, id: 'another-envelope', region: 'eu-west-1' }, {});

    // Assess
    expect(first.alert && again.alert && first.dedupKey === again.dedupKey).toBe(true);
  });
});
