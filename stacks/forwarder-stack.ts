import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { CONSOLE_SIGN_IN_PATTERN, eventBusArn } from '../core/event-pattern';
import { resourceNames } from '../core/names';
import { alarmStateChangePattern, queueNotEmptyAlarm, RuleAlarms } from './alarms';
import { DeadLetterQueue } from './dead-letter-queue';
import { regionalProvider } from './provider';

/**
 * EventBridge's own limits: retry for up to 24 hours and 185 attempts. A forwarder
 * uses both in full, so an outage of the home region delays alerts instead of losing them.
 */
export const TARGET_RETRY_POLICY = { maximumEventAgeInSeconds: 86_400, maximumRetryAttempts: 185 } as const;

export interface ForwarderStackProps {
  /** The region whose default bus this stack watches. */
  readonly region: string;
  /** The region of the central bus. */
  readonly homeRegion: string;
  readonly namePrefix: string;
}

/**
 * One region's forwarder: a rule on the default bus that sends console sign-ins to the
 * central bus, through a role that may do nothing else, with a dead-letter queue for
 * whatever the central bus does not accept. The region's alarms on that path cannot notify
 * a topic in another region, so a second rule forwards their state changes the same way.
 */
export class ForwarderStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: ForwarderStackProps) {
    super(scope, id);
    const names = resourceNames(props.namePrefix);
    regionalProvider(this, props.region, props.namePrefix);
    const account = new DataAwsCallerIdentity(this, 'account').accountId;
    // Built, not looked up, so that synth needs no credentials and no cross-stack state.
    const centralBusArn = eventBusArn(props.homeRegion, account, names.centralBus);

    const rule = new CloudwatchEventRule(this, 'rule', {
      name: names.forwarderRule,
      description: `Forwards console sign-ins recorded in ${props.region} to ${names.centralBus} in ${props.homeRegion}`,
      eventPattern: JSON.stringify(CONSOLE_SIGN_IN_PATTERN),
    });
    const alarmRule = new CloudwatchEventRule(this, 'alarm-rule', {
      name: names.forwarderAlarmRule,
      description: `Forwards the state changes of signin-watch's alarms in ${props.region} to ${names.centralBus} in ${props.homeRegion}`,
      eventPattern: JSON.stringify(alarmStateChangePattern(names.forwarderAlarmPrefix)),
    });
    const ruleArns = [rule.arn, alarmRule.arn];

    const role = new IamRole(this, 'role', {
      name: names.forwarderRole(props.region),
      description: `Lets the signin-watch rules in ${props.region} put events on ${names.centralBus}`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sts:AssumeRole',
            // Only these rules may use the role (confused-deputy protection).
            Condition: { ArnEquals: { 'aws:SourceArn': ruleArns } },
          },
        ],
      }),
    });
    new IamRolePolicy(this, 'role-policy', {
      role: role.name,
      name: 'put-events-on-central-bus',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: centralBusArn }],
      }),
    });

    const deadLetterQueue = new DeadLetterQueue(this, 'dead-letter-queue', { name: names.forwarderDeadLetterQueue, ruleArns });
    for (const [targetRule, id] of [
      [rule, 'target'],
      [alarmRule, 'alarm-target'],
    ] as const) {
      new CloudwatchEventTarget(this, id, {
        rule: targetRule.name,
        targetId: 'central-bus',
        arn: centralBusArn,
        roleArn: role.arn,
        deadLetterConfig: { arn: deadLetterQueue.queue.arn },
        retryPolicy: TARGET_RETRY_POLICY,
      });
    }

    // No alarm actions: a topic can only be notified in its own region, so alarm-rule carries the state changes.
    const alarm = (what: string) => names.forwarderAlarm(props.region, what);
    queueNotEmptyAlarm(this, 'dead-letter-queue-alarm', {
      name: alarm('dlq-not-empty'),
      queueName: names.forwarderDeadLetterQueue,
      holds: `sign-ins (or alarm changes) from ${props.region} that the central bus did not accept`,
      actions: [],
    });
    new RuleAlarms(this, 'rule-alarms', { namePrefix: alarm('rule'), ruleName: names.forwarderRule, actions: [] });
    new RuleAlarms(this, 'alarm-rule-alarms', { namePrefix: alarm('alarm-rule'), ruleName: names.forwarderAlarmRule, actions: [] });
  }
}
