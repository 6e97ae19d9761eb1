import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './terraform';

/** The sign-ins the e2e puts on the forwarders' buses, and the alerts they must produce. */

export const DETAIL_TYPE = 'AWS Console Sign In via CloudTrail';

export type Case = 'allowed' | 'foreign' | 'root' | 'failure' | 'switchRole' | 'checkMfa';

/** What each case must produce: nothing, or one notification with this subject and these findings. */
export const EXPECTED_ALERTS: Record<'foreign' | 'root' | 'failure', { subject: string; findings: string[] }> = {
  foreign: { subject: `[HIGH] anaya console sign-in to 111122223333 from 203.0.113.50`, findings: ['source-ip-not-allowed'] },
  root: { subject: `[CRITICAL] Root console sign-in to 111122223333 from 192.0.2.10`, findings: ['root-sign-in'] },
  failure: { subject: `[LOW] anaya failed console sign-in to 111122223333 from 192.0.2.10`, findings: ['sign-in-failed'] },
};
export const CONSOLE_LOGINS: Case[] = ['allowed', 'foreign', 'root', 'failure'];

export const sample = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'sample-events', `${name}.json`), 'utf8'));

/** The CloudTrail record of one case as recorded in `region`, with an event id that names both. */
export function record(kind: Case, region: string): Record<string, unknown> {
  const base: Record<Case, () => Record<string, unknown>> = {
    allowed: () => ({ ...sample('cloudtrail-iamuser-consolelogin-success-mfa_ct-docs-2022'), sourceIPAddress: '192.0.2.10' }),
    foreign: () => ({ ...sample('cloudtrail-iamuser-consolelogin-success-mfa_ct-docs-2022'), sourceIPAddress: '203.0.113.50' }),
    root: () => ({ ...sample('cloudtrail-root-consolelogin-success-mfa_ct-docs-2022'), sourceIPAddress: '192.0.2.10' }),
    failure: () => ({ ...sample('cloudtrail-iamuser-consolelogin-failure_ct-docs-2022'), sourceIPAddress: '192.0.2.10' }),
    switchRole: () => sample('cloudtrail-assumedrole-switchrole-success-regional-endpoint_2024-blog'),
    checkMfa: () => sample('cloudtrail-iamuser-checkmfa_ct-docs-2022'),
  };
  return { ...base[kind](), awsRegion: region, eventID: `e2e-${region}-${kind}` };
}

/** An event as it reached the central bus. */
export interface CentralArrival {
  readonly source: string;
  readonly detail: { eventID: string; eventName?: string; alarmName?: string; regionName?: string };
}
