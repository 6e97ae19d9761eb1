import { Testing } from 'cdktf';
import { forwarderRegions, parseConfig } from '../../core/config';
import { resourceNames } from '../../core/deploy/names';
import { CentralStack } from '../../stacks/central-stack';
import { ForwarderStack } from '../../stacks/forwarder-stack';
import { fakeLambdaPackage, type SynthesizedStack } from '../helpers/synth';

/** Where policy documents live in the synthesized Terraform, by resource type and attribute. */
const POLICY_ATTRIBUTES: Record<string, string> = {
  aws_iam_role_policy: 'policy',
  aws_iam_role: 'assume_role_policy',
  aws_cloudwatch_event_bus_policy: 'policy',
  aws_sqs_queue_policy: 'policy',
  aws_sns_topic_policy: 'policy',
  aws_kms_key: 'policy',
};

/** Every wildcard signin-watch uses, and why AWS offers nothing narrower. Anything else fails. */
const JUSTIFIED_WILDCARDS: Array<{ type: string; sid: string; field: 'Action' | 'Resource' | 'Principal'; value: string; reason: string }> = [
  {
    type: 'aws_kms_key',
    sid: 'AccountAdministersKeyThroughIam',
    field: 'Action',
    value: 'kms:*',
    reason: 'the account root administers its own key, so that IAM policies can grant its use; without it the key becomes unmanageable',
  },
  { type: 'aws_kms_key', sid: 'AccountAdministersKeyThroughIam', field: 'Resource', value: '*', reason: 'in a key policy, "*" means the key the policy is attached to' },
  { type: 'aws_kms_key', sid: 'AlarmsPublishToEncryptedTopic', field: 'Resource', value: '*', reason: 'in a key policy, "*" means the key the policy is attached to' },
  {
    type: 'aws_kms_key',
    sid: 'AlarmsPublishToEncryptedTopic',
    field: 'Action',
    value: 'kms:GenerateDataKey*',
    reason: 'the documented grant for services that publish to an encrypted SNS topic; the suffixes are the data-key variants only',
  },
  {
    type: 'aws_cloudwatch_event_bus_policy',
    sid: 'OrganizationPutsEvents',
    field: 'Principal',
    value: '*',
    reason: 'narrowed to the organization by aws:PrincipalOrgID, the form AWS documents for organization-wide buses',
  },
  {
    type: 'aws_iam_role_policy',
    sid: 'WriteOwnLogs',
    field: 'Resource',
    value: '${aws_cloudwatch_log_group.log-group.arn}:*',
    reason: "the function's log streams, which Lambda names per container; the group is fixed",
  },
  {
    type: 'aws_iam_role_policy',
    sid: 'ReadWebhookUrl',
    field: 'Resource',
    value: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:slack-webhook-AbCdEf-??????',
    reason: 'the six random characters Secrets Manager appends to a secret ARN, in case the configured ARN is partial',
  },
];

interface Statement {
  readonly Sid?: string;
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly Principal?: string | Record<string, string | string[]>;
}

const asList = (value: unknown): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [String(value)]);

/** Every statement of every policy in the stacks, with where it was found. */
function statements(stacks: SynthesizedStack[]): Array<{ type: string; statement: Statement }> {
  return stacks.flatMap((stack) =>
    Object.entries(POLICY_ATTRIBUTES).flatMap(([type, attribute]) =>
      Object.values(stack.resource[type] ?? {}).flatMap((resource) => (JSON.parse(resource[attribute] as string).Statement as Statement[]).map((statement) => ({ type, statement }))),
    ),
  );
}

function synthAll(settings: Record<string, unknown>): SynthesizedStack[] {
  const config = parseConfig(JSON.stringify(settings), 'test.json');
  const names = resourceNames(config.namePrefix);
  const app = Testing.app();
  const central = new CentralStack(app, names.centralStack, { ...config, lambdaPackagePath: fakeLambdaPackage() });
  const forwarders = forwarderRegions(config).map((region) => new ForwarderStack(app, names.forwarderStack(region), { ...config, region }));
  return [central, ...forwarders].map((stack) => JSON.parse(Testing.synth(stack)) as SynthesizedStack);
}

