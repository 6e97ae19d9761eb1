import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { CloudFormationClient, DescribeOrganizationsAccessCommand, ListStackInstancesCommand } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeRuleCommand, EventBridgeClient, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { ListAccountsForParentCommand, ListAWSServiceAccessForOrganizationCommand, ListChildrenCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { runDoctor } from '../../cli/doctor';
import { resourceNames } from '../../core/deploy/names';
import { SIGNAL_CATALOGUE } from '../../core/deploy/signal-catalogue';

const NAMES = resourceNames('signin-watch');

const accountMock = mockClient(AccountClient);
const cloudformationMock = mockClient(CloudFormationClient);
const cloudtrailMock = mockClient(CloudTrailClient);
const eventbridgeMock = mockClient(EventBridgeClient);
const organizationsMock = mockClient(OrganizationsClient);

const MANAGEMENT = '999999999999';
const CENTRAL = '111111111111';
const clients = () => ({
  account: () => new AccountClient({ region: 'us-east-1' }),
  organizations: () => new OrganizationsClient({ region: 'us-east-1' }),
  cloudformation: () => new CloudFormationClient({ region: 'eu-west-1' }),
  cloudtrail: (region: string) => new CloudTrailClient({ region }),
  eventbridge: (region: string) => new EventBridgeClient({ region }),
});

/** The cells of a written page, as `account region state`, in reading order. */
function cells(html: string): string[] {
  const rows = [...html.matchAll(/<th class="account" scope="row">([^<]+)<\/th>(.*?)<\/tr>/g)];
  return rows.flatMap(([, account, row]) => [...row.matchAll(/<td class="cell ([a-z-]+)" data-region="([^"]+)"/g)].map(([, state, region]) => `${account} ${region} ${state}`));
}

describe('doctor --html', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'signin-watch-doctor-html-'));
    for (const mock of [accountMock, cloudformationMock, cloudtrailMock, eventbridgeMock, organizationsMock]) mock.reset();
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(config: object, args: string[]) {
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify(config));
    const stdout: string[] = [];
    const stderr: string[] = [];
    const page = join(dir, 'coverage.html');
    const exitCode = await runDoctor(['--config', file, '--html', page, ...args], { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line), env: {} }, clients, async () => ({}));
    return { exitCode, stdout, stderr, html: readFileSync(page, 'utf8') };
  }

  it("writes one account's coverage by region with the summary line the terminal shows", async () => {
    // Prepare: us-east-1 covered, eu-west-1 configured but not enabled, ap-east-1 enabled and not configured.
    accountMock.on(ListRegionsCommand).resolves({ Regions: [{ RegionName: 'us-east-1' }, { RegionName: 'ap-east-1' }] });
    cloudtrailMock
      .on(DescribeTrailsCommand)
      .resolves({ trailList: [{ Name: 'main', TrailARN: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main', HomeRegion: 'us-east-1', IsMultiRegionTrail: true }] });
    cloudtrailMock.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    cloudtrailMock.on(GetEventSelectorsCommand).resolves({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] });
    eventbridgeMock.on(DescribeRuleCommand).callsFake(({ Name }) => ({
      Name,
      State: 'ENABLED',
      Arn: `arn:aws:events:us-east-1:111122223333:rule/${Name}`,
      EventPattern: JSON.stringify(SIGNAL_CATALOGUE.find((entry) => entry.forwarderRuleName(NAMES) === Name)?.pattern(NAMES)),
    }));
    eventbridgeMock.on(ListTargetsByRuleCommand).resolves({
      Targets: [
        {
          Id: 'central-bus',
          Arn: 'arn:aws:events:eu-west-1:111111111111:event-bus/signin-watch',
          RoleArn: 'arn:aws:iam::x:role/r',
          DeadLetterConfig: { Arn: 'arn:aws:sqs:x' },
          RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
        },
      ],
    });

    // Act
    const { exitCode, stdout, html } = await run(
      {
        homeRegion: 'eu-west-1',
        regions: ['us-east-1', 'eu-west-1'],
        organizationId: 'o-a1b2c3d4e5',
        centralAccountId: CENTRAL,
        accountId: '222222222222',
        accountNames: { '222222222222': 'workloads-prod' },
      },
      [],
    );

    // Assess
    expect(exitCode).toBe(1);
    expect(cells(html)).toEqual(['222222222222 (workloads-prod) us-east-1 covered', '222222222222 (workloads-prod) eu-west-1 not-enabled', '222222222222 (workloads-prod) ap-east-1 missing']);
    expect(html).toContain(`<p class="summary gaps">${stdout[stdout.length - 1]}</p>`);
    expect(html).toMatch(
      /title="222222222222 \(workloads-prod\) ap-east-1: missing: region ap-east-1 is enabled in this account and not covered: add &quot;ap-east-1&quot; to regions and roll out again\."/,
    );
  });

  it("writes the organization's accounts by regions, telling regions an account has not enabled from covered ones", async () => {
    // Prepare: one member current everywhere it has enabled, one without an instance in eu-west-1.
    organizationsMock.on(ListAccountsForParentCommand, { ParentId: 'r-a1b2' }).resolves({
      Accounts: [
        { Id: MANAGEMENT, State: 'ACTIVE' },
        { Id: CENTRAL, State: 'ACTIVE' },
        { Id: '222222222222', State: 'ACTIVE' },
        { Id: '333333333333', State: 'ACTIVE' },
      ],
    });
    organizationsMock.on(ListChildrenCommand).resolves({ Children: [] });
    organizationsMock
      .on(ListAWSServiceAccessForOrganizationCommand)
      .resolves({ EnabledServicePrincipals: [{ ServicePrincipal: 'account.amazonaws.com' }, { ServicePrincipal: 'member.org.stacksets.cloudformation.amazonaws.com' }] });
    cloudformationMock.on(DescribeOrganizationsAccessCommand).resolves({ Status: 'ENABLED' });
    const enabled: Record<string, string[]> = {
      '222222222222': ['us-east-1', 'eu-west-1'],
      '333333333333': ['us-east-1', 'eu-west-1', 'af-south-1'],
      [MANAGEMENT]: ['us-east-1', 'eu-west-1', 'af-south-1'],
    };
    accountMock.on(ListRegionsCommand).callsFake(({ AccountId }) => ({ Regions: enabled[AccountId ?? MANAGEMENT].map((RegionName) => ({ RegionName })) }));
    cloudformationMock.on(ListStackInstancesCommand).callsFake(({ StackSetName }) => {
      const region = String(StackSetName).replace('signin-watch-forwarder-', '');
      const accounts = Object.keys(enabled).filter((account) => account !== MANAGEMENT && enabled[account].includes(region) && !(account === '333333333333' && region === 'eu-west-1'));
      return { Summaries: accounts.map((Account) => ({ Account, Region: region, Status: 'CURRENT', StackInstanceStatus: { DetailedStatus: 'SUCCEEDED' } })) };
    });
    eventbridgeMock.on(DescribeRuleCommand).resolves({ Name: 'signin-watch-forward', State: 'ENABLED' });

    // Act
    const { exitCode, html } = await run(
      {
        homeRegion: 'eu-west-1',
        regions: ['us-east-1', 'eu-west-1', 'af-south-1'],
        organizationId: 'o-a1b2c3d4e5',
        centralAccountId: CENTRAL,
        accountId: MANAGEMENT,
        stackSets: { organizationalUnitIds: ['r-a1b2'], managementAccountId: MANAGEMENT, adminAccountId: MANAGEMENT },
      },
      ['--org'],
    );

    // Assess
    expect(exitCode).toBe(1);
    expect(cells(html)).toEqual([
      '222222222222 us-east-1 covered',
      '222222222222 eu-west-1 covered',
      '222222222222 af-south-1 not-enabled',
      '333333333333 us-east-1 covered',
      '333333333333 eu-west-1 missing',
      '333333333333 af-south-1 covered',
      '999999999999 (management) us-east-1 covered',
      '999999999999 (management) eu-west-1 covered',
      '999999999999 (management) af-south-1 covered',
    ]);
    expect(html).toMatch(
      /title="333333333333 eu-west-1: missing: account 333333333333 eu-west-1 has no stack instance: aws cloudformation create-stack-instances [^"]*--stack-set-name signin-watch-forwarder-eu-west-1/,
    );
  });

  it('says in one line when the page cannot be written, after the checks it printed', async () => {
    // Prepare
    accountMock.on(ListRegionsCommand).rejects(Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' }));
    const file = join(dir, 'config.json');
    writeFileSync(file, '{}');
    const stderr: string[] = [];

    // Act
    const exitCode = await runDoctor(
      ['--config', file, '--html', join(dir, 'missing', 'page.html')],
      { stdout: () => undefined, stderr: (line) => stderr.push(line), env: {} },
      clients,
      async () => ({}),
    );

    // Assess
    expect(exitCode).toBe(2);
    expect(stderr).toEqual([expect.stringMatching(/^doctor: cannot write .*missing\/page\.html: ENOENT/)]);
  });
});
