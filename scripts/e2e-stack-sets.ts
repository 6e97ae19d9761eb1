import { join } from 'node:path';
import { CloudFormationClient, ListStackInstancesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeRuleCommand, EventBridgeClient, ListTargetsByRuleCommand, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateAccountCommand, CreateOrganizationalUnitCommand, CreateOrganizationCommand, ListRootsCommand, MoveAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { SQSClient } from '@aws-sdk/client-sqs';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { ACCOUNT, CONFIG, CREDENTIALS, HOME_REGION, NAMES } from './e2e-config';
import { DETAIL_TYPE, record } from './e2e-events';
import { createQueue, overrideForMoto, receiveAll } from './e2e-moto';
import type { E2eReport } from './e2e-report';
import { run, stackDir, synthesize, type TerraformTools, terraformInit } from './terraform';

/** The StackSets regions: two, the home region (with the region-change rule) and another. */
const STACK_SET_REGIONS = [HOME_REGION, 'eu-west-1'];

/**
 * The organization scenario: an organization with an OU of two member accounts in moto, the
 * organization stack applied with Terraform from the management (here also central)
 * account, then the stack instances' forwarders checked in each member account and
 * region, and a sign-in from each shown to reach the central bus.
 */
export async function exerciseStackSets(report: E2eReport, tools: TerraformTools, workDir: string, endpoint: string): Promise<void> {
  const client = { region: HOME_REGION, endpoint, credentials: CREDENTIALS };
  const organizations = new OrganizationsClient(client);
  const { Organization } = await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const root = (await organizations.send(new ListRootsCommand({}))).Roots?.[0]?.Id as string;
  const ou = (await organizations.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: 'workloads' }))).OrganizationalUnit?.Id as string;
  const members: string[] = [];
  for (const name of ['workload-a', 'workload-b']) {
    const id = (await organizations.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }))).CreateAccountStatus?.AccountId as string;
    await organizations.send(new MoveAccountCommand({ AccountId: id, SourceParentId: root, DestinationParentId: ou }));
    members.push(id);
  }
  report.check(members.length === 2 && ou !== undefined, `moto: organization ${Organization?.Id} with OU ${ou} holding member accounts ${members.join(' and ')}`);

  const config = {
    ...CONFIG,
    regions: STACK_SET_REGIONS,
    organizationId: Organization?.Id,
    centralAccountId: ACCOUNT,
    accountId: ACCOUNT,
    stackSets: { organizationalUnitIds: [ou], managementAccountId: ACCOUNT },
  };
  const { outDir } = synthesize(config, workDir, 'e2e-organization');
  const dir = stackDir(outDir, NAMES.organizationStack);
  overrideForMoto(dir, endpoint, join(workDir, `${NAMES.organizationStack}.tfstate`), true);
  const terraform = (args: string[]) => run(tools.terraform, [...args, '-input=false', '-no-color'], { cwd: dir, env: tools.env });
  const init = await terraformInit(tools, dir);
  const apply = init.code === 0 ? await terraform(['apply', '-auto-approve']) : init;
  if (!report.check(apply.code === 0, `terraform apply ${NAMES.organizationStack}: ${STACK_SET_REGIONS.length} stack sets and their instances (${apply.seconds.toFixed(0)} s)`, apply.output)) return;

  const cloudformation = new CloudFormationClient(client);
  for (const region of STACK_SET_REGIONS) {
    const { Summaries = [] } = await cloudformation.send(new ListStackInstancesCommand({ StackSetName: NAMES.forwarderStackSet(region) }));
    const current = Summaries.filter((instance) => instance.Status === 'CURRENT')
      .map((instance) => instance.Account)
      .sort();
    report.check(
      JSON.stringify(current) === JSON.stringify([...members].sort()),
      `${NAMES.forwarderStackSet(region)}: a current stack instance in each member account, none elsewhere`,
      `instances: ${JSON.stringify(Summaries)}`,
    );
  }

  const sqs = new SQSClient(client);
  const arrivals = await createQueue(sqs, 'e2e-stack-set-arrivals');
  const central = new EventBridgeClient(client);
  await central.send(new PutRuleCommand({ Name: 'e2e-stack-set-observer', EventBusName: NAMES.centralBus, EventPattern: JSON.stringify({ detail: { eventID: [{ prefix: 'e2e-stack-set-' }] } }) }));
  await central.send(new PutTargetsCommand({ Rule: 'e2e-stack-set-observer', EventBusName: NAMES.centralBus, Targets: [{ Id: 'queue', Arn: arrivals.arn }] }));
  const centralBusArn = `arn:aws:events:${HOME_REGION}:${ACCOUNT}:event-bus/${NAMES.centralBus}`;
  for (const account of members) {
    // moto hands out the member account's identity for any role assumed in it.
    const credentials = fromTemporaryCredentials({
      params: { RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, RoleSessionName: 'signin-watch-e2e' },
      masterCredentials: CREDENTIALS,
      clientConfig: { region: HOME_REGION, endpoint },
    });
    for (const region of STACK_SET_REGIONS) {
      const events = new EventBridgeClient({ region, endpoint, credentials });
      const rule = await events.send(new DescribeRuleCommand({ Name: NAMES.forwarderRule })).catch((error: Error) => error);
      const { Targets = [] } = rule instanceof Error ? {} : await events.send(new ListTargetsByRuleCommand({ Rule: NAMES.forwarderRule }));
      report.check(
        !(rule instanceof Error) &&
          rule.Arn?.includes(`:${account}:`) === true &&
          Targets.length === 1 &&
          Targets[0].Arn === centralBusArn &&
          Targets[0].RoleArn === `arn:aws:iam::${account}:role/${NAMES.forwarderRole(region)}`,
        `account ${account}, ${region}: the stack instance created ${NAMES.forwarderRule}, targeting the central bus of account ${ACCOUNT} through its own role`,
        rule instanceof Error ? String(rule) : JSON.stringify(Targets),
      );
      const detail = { ...record('foreign', region), eventID: `e2e-stack-set-${account}-${region}`, recipientAccountId: account };
      await events.send(new PutEventsCommand({ Entries: [{ Source: 'aws.signin', DetailType: DETAIL_TYPE, Detail: JSON.stringify(detail) }] }));
    }
  }
  const expected = members.flatMap((account) => STACK_SET_REGIONS.map((region) => `e2e-stack-set-${account}-${region}`)).sort();
  const arrived = (await receiveAll(sqs, arrivals.url, expected.length, 20)).map((body) => (JSON.parse(body) as { detail: { eventID: string } }).detail.eventID).sort();
  report.check(
    JSON.stringify(arrived) === JSON.stringify(expected),
    `a sign-in in each member account and region reached the central bus of account ${ACCOUNT} exactly once`,
    `arrived: ${JSON.stringify(arrived)}`,
  );
  report.note(
    'StackSets in moto: the stack sets and service-managed instances are created and their templates deployed into the member accounts, but moto ignores auto-deployment (accounts added later), managed execution, call-as, operation preferences and the account filter that leaves out the central account, and does not store them, so a second plan of the organization stack is not checked',
  );
}
