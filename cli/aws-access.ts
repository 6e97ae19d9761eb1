import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { fromIni, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { SigninWatchConfig } from '../core/config';
import { GLOBAL_SIGN_IN_REGION } from '../core/config/regions';

/**
 * The credentials the commands use for a config, the same way its Terraform provider
 * does: the named profile, then the deploy role assumed from it. Without either, the
 * SDK's default chain (environment, SSO, instance role).
 */
export function awsCredentials(config: Pick<SigninWatchConfig, 'awsProfile' | 'deployRoleArn' | 'namePrefix' | 'homeRegion'>, command = 'doctor') {
  const base = config.awsProfile === undefined ? undefined : fromIni({ profile: config.awsProfile });
  if (config.deployRoleArn === undefined) return base;
  return fromTemporaryCredentials({
    params: { RoleArn: config.deployRoleArn, RoleSessionName: `${config.namePrefix}-${command}` },
    ...(base === undefined ? {} : { masterCredentials: base }),
    // A regional STS endpoint: tokens from the global one are refused in opt-in regions.
    clientConfig: { region: config.homeRegion },
  });
}

/** The AWS clients `doctor` uses, one per region where the service is regional; tests pass fakes. */
export interface DoctorClients {
  readonly account: () => AccountClient;
  readonly cloudtrail: (region: string) => CloudTrailClient;
  readonly eventbridge: (region: string) => EventBridgeClient;
}

/** The clients `doctor --org` adds: Organizations, and CloudFormation where the stack sets live. */
export interface OrgDoctorClients {
  readonly organizations: () => OrganizationsClient;
  readonly account: () => AccountClient;
  /** In the home region, where the stack sets live. */
  readonly cloudformation: () => CloudFormationClient;
  readonly eventbridge: (region: string) => EventBridgeClient;
}

/** Clients with the config's credentials, the way its Terraform provider reaches the account. */
export function doctorClients(config: SigninWatchConfig): DoctorClients & OrgDoctorClients {
  const credentials = awsCredentials(config);
  const options = (region: string) => ({ region, ...(credentials === undefined ? {} : { credentials }) });
  return {
    // Account Management and Organizations are global; their endpoints are in us-east-1.
    account: () => new AccountClient(options(GLOBAL_SIGN_IN_REGION)),
    organizations: () => new OrganizationsClient(options(GLOBAL_SIGN_IN_REGION)),
    cloudtrail: (region) => new CloudTrailClient(options(region)),
    eventbridge: (region) => new EventBridgeClient(options(region)),
    cloudformation: () => new CloudFormationClient(options(config.homeRegion)),
  };
}

/**
 * The regions enabled in an account (default and opted in), from Account Management:
 * the caller's own, or a member's when called from the management or delegated
 * administrator account with its id.
 */
export async function enabledRegions(account: AccountClient, accountId?: string): Promise<Set<string>> {
  const enabled = new Set<string>();
  let NextToken: string | undefined;
  do {
    const page = await account.send(new ListRegionsCommand({ AccountId: accountId, RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'], NextToken }));
    for (const region of page.Regions ?? []) if (region.RegionName) enabled.add(region.RegionName);
    NextToken = page.NextToken;
  } while (NextToken);
  return enabled;
}
