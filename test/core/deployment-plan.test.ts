import { parseConfig } from '../../core/config';
import { deploymentPlan } from '../../core/deploy/plan';
import { SIGNAL_CATALOGUE } from '../../core/deploy/signal-catalogue';

const EVERY_SIGNAL = { homeRegion: 'eu-west-1', regions: ['us-east-1', 'eu-west-1'], identityCenterRegion: 'eu-west-1', extraSignals: ['get-signin-token', 'guardduty', 'sign-in-anomaly'] };

describe('deploymentPlan', () => {
  it('forwards, routes, alarms, judges, replays (or says why not) and checks every catalogued signal', () => {
    // Prepare
    const config = parseConfig(JSON.stringify(EVERY_SIGNAL), 'all.json');

    // Act
    const plan = deploymentPlan(config);

    // Assess
    for (const entry of SIGNAL_CATALOGUE) {
      const rules = plan.rules.filter((rule) => rule.signal === entry);
      const where = (rule: (typeof rules)[number]) => `${rule.busName === undefined ? 'forwarder' : 'central'} ${rule.region} -> ${rule.target}`;
      // Forwarded by at least one region, routed on the central bus to the Lambda or the alarm topic: doctor checks exactly these rules.
      expect([entry.signal, rules.some((rule) => rule.busName === undefined)]).toEqual([entry.signal, true]);
      expect([entry.signal, rules.filter((rule) => rule.busName !== undefined).map(where)]).toEqual([
        entry.signal,
        [`central eu-west-1 -> ${entry.judge === 'alarm-topic' ? 'alarm-topic' : 'alert-function'}`],
      ]);
      expect(entry.replay.replayable || entry.replay.why.length > 0).toBe(true);
      // Judged: replayable exactly when the Lambda judges it.
      expect([entry.signal, entry.replay.replayable]).toEqual([entry.signal, entry.judge !== 'alarm-topic']);
    }
  });

  it('gives the StackSets administrator the organization stack, and a member no central stack', () => {
    // Prepare
    const stackSets = { organizationalUnitIds: ['r-a1b2'], managementAccountId: '999999999999' };
    const admin = parseConfig(JSON.stringify({ homeRegion: 'us-east-1', organizationId: 'o-a1b2c3d4e5', centralAccountId: '111111111111', accountId: '999999999999', stackSets }), 'admin.json');

    // Act
    const plan = deploymentPlan(admin);

    // Assess
    expect([plan.central, plan.organization?.stackName, plan.organization?.callAs]).toEqual([undefined, 'signin-watch-organization', 'SELF']);
  });
});
