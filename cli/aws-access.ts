import { fromIni, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { SigninWatchConfig } from '../core/config';

/**
 * The credentials the commands use for a config, the same way its Terraform provider
 * does: the named profile, then the deploy role assumed from it. Without either, the
 * SDK's default chain (environment, SSO, instance role).
 */
export function awsCredentials(config: Pick<SigninWatchConfig, 'awsProfile' | 'deployRoleArn' | 'namePrefix' | 'homeRegion'>) {
  const base = config.awsProfile === undefined ? undefined : fromIni({ profile: config.awsProfile });
  if (config.deployRoleArn === undefined) return base;
  return fromTemporaryCredentials({
    params: { RoleArn: config.deployRoleArn, RoleSessionName: `${config.namePrefix}-doctor` },
    ...(base === undefined ? {} : { masterCredentials: base }),
    // A regional STS endpoint: tokens from the global one are refused in opt-in regions.
    clientConfig: { region: config.homeRegion },
  });
}
