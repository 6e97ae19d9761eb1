import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One call the stub answered: the operation, and the request's headers and body. */
export interface StubbedCall {
  /** `DynamoDB_20120810.PutItem`, or the query protocol's `Action` (`Publish`). */
  readonly operation: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/**
 * A local endpoint that answers the alert Lambda's calls the way DynamoDB (JSON protocol,
 * `X-Amz-Target: DynamoDB_20120810.*`) and SNS (query protocol, `Action=Publish`) answer
 * them, for tests and benchmarks that run the real bundle with its real SDK clients
 * (signing, serialising, parsing) without AWS: point AWS_ENDPOINT_URL at it.
 */
export interface AwsStub {
  readonly endpoint: string;
  /** With TLS, the stub's self-signed certificate, for NODE_EXTRA_CA_CERTS. */
  readonly certFile?: string;
  readonly calls: StubbedCall[];
  readonly close: () => Promise<void>;
}

const PUBLISH_RESPONSE =
  '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>94f20ce6-13c5-43a0-9a9e-ca52d816e90b</MessageId></PublishResult><ResponseMetadata><RequestId>f187a3c1-376f-11df-8963-01868b7c937a</RequestId></ResponseMetadata></PublishResponse>';

function answer(calls: StubbedCall[]) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      calls.push({ operation: target || (new URLSearchParams(body).get('Action') ?? ''), headers: request.headers, body });
      if (target.startsWith('DynamoDB_')) {
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'r' });
        response.end('{}');
        return;
      }
      response.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': 'r' });
      response.end(PUBLISH_RESPONSE);
    });
  };
}

/** A self-signed certificate for 127.0.0.1, or undefined where openssl is missing. */
function certificate(): { key: Buffer; cert: Buffer; certFile: string } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'signin-watch-stub-'));
  const [keyFile, certFile] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  const openssl = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
    { stdio: 'ignore' },
  );
  if (openssl.status !== 0 || !existsSync(certFile)) return undefined;
  return { key: readFileSync(keyFile), cert: readFileSync(certFile), certFile };
}

/**
 * Starts the stub on a free loopback port: over HTTPS (as AWS answers, so TLS counts in a
 * measurement) when `tls` is set and openssl can make a certificate, else undefined; over
 * plain HTTP otherwise.
 */
export async function startAwsStub(options: { tls: boolean }): Promise<AwsStub | undefined> {
  const calls: StubbedCall[] = [];
  const tls = options.tls ? certificate() : undefined;
  if (options.tls && tls === undefined) return undefined;
  const server: Server = tls === undefined ? createHttpServer(answer(calls)) : createHttpsServer({ key: tls.key, cert: tls.cert }, answer(calls));
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${(server.address() as AddressInfo).port}`,
    certFile: tls?.certFile,
    calls,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
