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
function clientSettings() {
  return {
    region: process.env.AWS_REGION,
    maxAttempts: 3,
    retryMode: 'standard',
    useFipsEndpoint: false,
    useDualstackEndpoint: false,
    requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ keepAlive: true }), connectionTimeout: 2_000, requestTimeout: 5_000 }),
    streamCollector: collectBody,
  } as const;
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
  const settings = clientSettings();
  return { sns: new SNSClient(settings), dynamodb: new DynamoDBClient(settings) };
}
