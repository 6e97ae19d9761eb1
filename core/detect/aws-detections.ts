import { createHash } from 'node:crypto';
import { isObject, nonEmptyStringAt } from './cloudtrail-record';
import { accountLabel, composeNotification, type Notification } from '../notify/notification';
import type { Severity } from './evaluate';

/** The GuardDuty finding type for console sign-ins from several places at once (impossible travel). */
export const GUARDDUTY_CONSOLE_LOGIN_FINDING = 'UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B';
export const SIGN_IN_ANOMALY_DETAIL_TYPE = 'Sign-in Anomaly Alert';

/** Whether an EventBridge event is one of AWS's own sign-in signals rather than a CloudTrail record. */
export function isAwsSignal(event: unknown): boolean {
  return isObject(event) && (event.source === 'aws.guardduty' || event['detail-type'] === SIGN_IN_ANOMALY_DETAIL_TYPE);
}

export type AwsSignalVerdict = { readonly alert: false; readonly reason: string } | { readonly alert: true; readonly dedupKey: string; readonly notification: Notification; readonly summary: string };

/** GuardDuty's numeric severity in its documented bands: 7 and up high, 4 and up medium, else low. */
function guardDutySeverity(value: unknown): Severity {
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number)) return 'high';
  return number >= 7 ? 'high' : number >= 4 ? 'medium' : 'low';
}

/** The string fields of an object, one level deep, for events whose shape is not documented. */
function flatFields(value: unknown, prefix = ''): Array<[string, string]> {
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, inner]): Array<[string, string]> => {
    const name = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof inner === 'string' || typeof inner === 'number' || typeof inner === 'boolean') return [[name, String(inner)]];
    return prefix === '' ? flatFields(inner, name) : [];
  });
}

/**
 * Turns AWS's own signals about console sign-ins into alerts: GuardDuty's
 * ConsoleLoginSuccess.B finding and the sign-in service's "Sign-in Anomaly Alert". Both
 * shapes are only partly documented, so every field is optional: a missing one reads
 * "unknown", and nothing is dropped for lacking one.
 */
export function evaluateAwsSignal(event: unknown, accountNames: Readonly<Record<string, string>>): AwsSignalVerdict {
  if (!isObject(event)) return { alert: false, reason: 'not an event object' };
  const detail = event.detail;
  const account = nonEmptyStringAt(detail, 'accountId') ?? nonEmptyStringAt(event, 'account') ?? 'unknown';
  const who = accountLabel(account, accountNames);
  const region = nonEmptyStringAt(detail, 'region') ?? nonEmptyStringAt(event, 'region');

  if (nonEmptyStringAt(event, 'source') === 'aws.guardduty') {
    const type = nonEmptyStringAt(detail, 'type');
    if (type !== GUARDDUTY_CONSOLE_LOGIN_FINDING) return { alert: false, reason: `GuardDuty finding ${type ?? '(no type)'} is not about console sign-ins` };
    const severity = guardDutySeverity(isObject(detail) ? detail.severity : undefined);
    const user = nonEmptyStringAt(detail, 'resource', 'accessKeyDetails', 'userName') ?? 'an unknown user';
    const ip = nonEmptyStringAt(detail, 'service', 'action', 'awsApiCallAction', 'remoteIpDetails', 'ipAddressV4');
    const country = nonEmptyStringAt(detail, 'service', 'action', 'awsApiCallAction', 'remoteIpDetails', 'country', 'countryName');
    const summary = `GuardDuty: ${user} signed in to the console of ${who} from places too far apart to be one person`;
    const findingId = nonEmptyStringAt(detail, 'id');
    return {
      alert: true,
      summary,
      // One alert per finding: GuardDuty sends updates of a finding under the same id.
      dedupKey: `guardduty:${account}:${findingId ?? nonEmptyStringAt(event, 'id') ?? 'unknown'}`,
      notification: composeNotification({
        severity,
        headline: `GuardDuty impossible-travel sign-in: ${user} in ${who}`,
        summary,
        details: [
          ['Who', user],
          ['Account', who],
          ['Region', region],
          ['From', [ip, country].filter(Boolean).join(', ') || undefined],
          ['Title', nonEmptyStringAt(detail, 'title')],
          ['When', nonEmptyStringAt(detail, 'updatedAt') ?? nonEmptyStringAt(event, 'time')],
          ['Finding', findingId],
        ],
        findings: [{ name: 'guardduty-console-login', explanation: nonEmptyStringAt(detail, 'description') ?? `GuardDuty reported ${GUARDDUTY_CONSOLE_LOGIN_FINDING}.` }],
        nextStep: `Open the finding in GuardDuty (region ${region ?? 'unknown'}), confirm with ${user} which sign-ins were theirs, and if one was not: disable their console password and access keys, and review CloudTrail for what the session did.`,
        account,
        id: findingId,
        rawEvent: event,
      }),
    };
  }

  if (event['detail-type'] === SIGN_IN_ANOMALY_DETAIL_TYPE) {
    const fields = flatFields(detail);
    const summary = `AWS Sign-In reported an anomalous sign-in to ${who}`;
    return {
      alert: true,
      summary,
      // The envelope id changes across regions; the same alert has the same content.
      dedupKey: `sign-in-anomaly:${account}:${createHash('sha256')
        .update(JSON.stringify([event.time, detail]))
        .digest('hex')
        .slice(0, 32)}`,
      notification: composeNotification({
        severity: 'high',
        headline: `AWS Sign-In anomaly alert for ${who}`,
        summary,
        details: [['Account', who], ['Region', region], ['When', nonEmptyStringAt(event, 'time')], ...fields.slice(0, 20)],
        findings: [{ name: 'sign-in-anomaly', explanation: 'AWS Sign-In sent a "Sign-in Anomaly Alert" for this account; its fields are listed above as received.' }],
        nextStep: 'Review the sign-in it describes with its owner, and CloudTrail for what the session did.',
        account,
        rawEvent: event,
      }),
    };
  }
  return { alert: false, reason: `${nonEmptyStringAt(event, 'source') ?? '(no source)'} event "${String(event['detail-type'] ?? '')}" is not an AWS sign-in signal` };
}
