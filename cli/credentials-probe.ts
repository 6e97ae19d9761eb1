import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { SigninWatchConfig } from '../core/config';
import { awsCredentials } from './aws-access';

/** Resolves the credentials a command would use for a config; rejects when there are none. */
export type ResolveCredentials = (config: SigninWatchConfig) => Promise<unknown>;

/** The config's profile or deploy role, else the SDK's default chain (environment, SSO, instance role). */
export const resolveCredentials: ResolveCredentials = (config) => (awsCredentials(config) ?? fromNodeProviderChain())();

/**
 * One line saying why a command cannot reach AWS, or undefined when it can. Asked first,
 * so that a machine without credentials hears so once, instead of a failed check for
 * every region that was never looked at.
 */
export async function credentialsProblem(config: SigninWatchConfig, resolve: ResolveCredentials, command: string): Promise<string | undefined> {
  try {
    await resolve(config);
    return undefined;
  } catch (error) {
    const where = config.awsProfile === undefined ? 'the environment, ~/.aws or an instance role' : `profile ${config.awsProfile}`;
    const reason = error instanceof Error ? error.message : String(error);
    if (error instanceof Error && error.name === 'CredentialsProviderError') {
      return `${command}: no AWS credentials were found (looked in ${where}: ${reason}), so nothing was checked. Sign in (for example \`aws sso login\`) or set AWS_PROFILE, then run it again.`;
    }
    return `${command}: the AWS credentials could not be used (${reason}), so nothing was checked.`;
  }
}
