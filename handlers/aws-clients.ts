import { Agent } from 'node:https';
import type { Readable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/**
 * Settings both clients share, given rather than looked up. Left unset, each client reads
 * its region, retry mode, attempts, FIPS and dual-stack flags from the environment and the
 * shared config files at its first call, work a cold start pays for nothing on Lambda,
 * where only the environment applies. One keep-alive agent serves both clients, and
 * timeouts make a stalled connection a retried attempt instead of a function timeout.
 */
function clientSettings(serviceId: 'SNS' | 'DynamoDB', requestHandler: NodeHttpHandler) {
  return {
    region: process.env.AWS_REGION,
    maxAttempts: 3,
    retryMode: 'standard',
    useFipsEndpoint: false,
    useDualstackEndpoint: false,
    // The rest of what the first call would look up, in the environment and then in
    // ~/.aws/config and ~/.aws/credentials (which Lambda does not have; each miss an error
    // object with its stack trace): the SDK's defaults, which AWS_AUTH_SCHEME_PREFERENCE and
    // AWS_DISABLE_CLOCK_SKEW_CORRECTION would change and the central stack sets neither; the
    // app id still from AWS_SDK_UA_APP_ID; the endpoint URL from the environment as the SDK
    // reads it (the stub and the moto end-to-end run point the clients there).
    authSchemePreference: [] as string[],
    disableClockSkewCorrection: false,
    userAgentAppId: async () => process.env.AWS_SDK_UA_APP_ID,
    ...environmentEndpoint(serviceId, process.env),
    requestHandler,
    // Each request would otherwise copy, sort and link the client's and its command's
    // middleware anew; cached, once per command class. Nothing here changes a stack after
    // the first request, and the handler sends one request at a time.
    cacheMiddleware: true,
    streamCollector: collectBody,
  } as const;
}

/**
 * AWS_ENDPOINT_URL_<SERVICE> or else AWS_ENDPOINT_URL, unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS
 * is true: the SDK's own order for the environment. The config file, the SDK's next place to
 * look, is skipped (ignoreConfiguredEndpointUrls), and with it the files' reading.
 */
export function environmentEndpoint(serviceId: string, env: NodeJS.ProcessEnv): { endpoint?: string; ignoreConfiguredEndpointUrls: true } {
  const endpoint = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true' ? undefined : env[`AWS_ENDPOINT_URL_${serviceId.toUpperCase().replaceAll(' ', '_')}`] || env.AWS_ENDPOINT_URL || undefined;
  return endpoint === undefined ? { ignoreConfiguredEndpointUrls: true } : { endpoint, ignoreConfiguredEndpointUrls: true };
}

/**
 * Reads a response body. The SDK's own collector first asks whether the body is a web
 * ReadableStream or a Blob, and touching those globals makes Node load its web-streams
 * implementation on the first call; with NodeHttpHandler a body is always a Node stream.
 */
async function collectBody(body: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function lambdaClients(): { sns: SNSClient; dynamodb: DynamoDBClient } {
  const requestHandler = new NodeHttpHandler({ httpsAgent: new Agent({ keepAlive: true }), connectionTimeout: 2_000, requestTimeout: 5_000 });
  return {
    sns: new SNSClient(clientSettings('SNS', requestHandler)),
    // The SDK's default mode, otherwise looked up as the settings above (AWS_ACCOUNT_ID_ENDPOINT_MODE, not set by the stack).
    dynamodb: new DynamoDBClient({ ...clientSettings('DynamoDB', requestHandler), accountIdEndpointMode: 'preferred' }),
  };
}
