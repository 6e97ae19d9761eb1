/**
 * Every hop of signin-watch, decided by an offline IAM policy simulator from the policies
 * as synthesized. moto enforces no IAM, key or resource policy, and the walk for wildcards
 * (policies.test.ts) cannot tell whether a hop is allowed at all; here each hop's request
 * must be allowed, and its nearest neighbours (another rule, account, alarm, resource) denied.
 *
 * The simulator, @cloud-copilot/iam-simulate, is AGPL-3.0: a devDependency of these tests
 * only, never bundled into the Lambda nor referenced by the synthesized stacks.
 *
 * What it cannot know is which context keys AWS puts in a request: each request here
 * carries the keys the linked AWS page says the service sends (aws:SourceArn and
 * aws:SourceAccount for a rule or alarm, aws:PrincipalOrgID for a caller in the
 * organization, events:source for an event). One such question stays open: whether the
 * KMS request SNS makes for EventBridge or CloudWatch carries aws:SourceAccount, which
 * the topic key requires. Here it is assumed; central-stack.test.ts pins the condition
 * statically, and only a real alarm reaching the topic shows it (README, Runbook).
 */
import {
  type AppliedStack,
  applyConfig,
  applyTemplate,
  type Case,
  casesFor,
  type Forwarder,
  decideAll,
  FAKE_ACCOUNT,
  fail,
  forwarderOf,
  forwarderOfTemplate,
  inAccount,
  lambdaPermissionPolicy,
  onBehalfOf,
  outcomes,
  type PolicyDocument,
  ruleScopedCases,
  usedBy,
} from '../helpers/policy-simulation';

const ORG_ID = 'o-a1b2c3d4e5';
const CENTRAL = '111111111111';
const MEMBER = '222222222222';
const OUTSIDER = '333333333333';
const STACK_SET_MEMBER = '444444444444';
const MANAGEMENT = '999999999999';
const ORGANIZATION = { organizationId: ORG_ID, centralAccountId: CENTRAL, regions: ['us-east-1', 'eu-west-1'], identityCenterRegion: 'eu-west-1', extraSignals: ['guardduty'] };

const defaults = applyConfig({});
const orgCentral = applyConfig({ ...ORGANIZATION, accountId: CENTRAL });
const member = applyConfig({ ...ORGANIZATION, accountId: MEMBER });
const admin = applyConfig({ ...ORGANIZATION, accountId: MANAGEMENT, stackSets: { organizationalUnitIds: ['r-a1b2'], managementAccountId: MANAGEMENT } });
const centralOf = (deployment: { central?: AppliedStack }): AppliedStack => deployment.central ?? fail('no central stack');

const stackSetTemplate = (region: string) =>
  applyTemplate(
    String(Object.values(admin.organization?.resource.aws_cloudformation_stack_set ?? {}).find((set) => set.name === `signin-watch-forwarder-${region}`)?.template_body),
    region,
    STACK_SET_MEMBER,
  );

function putEvents(forwarder: Forwarder, bus: AppliedStack, source: string, orgId?: string): Case {
  return [
    {
      principal: `arn:aws:sts::${forwarder.account}:assumed-role/${forwarder.role}/events-delivery`,
      action: 'events:PutEvents',
      resource: bus.arn('aws_cloudwatch_event_bus', 'signin-watch'),
      context: { 'events:source': source, ...(orgId === undefined ? {} : { 'aws:PrincipalOrgID': orgId }) },
    },
    { identity: forwarder.policy, resource: bus.policies('aws_cloudwatch_event_bus_policy')[0] },
  ];
}
/** Every source each forwarder sends, as its own named case. */
const everySource = (label: string, forwarders: Forwarder[], bus: AppliedStack, orgId?: string) =>
  Object.fromEntries(forwarders.flatMap((forwarder) => forwarder.sources.map((source) => [`${label} ${forwarder.role} puts ${source}`, putEvents(forwarder, bus, source, orgId)] as const)));

