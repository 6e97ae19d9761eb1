import { functionAlarmSpecs, ruleAlarmSpecs } from '../../core/deploy/alarms';
import { metricAlarm, queueNotEmptyAlarm, RuleAlarms } from '../alarms';
import type { CentralRoutes } from './bus';
import type { CentralParts } from './props';

/**
 * The home region's alarms: its two queues, the Lambda, and each central rule's deliveries.
 * They notify the alarm topic directly; the forwarders' arrive through the alarm rule.
 */
export function centralAlarms({ stack, names }: CentralParts, routes: CentralRoutes, alarmTopicArn: string): void {
  const alarmActions = [alarmTopicArn];
  queueNotEmptyAlarm(stack, 'rule-dead-letter-queue-alarm', {
    name: names.centralAlarm('dlq-not-empty'),
    queueName: names.centralDeadLetterQueue,
    holds: 'sign-ins (or alarm changes) that could not be handed to the Lambda (or the topic)',
    actions: alarmActions,
  });
  queueNotEmptyAlarm(stack, 'alert-failure-queue-alarm', {
    name: names.centralAlarm('alert-failures-not-empty'),
    queueName: names.alertFailureQueue,
    holds: 'sign-ins the Lambda failed on after its retries',
    actions: alarmActions,
  });
  for (const [what, spec] of Object.entries(functionAlarmSpecs(names.centralAlarm, names.alertFunction, names.alertFailureQueue))) {
    metricAlarm(stack, `${what}-alarm`, spec, alarmActions);
  }
  for (const { id, name } of [...routes.signalRules, routes.alarmRule]) {
    new RuleAlarms(stack, `${id}-alarms`, { alarms: ruleAlarmSpecs(names.centralAlarm(id), name, names.centralBus), actions: alarmActions });
  }
}
