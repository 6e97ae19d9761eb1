import { CloudwatchEventBus } from '@cdktf/provider-aws/lib/cloudwatch-event-bus';
import { CloudwatchEventBusPolicy } from '@cdktf/provider-aws/lib/cloudwatch-event-bus-policy';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { AssetType, TerraformAsset, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { ALERT_FUNCTION } from '../core/alert-function';
import { TARGET_RETRY_POLICY } from '../core/forwarder-model';
import { ALERT_SEVERITIES, type AlertSeverity } from '../core/config';
import { resourceNames } from '../core/names';
import { activeSignals, centralBusSources } from '../core/signal-catalogue';
import { type ExtraSignal, terraformRuleState } from '../core/signals';
import { functionAlarmSpecs, ruleAlarmSpecs } from '../core/alarms';
import { metricAlarm, queueNotEmptyAlarm, RuleAlarms } from './alarms';
import { DeadLetterQueue } from './dead-letter-queue';
import { type AccountAccess, regionalProvider } from './provider';

/**
 * The IAM resources that match the webhook URL's secret or parameter. A Secrets Manager ARN
 * ends in a hyphen and six random characters that a partial ARN (the name only) lacks; IAM
 * matches the ARN literally, so a partial ARN needs `-??????`, the form the Secrets Manager
 * User Guide gives for granting a secret by name ("Permissions policy examples"). A name
 * that itself ends in a hyphen and six characters cannot be told from a full ARN, so then
 * both are granted; the second form can then match only a secret named like this one's full
 * name with a suffix of its own.
 */
export function webhookUrlResources(arn: string): string | string[] {
  if (!arn.startsWith('arn:aws:secretsmanager:')) return arn;
  return /-[A-Za-z0-9]{6}$/.test(arn) ? [arn, `${arn}-??????`] : `${arn}-??????`;
}

/** Lambda's own async retries (0 to 2) and event age (60 s to 6 h): both at their maximum. */
export const LAMBDA_ASYNC_RETRY = { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 21_600 } as const;

export interface CentralStackProps extends AccountAccess {
  readonly homeRegion: string;
  /** When set, the central bus accepts events from every account of this organization. */
  readonly organizationId?: string;
  readonly notificationEmails: readonly string[];
  readonly logRetentionDays: number;
  /** An existing topic for signin-watch's own alarms; by default the alert topic. */
  readonly alarmTopicArn?: string;
  /** Severities mailed; unset or all four means no filter. */
  readonly emailSeverities?: readonly AlertSeverity[];
  /** When set, a chat topic for AWS Chatbot. */
  readonly chat?: { readonly severities: readonly AlertSeverity[] };
  /** When set, the Lambda may read the webhook URL from this secret or parameter. */
  readonly webhook?: { readonly urlSecretArn: string };
  /** When set, the Lambda may read the allowlist from this SSM parameter. */
  readonly allowlistParameter?: string;
  /** The region whose Identity Center sign-ins arrive, if any: the central bus then routes them. */
  readonly identityCenterRegion?: string;
  readonly extraSignals?: readonly ExtraSignal[];
  /** The Lambda's zip: the bundled handler (`index.js`) and its `settings.json`. */
  readonly lambdaPackagePath: string;
}

/**
 * The home region's half: the central bus that every forwarder targets, and the
 * Lambda behind it that evaluates each sign-in and publishes alerts to an encrypted
 * SNS topic, once per sign-in. Every hop that can fail keeps what failed in a queue
 * and has an alarm that reaches a person.
 */
export class CentralStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: CentralStackProps) {
    super(scope, id);
    const names = resourceNames(props.namePrefix);
    regionalProvider(this, props.homeRegion, props);
    const account = new DataAwsCallerIdentity(this, 'account').accountId;

