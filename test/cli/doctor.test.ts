import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeEventBusCommand, DescribeRuleCommand, EventBridgeClient, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import type { DoctorClients } from '../../cli/aws-access';
import { report, runChecks } from '../../cli/doctor';
import type { Check } from '../../core/verify/check';
import { parseConfig } from '../../core/config';
import { resourceNames } from '../../core/deploy/names';
import { SIGNAL_CATALOGUE, type SignalEntry } from '../../core/deploy/signal-catalogue';
import { EXTRA_SIGNAL_PATTERNS } from '../../core/deploy/signal-patterns';
import { CONSOLE_SIGN_IN_PATTERN } from '../../core/deploy/event-pattern';

const accountMock = mockClient(AccountClient);
const cloudtrailMock = mockClient(CloudTrailClient);
const eventbridgeMock = mockClient(EventBridgeClient);

const CENTRAL = '111111111111';
const MEMBER = '222222222222';
const ORG = { homeRegion: 'eu-west-1', regions: ['us-east-1', 'eu-west-1'], organizationId: 'o-a1b2c3d4e5', centralAccountId: CENTRAL };
const clients: DoctorClients = {
  account: () => new AccountClient({ region: 'us-east-1' }),
  cloudtrail: (region) => new CloudTrailClient({ region }),
  eventbridge: (region) => new EventBridgeClient({ region }),
};
const ORG_TRAIL = { Name: 'org-trail', TrailARN: `arn:aws:cloudtrail:us-east-1:${CENTRAL}:trail/org-trail`, HomeRegion: 'us-east-1', IsMultiRegionTrail: true, IsOrganizationTrail: true };

/** An account where everything is as the config says: every region enabled and covered, a logging trail, deployed rules. */
function healthyAccount(account: string, enabled = ['us-east-1', 'eu-west-1']) {
  accountMock.on(ListRegionsCommand).resolves({ Regions: enabled.map((RegionName) => ({ RegionName, RegionOptStatus: 'ENABLED_BY_DEFAULT' })) });
  cloudtrailMock.on(DescribeTrailsCommand).resolves({ trailList: [ORG_TRAIL] });
  cloudtrailMock.on(GetTrailStatusCommand).resolves({ IsLogging: true });
  cloudtrailMock.on(GetEventSelectorsCommand).resolves({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] });
  const busArn = `arn:aws:events:eu-west-1:${CENTRAL}:event-bus/signin-watch`;
  const forwarderTarget = {
    Id: 'central-bus',
    Arn: busArn,
    RoleArn: 'arn:aws:iam::x:role/r',
    DeadLetterConfig: { Arn: 'arn:aws:sqs:x' },
    RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
  };
  const lambdaTarget = { Id: 'alert-function', Arn: `arn:aws:lambda:eu-west-1:${CENTRAL}:function:signin-watch-alert`, DeadLetterConfig: { Arn: 'arn:aws:sqs:x' } };
  const topicTarget = { Id: 'alarm-topic', Arn: `arn:aws:sns:eu-west-1:${CENTRAL}:signin-watch-alerts`, DeadLetterConfig: { Arn: 'arn:aws:sqs:x' } };
  eventbridgeMock.on(DescribeRuleCommand).callsFake(({ Name }) => {
    const deployed = DEPLOYED_RULES.get(Name) ?? fail(`no rule named ${Name}`);
    return { Name, Arn: `arn:aws:events:us-east-1:${account}:rule/${Name}`, State: deployed.state, EventPattern: JSON.stringify(deployed.pattern(NAMES)) };
  });
  eventbridgeMock.on(ListTargetsByRuleCommand).callsFake(({ Rule }) => ({ Targets: [Rule.endsWith('to-alert') ? lambdaTarget : Rule.endsWith('to-topic') ? topicTarget : forwarderTarget] }));
  eventbridgeMock.on(DescribeEventBusCommand).resolves({ Name: 'signin-watch', Policy: JSON.stringify({ Statement: [{ Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }] }) });
}

