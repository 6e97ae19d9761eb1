import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Lambda hands a function its role's credentials in the environment (AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN: Lambda Developer Guide, "Defined runtime
 * environment variables"). The SDK's default chain would also bundle the SSO, INI-file,
 * process, web-identity and instance-metadata providers, none of which can apply here, so
 * the Lambda build aliases `@aws-sdk/credential-provider-node` to this module.
 */
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