// EventBridge: "Permissions for event buses" (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html);
// an organization-wide bus needs a role in the sender (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html);
// sources narrowed as in https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-example-policy-cross-account-custom-bus-source.html
describe('forwarder role -> events:PutEvents on the central bus', () => {
  // Within one account the role's own policy is enough, so the bus policy's source list narrows other accounts only.
  it('lets every forwarder of a single account deliver what it forwards, and no other account', async () => {
    // Prepare
    const bus = centralOf(defaults);
    const own = everySource('this account:', defaults.forwarders.map(forwarderOf), bus);
    const other = { ...forwarderOf(defaults.forwarders[0]), account: OUTSIDER };

    // Act
    const decisions = await decideAll({ ...own, 'another account with the same role policy': putEvents(other, bus, 'aws.signin') });

    // Assess
    expect(decisions).toEqual(outcomes(Object.keys(own), ['another account with the same role policy']));
  });

  // Another account's role needs the bus policy too: aws:PrincipalOrgID, and events:source, which is multivalued
  // (ArrayOfString in the Service Authorization Reference). IAM requires a set operator on a multivalued key
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html),
  // and the simulator matches no bare StringEquals against one; AWS's bus example above uses ForAllValues:StringEquals.
  it("lets the organization's forwarders (central, member, StackSets) deliver what they forward, and nobody else", async () => {
    // Prepare
    const bus = centralOf(orgCentral);
    const allowed = {
      ...everySource('central:', orgCentral.forwarders.map(forwarderOf), bus, ORG_ID),
      ...everySource('member:', member.forwarders.map(forwarderOf), bus, ORG_ID),
      ...everySource(
        'StackSets member:',
        ORGANIZATION.regions.map((region) => forwarderOfTemplate(stackSetTemplate(region), STACK_SET_MEMBER)),
        bus,
        ORG_ID,
      ),
    };
    const memberForwarder = forwarderOf(member.forwarders[0]);
    const denied = {
      'an account outside the organization with the same role policy': putEvents({ ...memberForwarder, account: OUTSIDER }, bus, 'aws.signin', 'o-zzzzzzzzzz'),
      'a member putting a source signin-watch does not forward': putEvents(memberForwarder, bus, 'com.example.orders', ORG_ID),
    };

    // Act
    const decisions = await decideAll({ ...allowed, ...denied });

    // Assess
    expect(decisions).toEqual(outcomes(Object.keys(allowed), Object.keys(denied)));
  });

  it('lets a forwarder role put events on the central bus only', async () => {
    // Prepare
    const forwarder = forwarderOf(member.forwarders[0]);
    const request = (resource: string): Case => [
      { principal: `arn:aws:sts::${MEMBER}:assumed-role/${forwarder.role}/x`, action: 'events:PutEvents', resource, context: { 'events:source': 'aws.signin' } },
      { identity: forwarder.policy },
    ];

    // Act
    const decisions = await decideAll({
      "the member's own default bus": request(`arn:aws:events:us-east-1:${MEMBER}:event-bus/default`),
      'a bus of the same name in the home region of another account': request(`arn:aws:events:us-east-1:${OUTSIDER}:event-bus/signin-watch`),
    });

    // Assess
    expect(decisions).toEqual(outcomes([], Object.keys(decisions)));
  });
});

