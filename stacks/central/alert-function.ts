import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { AssetType, TerraformAsset } from 'cdktf';
import { ALERT_FUNCTION } from '../../core/deploy/alert-function';
import { TARGET_RETRY_POLICY } from '../../core/deploy/forwarder-model';
import { DeadLetterQueue } from '../dead-letter-queue';
import type { CentralRoutes } from './bus';
import type { CentralParts } from './props';
import type { AlertTopics } from './topic';

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

/**
 * The Lambda that evaluates each sign-in and publishes alerts, once per sign-in (its dedup
 * table), with its log group, role and failure queue; and the targets that hand it each
 * signal rule's events.
 */
export function alertFunction(parts: CentralParts, topics: AlertTopics, routes: CentralRoutes, bus: { readonly name: string }): LambdaFunction {
  const { stack, props, names, account } = parts;
  const { key, topic, chatTopic } = topics;
  const failureQueue = new DeadLetterQueue(stack, 'alert-failure-queue', { name: names.alertFailureQueue });

  const dedupTable = new DynamodbTable(stack, 'dedup-table', {
    name: names.dedupTable,
    billingMode: 'PAY_PER_REQUEST',
    hashKey: 'id',
    attribute: [{ name: 'id', type: 'S' }],
    ttl: { attributeName: 'expiresAt', enabled: true },
  });

  const logGroup = new CloudwatchLogGroup(stack, 'log-group', {
    name: `/aws/lambda/${names.alertFunction}`,
    retentionInDays: props.logRetentionDays,
  });

  const role = new IamRole(stack, 'alert-role', {
    name: names.alertFunctionRole,
    assumeRolePolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    }),
  });
  new IamRolePolicy(stack, 'alert-role-policy', {
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

  const asset = new TerraformAsset(stack, 'alert-package', { path: props.lambdaPackagePath, type: AssetType.FILE });
  const alertFunction = new LambdaFunction(stack, 'alert-function', {
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
  new LambdaFunctionEventInvokeConfig(stack, 'alert-invoke-config', {
    functionName: alertFunction.functionName,
    ...LAMBDA_ASYNC_RETRY,
    destinationConfig: { onFailure: { destination: failureQueue.queue.arn } },
  });
  for (const { id, rule } of routes.signalRules) {
    // The first rule's ids predate the others' pattern; ids are Terraform addresses.
    const stem = id === 'rule' ? undefined : id.replace(/-rule$/, '');
    new LambdaPermission(stack, stem === undefined ? 'alert-permission' : `${stem}-permission`, {
      statementId: stem === undefined ? 'InvokeFromCentralRule' : `InvokeFrom${stem.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase())}Rule`,
      action: 'lambda:InvokeFunction',
      functionName: alertFunction.functionName,
      principal: 'events.amazonaws.com',
      sourceArn: rule.arn,
    });
    new CloudwatchEventTarget(stack, stem === undefined ? 'rule-target' : `${stem}-target`, {
      rule: rule.name,
      eventBusName: bus.name,
      targetId: 'alert-function',
      arn: alertFunction.arn,
      deadLetterConfig: { arn: routes.ruleDeadLetterQueue.queue.arn },
      retryPolicy: TARGET_RETRY_POLICY,
    });
  }
  return alertFunction;
}
