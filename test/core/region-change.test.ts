import { evaluateRegionChange } from '../../core/detect/region-change';
import { getTestEvent } from '../helpers/fixtures';

const COVERAGE = { regions: ['us-east-1', 'eu-west-1'], accountNames: { '123456789012': 'workloads-prod' } };
const OPT_IN = getTestEvent('account-events/region-opt-in-enabled_account-docs.json');

/** A CloudTrail EnableRegion record as EventBridge delivers it; see test/fixtures/account-events/SOURCES.md. */
function enableRegionCall(requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    source: 'aws.account',
    'detail-type': 'AWS API Call via CloudTrail',
    account: '999999999999',
    time: '2026-11-27T10:00:00Z',
    region: 'us-east-1',
    detail: {
      eventSource: 'account.amazonaws.com',
      eventName: 'EnableRegion',
      recipientAccountId: '999999999999',
      userIdentity: { arn: 'arn:aws:sts::999999999999:assumed-role/Admin/alice' },
      requestParameters,
      ...extra,
    },
  };
}

describe('evaluateRegionChange', () => {
  it('alerts on the documented ENABLED event, naming the account, the region and what to do', () => {
    // Act
    const verdict = evaluateRegionChange(OPT_IN, COVERAGE);

    // Assess
    expect(verdict).toMatchObject({ alert: true, account: '123456789012', region: 'ap-east-1', dedupKey: 'region-enabled:123456789012:ap-east-1' });
    if (!verdict.alert) throw new Error('expected an alert');
    expect(verdict.notification.subject).toBe('[HIGH] Region ap-east-1 enabled in 123456789012 (workloads-prod), not covered yet');
    expect(verdict.notification.body).toContain('What to do: Add "ap-east-1" to regions in the config for account 123456789012');
    expect(verdict.notification.attributes).toEqual({ severity: 'high', account: '123456789012', findings: ['region-enabled'] });
  });

  it('says to roll out again when the region is already configured', () => {
    // Act
    const verdict = evaluateRegionChange({ ...OPT_IN, detail: { accountId: '123456789012', regionName: 'eu-west-1', status: 'ENABLED' } }, COVERAGE);

    // Assess
    expect(verdict.alert && verdict.notification.body).toContain("eu-west-1 is already in the central config's regions, so roll out to account 123456789012 again");
  });

  it.each(['ENABLING', 'DISABLING', 'DISABLED'])('only logs the %s status', (status) => {
    // Act
    const verdict = evaluateRegionChange({ ...OPT_IN, detail: { accountId: '123456789012', regionName: 'ap-east-1', status } }, COVERAGE);

    // Assess
    expect(verdict).toEqual({ alert: false, reason: `region opt-in status ${status} needs no action` });
  });

  it('alerts on the EnableRegion call a management account makes for a member, naming the member', () => {
    // Act
    const verdict = evaluateRegionChange(enableRegionCall({ AccountId: '123456789012', RegionName: 'ap-east-1' }), COVERAGE);

    // Assess
    expect(verdict).toMatchObject({ alert: true, account: '123456789012', region: 'ap-east-1', dedupKey: 'region-enabled:123456789012:ap-east-1' });
    expect(verdict.alert && verdict.notification.body).toContain('CloudTrail recorded EnableRegion by arn:aws:sts::999999999999:assumed-role/Admin/alice');
  });

  it('takes the recording account when the call names none, and "unknown" rather than dropping a change with no region', () => {
    // Act
    const own = evaluateRegionChange(enableRegionCall({ RegionName: 'me-south-1' }), COVERAGE);
    const bare = evaluateRegionChange(enableRegionCall({}), COVERAGE);

    // Assess
    expect([own.alert && own.account, bare.alert && bare.region]).toEqual(['999999999999', 'unknown']);
  });

  it.each([
    ['a failed EnableRegion', enableRegionCall({ RegionName: 'ap-east-1' }, { errorCode: 'AccessDenied' }), 'EnableRegion failed (AccessDenied)'],
    ['another Account Management call', { ...enableRegionCall({}), detail: { eventName: 'PutAlternateContact' } }, 'Account Management call PutAlternateContact is not a region enabling'],
    ['a non-object', 'ENABLED', 'not an event object'],
  ])('skips %s with the reason', (_, event, reason) => {
    // Assess
    expect(evaluateRegionChange(event, COVERAGE)).toEqual({ alert: false, reason });
  });
});
