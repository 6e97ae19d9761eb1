import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';

/**
 * The one AWS provider of a regional stack. Default tags mark every resource as
 * signin-watch's, with the install's prefix, so that two installs are told apart.
 */
export function regionalProvider(scope: Construct, region: string, namePrefix: string): AwsProvider {
  return new AwsProvider(scope, 'aws', {
    region,
    defaultTags: [{ tags: { ManagedBy: 'signin-watch', 'signin-watch:prefix': namePrefix } }],
  });
}