// EventBridge acting for a rule: its dead-letter queue ("Granting permissions to the dead-letter queue",
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html) and the role it delivers with, whose trust
// names the rule against the confused deputy (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
describe('EventBridge -> sqs:SendMessage on each dead-letter queue, and sts:AssumeRole of each forwarder role', () => {
  /** Each stack of a deployment, with how many roles its targets use: none centrally, one per forwarder. */
  const stacksOf = (name: string, { central, forwarders }: { central?: AppliedStack; forwarders: AppliedStack[] }) => [
    ...(central === undefined ? [] : [[`${name} central`, central, 0] as const]),
    ...forwarders.map((stack) => [`${name} forwarder ${stack.region}`, stack, 1] as const),
  ];

  it.each([...stacksOf('default', defaults), ...stacksOf('organization', orgCentral), ...stacksOf('member', member)])('admits only the rules that use them: %s', async (_, stack, roleCount) => {
    // Prepare
    const targets = stack.targets();
    const queues = usedBy(targets.map((target) => ({ rule: target.rule, resource: target.deadLetterQueue ?? fail('a target without a dead-letter queue') })));
    const roles = usedBy(targets.map((target) => ({ rule: target.rule, resource: target.role })));
    const trust = (role: string) => stack.resources('aws_iam_role').find((resource) => `arn:aws:iam::${stack.account}:role/${String(resource.name)}` === role)?.assume_role_policy;
    const { cases, expected } = ruleScopedCases(
      [
        ...queues.map((queue) => ({ ...queue, action: 'sqs:SendMessage', policy: stack.queuePolicy(queue.resource) })),
        ...roles.map((role) => ({ ...role, action: 'sts:AssumeRole', policy: JSON.parse(String(trust(role.resource))) as PolicyDocument })),
      ],
      stack.rules(),
      OUTSIDER,
    );

    // Act
    const decisions = await decideAll(cases);

    // Assess
    expect([queues.length, roles.length]).toEqual([1, roleCount]);
    expect(decisions).toEqual(expected);
  });

  it.each(ORGANIZATION.regions)('admits only the rules that use them: the StackSets template in %s', async (region) => {
    // Prepare
    const resources = Object.values(stackSetTemplate(region));
    const targets = resources
      .filter(({ Type }) => Type === 'AWS::Events::Rule')
      .flatMap(({ Properties }) =>
        (Properties.Targets as Array<{ RoleArn: string; DeadLetterConfig: { Arn: string } }>).map((target) => ({
          rule: `arn:aws:events:${region}:${STACK_SET_MEMBER}:rule/${String(Properties.Name)}`,
          ...target,
        })),
      );
    const queuePolicy = (queue: string) =>
      resources.find(
        ({ Type, Properties }) => Type === 'AWS::SQS::QueuePolicy' && (Properties.Queues as string[]).includes(`https://sqs.${region}.amazonaws.com/${STACK_SET_MEMBER}/${queue.split(':')[5]}`),
      )?.Properties.PolicyDocument as PolicyDocument | undefined;
    const trust = (role: string) =>
      resources.find(({ Type, Properties }) => Type === 'AWS::IAM::Role' && role.endsWith(`:role/${String(Properties.RoleName)}`))?.Properties.AssumeRolePolicyDocument as PolicyDocument | undefined;
    const queues = usedBy(targets.map((target) => ({ rule: target.rule, resource: target.DeadLetterConfig.Arn })));
    const roles = usedBy(targets.map((target) => ({ rule: target.rule, resource: target.RoleArn })));
    const { cases, expected } = ruleScopedCases(
      [
        ...queues.map((queue) => ({ ...queue, action: 'sqs:SendMessage', policy: queuePolicy(queue.resource) })),
        ...roles.map((role) => ({ ...role, action: 'sts:AssumeRole', policy: trust(role.resource) })),
      ],
      [...new Set(targets.map((target) => target.rule))],
      OUTSIDER,
    );

    // Act
    const decisions = await decideAll(cases);

    // Assess
    expect([queues.length, roles.length]).toEqual([1, 1]);
    expect(decisions).toEqual(expected);
  });
});

const CENTRAL_CONFIGS = [['the default config', defaults] as const, ['an organization', orgCentral] as const];