const CONFIGS: Record<string, Record<string, unknown>> = {
  'the default config': {},
  'an organization config': { organizationId: 'o-a1b2c3d4e5', homeRegion: 'eu-central-1', regions: ['us-east-1', 'af-south-1'], notificationEmails: ['security@example.com'] },
  'a config with every delivery and signal option': {
    regions: ['us-east-1', 'eu-west-1'],
    notificationEmails: ['security@example.com'],
    emailSeverities: ['critical', 'high', 'medium'],
    chat: { severities: ['critical', 'high'] },
    webhook: { urlSecretArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:slack-webhook-AbCdEf' },
    allowlistParameter: '/signin-watch/allowed-cidrs',
    identityCenterRegion: 'eu-west-1',
    extraSignals: ['get-signin-token', 'guardduty', 'sign-in-anomaly'],
  },
};

/** What the Lambda may do beyond its base job, for the options a config turns on. */
function optionGrants(settings: Record<string, unknown>): Record<string, unknown> {
  return {
    ...(settings.allowlistParameter === undefined ? {} : { 'ssm:GetParameter': 'arn:aws:ssm:us-east-1:${data.aws_caller_identity.account.account_id}:parameter/signin-watch/allowed-cidrs' }),
    ...(settings.webhook === undefined
      ? {}
      : {
          'secretsmanager:GetSecretValue': 'arn:aws:secretsmanager:us-east-1:111122223333:secret:slack-webhook-AbCdEf arn:aws:secretsmanager:us-east-1:111122223333:secret:slack-webhook-AbCdEf-??????',
        }),
  };
}

describe.each(Object.entries(CONFIGS))('every policy of %s', (_, settings) => {
  const found = statements(synthAll(settings));

  it('is found by this walk (so the checks below cannot pass on nothing)', () => {
    // Assess
    expect(new Set(found.map(({ type }) => type))).toEqual(new Set(Object.keys(POLICY_ATTRIBUTES)));
  });

  it('has no wildcard action, resource or principal that the allow-list does not justify', () => {
    // Act
    const unjustified = found.flatMap(({ type, statement }) => {
      const principal = statement.Principal === '*' ? ['*'] : [];
      const wildcards = [
        ...asList(statement.Action)
          .filter((action) => /[*?]/.test(action))
          .map((value) => ({ field: 'Action', value })),
        ...asList(statement.Resource)
          .filter((resource) => /[*?]/.test(resource))
          .map((value) => ({ field: 'Resource', value })),
        ...principal.map((value) => ({ field: 'Principal', value })),
      ];
      return wildcards
        .filter(({ field, value }) => !JUSTIFIED_WILDCARDS.some((j) => j.type === type && j.sid === statement.Sid && j.field === field && j.value === value))
        .map(({ field, value }) => `${type} ${statement.Sid ?? '(no Sid)'}: ${field} ${value}`);
    });

    // Assess
    expect(unjustified).toEqual([]);
  });

  it('gives each forwarder role one permission: events:PutEvents on the central bus', () => {
    // Act
    const grants = found.filter(({ type, statement }) => type === 'aws_iam_role_policy' && asList(statement.Action).includes('events:PutEvents'));

    // Assess
    expect(grants.length).toBeGreaterThan(0);
    for (const { statement } of grants) {
      expect([asList(statement.Action), asList(statement.Resource)]).toEqual([
        ['events:PutEvents'],
        [expect.stringMatching(/^arn:aws:events:[a-z0-9-]+:\$\{data\.aws_caller_identity\.account\.account_id\}:event-bus\/signin-watch$/)],
      ]);
    }
  });

  it('gives the Lambda only what its job needs: its logs, its topics and key, its dedup table, its failure queue, and what its options read', () => {
    // Act
    const lambda = found.filter(({ type, statement }) => type === 'aws_iam_role_policy' && statement.Sid !== undefined).map(({ statement }) => statement);

    // Assess
    expect(Object.fromEntries(lambda.map((s) => [asList(s.Action).join(' '), asList(s.Resource).join(' ')]))).toEqual({
      'logs:CreateLogStream logs:PutLogEvents': '${aws_cloudwatch_log_group.log-group.arn}:*',
      'sns:Publish': settings.chat === undefined ? '${aws_sns_topic.topic.arn}' : '${aws_sns_topic.topic.arn} ${aws_sns_topic.chat-topic.arn}',
      'kms:GenerateDataKey kms:Decrypt': '${aws_kms_key.topic-key.arn}',
      'dynamodb:PutItem dynamodb:UpdateItem dynamodb:DeleteItem': '${aws_dynamodb_table.dedup-table.arn}',
      'sqs:SendMessage': expect.stringMatching(/^\$\{aws_sqs_queue\.alert-failure-queue_\w+\.arn\}$/),
      ...optionGrants(settings),
    });
  });
});
