import { type CloudFormationClient, DescribeOrganizationsAccessCommand, ListStackInstancesCommand, type StackInstanceSummary } from '@aws-sdk/client-cloudformation';
import { DescribeRuleCommand } from '@aws-sdk/client-eventbridge';
import {
  ListAccountsForParentCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListChildrenCommand,
  ListDelegatedAdministratorsCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { forwarderRegions, type SigninWatchConfig, type StackSetsConfig } from '../core/config';
import { type CallAs, stackSetsCallAs } from '../core/deploy/plan';
import { resourceNames } from '../core/deploy/names';
import { DEFAULT_REGIONS } from '../core/config/regions';
import { enabledRegions, type OrgDoctorClients } from './aws-access';
import type { Check } from '../core/verify/check';
import { messageOf } from '../core/error-message';

// Organizations says AccessDeniedException, CloudFormation AccessDenied.
const isAccessDenied = (error: unknown): boolean => error instanceof Error && error.name.startsWith('AccessDenied');

/** The service principal under which Organizations lists StackSets' trusted access and its delegated administrators. */
export const STACKSETS_SERVICE_PRINCIPAL = 'member.org.stacksets.cloudformation.amazonaws.com';

/** Every active account below the target OUs, with the OU (or root) directly above it. */
async function accountsBelow(organizations: OrganizationsClient, roots: readonly string[]): Promise<Map<string, string>> {
  const accounts = new Map<string, string>();
  const pending = [...roots];
  for (let parent = pending.shift(); parent !== undefined; parent = pending.shift()) {
    let NextToken: string | undefined;
    do {
      const page = await organizations.send(new ListAccountsForParentCommand({ ParentId: parent, NextToken }));
      for (const account of page.Accounts ?? []) {
        // Suspended and closing accounts cannot run stacks; StackSets skips them too.
        if (account.Id && (account.State ?? account.Status) === 'ACTIVE') accounts.set(account.Id, parent);
      }
      NextToken = page.NextToken;
    } while (NextToken);
    do {
      const page = await organizations.send(new ListChildrenCommand({ ParentId: parent, ChildType: 'ORGANIZATIONAL_UNIT', NextToken }));
      for (const child of page.Children ?? []) if (child.Id) pending.push(child.Id);
      NextToken = page.NextToken;
    } while (NextToken);
  }
  return accounts;
}

async function instancesOf(cloudformation: CloudFormationClient, stackSetName: string, callAs: CallAs): Promise<Map<string, StackInstanceSummary>> {
  const instances = new Map<string, StackInstanceSummary>();
  let NextToken: string | undefined;
  do {
    const page = await cloudformation.send(new ListStackInstancesCommand({ StackSetName: stackSetName, CallAs: callAs, NextToken }));
    for (const instance of page.Summaries ?? []) if (instance.Account) instances.set(instance.Account, instance);
    NextToken = page.NextToken;
  } while (NextToken);
  return instances;
}

/** The AWS CLI command that creates or re-runs one stack instance. */
export function fixCommand(verb: 'create' | 'update', config: SigninWatchConfig, stackSets: StackSetsConfig, account: string, ou: string, region: string): string {
  return [
    `aws cloudformation ${verb}-stack-instances --region ${config.homeRegion} --call-as ${stackSetsCallAs(stackSets)}`,
    `--stack-set-name ${resourceNames(config.namePrefix).forwarderStackSet(region)} --regions ${region}`,
    `--deployment-targets OrganizationalUnitIds=${ou},Accounts=${account},AccountFilterType=INTERSECTION`,
  ].join(' ');
}

/**
 * What `npm run doctor -- --org` checks from the StackSets administrator account: for
 * every account below the target OUs, its enabled regions against the configured ones
 * and against the stack instances that exist, with the command that fixes each gap;
 * and the management account, which StackSets never deploys to.
 */
export async function runOrgChecks(
  config: SigninWatchConfig,
  clients: OrgDoctorClients,
  /** Filled with the regions each checked account has enabled, for the coverage page (`--html`). */
  enabledByAccount?: Map<string, ReadonlySet<string>>,
): Promise<Check[]> {
  const { stackSets } = config;
  if (stackSets === undefined) {
    return [{ status: 'fail', name: 'stackSets', detail: 'is not configured: --org checks the StackSets rollout (README, "Organization rollout").' }];
  }
  const names = resourceNames(config.namePrefix);
  const regions = forwarderRegions(config);
  const callAs = stackSetsCallAs(stackSets);
  // Without these, no service-managed stack set can be created or deploy anywhere.
  const checks: Check[] = await checkStackSetsAccess(config, stackSets, clients);

  let accounts: Map<string, string>;
  try {
    accounts = await accountsBelow(clients.organizations(), stackSets.organizationalUnitIds);
  } catch (error) {
    return [
      ...checks,
      {
        status: 'fail',
        name: 'organization',
        detail: `could not list the accounts of ${stackSets.organizationalUnitIds.join(', ')} (${messageOf(error)}): run this from the management or delegated administrator account.`,
      },
    ];
  }
  const instances = new Map<string, Map<string, StackInstanceSummary>>();
  for (const region of regions) {
    try {
      instances.set(region, await instancesOf(clients.cloudformation(), names.forwarderStackSet(region), callAs));
    } catch (error) {
      checks.push({
        status: 'fail',
        name: `stack set ${names.forwarderStackSet(region)}`,
        detail: `could not be read (${messageOf(error)}): deploy the organization stack (${names.organizationStack}).`,
      });
    }
  }

  const members = [...accounts.keys()].filter((id) => id !== stackSets.managementAccountId && id !== config.centralAccountId).sort();
  for (const account of members) {
    const ou = accounts.get(account) as string;
    let enabled: Set<string>;
    try {
      enabled = await enabledRegions(clients.account(), account);
    } catch (error) {
      enabled = new Set(DEFAULT_REGIONS);
      checks.push({
        status: 'warn',
        name: `account ${account}`,
        detail: `could not list its regions (${messageOf(error)}); checking the 17 default regions only. Enable trusted access: aws organizations enable-aws-service-access --service-principal account.amazonaws.com`,
      });
    }
    enabledByAccount?.set(account, enabled);
    const gaps: Check[] = [];
    for (const region of [...enabled].sort()) {
      if (!regions.includes(region))
        gaps.push({ status: 'fail', name: `account ${account} ${region}`, detail: `is enabled and not in regions: add "${region}" to regions and deploy ${names.organizationStack} again.` });
    }
    for (const region of regions) {
      const found = instances.get(region);
      if (found === undefined) continue;
      const instance = found.get(account);
      const name = `account ${account} ${region}`;
      if (!enabled.has(region)) {
        if (instance !== undefined && instance.Status !== 'CURRENT')
          gaps.push({ status: 'warn', name, detail: 'is not enabled in this account, so its stack instance cannot succeed; nothing to do until it is enabled.' });
        continue;
      }
      const detailed = instance?.StackInstanceStatus?.DetailedStatus;
      if (instance === undefined) {
        gaps.push({ status: 'fail', name, detail: `has no stack instance: ${fixCommand('create', config, stackSets, account, ou, region)}` });
      } else if (detailed === 'RUNNING' || detailed === 'PENDING') {
        gaps.push({ status: 'warn', name, detail: `stack instance is ${detailed}; check again when it is done.` });
      } else if (instance.Status !== 'CURRENT' || detailed !== 'SUCCEEDED') {
        const why = [instance.Status, detailed, instance.StatusReason].filter(Boolean).join(', ');
        gaps.push({ status: 'fail', name, detail: `stack instance is ${why}: ${fixCommand('update', config, stackSets, account, ou, region)}` });
      }
    }
    checks.push(
      ...(gaps.length > 0
        ? gaps
        : [{ status: 'ok' as const, name: `account ${account}`, detail: `stack instances current in all ${regions.filter((region) => enabled.has(region)).length} enabled regions.` }]),
    );
  }
  checks.push(await checkManagementAccount(config, stackSets, clients, enabledByAccount));
  return checks;
}

/**
 * What a service-managed stack set needs before it can be created at all (CloudFormation User
 * Guide, "Activate trusted access for StackSets with AWS Organizations" and "Register a
 * delegated administrator member account"): trusted access between StackSets and
 * Organizations, seen from both sides, and a delegated administrator's registration. Only
 * the management account can fix them, so every command says to run it there.
 */
async function checkStackSetsAccess(config: SigninWatchConfig, stackSets: StackSetsConfig, clients: OrgDoctorClients): Promise<Check[]> {
  const callAs = stackSetsCallAs(stackSets);
  const admin = stackSets.adminAccountId;
  const inManagement = `with the management account ${stackSets.managementAccountId}'s credentials:`;
  // CloudFormation's way, which AWS recommends over enabling the service principal in Organizations: it also creates StackSets' roles.
  const activate = `${inManagement} aws cloudformation activate-organizations-access --region ${config.homeRegion}`;
  const register = `${inManagement} aws organizations register-delegated-administrator --service-principal ${STACKSETS_SERVICE_PRINCIPAL} --account-id ${admin}`;
  // Organizations and CloudFormation answer these only to the management account or a registered delegated administrator.
  const unreadable = (error: unknown, permission: string): string => {
    const refused = isAccessDenied(error) || (error instanceof Error && /not a delegated administrator/i.test(error.message));
    if (!refused) return `could not be read (${messageOf(error)}).`;
    return callAs === 'SELF'
      ? `could not be read (${messageOf(error)}): AWS answers only the management account, so run this with the management account ${stackSets.managementAccountId}'s credentials, allowed ${permission}.`
      : `could not be read (${messageOf(error)}): AWS answers only the management account or a registered delegated administrator, and ${admin} may not be registered: ${register} (it also needs ${permission}).`;
  };
  const organizations = clients.organizations();
  const checks: Check[] = [];

  const serviceAccess = 'trusted access (Organizations)';
  try {
    let enabled = false;
    let NextToken: string | undefined;
    do {
      const page = await organizations.send(new ListAWSServiceAccessForOrganizationCommand({ NextToken }));
      enabled ||= (page.EnabledServicePrincipals ?? []).some((principal) => principal.ServicePrincipal === STACKSETS_SERVICE_PRINCIPAL);
      NextToken = page.NextToken;
    } while (NextToken);
    checks.push(
      enabled
        ? { status: 'ok', name: serviceAccess, detail: `${STACKSETS_SERVICE_PRINCIPAL} is enabled.` }
        : { status: 'fail', name: serviceAccess, detail: `${STACKSETS_SERVICE_PRINCIPAL} is not enabled, so StackSets can neither create nor deploy a service-managed stack set: ${activate}` },
    );
  } catch (error) {
    checks.push({ status: 'fail', name: serviceAccess, detail: unreadable(error, 'organizations:ListAWSServiceAccessForOrganization') });
  }

  if (callAs === 'DELEGATED_ADMIN') {
    const name = `delegated administrator ${admin}`;
    try {
      let registered = false;
      let NextToken: string | undefined;
      do {
        const page = await organizations.send(new ListDelegatedAdministratorsCommand({ ServicePrincipal: STACKSETS_SERVICE_PRINCIPAL, NextToken }));
        registered ||= (page.DelegatedAdministrators ?? []).some((account) => account.Id === admin);
        NextToken = page.NextToken;
      } while (NextToken);
      checks.push(
        registered
          ? { status: 'ok', name, detail: `is registered for ${STACKSETS_SERVICE_PRINCIPAL}.` }
          : { status: 'fail', name, detail: `is not registered for StackSets, so it cannot create or manage stack sets as DELEGATED_ADMIN: ${register}` },
      );
    } catch (error) {
      checks.push({ status: 'fail', name, detail: unreadable(error, 'organizations:ListDelegatedAdministrators') });
    }
  }

  const cloudformationAccess = 'trusted access (CloudFormation)';
  try {
    const { Status } = await clients.cloudformation().send(new DescribeOrganizationsAccessCommand({ CallAs: callAs }));
    checks.push(
      Status === 'ENABLED'
        ? { status: 'ok', name: cloudformationAccess, detail: `is ENABLED (called as ${callAs}).` }
        : {
            status: 'fail',
            name: cloudformationAccess,
            detail: `is ${Status ?? 'unknown'} (called as ${callAs}), so StackSets cannot reach the organization's accounts: ${activate}, then check with aws cloudformation describe-organizations-access --region ${config.homeRegion} --call-as ${callAs}`,
          },
    );
  } catch (error) {
    checks.push({ status: 'fail', name: cloudformationAccess, detail: unreadable(error, 'cloudformation:DescribeOrganizationsAccess') });
  }
  return checks;
}

/** StackSets never deploys to the management account: its forwarders come from its own rollout. */
async function checkManagementAccount(config: SigninWatchConfig, stackSets: StackSetsConfig, clients: OrgDoctorClients, enabledByAccount?: Map<string, ReadonlySet<string>>): Promise<Check> {
  const name = `account ${stackSets.managementAccountId} (management)`;
  const rollout = `npm run rollout -- config/accounts/${stackSets.managementAccountId}.json`;
  if (stackSets.adminAccountId !== stackSets.managementAccountId) {
    return { status: 'warn', name, detail: `StackSets never deploys here and this administrator cannot look: run npm run doctor with the management account's config (deploy it with ${rollout}).` };
  }
  const names = resourceNames(config.namePrefix);
  const missing: string[] = [];
  let enabled: Set<string>;
  try {
    enabled = await enabledRegions(clients.account(), undefined);
  } catch (error) {
    return { status: 'fail', name, detail: `could not list its regions (${messageOf(error)}).` };
  }
  enabledByAccount?.set(stackSets.managementAccountId, enabled);
  for (const region of forwarderRegions(config).filter((candidate) => enabled.has(candidate))) {
    try {
      await clients.eventbridge(region).send(new DescribeRuleCommand({ Name: names.forwarderRule }));
    } catch (error) {
      missing.push(error instanceof Error && error.name === 'ResourceNotFoundException' ? region : `${region} (${messageOf(error)})`);
    }
  }
  return missing.length === 0
    ? { status: 'ok', name, detail: 'StackSets never deploys here; its own forwarders are in place in every enabled region.' }
    : { status: 'fail', name, detail: `StackSets never deploys here, and its own forwarders are missing in ${missing.join(', ')}: ${rollout}` };
}