// SNS: "Amazon SNS access control" (https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html), EventBridge's
// grant on a topic (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions), and
// "Key management" for an encrypted topic (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
describe('EventBridge and CloudWatch -> the alert topic and its key', () => {
  it.each(CENTRAL_CONFIGS)('%s: only the rule and the alarms that notify the topic may publish to it', async (_, deployment) => {
    // Prepare
    const central = centralOf(deployment);
    const topic = central.arn('aws_sns_topic', 'signin-watch-alerts');
    const policy = central.policies('aws_sns_topic_policy')[0];
    const alarmArn = (stack: AppliedStack, alarm: Record<string, unknown>) => `arn:aws:cloudwatch:${stack.region}:${stack.account}:alarm:${String(alarm.alarm_name)}`;
    const notifies = (alarm: Record<string, unknown>) => [...((alarm.alarm_actions as string[]) ?? []), ...((alarm.ok_actions as string[]) ?? [])].includes(topic);
    const rules = central.rules();
    const rule = central
      .targets()
      .filter((target) => target.arn === topic)
      .map((target) => target.rule);
    const alarms = central
      .resources('aws_cloudwatch_metric_alarm')
      .filter(notifies)
      .map((alarm) => alarmArn(central, alarm));
    const forwarderAlarms = deployment.forwarders.flatMap((stack) => stack.resources('aws_cloudwatch_metric_alarm').map((alarm) => alarmArn(stack, alarm)));
    const allowed = {
      ...casesFor('rule', rule, (arn) => onBehalfOf('events.amazonaws.com', arn, 'sns:Publish', topic, policy)),
      ...casesFor('alarm', alarms, (arn) => onBehalfOf('cloudwatch.amazonaws.com', arn, 'sns:Publish', topic, policy)),
    };
    const denied = {
      ...casesFor('rule', [...rules.filter((arn) => !rule.includes(arn)), inAccount(rule[0], OUTSIDER)], (arn) => onBehalfOf('events.amazonaws.com', arn, 'sns:Publish', topic, policy)),
      ...casesFor('alarm', [...forwarderAlarms, inAccount(alarms[0], OUTSIDER), alarmArn(central, { alarm_name: 'billing-over-budget' })], (arn) =>
        onBehalfOf('cloudwatch.amazonaws.com', arn, 'sns:Publish', topic, policy),
      ),
    };

    // Act
    const decisions = await decideAll({ ...allowed, ...denied });

    // Assess: one rule forwards alarms to the topic, and every alarm of the home region notifies it
    expect([rule.length, alarms.length]).toEqual([1, central.resources('aws_cloudwatch_metric_alarm').length]);
    expect(decisions).toEqual(outcomes(Object.keys(allowed), Object.keys(denied)));
  });

  // The key policy narrows by account only (aws:SourceAccount): which rule or alarm may publish is the topic policy's job, above.
  it.each(CENTRAL_CONFIGS)('%s: the topic key lets EventBridge and CloudWatch of this account encrypt and decrypt, and nobody else', async (_, deployment) => {
    // Prepare
    const central = centralOf(deployment);
    const key = central.arn('aws_kms_key', 'topic-key');
    const use = (principal: string, action: string, account: string): Case => [
      { principal, action, resource: key, context: { 'aws:SourceAccount': account } },
      { resource: central.policies('aws_kms_key')[0] },
    ];
    const services = ['events.amazonaws.com', 'cloudwatch.amazonaws.com'];
    const allowed = Object.fromEntries(services.flatMap((service) => ['kms:GenerateDataKey', 'kms:Decrypt'].map((action) => [`${service} ${action}`, use(service, action, central.account)])));
    const denied = {
      ...Object.fromEntries(services.map((service) => [`${service} for another account`, use(service, 'kms:GenerateDataKey', OUTSIDER)])),
      'another service of this account': use('s3.amazonaws.com', 'kms:GenerateDataKey', central.account),
      'events.amazonaws.com re-encrypting': use('events.amazonaws.com', 'kms:ReEncryptFrom', central.account),
    };

    // Act
    const decisions = await decideAll({ ...allowed, ...denied });

    // Assess
    expect(decisions).toEqual(outcomes(Object.keys(allowed), Object.keys(denied)));
  });
});

// Lambda: "Using resource-based policies in Lambda" (https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html);
// EventBridge's grant (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-lambda-permissions).
describe('EventBridge -> lambda:InvokeFunction on the alert Lambda', () => {
  it.each(CENTRAL_CONFIGS)('%s: each central rule that targets the Lambda may invoke it, and no other rule', async (_, deployment) => {
    // Prepare
    const central = centralOf(deployment);
    const fn = central.arn('aws_lambda_function', 'signin-watch-alert');
    const invoke = (rule: string) => onBehalfOf('events.amazonaws.com', rule, 'lambda:InvokeFunction', fn, lambdaPermissionPolicy(central));
    const invoking = central
      .targets()
      .filter((target) => target.arn === fn)
      .map((target) => target.rule);
    // The same rule names on the default bus: a rule on a custom bus has the bus in its ARN.
    const onDefaultBus = invoking.map((arn) => arn.replace('rule/signin-watch/', 'rule/'));
    const others = [...central.rules().filter((arn) => !invoking.includes(arn)), ...onDefaultBus, inAccount(invoking[0], OUTSIDER), ...deployment.forwarders.flatMap((stack) => stack.rules())];

    // Act
    const decisions = await decideAll({ ...casesFor('rule', invoking, invoke), ...casesFor('rule', others, invoke) });

    // Assess
    expect(invoking.length).toBeGreaterThan(1);
    expect(decisions).toEqual(
      outcomes(
        invoking.map((arn) => `rule ${arn}`),
        others.map((arn) => `rule ${arn}`),
      ),
    );
  });
});