const NAMES = resourceNames('signin-watch');
/** Every rule of every signal, by name, as a correct rollout deploys it. */
const DEPLOYED_RULES = new Map<string, SignalEntry>(SIGNAL_CATALOGUE.flatMap((entry) => [[entry.forwarderRuleName(NAMES), entry] as const, [entry.centralRuleName(NAMES), entry] as const]));

const failures = (checks: readonly Check[]) => checks.filter((check) => check.status !== 'ok').map((check) => `${check.status} ${check.name}: ${check.detail}`);
const notFound = () => Object.assign(new Error('Rule signin-watch-forward does not exist.'), { name: 'ResourceNotFoundException' });

describe('doctor', () => {
  beforeEach(() => {
    accountMock.reset();
    cloudtrailMock.reset();
    eventbridgeMock.reset();
  });

  it('passes a member account whose regions, trail and forwarders all match, without checking central resources', async () => {
    // Prepare
    healthyAccount(MEMBER);
    const config = parseConfig(JSON.stringify({ ...ORG, accountId: MEMBER }), 'member.json');

    // Act
    const checks = await runChecks(config, clients);

    // Assess
    expect(failures(checks)).toEqual([]);
    expect(checks.map((check) => check.name)).toEqual([
      'regions',
      'trail us-east-1',
      'trail eu-west-1',
      'rule us-east-1 signin-watch-forward',
      'rule us-east-1 signin-watch-forward-alarms',
      'rule us-east-1 signin-watch-forward-region-changes',
      'rule eu-west-1 signin-watch-forward',
      'rule eu-west-1 signin-watch-forward-alarms',
    ]);
    expect(eventbridgeMock.commandCalls(DescribeEventBusCommand)).toHaveLength(0);
    // One organization trail, judged once however many regions it covers.
    expect(cloudtrailMock.commandCalls(GetTrailStatusCommand)).toHaveLength(1);
  });

  it('checks the central bus and the central rules in the central account', async () => {
    // Prepare
    healthyAccount(CENTRAL);
    const config = parseConfig(JSON.stringify({ ...ORG, accountId: CENTRAL }), 'central.json');

    // Act
    const checks = await runChecks(config, clients);

    // Assess
    expect(failures(checks)).toEqual([]);
    expect(checks.map((check) => check.name)).toEqual(
      expect.arrayContaining(['bus eu-west-1 signin-watch', 'rule eu-west-1 signin-watch-to-alert', 'rule eu-west-1 signin-watch-region-changes-to-alert']),
    );
  });

  it('fails on an enabled region that is not configured, and only warns on a configured one that is not enabled', async () => {
    // Prepare
    healthyAccount(MEMBER, ['us-east-1', 'ap-east-1']);
    const config = parseConfig(JSON.stringify({ ...ORG, accountId: MEMBER }), 'member.json');

    // Act
    const checks = await runChecks(config, clients);

    // Assess
    expect(failures(checks)).toEqual([
      'fail region ap-east-1: is enabled in this account and not covered: add "ap-east-1" to regions and roll out again.',
      'warn region eu-west-1: is configured but not enabled in this account: no sign-in can happen there, and its forwarder cannot be deployed until it is.',
    ]);
  });

  it.each([
    ['no trail', { trailList: [] }, {}, {}, /^fail trail us-east-1: no trail covers this region/],
    [
      'a stopped trail',
      { trailList: [{ ...ORG_TRAIL, IsOrganizationTrail: false }] },
      { IsLogging: false },
      {},
      /^fail trail us-east-1: org-trail is not logging: start it with `aws cloudtrail start-logging/,
    ],
    [
      'a trail of data events only',
      { trailList: [{ ...ORG_TRAIL, IsOrganizationTrail: false }] },
      { IsLogging: true },
      { EventSelectors: [{ IncludeManagementEvents: false }] },
      /does not log write management events/,
    ],
    [
      'read-only advanced selectors',
      { trailList: [{ ...ORG_TRAIL, IsOrganizationTrail: false }] },
      { IsLogging: true },
      {
        AdvancedEventSelectors: [
          {
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['Management'] },
              { Field: 'readOnly', Equals: ['true'] },
            ],
          },
        ],
      },
      /does not log write management events/,
    ],
    [
      'a single-region trail in another region',
      { trailList: [{ ...ORG_TRAIL, IsMultiRegionTrail: false, HomeRegion: 'eu-west-1' }] },
      { IsLogging: true },
      {},
      /^fail trail us-east-1: no trail covers this region/,
    ],
  ])('fails on %s', async (_, trails, status, selectors, message) => {
    // Prepare
    healthyAccount(MEMBER);
    cloudtrailMock.on(DescribeTrailsCommand).resolves(trails);
    cloudtrailMock.on(GetTrailStatusCommand).resolves(status);
    cloudtrailMock.on(GetEventSelectorsCommand).resolves(selectors);
    const config = parseConfig(JSON.stringify({ ...ORG, accountId: MEMBER }), 'member.json');

    // Act
    const checks = await runChecks(config, clients);

    // Assess
    expect(failures(checks)[0]).toMatch(message);
  });

  it('accepts advanced selectors that log management events', async () => {
    // Prepare
    healthyAccount(MEMBER);
    cloudtrailMock.on(GetEventSelectorsCommand).resolves({ AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] });
    const config = parseConfig(JSON.stringify({ ...ORG, accountId: MEMBER }), 'member.json');

    // Assess
    expect(failures(await runChecks(config, clients))).toEqual([]);
  });

  it('only warns when a member cannot read the status of the organization trail that covers it', async () => {
    // Prepare
    healthyAccount(MEMBER);
    cloudtrailMock.on(GetTrailStatusCommand).rejects(Object.assign(new Error('not the owner'), { name: 'TrailNotFoundException' }));
    const config = parseConfig(JSON.stringify({ ...ORG, accountId: MEMBER }), 'member.json');

    // Act
    const found = failures(await runChecks(config, clients));

    // Assess
    expect(found).toEqual([
      expect.stringMatching(/^warn trail us-east-1: org-trail \(organization trail\) covers it, but its status is readable only in the management account/),
      expect.stringMatching(/^warn trail eu-west-1: /),
    ]);
  });

  it.each([
    [
      'a rule that is not deployed',
      () => eventbridgeMock.on(DescribeRuleCommand, { Name: 'signin-watch-forward' }).rejects(notFound()),
      /^fail rule us-east-1 signin-watch-forward: is not deployed: roll out/,
    ],
    [
      'a disabled rule',
      () => eventbridgeMock.on(DescribeRuleCommand, { Name: 'signin-watch-forward' }).resolves({ State: 'DISABLED', EventPattern: JSON.stringify(CONSOLE_SIGN_IN_PATTERN) }),
      /is DISABLED, not ENABLED/,
    ],
    [
      'an old pattern',
      () => eventbridgeMock.on(DescribeRuleCommand, { Name: 'signin-watch-forward' }).resolves({ State: 'ENABLED', EventPattern: '{"source":["aws.signin"]}' }),
      /has a different event pattern/,
    ],
    [
      'a target on another bus',
      () =>
        eventbridgeMock
          .on(ListTargetsByRuleCommand, { Rule: 'signin-watch-forward' })
          .resolves({ Targets: [{ Id: 'x', Arn: `arn:aws:events:eu-west-1:${MEMBER}:event-bus/signin-watch`, RoleArn: 'r' }] }),
      /targets arn:aws:events:eu-west-1:222222222222:event-bus\/signin-watch, not the central bus arn:aws:events:eu-west-1:111111111111:event-bus\/signin-watch/,
    ],
    [
      'short retries',
      () =>
        eventbridgeMock.on(ListTargetsByRuleCommand, { Rule: 'signin-watch-forward' }).resolves({
          Targets: [{ Id: 'x', Arn: `arn:aws:events:eu-west-1:${CENTRAL}:event-bus/signin-watch`, RoleArn: 'r', DeadLetterConfig: { Arn: 'q' }, RetryPolicy: { MaximumRetryAttempts: 3 } }],
        }),
      /retries less than 24 hours/,
    ],
  ])('fails on %s', async (_, breakIt, message) => {
    // Prepare
    healthyAccount(MEMBER);
    breakIt();
    const config = parseConfig(JSON.stringify({ ...ORG, accountId: MEMBER }), 'member.json');

    // Act
    const found = failures(await runChecks(config, clients));

    // Assess
    expect(found[0]).toMatch(message);
  });

  it.each([
    ['an Identity Center forwarder', 'signin-watch-forward-identity-center', 'us-east-1'],
    ['an Identity Center central rule', 'signin-watch-identity-center-to-alert', 'eu-west-1'],
    ['a GuardDuty forwarder', 'signin-watch-forward-guardduty', 'eu-west-1'],
    ['a sign-in anomaly central rule', 'signin-watch-sign-in-anomaly-to-alert', 'eu-west-1'],
    ['an alarm-forwarding rule', 'signin-watch-forward-alarms', 'eu-west-1'],
    ['the central alarm rule', 'signin-watch-alarms-to-topic', 'eu-west-1'],
  ])('fails when %s is deleted', async (_, rule, region) => {
    // Prepare
    healthyAccount(CENTRAL);
    eventbridgeMock.on(DescribeRuleCommand, { Name: rule }).rejects(notFound());
    const config = parseConfig(JSON.stringify({ ...ORG, accountId: CENTRAL, identityCenterRegion: 'us-east-1', extraSignals: ['guardduty', 'sign-in-anomaly'] }), 'central.json');

    // Act
    const found = failures(await runChecks(config, clients));

    // Assess
    expect(found).toContainEqual(expect.stringMatching(new RegExp(`^fail rule ${region} ${rule}: is not deployed`)));
  });

  it('fails when the central alarm rule sends to another topic', async () => {
    // Prepare
    healthyAccount(CENTRAL);
    eventbridgeMock
      .on(ListTargetsByRuleCommand, { Rule: 'signin-watch-alarms-to-topic' })
      .resolves({ Targets: [{ Id: 'alarm-topic', Arn: 'arn:aws:sns:eu-west-1:111111111111:elsewhere', DeadLetterConfig: { Arn: 'q' } }] });
    const config = parseConfig(JSON.stringify({ ...ORG, accountId: CENTRAL }), 'central.json');

    // Act
    const found = failures(await runChecks(config, clients));

    // Assess
    expect(found).toEqual([expect.stringMatching(/^fail rule eu-west-1 signin-watch-alarms-to-topic: targets arn:aws:sns:eu-west-1:111111111111:elsewhere, not the signin-watch-alerts topic\./)]);
  });

  it('checks every GetSigninToken rule, forwarders and central, for the state that receives read-only management events', async () => {
    // Prepare
    healthyAccount(CENTRAL);
    const config = parseConfig(JSON.stringify({ ...ORG, accountId: CENTRAL, extraSignals: ['get-signin-token'] }), 'central.json');

    // Act
    const checks = await runChecks(config, clients);

    // Assess
    expect(failures(checks)).toEqual([]);
    expect(checks.map((check) => check.name)).toEqual(
      expect.arrayContaining(['rule us-east-1 signin-watch-forward-get-signin-token', 'rule eu-west-1 signin-watch-forward-get-signin-token', 'rule eu-west-1 signin-watch-get-signin-token-to-alert']),
    );
  });

  it.each([
    ['the forwarders', 'signin-watch-forward-get-signin-token', ['rule us-east-1 signin-watch-forward-get-signin-token', 'rule eu-west-1 signin-watch-forward-get-signin-token']],
    ['the central rule', 'signin-watch-get-signin-token-to-alert', ['rule eu-west-1 signin-watch-get-signin-token-to-alert']],
  ])('fails on %s of GetSigninToken in plain ENABLED, with the command that deploys them again', async (_, rule, checks) => {
    // Prepare
    healthyAccount(CENTRAL);
    eventbridgeMock.on(DescribeRuleCommand, { Name: rule }).resolves({ Name: rule, State: 'ENABLED', EventPattern: JSON.stringify(EXTRA_SIGNAL_PATTERNS['get-signin-token']) });
    const config = parseConfig(JSON.stringify({ ...ORG, accountId: CENTRAL, extraSignals: ['get-signin-token'] }), 'central.json');

    // Act
    const found = failures(await runChecks(config, clients, 'config/accounts/111111111111.json'));

    // Assess
    expect(found).toEqual(
      checks.map(
        (check) =>
          `fail ${check}: is ENABLED, not ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS, so EventBridge withholds read-only management events from it, which its signal may be: roll out again: SIGNIN_WATCH_CONFIG=config/accounts/111111111111.json npx cdktf deploy '*'`,
      ),
    );
  });

  it('names the organization stack too when StackSets may own the forwarder', async () => {
    // Prepare
    healthyAccount(MEMBER);
    eventbridgeMock.on(DescribeRuleCommand, { Name: 'signin-watch-forward-get-signin-token' }).resolves({ State: 'ENABLED', EventPattern: JSON.stringify(EXTRA_SIGNAL_PATTERNS['get-signin-token']) });
    const stackSets = { organizationalUnitIds: ['r-a1b2'], managementAccountId: '999999999999' };
    const config = parseConfig(JSON.stringify({ ...ORG, accountId: MEMBER, extraSignals: ['get-signin-token'], stackSets }), 'member.json');

    // Act
    const found = failures(await runChecks(config, clients, 'member.json'));

    // Assess
    expect(found).toEqual([
      expect.stringMatching(
        /^fail rule us-east-1 signin-watch-forward-get-signin-token: is ENABLED, not ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS, .*: roll out again: SIGNIN_WATCH_CONFIG=member\.json npx cdktf deploy '\*', or where StackSets deploys the forwarders, deploy signin-watch-organization again from the StackSets administrator account$/,
      ),
      expect.stringMatching(
        /^fail rule eu-west-1 signin-watch-forward-get-signin-token: is ENABLED, not ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS, .*: roll out again: SIGNIN_WATCH_CONFIG=member\.json npx cdktf deploy '\*', or where StackSets deploys the forwarders, deploy signin-watch-organization again from the StackSets administrator account$/,
      ),
    ]);
  });

  it('fails when the central bus does not admit the organization', async () => {
    // Prepare
    healthyAccount(CENTRAL);
    eventbridgeMock.on(DescribeEventBusCommand).resolves({ Name: 'signin-watch', Policy: '{"Statement":[]}' });
    const config = parseConfig(JSON.stringify({ ...ORG, accountId: CENTRAL }), 'central.json');

    // Assess
    expect(failures(await runChecks(config, clients))).toEqual([expect.stringMatching(/^fail bus eu-west-1 signin-watch: does not admit organization o-a1b2c3d4e5/)]);
  });

  it('stops with one clear line when it may not list the regions', async () => {
    // Prepare
    accountMock.on(ListRegionsCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));

    // Act
    const checks = await runChecks(parseConfig('{}', 'c.json'), clients);

    // Assess
    expect(failures(checks)).toEqual(["fail regions: could not list the account's regions (AccessDeniedException: not authorized): the doctor needs account:ListRegions."]);
  });

  it('prints one aligned line per check and a summary, and exits non-zero on a gap', () => {
    // Prepare
    const lines: string[] = [];

    // Act
    const code = report(
      [
        { status: 'ok', name: 'regions', detail: 'all 17 enabled regions are configured.' },
        { status: 'fail', name: 'trail us-east-1', detail: 'no trail covers this region.' },
      ],
      { stdout: (line) => lines.push(line) },
      'account 222222222222',
    );

    // Assess
    expect([code, lines]).toEqual([
      1,
      [
        'ok    regions          all 17 enabled regions are configured.',
        'FAIL  trail us-east-1  no trail covers this region.',
        'doctor: account 222222222222: 1 ok, 0 warnings, 1 failed: signin-watch does not see every sign-in in this account',
      ],
    ]);
  });
});