    const bus = new CloudwatchEventBus(this, 'bus', { name: names.centralBus });
    const signals = { identityCenterRegion: props.identityCenterRegion, extraSignals: props.extraSignals ?? [] };
    // Nobody may fill the central bus with arbitrary events: only the sources signin-watch
    // forwards. events:source is multivalued (one value per entry of a PutEvents call), so it
    // takes a set operator: a plain StringEquals never matches it and the statement would
    // admit nothing, as AWS's example for this policy shows ("Example policy: Send events to
    // a custom bus in a different account"). No Null guard: whether EventBridge sets the key
    // when a rule forwards bus to bus is not documented, and a guard would then drop every
    // forwarded sign-in.
    const onlyForwardedSources = { 'ForAllValues:StringEquals': { 'events:source': centralBusSources(signals) } };
    new CloudwatchEventBusPolicy(this, 'bus-policy', {
      eventBusName: bus.name,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          props.organizationId === undefined
            ? {
                Sid: 'ThisAccountPutsEvents',
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${account}:root` },
                Action: 'events:PutEvents',
                Resource: bus.arn,
                Condition: onlyForwardedSources,
              }
            : {
                Sid: 'OrganizationPutsEvents',
                Effect: 'Allow',
                // "*" is narrowed by the condition to principals of this organization: the
                // form AWS documents for organization-wide event buses.
                Principal: '*',
                Action: 'events:PutEvents',
                Resource: bus.arn,
                Condition: { ...onlyForwardedSources, StringEquals: { 'aws:PrincipalOrgID': props.organizationId } },
              },
        ],
      }),
    });

    const key = new KmsKey(this, 'topic-key', {
      description: `Encrypts the ${names.alertTopic} topic`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AccountAdministersKeyThroughIam',
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${account}:root` },
            Action: 'kms:*',
            // In a key policy "*" means this key; the account root delegates use to IAM policies.
            Resource: '*',
          },
          {
            Sid: 'AlarmsPublishToEncryptedTopic',
            Effect: 'Allow',
            Principal: { Service: ['events.amazonaws.com', 'cloudwatch.amazonaws.com'] },
            Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
            // In a key policy "*" means this key.
            Resource: '*',
            Condition: { StringEquals: { 'aws:SourceAccount': account } },
          },
        ],
      }),
    });
    new KmsAlias(this, 'topic-key-alias', { name: names.alertTopicKeyAlias, targetKeyId: key.keyId });

    const topic = new SnsTopic(this, 'topic', { name: names.alertTopic, kmsMasterKeyId: key.arn });
    const emailSeverities = props.emailSeverities ?? ALERT_SEVERITIES;
    // Alarm messages carry no severity attribute; `exists: false` lets them through the filter.
    const emailFilter = emailSeverities.length === ALERT_SEVERITIES.length ? {} : { filterPolicy: JSON.stringify({ severity: [...emailSeverities, { exists: false }] }), filterPolicyScope: 'MessageAttributes' };
    for (const email of props.notificationEmails) {
      new SnsTopicSubscription(this, `email-${email}`, { topicArn: topic.arn, protocol: 'email', endpoint: email, ...emailFilter });
    }
    const chatTopic = props.chat === undefined ? undefined : new SnsTopic(this, 'chat-topic', { name: names.chatTopic, kmsMasterKeyId: key.arn });
    if (chatTopic !== undefined) {
      new TerraformOutput(this, 'chat-topic-arn', { value: chatTopic.arn, description: 'Subscribe an AWS Chatbot (Amazon Q Developer) channel to this topic' });
    }
    const alarmTopicArn = props.alarmTopicArn ?? topic.arn;
    const alarmActions = [alarmTopicArn];

    // One rule per signal, so that each has its own failure alarms; alarm state changes go to the topic, the others to the Lambda.
    const rules = activeSignals(signals).map((signal) => {
      const name = signal.centralRuleName(names);
      const description = signal.judge === 'alarm-topic' ? `Sends ${signal.what} to the alarm topic` : `Sends ${signal.what} arriving on the central bus to the alert Lambda`;
      const state = signal.judge === 'alarm-topic' ? {} : terraformRuleState(signal.state);
      return { id: signal.id, name, toTopic: signal.judge === 'alarm-topic', rule: new CloudwatchEventRule(this, signal.id, { name, description, eventBusName: bus.name, eventPattern: JSON.stringify(signal.pattern(names)), ...state }) };
    });
    const signalRules = rules.filter(({ toTopic }) => !toTopic);
    const alarmRule = (rules.find(({ toTopic }) => toTopic) as (typeof rules)[number]).rule;
    const ruleDeadLetterQueue = new DeadLetterQueue(this, 'rule-dead-letter-queue', {
      name: names.centralDeadLetterQueue,
      ruleArns: [...signalRules.map(({ rule }) => rule.arn), alarmRule.arn],
    });
    const failureQueue = new DeadLetterQueue(this, 'alert-failure-queue', { name: names.alertFailureQueue });

    if (props.alarmTopicArn === undefined) {
      new SnsTopicPolicy(this, 'topic-policy', {
        arn: topic.arn,
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'ForwardedAlarms',
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sns:Publish',
              Resource: topic.arn,
              Condition: { ArnEquals: { 'aws:SourceArn': alarmRule.arn } },
            },
            {
              Sid: 'CentralAlarms',
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: 'sns:Publish',
              Resource: topic.arn,
              Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:${props.homeRegion}:${account}:alarm:${names.centralAlarm('*')}` } },
            },
          ],
        }),
      });
    }
    new CloudwatchEventTarget(this, 'alarm-rule-target', {
      rule: alarmRule.name,
      eventBusName: bus.name,
      targetId: 'alarm-topic',
      arn: alarmTopicArn,
      deadLetterConfig: { arn: ruleDeadLetterQueue.queue.arn },
      retryPolicy: TARGET_RETRY_POLICY,
      inputTransformer: {
        inputPaths: { alarm: '$.detail.alarmName', state: '$.detail.state.value', reason: '$.detail.state.reason', region: '$.region', account: '$.account' },
        inputTemplate: '"signin-watch alarm <alarm> is <state> in <region>, account <account>. <reason> What to do: see Runbook in the signin-watch README."',
      },
    });

    const dedupTable = new DynamodbTable(this, 'dedup-table', {
      name: names.dedupTable,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: 'id',
      attribute: [{ name: 'id', type: 'S' }],
      ttl: { attributeName: 'expiresAt', enabled: true },
    });

    const logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: `/aws/lambda/${names.alertFunction}`,
      retentionInDays: props.logRetentionDays,
    });

    const role = new IamRole(this, 'alert-role', {
      name: names.alertFunctionRole,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    });
    new IamRolePolicy(this, 'alert-role-policy', {
      role: role.name,
      name: 'publish-alerts',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'WriteOwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${logGroup.arn}:*` },
          { Sid: 'PublishAlerts', Effect: 'Allow', Action: 'sns:Publish', Resource: chatTopic === undefined ? topic.arn : [topic.arn, chatTopic.arn] },
          { Sid: 'EncryptForTopic', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: key.arn },
          { Sid: 'DeduplicateAlerts', Effect: 'Allow', Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], Resource: dedupTable.arn },
          { Sid: 'KeepFailedEvents', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: failureQueue.queue.arn },
          ...(props.allowlistParameter === undefined
            ? []
            : [{ Sid: 'ReadAllowlist', Effect: 'Allow', Action: 'ssm:GetParameter', Resource: `arn:aws:ssm:${props.homeRegion}:${account}:parameter/${props.allowlistParameter.replace(/^\//, '')}` }]),
          ...(props.webhook === undefined
            ? []
            : [
                {
                  Sid: 'ReadWebhookUrl',
                  Effect: 'Allow',
                  Action: props.webhook.urlSecretArn.startsWith('arn:aws:ssm:') ? 'ssm:GetParameter' : 'secretsmanager:GetSecretValue',
                  Resource: webhookUrlResources(props.webhook.urlSecretArn),
                },
              ]),
        ],
      }),
    });

    const asset = new TerraformAsset(this, 'alert-package', { path: props.lambdaPackagePath, type: AssetType.FILE });
    const alertFunction = new LambdaFunction(this, 'alert-function', {
      functionName: names.alertFunction,
      description: 'Evaluates console sign-ins against the allowlist and publishes alerts',
      role: role.arn,
      // nodejs22.x is the newest runtime AWS provider 5.100 accepts.
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      filename: asset.path,
      sourceCodeHash: asset.assetHash,
      memorySize: ALERT_FUNCTION.memoryMb,
      timeout: ALERT_FUNCTION.timeoutSeconds,
      // No reserved concurrency: reserving any lowers the account's unreserved pool, and AWS
      // refuses it outright in accounts whose limit is the new-account 10. Sign-ins are rare,
      // a throttled invocation is retried by Lambda for 6 hours, and the throttle alarm fires.
      environment: { variables: { TOPIC_ARN: topic.arn, DEDUP_TABLE: dedupTable.name, ...(chatTopic === undefined ? {} : { CHAT_TOPIC_ARN: chatTopic.arn }) } },
      // The log group must exist first, or Lambda creates its own without a retention.
      dependsOn: [logGroup],
    });
    new LambdaFunctionEventInvokeConfig(this, 'alert-invoke-config', {
      functionName: alertFunction.functionName,
      ...LAMBDA_ASYNC_RETRY,
      destinationConfig: { onFailure: { destination: failureQueue.queue.arn } },
    });
    for (const { id, rule } of signalRules) {
      // The first rule's ids predate the others' pattern; ids are Terraform addresses.
      const stem = id === 'rule' ? undefined : id.replace(/-rule$/, '');
      new LambdaPermission(this, stem === undefined ? 'alert-permission' : `${stem}-permission`, {
        statementId: stem === undefined ? 'InvokeFromCentralRule' : `InvokeFrom${stem.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase())}Rule`,
        action: 'lambda:InvokeFunction',
        functionName: alertFunction.functionName,
        principal: 'events.amazonaws.com',
        sourceArn: rule.arn,
      });
      new CloudwatchEventTarget(this, stem === undefined ? 'rule-target' : `${stem}-target`, {
        rule: rule.name,
        eventBusName: bus.name,
        targetId: 'alert-function',
        arn: alertFunction.arn,
        deadLetterConfig: { arn: ruleDeadLetterQueue.queue.arn },
        retryPolicy: TARGET_RETRY_POLICY,
      });
    }

    // The home region's alarms notify the topic directly; the forwarders' arrive through alarm-rule.
    queueNotEmptyAlarm(this, 'rule-dead-letter-queue-alarm', {
      name: names.centralAlarm('dlq-not-empty'),
      queueName: names.centralDeadLetterQueue,
      holds: 'sign-ins (or alarm changes) that could not be handed to the Lambda (or the topic)',
      actions: alarmActions,
    });
    queueNotEmptyAlarm(this, 'alert-failure-queue-alarm', {
      name: names.centralAlarm('alert-failures-not-empty'),
      queueName: names.alertFailureQueue,
      holds: 'sign-ins the Lambda failed on after its retries',
      actions: alarmActions,
    });
    for (const [what, spec] of Object.entries(functionAlarmSpecs(names.centralAlarm, names.alertFunction, names.alertFailureQueue))) {
      metricAlarm(this, `${what}-alarm`, spec, alarmActions);
    }
    for (const { id, name } of [...signalRules, ...rules.filter(({ toTopic }) => toTopic)]) {
      new RuleAlarms(this, `${id}-alarms`, { alarms: ruleAlarmSpecs(names.centralAlarm(id), name, names.centralBus), actions: alarmActions });
    }
  }
}
