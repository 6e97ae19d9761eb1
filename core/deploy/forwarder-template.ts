import type { AlarmSpec } from './alarms';
import { ANY_ABOVE_ZERO } from './alarms';
import { CENTRAL_BUS_TARGET_ID, deadLetterQueuePolicy, type ForwardedRule, type ForwarderModel, forwarderTrustPolicy } from './forwarder-model';

/** CloudFormation's logical id for a model id: `alarm-rule` becomes `AlarmRule`. */
const logicalId = (id: string): string => id.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());

/**
 * A rule's ARN, built rather than read with Fn::GetAtt: the role trusts the rules and the
 * rules name the role, and CloudFormation refuses such a cycle.
 */
const ruleArn = (name: string) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/${name}` });

function alarm(spec: AlarmSpec) {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: spec.name,
      AlarmDescription: spec.description,
      Namespace: spec.namespace,
      MetricName: spec.metricName,
      Dimensions: Object.entries(spec.dimensions).map(([Name, Value]) => ({ Name, Value })),
      Statistic: spec.statistic,
      Period: ANY_ABOVE_ZERO.period,
      EvaluationPeriods: ANY_ABOVE_ZERO.evaluationPeriods,
      Threshold: ANY_ABOVE_ZERO.threshold,
      ComparisonOperator: ANY_ABOVE_ZERO.comparisonOperator,
      TreatMissingData: ANY_ABOVE_ZERO.treatMissingData,
      // No actions: a topic can only be notified in its own region; the alarm rule carries the state changes.
    },
  };
}

function rule(spec: ForwardedRule, model: ForwarderModel) {
  return {
    Type: 'AWS::Events::Rule',
    Properties: {
      Name: spec.name,
      Description: spec.description,
      EventPattern: spec.pattern,
      State: spec.state,
      Targets: [
        {
          Id: CENTRAL_BUS_TARGET_ID,
          Arn: model.centralBusArn,
          RoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } },
          RetryPolicy: { MaximumEventAgeInSeconds: model.retryPolicy.maximumEventAgeInSeconds, MaximumRetryAttempts: model.retryPolicy.maximumRetryAttempts },
        },
      ],
    },
  };
}

/**
 * The forwarder of one region as a CloudFormation template, for a StackSets stack set
 * that deploys it to every account of the organization: the same rules, role, queue and
 * alarms as the cdktf `ForwarderStack`, rendered from the same `forwarderModel`.
 */
export function forwarderTemplate(model: ForwarderModel): Record<string, unknown> {
  const ruleArns = model.rules.map((spec) => ruleArn(spec.name));
  const resources: Record<string, unknown> = {
    Role: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: model.role.name,
        Description: model.role.description,
        AssumeRolePolicyDocument: forwarderTrustPolicy(ruleArns),
        Policies: [{ PolicyName: model.role.policyName, PolicyDocument: model.role.policy }],
      },
    },
    DeadLetterQueue: {
      Type: 'AWS::SQS::Queue',
      Properties: { QueueName: model.deadLetterQueue.name, MessageRetentionPeriod: model.deadLetterQueue.retentionSeconds, SqsManagedSseEnabled: true },
    },
    DeadLetterQueuePolicy: {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: { Queues: [{ Ref: 'DeadLetterQueue' }], PolicyDocument: deadLetterQueuePolicy({ 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] }, ruleArns) },
    },
    DeadLetterQueueAlarm: alarm(model.deadLetterQueue.alarm),
  };
  for (const spec of model.rules) {
    resources[logicalId(spec.id)] = rule(spec, model);
    resources[`${logicalId(spec.id)}FailedInvocationsAlarm`] = alarm(spec.alarms.failedInvocations);
    resources[`${logicalId(spec.id)}DlqSendFailuresAlarm`] = alarm(spec.alarms.dlqSendFailures);
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `signin-watch forwarder for ${model.region}: console sign-ins (and signin-watch's alarm changes) to ${model.centralBusArn}`,
    Resources: resources,
  };
}
