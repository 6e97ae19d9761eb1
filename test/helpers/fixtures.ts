import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES_DIR = join(__dirname, '..', 'fixtures');

/** Path of a fixture, such as `sample-events/cloudtrail-root-consolelogin-success-mfa_ct-docs-2022.json`. */
export function fixturePath(name: string): string {
  return join(FIXTURES_DIR, name);
}

/** A parsed fixture; each call returns a fresh copy that a test may change. */
export function getTestEvent<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(fixturePath(name), 'utf8')) as T;
}

/** The JSON fixture files in a folder, by name. */
export function fixtureNames(folder: string): string[] {
  return readdirSync(join(FIXTURES_DIR, folder))
    .filter((name) => name.endsWith('.json'))
    .sort();
}

/** An EventBridge envelope around a bare CloudTrail record, as a forwarded sign-in arrives at the Lambda. */
export function envelope(detail: unknown, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: '0',
    id: '6f87d04b-9f74-4f04-a780-7acf4b0a9b38',
    'detail-type': 'AWS Console Sign In via CloudTrail',
    source: 'aws.signin',
    account: '111122223333',
    time: '2022-11-10T16:24:34Z',
    region: 'us-east-1',
    resources: [],
    detail,
    ...overrides,
  };
}
