import { CloudwatchEventBus } from '@cdktf/provider-aws/lib/cloudwatch-event-bus';
import { CloudwatchEventBusPolicy } from '@cdktf/provider-aws/lib/cloudwatch-event-bus-policy';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { AssetType, TerraformAsset, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { CONSOLE_SIGN_IN_PATTERN } from '../core/event-pattern';
import { resourceNames } from '../core/names';
import { DeadLetterQueue } from './dead-letter-queue';
import { TARGET_RETRY_POLICY } from './forwarder-stack';
import { regionalProvider } from './provider';

/** Lambda's own async retries (0 to 2) and event age (60 s to 6 h): both at their maximum. */
export const LAMBDA_ASYNC_RETRY = { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 21_600 } as const;

export interface CentralStackProps {
  readonly homeRegion: string;
  readonly namePrefix: string;
  /** When set, the central bus accepts events from every account of this organization. */
  readonly organizationId?: string;
  readonly notificationEmails: readonly string[];
  readonly logRetentionDays: number;
  /** A folder holding the bundled handler (`index.js`) and its `allowlist.json`. */
  readonly lambdaPackagePath: string;
}

/**
 * The home region's half: the central bus that every forwarder targets, and the
 * Lambda behind it that evaluates each sign-in and publishes alerts to an encrypted
 * SNS topic. Every hop that can fail keeps what failed in a queue.
 */
export class CentralStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: CentralStackProps) {
    super(scope, id);
    const names = resourceNames(props.namePrefix);
    regionalProvider(this, props.homeRegion, props.namePrefix);
    const account = new DataAwsCallerIdentity(this, 'account').accountId;

    const bus = new CloudwatchEventBus(this, 'bus', { name: names.centralBus });
    new CloudwatchEventBusPolicy(this, 'bus-policy', {
      eventBusName: bus.name,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          props.organizationId === undefined
            ? { Sid: 'ThisAccountPutsEvents', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'events:PutEvents', Resource: bus.arn }
            : {
                Sid: 'OrganizationPutsEvents',
                Effect: 'Allow',
                // "*" is narrowed by the condition to principals of this organization: the
                // form AWS documents for organization-wide event buses.
                Principal: '*',
                Action: 'events:PutEvents',
                Resource: bus.arn,
                Condition: { StringEquals: { 'aws:PrincipalOrgID': props.organizationId } },
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
        ],
      }),
    });
    new KmsAlias(this, 'topic-key-alias', { name: names.alertTopicKeyAlias, targetKeyId: key.keyId });

    const topic = new SnsTopic(this, 'topic', { name: names.alertTopic, kmsMasterKeyId: key.arn });
    for (const email of props.notificationEmails) {
      new SnsTopicSubscription(this, `email-${email}`, { topicArn: topic.arn, protocol: 'email', endpoint: email });
    }

    const rule = new CloudwatchEventRule(this, 'rule', {
      name: names.centralRule,
      description: 'Sends console sign-ins arriving on the central bus to the alert Lambda',
      eventBusName: bus.name,
      eventPattern: JSON.stringify(CONSOLE_SIGN_IN_PATTERN),
    });
    const ruleDeadLetterQueue = new DeadLetterQueue(this, 'rule-dead-letter-queue', { name: names.centralDeadLetterQueue, ruleArn: rule.arn });
    const failureQueue = new DeadLetterQueue(this, 'alert-failure-queue', { name: names.alertFailureQueue });

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
          { Sid: 'PublishAlerts', Effect: 'Allow', Action: 'sns:Publish', Resource: topic.arn },
          { Sid: 'EncryptForTopic', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: key.arn },
          { Sid: 'KeepFailedEvents', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: failureQueue.queue.arn },
        ],
      }),
    });

    const asset = new TerraformAsset(this, 'alert-package', { path: props.lambdaPackagePath, type: AssetType.ARCHIVE });
    const alertFunction = new LambdaFunction(this, 'alert-function', {
      functionName: names.alertFunction,
      description: 'Evaluates console sign-ins against the allowlist and publishes alerts',
      role: role.arn,
      // nodejs22.x is the newest runtime AWS provider 5.100 accepts.
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      filename: asset.path,
      sourceCodeHash: asset.assetHash,
      memorySize: 256,
      timeout: 10,
      environment: { variables: { TOPIC_ARN: topic.arn } },
      // The log group must exist first, or Lambda creates its own without a retention.
      dependsOn: [logGroup],
    });
    new LambdaFunctionEventInvokeConfig(this, 'alert-invoke-config', {
      functionName: alertFunction.functionName,
      ...LAMBDA_ASYNC_RETRY,
      destinationConfig: { onFailure: { destination: failureQueue.queue.arn } },
    });
    new LambdaPermission(this, 'alert-permission', {
      statementId: 'InvokeFromCentralRule',
      action: 'lambda:InvokeFunction',
      functionName: alertFunction.functionName,
      principal: 'events.amazonaws.com',
      sourceArn: rule.arn,
    });
    new CloudwatchEventTarget(this, 'rule-target', {
      rule: rule.name,
      eventBusName: bus.name,
      targetId: 'alert-function',
      arn: alertFunction.arn,
      deadLetterConfig: { arn: ruleDeadLetterQueue.queue.arn },
      retryPolicy: TARGET_RETRY_POLICY,
    });
  }
}
