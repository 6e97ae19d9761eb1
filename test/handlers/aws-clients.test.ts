import { environmentEndpoint, lambdaClients } from '../../handlers/aws-clients';

describe('the Lambda clients', () => {
  it('take the endpoint URL from the environment in the SDK’s order: the service’s own variable, then AWS_ENDPOINT_URL, none when told to ignore them', () => {
    // Act
    const own = environmentEndpoint('DynamoDB', { AWS_ENDPOINT_URL_DYNAMODB: 'http://dynamodb.local', AWS_ENDPOINT_URL: 'http://all.local' });
    const shared = environmentEndpoint('SNS', { AWS_ENDPOINT_URL_DYNAMODB: 'http://dynamodb.local', AWS_ENDPOINT_URL: 'http://all.local' });
    const ignored = environmentEndpoint('SNS', { AWS_ENDPOINT_URL: 'http://all.local', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' });
    const none = environmentEndpoint('SNS', {});

    // Assess: the config files are never read for it either way.
    expect(own).toEqual({ endpoint: 'http://dynamodb.local', ignoreConfiguredEndpointUrls: true });
    expect(shared).toEqual({ endpoint: 'http://all.local', ignoreConfiguredEndpointUrls: true });
    expect(ignored).toEqual({ ignoreConfiguredEndpointUrls: true });
    expect(none).toEqual({ ignoreConfiguredEndpointUrls: true });
  });

  it('are given every setting their first call would otherwise look up in the environment and the shared config files', async () => {
    // Prepare
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' });

    try {
      // Act
      const { sns, dynamodb } = lambdaClients();

      // Assess: the SDK's defaults, and one connection pool for both clients.
      for (const config of [sns.config, dynamodb.config]) {
        expect(await config.region()).toBe('eu-west-1');
        expect(config.authSchemePreference).toBeDefined();
        expect(await config.authSchemePreference?.()).toEqual([]);
        expect(await config.userAgentAppId()).toBeUndefined();
        expect(config.isCustomEndpoint).toBe(true);
        expect(config.cacheMiddleware).toBe(true);
      }
      expect(await dynamodb.config.accountIdEndpointMode()).toBe('preferred');
      expect(sns.config.requestHandler).toBe(dynamodb.config.requestHandler);
    } finally {
      process.env = saved;
    }
  });
});
