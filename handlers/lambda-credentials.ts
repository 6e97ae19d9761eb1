import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Lambda hands a function its role's credentials in the environment (AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN: Lambda Developer Guide, "Defined runtime
 * environment variables"). The SDK's default chain would also bundle the SSO, INI-file,
 * process, web-identity and instance-metadata providers, none of which can apply here, so
 * the Lambda build aliases `@aws-sdk/credential-provider-node` to this module.
 *
 * Kept once read, as the default chain keeps what it finds (credential-provider-node's
 * defaultProvider: read again only within 5 minutes of an expiration, which Lambda's
 * credentials do not carry): a client asks for them twice a request, to resolve the
 * identity and to sign, and without this read the environment each time.
 */
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => {
  const read = fromEnv(init);
  let kept: ReturnType<typeof read> | undefined;
  return async () => {
    kept ??= read().catch((error: unknown) => {
      kept = undefined;
      throw error;
    });
    const credentials = await kept;
    if (credentials.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000) {
      kept = undefined;
      return read();
    }
    return credentials;
  };
};