// IAM: within one account the role's own policy decides (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html);
// a secret named without its random suffix is granted as `-??????` (https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html).
describe("the alert Lambda's role", () => {
  const SECRET = `arn:aws:secretsmanager:us-east-1:${FAKE_ACCOUNT}:secret:slack-webhook-AbCdEf`;
  const withOptions = (urlSecretArn: string) => centralOf(applyConfig({ regions: ['us-east-1'], chat: {}, allowlistParameter: '/signin-watch/allowed-cidrs', webhook: { urlSecretArn } }));
  const asLambda = (central: AppliedStack, action: string, resource: string, resourcePolicy?: PolicyDocument): Case => [
    { principal: `arn:aws:sts::${central.account}:assumed-role/signin-watch-alert/signin-watch-alert`, action, resource },
    { identity: central.policies('aws_iam_role_policy'), resource: resourcePolicy },
  ];

  it('may publish with its key, use its table, keep its failures, log and read its allowlist, and nothing beside them', async () => {
    // Prepare
    const central = withOptions(SECRET);
    const keyPolicy = central.policies('aws_kms_key')[0];
    const topicPolicy = central.policies('aws_sns_topic_policy')[0];
    const key = central.arn('aws_kms_key', 'topic-key');
    const parameter = `arn:aws:ssm:us-east-1:${FAKE_ACCOUNT}:parameter/signin-watch/allowed-cidrs`;
    const logStream = (group: string) => `arn:aws:logs:us-east-1:${FAKE_ACCOUNT}:log-group:${group}:log-stream:2025/01/01/[$LATEST]0123456789abcdef`;
    const table = central.arn('aws_dynamodb_table', 'signin-watch-dedup');
    const dynamodb = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
    const allowed = {
      'publish an alert': asLambda(central, 'sns:Publish', central.arn('aws_sns_topic', 'signin-watch-alerts'), topicPolicy),
      'publish a chat alert': asLambda(central, 'sns:Publish', central.arn('aws_sns_topic', 'signin-watch-chat')),
      'encrypt for the topic': asLambda(central, 'kms:GenerateDataKey', key, keyPolicy),
      'decrypt for the topic': asLambda(central, 'kms:Decrypt', key, keyPolicy),
      ...Object.fromEntries(dynamodb.map((action) => [`${action} on the dedup table`, asLambda(central, action, table)])),
      'keep a failed event': asLambda(central, 'sqs:SendMessage', central.arn('aws_sqs_queue', 'signin-watch-alert-failures')),
      'create its log stream': asLambda(central, 'logs:CreateLogStream', logStream('/aws/lambda/signin-watch-alert')),
      'write its logs': asLambda(central, 'logs:PutLogEvents', logStream('/aws/lambda/signin-watch-alert')),
      'read the allowlist': asLambda(central, 'ssm:GetParameter', parameter),
    };
    const denied = {
      'publish to another topic': asLambda(central, 'sns:Publish', `arn:aws:sns:us-east-1:${FAKE_ACCOUNT}:signin-watch-alerts-staging`),
      // The other key delegates to IAM exactly like the topic key, so that only the role's policy decides.
      'encrypt with another key': asLambda(central, 'kms:GenerateDataKey', key.replace(/key\/.*/, 'key/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee'), keyPolicy),
      ...Object.fromEntries(dynamodb.map((action) => [`${action} on another table`, asLambda(central, action, `${table}-staging`)])),
      'send to the central dead-letter queue': asLambda(central, 'sqs:SendMessage', central.arn('aws_sqs_queue', 'signin-watch-central-dlq')),
      'write the logs of another function': asLambda(central, 'logs:PutLogEvents', logStream('/aws/lambda/signin-watch-alert-staging')),
      'read another parameter': asLambda(central, 'ssm:GetParameter', `${parameter}-staging`),
    };

    // Act
    const decisions = await decideAll({ ...allowed, ...denied });

    // Assess
    expect(decisions).toEqual(outcomes(Object.keys(allowed), Object.keys(denied)));
  });

  it.each([
    ['its full ARN', SECRET, 'secretsmanager:GetSecretValue', SECRET],
    ['its ARN without the random suffix', SECRET.replace(/-AbCdEf$/, ''), 'secretsmanager:GetSecretValue', SECRET],
    [
      'an SSM parameter ARN',
      `arn:aws:ssm:us-east-1:${FAKE_ACCOUNT}:parameter/signin-watch/webhook-url`,
      'ssm:GetParameter',
      `arn:aws:ssm:us-east-1:${FAKE_ACCOUNT}:parameter/signin-watch/webhook-url`,
    ],
  ])('reads the webhook URL from the one secret configured by %s, and no other', async (_, configured, action, real) => {
    // Prepare
    const central = withOptions(configured);
    const neighbour = real.replace('webhook', 'webhook-old');

    // Act
    const decisions = await decideAll({ [real]: asLambda(central, action, real), [neighbour]: asLambda(central, action, neighbour) });

    // Assess
    expect(decisions).toEqual(outcomes([real], [neighbour]));
  });
});
