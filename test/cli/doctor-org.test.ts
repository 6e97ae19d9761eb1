import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { CloudFormationClient, DescribeOrganizationsAccessCommand, ListStackInstancesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeRuleCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { ListAccountsForParentCommand, ListAWSServiceAccessForOrganizationCommand, ListChildrenCommand, ListDelegatedAdministratorsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import type { OrgDoctorClients } from '../../cli/aws-access';
import { runOrgChecks } from '../../cli/doctor-org';
import type { Check } from '../../core/verify/check';
import { parseConfig } from '../../core/config';

const accountMock = mockClient(AccountClient);
const cloudformationMock = mockClient(CloudFormationClient);
const eventbridgeMock = mockClient(EventBridgeClient);
const organizationsMock = mockClient(OrganizationsClient);

const MANAGEMENT = '999999999999';
const CENTRAL = '111111111111';
const STACKSETS = 'member.org.stacksets.cloudformation.amazonaws.com';
const clients: OrgDoctorClients = {
  organizations: () => new OrganizationsClient({ region: 'us-east-1' }),
  account: () => new AccountClient({ region: 'us-east-1' }),
  cloudformation: () => new CloudFormationClient({ region: 'eu-west-1' }),
  eventbridge: (region) => new EventBridgeClient({ region }),
};
const config = (adminAccountId = MANAGEMENT) =>
  parseConfig(
    JSON.stringify({
      homeRegion: 'eu-west-1',
      regions: ['us-east-1', 'eu-west-1'],
      organizationId: 'o-a1b2c3d4e5',
      centralAccountId: CENTRAL,
      accountId: adminAccountId,
      stackSets: { organizationalUnitIds: ['r-a1b2'], managementAccountId: MANAGEMENT, adminAccountId },
    }),
    'org.json',
  );

/**
 * An organization: the root holds the management and central accounts and an OU with
 * two members (one suspended); StackSets has trusted access and the central account is
 * its delegated administrator; every instance is current unless `instances` says otherwise.
 */
function organization(
  instances: Record<string, Record<string, { Status?: string; StackInstanceStatus?: { DetailedStatus: string }; StatusReason?: string } | null>> = {},
  enabled: Record<string, string[]> = {},
) {
  organizationsMock.on(ListAccountsForParentCommand, { ParentId: 'r-a1b2' }).resolves({
    Accounts: [
      { Id: MANAGEMENT, State: 'ACTIVE' },
      { Id: CENTRAL, State: 'ACTIVE' },
    ],
  });
  organizationsMock.on(ListChildrenCommand, { ParentId: 'r-a1b2' }).resolves({ Children: [{ Id: 'ou-a1b2-workload', Type: 'ORGANIZATIONAL_UNIT' }] });
  organizationsMock.on(ListAccountsForParentCommand, { ParentId: 'ou-a1b2-workload' }).resolves({
    Accounts: [
      { Id: '222222222222', State: 'ACTIVE' },
      { Id: '333333333333', State: 'ACTIVE' },
      { Id: '444444444444', State: 'SUSPENDED' },
    ],
  });
  organizationsMock.on(ListChildrenCommand, { ParentId: 'ou-a1b2-workload' }).resolves({ Children: [] });
  organizationsMock.on(ListAWSServiceAccessForOrganizationCommand).resolves({ EnabledServicePrincipals: [{ ServicePrincipal: 'account.amazonaws.com' }, { ServicePrincipal: STACKSETS }] });
  organizationsMock.on(ListDelegatedAdministratorsCommand, { ServicePrincipal: STACKSETS }).resolves({ DelegatedAdministrators: [{ Id: CENTRAL }] });
  cloudformationMock.on(DescribeOrganizationsAccessCommand).resolves({ Status: 'ENABLED' });
  accountMock.on(ListRegionsCommand).callsFake(({ AccountId }) => ({ Regions: (enabled[AccountId ?? MANAGEMENT] ?? ['us-east-1', 'eu-west-1']).map((RegionName) => ({ RegionName })) }));
  cloudformationMock.on(ListStackInstancesCommand).callsFake(({ StackSetName }) => {
    const region = String(StackSetName).replace('signin-watch-forwarder-', '');
    const summaries = ['222222222222', '333333333333']
      .map((account) => {
        const override = instances[account]?.[region];
        if (override === null) return undefined;
        return { Account: account, Region: region, Status: 'CURRENT', StackInstanceStatus: { DetailedStatus: 'SUCCEEDED' }, ...override };
      })
      .filter(Boolean);
    return { Summaries: summaries };
  });
  eventbridgeMock.on(DescribeRuleCommand).resolves({ Name: 'signin-watch-forward', State: 'ENABLED' });
}

const lines = (checks: readonly Check[]) => checks.map((check) => `${check.status} ${check.name}: ${check.detail}`);

describe('doctor --org', () => {
  beforeEach(() => {
    for (const mock of [accountMock, cloudformationMock, eventbridgeMock, organizationsMock]) mock.reset();
  });

  it("passes every member whose instances are current, skipping the central account, suspended accounts and StackSets' own exclusions", async () => {
    // Prepare
    organization();

    // Act
    const checks = await runOrgChecks(config(), clients);

    // Assess
    expect(lines(checks)).toEqual([
      `ok trusted access (Organizations): ${STACKSETS} is enabled.`,
      'ok trusted access (CloudFormation): is ENABLED (called as SELF).',
      'ok account 222222222222: stack instances current in all 2 enabled regions.',
      'ok account 333333333333: stack instances current in all 2 enabled regions.',
      `ok account ${MANAGEMENT} (management): StackSets never deploys here; its own forwarders are in place in every enabled region.`,
    ]);
  });

  it('lists missing, outdated and failed instances with the exact command that fixes each', async () => {
    // Prepare
    organization({
      '222222222222': { 'eu-west-1': null },
      '333333333333': { 'us-east-1': { Status: 'OUTDATED', StackInstanceStatus: { DetailedStatus: 'FAILED' }, StatusReason: 'Resource handler returned message: "Access denied"' } },
    });

    // Act
    const found = lines(await runOrgChecks(config(), clients)).filter((line) => !line.startsWith('ok'));

    // Assess
    expect(found).toEqual([
      'fail account 222222222222 eu-west-1: has no stack instance: aws cloudformation create-stack-instances --region eu-west-1 --call-as SELF --stack-set-name signin-watch-forwarder-eu-west-1 --regions eu-west-1 --deployment-targets OrganizationalUnitIds=ou-a1b2-workload,Accounts=222222222222,AccountFilterType=INTERSECTION',
      'fail account 333333333333 us-east-1: stack instance is OUTDATED, FAILED, Resource handler returned message: "Access denied": aws cloudformation update-stack-instances --region eu-west-1 --call-as SELF --stack-set-name signin-watch-forwarder-us-east-1 --regions us-east-1 --deployment-targets OrganizationalUnitIds=ou-a1b2-workload,Accounts=333333333333,AccountFilterType=INTERSECTION',
    ]);
  });

  it('fails on a region a member enabled later that the config lacks, and shrugs at a failed instance in a region it never enabled', async () => {
    // Prepare
    organization(
      { '333333333333': { 'eu-west-1': { Status: 'INOPERABLE', StackInstanceStatus: { DetailedStatus: 'FAILED' } } } },
      { '222222222222': ['us-east-1', 'eu-west-1', 'ap-east-1'], '333333333333': ['us-east-1'] },
    );

    // Act
    const found = lines(await runOrgChecks(config(), clients)).filter((line) => !line.startsWith('ok'));

    // Assess
    expect(found).toEqual([
      'fail account 222222222222 ap-east-1: is enabled and not in regions: add "ap-east-1" to regions and deploy signin-watch-organization again.',
      'warn account 333333333333 eu-west-1: is not enabled in this account, so its stack instance cannot succeed; nothing to do until it is enabled.',
    ]);
  });

  it('fails when the management account lacks its own forwarders, which StackSets never deploys', async () => {
    // Prepare
    organization();
    eventbridgeMock.on(DescribeRuleCommand).rejects(Object.assign(new Error('Rule signin-watch-forward does not exist.'), { name: 'ResourceNotFoundException' }));

    // Act
    const found = lines(await runOrgChecks(config(), clients)).filter((line) => !line.startsWith('ok'));

    // Assess
    expect(found).toEqual([
      `fail account ${MANAGEMENT} (management): StackSets never deploys here, and its own forwarders are missing in us-east-1, eu-west-1: npm run rollout -- config/accounts/${MANAGEMENT}.json`,
    ]);
  });

  it('calls as a delegated administrator, and says the management account must be checked with its own config', async () => {
    // Prepare
    organization({ '222222222222': { 'us-east-1': null } });

    // Act
    const found = lines(await runOrgChecks(config(CENTRAL), clients)).filter((line) => !line.startsWith('ok'));

    // Assess
    expect(cloudformationMock.commandCalls(ListStackInstancesCommand).map((call) => call.args[0].input.CallAs)).toEqual(['DELEGATED_ADMIN', 'DELEGATED_ADMIN']);
    expect(found).toEqual([
      expect.stringContaining('--call-as DELEGATED_ADMIN'),
      expect.stringMatching(new RegExp(`^warn account ${MANAGEMENT} \\(management\\): StackSets never deploys here and this administrator cannot look`)),
    ]);
  });

  it('fails on a stack set that does not exist, and when the organization cannot be read', async () => {
    // Prepare
    organization();
    cloudformationMock
      .on(ListStackInstancesCommand, { StackSetName: 'signin-watch-forwarder-eu-west-1' })
      .rejects(Object.assign(new Error('StackSet signin-watch-forwarder-eu-west-1 not found'), { name: 'StackSetNotFoundException' }));

    // Act
    const missingStackSet = lines(await runOrgChecks(config(), clients)).filter((line) => !line.startsWith('ok'));
    organizationsMock.on(ListAccountsForParentCommand).rejects(Object.assign(new Error('not the management account'), { name: 'AccessDeniedException' }));
    const unreadable = lines(await runOrgChecks(config(), clients)).filter((line) => !line.startsWith('ok'));

    // Assess
    expect(missingStackSet).toEqual([
      expect.stringMatching(/^fail stack set signin-watch-forwarder-eu-west-1: could not be read \(StackSetNotFoundException: .*\): deploy the organization stack \(signin-watch-organization\)\.$/),
    ]);
    expect(unreadable).toEqual([expect.stringMatching(/^fail organization: could not list the accounts of r-a1b2 \(AccessDeniedException: not the management account\)/)]);
  });

  it('warns, and holds the account to the 17 default regions, when trusted access for Account Management is off', async () => {
    // Prepare
    organization();
    accountMock.on(ListRegionsCommand, { AccountId: '222222222222' }).rejects(Object.assign(new Error('trusted access is not enabled'), { name: 'AccessDeniedException' }));

    // Act
    const found = lines(await runOrgChecks(config(), clients)).filter((line) => line.includes('222222222222'));

    // Assess
    expect(found[0]).toMatch(
      /^warn account 222222222222: could not list its regions \(AccessDeniedException: trusted access is not enabled\); checking the 17 default regions only\. Enable trusted access: aws organizations enable-aws-service-access --service-principal account\.amazonaws\.com$/,
    );
    // The config covers 2 of the 17 regions every account has.
    expect(found.slice(1)).toHaveLength(15);
    expect(found.slice(1)).toEqual(found.slice(1).map(() => expect.stringMatching(/^fail account 222222222222 [a-z0-9-]+: is enabled and not in regions/)));
  });

  it('checks that StackSets may use the organization and, for a delegated administrator, that it is registered', async () => {
    // Prepare
    organization();

    // Act
    const asManagement = lines(await runOrgChecks(config(), clients)).filter((line) => line.includes('trusted access') || line.includes('delegated administrator'));
    const asDelegated = lines(await runOrgChecks(config(CENTRAL), clients)).filter((line) => line.includes('trusted access') || line.includes('delegated administrator'));

    // Assess
    expect(asManagement).toEqual([`ok trusted access (Organizations): ${STACKSETS} is enabled.`, 'ok trusted access (CloudFormation): is ENABLED (called as SELF).']);
    expect(asDelegated).toEqual([
      `ok trusted access (Organizations): ${STACKSETS} is enabled.`,
      `ok delegated administrator ${CENTRAL}: is registered for ${STACKSETS}.`,
      'ok trusted access (CloudFormation): is ENABLED (called as DELEGATED_ADMIN).',
    ]);
    expect(organizationsMock.commandCalls(ListDelegatedAdministratorsCommand).map((call) => call.args[0].input.ServicePrincipal)).toEqual([STACKSETS]);
    expect(cloudformationMock.commandCalls(DescribeOrganizationsAccessCommand).map((call) => call.args[0].input.CallAs)).toEqual(['SELF', 'DELEGATED_ADMIN']);
  });

  it('fails, with the command that activates it, when StackSets has no trusted access to the organization', async () => {
    // Prepare
    organization();
    organizationsMock.on(ListAWSServiceAccessForOrganizationCommand).resolves({ EnabledServicePrincipals: [{ ServicePrincipal: 'account.amazonaws.com' }] });
    cloudformationMock.on(DescribeOrganizationsAccessCommand).resolves({ Status: 'DISABLED' });

    // Act
    const found = lines(await runOrgChecks(config(), clients)).filter((line) => !line.startsWith('ok'));

    // Assess
    expect(found).toEqual([
      `fail trusted access (Organizations): ${STACKSETS} is not enabled, so StackSets can neither create nor deploy a service-managed stack set: with the management account ${MANAGEMENT}'s credentials: aws cloudformation activate-organizations-access --region eu-west-1`,
      `fail trusted access (CloudFormation): is DISABLED (called as SELF), so StackSets cannot reach the organization's accounts: with the management account ${MANAGEMENT}'s credentials: aws cloudformation activate-organizations-access --region eu-west-1, then check with aws cloudformation describe-organizations-access --region eu-west-1 --call-as SELF`,
    ]);
  });

  it('fails, with the command that registers it, on a delegated administrator that is not registered for StackSets', async () => {
    // Prepare
    organization();
    organizationsMock.on(ListDelegatedAdministratorsCommand).resolves({ DelegatedAdministrators: [{ Id: '555555555555' }] });

    // Act
    const found = lines(await runOrgChecks(config(CENTRAL), clients)).filter((line) => line.startsWith('fail'));

    // Assess
    expect(found).toEqual([
      `fail delegated administrator ${CENTRAL}: is not registered for StackSets, so it cannot create or manage stack sets as DELEGATED_ADMIN: with the management account ${MANAGEMENT}'s credentials: aws organizations register-delegated-administrator --service-principal ${STACKSETS} --account-id ${CENTRAL}`,
    ]);
  });

  it.each([
    [
      'the management account',
      MANAGEMENT,
      [
        `fail trusted access (Organizations): could not be read (AccessDeniedException: not allowed): AWS answers only the management account, so run this with the management account ${MANAGEMENT}'s credentials, allowed organizations:ListAWSServiceAccessForOrganization.`,
        `fail trusted access (CloudFormation): could not be read (AccessDenied: not allowed): AWS answers only the management account, so run this with the management account ${MANAGEMENT}'s credentials, allowed cloudformation:DescribeOrganizationsAccess.`,
      ],
    ],
    [
      'a delegated administrator',
      CENTRAL,
      ['organizations:ListAWSServiceAccessForOrganization', 'organizations:ListDelegatedAdministrators', 'cloudformation:DescribeOrganizationsAccess'].map((permission) =>
        expect.stringContaining(
          `could not be read (${permission.startsWith('cloudformation') ? 'AccessDenied' : 'AccessDeniedException'}: not allowed): AWS answers only the management account or a registered delegated administrator, and ${CENTRAL} may not be registered: with the management account ${MANAGEMENT}'s credentials: aws organizations register-delegated-administrator --service-principal ${STACKSETS} --account-id ${CENTRAL} (it also needs ${permission}).`,
        ),
      ),
    ],
  ])('says where to run the trusted-access checks when AWS refuses them to %s', async (_, admin, expected) => {
    // Prepare
    organization();
    const denied = (name: string) => Object.assign(new Error('not allowed'), { name });
    organizationsMock.on(ListAWSServiceAccessForOrganizationCommand).rejects(denied('AccessDeniedException'));
    organizationsMock.on(ListDelegatedAdministratorsCommand).rejects(denied('AccessDeniedException'));
    cloudformationMock.on(DescribeOrganizationsAccessCommand).rejects(denied('AccessDenied'));

    // Act
    const found = lines(await runOrgChecks(config(admin), clients)).filter((line) => line.startsWith('fail'));

    // Assess
    expect(found).toEqual(expected);
  });

  it('says what to do when stackSets is not configured', async () => {
    // Act
    const checks = await runOrgChecks(parseConfig('{}', 'c.json'), clients);

    // Assess
    expect(lines(checks)).toEqual(['fail stackSets: is not configured: --org checks the StackSets rollout (README, "Organization rollout").']);
  });
});
