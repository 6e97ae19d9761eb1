import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { CENTRAL_BUS_TARGET_ID, forwarderModel, forwarderTrustPolicy } from '../core/deploy/forwarder-model';
import type { ExtraSignal } from '../core/config';
import { terraformRuleState } from '../core/deploy/signal-patterns';
import { metricAlarm, RuleAlarms } from './alarms';
import { DeadLetterQueue } from './dead-letter-queue';
import { type AccountAccess, regionalProvider } from './provider';

/** A rule's target's construct id; the first rule's predates the pattern (ids are Terraform addresses). */
const targetId = (ruleId: string): string => (ruleId === 'rule' ? 'target' : ruleId.replace(/-rule$/, '-target'));

export interface ForwarderStackProps extends AccountAccess {
  /** The region whose default bus this stack watches. */
  readonly region: string;
  /** The region of the central bus. */
  readonly homeRegion: string;
  /** The account of the central bus, when it is not this one (a member account). */
  readonly centralAccountId?: string;
  /** The region whose IAM Identity Center sign-ins are forwarded (only that region's stack does it). */
  readonly identityCenterRegion?: string;
  readonly extraSignals?: readonly ExtraSignal[];
}

/**
 * One region's forwarder: a rule on the default bus that sends console sign-ins to the
 * central bus, through a role that may do nothing else, with a dead-letter queue for
 * whatever the central bus does not accept. The region's alarms on that path cannot notify
 * a topic in another region, so a second rule forwards their state changes the same way.
 * In us-east-1, where AWS delivers global-service events, a third rule forwards region
 * opt-in changes, so that a region enabled after the rollout is not silently uncovered.
 * What it contains comes from `forwarderModel`, which the StackSets template renders too.
 */
export class ForwarderStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: ForwarderStackProps) {
    super(scope, id);
    regionalProvider(this, props.region, props);
    const model = forwarderModel({
      ...props,
      // Built, not looked up, so that synth needs no credentials and no cross-stack state.
      centralAccount: props.centralAccountId ?? new DataAwsCallerIdentity(this, 'account').accountId,
    });

    const rules = model.rules.map(
      (spec) =>
        [spec, new CloudwatchEventRule(this, spec.id, { name: spec.name, description: spec.description, eventPattern: JSON.stringify(spec.pattern), ...terraformRuleState(spec.state) })] as const,
    );
    const ruleArns = rules.map(([, rule]) => rule.arn);

    const role = new IamRole(this, 'role', { name: model.role.name, description: model.role.description, assumeRolePolicy: JSON.stringify(forwarderTrustPolicy(ruleArns)) });
    new IamRolePolicy(this, 'role-policy', { role: role.name, name: model.role.policyName, policy: JSON.stringify(model.role.policy) });

    const deadLetterQueue = new DeadLetterQueue(this, 'dead-letter-queue', { name: model.deadLetterQueue.name, ruleArns });
    for (const [spec, rule] of rules) {
      new CloudwatchEventTarget(this, targetId(spec.id), {
        rule: rule.name,
        targetId: CENTRAL_BUS_TARGET_ID,
        arn: model.centralBusArn,
        roleArn: role.arn,
        deadLetterConfig: { arn: deadLetterQueue.queue.arn },
        retryPolicy: model.retryPolicy,
      });
    }

    // No alarm actions: a topic can only be notified in its own region, so alarm-rule carries the state changes.
    metricAlarm(this, 'dead-letter-queue-alarm', model.deadLetterQueue.alarm, []);
    for (const [spec] of rules) {
      new RuleAlarms(this, `${spec.id}-alarms`, { alarms: spec.alarms, actions: [] });
    }
  }
}
