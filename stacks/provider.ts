import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';

/** How a stack reaches its account: the config's fields, as validated. */
export interface AccountAccess {
  readonly namePrefix: string;
  /** When set, Terraform refuses to touch any other account. */
  readonly accountId?: string;
  readonly deployRoleArn?: string;
  readonly awsProfile?: string;
}

/**
 * The one AWS provider of a regional stack. Default tags mark every resource as
 * signin-watch's, with the install's prefix, so that two installs are told apart.
 */
export function regionalProvider(scope: Construct, region: string, access: AccountAccess): AwsProvider {
  return new AwsProvider(scope, 'aws', {
    region,
    defaultTags: [{ tags: { ManagedBy: 'signin-watch', 'signin-watch:prefix': access.namePrefix } }],
    // A rollout over many accounts must never apply one account's stacks with another's credentials.
    ...(access.accountId === undefined ? {} : { allowedAccountIds: [access.accountId] }),
    ...(access.awsProfile === undefined ? {} : { profile: access.awsProfile }),
    ...(access.deployRoleArn === undefined ? {} : { assumeRole: [{ roleArn: access.deployRoleArn, sessionName: access.namePrefix }] }),
  });
}
