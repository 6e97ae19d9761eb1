import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { resourceNames } from '../core/deploy/names';
import { alertFunction } from './central/alert-function';
import { centralAlarms } from './central/central-alarms';
import { alarmRoute, centralBus, centralRoutes } from './central/bus';
import type { CentralParts, CentralStackProps } from './central/props';
import { alertTopics } from './central/topic';
import { regionalProvider } from './provider';

export { LAMBDA_ASYNC_RETRY, webhookUrlResources } from './central/alert-function';
export type { CentralStackProps } from './central/props';

/**
 * The home region's half: the central bus that every forwarder targets, and the
 * Lambda behind it that evaluates each sign-in and publishes alerts to an encrypted
 * SNS topic, once per sign-in. Every hop that can fail keeps what failed in a queue
 * and has an alarm that reaches a person.
 *
 * Its parts (stacks/central/) create their resources in this stack's own scope, in this
 * order, under the construct ids they have always had: the Terraform addresses, and the
 * synthesized JSON, are those of the one constructor they were cut from.
 */
export class CentralStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: CentralStackProps) {
    super(scope, id);
    regionalProvider(this, props.homeRegion, props);
    const account = new DataAwsCallerIdentity(this, 'account').accountId;
    const parts: CentralParts = { stack: this, props, names: resourceNames(props.namePrefix), account };

    const bus = centralBus(parts);
    const topics = alertTopics(parts);
    const routes = centralRoutes(parts, bus);
    alarmRoute(parts, bus, topics, routes);
    alertFunction(parts, topics, routes, bus);
    centralAlarms(parts, routes, topics.alarmTopicArn);
  }
}
