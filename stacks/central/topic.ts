import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { TerraformOutput } from 'cdktf';
import { ALERT_SEVERITIES } from '../../core/config';
import type { CentralParts } from './props';

/** The encrypted topics alerts are published to, and where signin-watch's own alarms go. */
export interface AlertTopics {
  readonly key: KmsKey;
  /** The alert topic, which the notification emails subscribe to. */
  readonly topic: SnsTopic;
  /** The chat topic for AWS Chatbot, when the config asks for chat. */
  readonly chatTopic?: SnsTopic;
  /** The config's alarm topic, else the alert topic. */
  readonly alarmTopicArn: string;
}

/** The key, the alert topic with its email subscriptions, and the chat topic. */
export function alertTopics({ stack, props, names, account }: CentralParts): AlertTopics {
  const key = new KmsKey(stack, 'topic-key', {
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
  new KmsAlias(stack, 'topic-key-alias', { name: names.alertTopicKeyAlias, targetKeyId: key.keyId });

  const topic = new SnsTopic(stack, 'topic', { name: names.alertTopic, kmsMasterKeyId: key.arn });
  const emailSeverities = props.emailSeverities ?? ALERT_SEVERITIES;
  // Alarm messages carry no severity attribute; `exists: false` lets them through the filter.
  const emailFilter =
    emailSeverities.length === ALERT_SEVERITIES.length ? {} : { filterPolicy: JSON.stringify({ severity: [...emailSeverities, { exists: false }] }), filterPolicyScope: 'MessageAttributes' };
  for (const email of props.notificationEmails) {
    new SnsTopicSubscription(stack, `email-${email}`, { topicArn: topic.arn, protocol: 'email', endpoint: email, ...emailFilter });
  }
  const chatTopic = props.chat === undefined ? undefined : new SnsTopic(stack, 'chat-topic', { name: names.chatTopic, kmsMasterKeyId: key.arn });
  if (chatTopic !== undefined) {
    new TerraformOutput(stack, 'chat-topic-arn', { value: chatTopic.arn, description: 'Subscribe an AWS Chatbot (Amazon Q Developer) channel to this topic' });
  }
  return { key, topic, chatTopic, alarmTopicArn: props.alarmTopicArn ?? topic.arn };
}
