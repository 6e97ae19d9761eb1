import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { CONSOLE_SIGN_IN_PATTERN, eventBusArn, REGION_CHANGE_PATTERN } from '../core/event-pattern';
import { resourceNames } from '../core/names';
import { GLOBAL_SIGN_IN_REGION } from '../core/regions';
import { alarmStateChangePattern, queueNotEmptyAlarm, RuleAlarms } from './alarms';
import { DeadLetterQueue } from './dead-letter-queue';
import { type AccountAccess, regionalProvider } from './provider';

/**
 * EventBridge's own limits: retry for up to 24 hours and 185 attempts. A forwarder
 * uses both in full, so an outage of the home region delays alerts instead of losing them.
 */
export const TARGET_RETRY_POLICY = { maximumEventAgeInSeconds: 86_400, maximumRetryAttempts: 185 } as const;

export interface ForwarderStackProps extends AccountAccess {
  /** The region whose default bus this stack watches. */
  readonly region: string;
  /** The region of the central bus. */
  readonly homeRegion: string;
  /** The account of the central bus, when it is not this one (a member account). */
  readonly centralAccountId?: string;
}

/**
 * One region's forwarder: a rule on the default bus that sends console sign-ins to the
 * central bus, through a role that may do nothing else, with a dead-letter queue for
 * whatever the central bus does not accept. The region's alarms on that path cannot notify
 * a topic in another region, so a second rule forwards their state changes the same way.
 * In us-east-1, where AWS delivers global-service events, a third rule forwards region
 * opt-in changes, so that a region enabled after the rollout is not silently uncovered.
 */
export class ForwarderStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: ForwarderStackProps) {
    super(scope, id);
    const names = resourceNames(props.namePrefix);
    regionalProvider(this, props.region, props);
    const centralAccount = props.centralAccountId ?? new DataAwsCallerIdentity(this, 'account').accountId;
    // Built, not looked up, so that synth needs no credentials and no cross-stack state.
    const centralBusArn = eventBusArn(props.homeRegion, centralAccount, names.centralBus);
    const towards = `${names.centralBus} in ${props.homeRegion}${props.centralAccountId === undefined ? '' : ` of account ${props.centralAccountId}`}`;

    const rule = new CloudwatchEventRule(this, 'rule', {
      name: names.forwarderRule,
      description: `Forwards console sign-ins recorded in ${props.region} to ${towards}`,
      eventPattern: JSON.stringify(CONSOLE_SIGN_IN_PATTERN),
    });
    const alarmRule = new CloudwatchEventRule(this, 'alarm-rule', {
      name: names.forwarderAlarmRule,
      description: `Forwards the state changes of signin-watch's alarms in ${props.region} to ${towards}`,
      eventPattern: JSON.stringify(alarmStateChangePattern(names.forwarderAlarmPrefix)),
    });
    const regionChangeRule =
      props.region === GLOBAL_SIGN_IN_REGION
        ? new CloudwatchEventRule(this, 'region-change-rule', {
            name: names.forwarderRegionChangeRule,
            description: `Forwards region opt-in changes of this account to ${towards}`,
            eventPattern: JSON.stringify(REGION_CHANGE_PATTERN),
          })
        : undefined;
    const rules = regionChangeRule === undefined ? [rule, alarmRule] : [rule, alarmRule, regionChangeRule];
    const ruleArns = rules.map((forwarded) => forwarded.arn);

    const role = new IamRole(this, 'role', {
      name: names.forwarderRole(props.region),
      description: `Lets the signin-watch rules in ${props.region} put events on ${towards}`,
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
    const targets: Array<[CloudwatchEventRule, string]> = [
      [rule, 'target'],
      [alarmRule, 'alarm-target'],
    ];
    if (regionChangeRule !== undefined) targets.push([regionChangeRule, 'region-change-target']);
    for (const [targetRule, id] of targets) {
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
    if (regionChangeRule !== undefined) {
      new RuleAlarms(this, 'region-change-rule-alarms', { namePrefix: alarm('region-change-rule'), ruleName: names.forwarderRegionChangeRule, actions: [] });
    }
  }
}
