import { isObject, nonEmptyStringAt } from './cloudtrail-record';
import { REGION_OPT_IN_DETAIL_TYPE } from '../deploy/event-pattern';
import { accountLabel, composeNotification, type Notification } from '../notify/notification';

/** What the Lambda knows about coverage: the regions in the central account's config. */
export interface Coverage {
  readonly regions: readonly string[];
  readonly accountNames: Readonly<Record<string, string>>;
}

export type RegionChangeVerdict =
  | { readonly alert: false; readonly reason: string }
  | {
      readonly alert: true;
      readonly account: string;
      readonly region: string;
      /** Both reports of one change (the opt-in event and the CloudTrail call) share it, so one change pages once. */
      readonly dedupKey: string;
      readonly notification: Notification;
    };

/** The affected account and region, from either report of an opt-in change; undefined when it is not an enabling. */
function enabledRegion(event: Record<string, unknown>): { account?: string; region?: string; how: string } | { skip: string } {
  const detail = event.detail;
  if (event['detail-type'] === REGION_OPT_IN_DETAIL_TYPE) {
    const status = nonEmptyStringAt(detail, 'status');
    // ENABLING starts a task of minutes to hours; nothing can be deployed there until ENABLED.
    if (status !== 'ENABLED') return { skip: `region opt-in status ${status ?? '(none)'} needs no action` };
    return {
      account: nonEmptyStringAt(detail, 'accountId') ?? nonEmptyStringAt(event, 'account'),
      region: nonEmptyStringAt(detail, 'regionName'),
      how: 'Account Management reported the region as ENABLED',
    };
  }
  const eventName = nonEmptyStringAt(detail, 'eventName');
  if (eventName !== 'EnableRegion') return { skip: `Account Management call ${eventName ?? '(no eventName)'} is not a region enabling` };
  if (nonEmptyStringAt(detail, 'errorCode') !== undefined) return { skip: `EnableRegion failed (${nonEmptyStringAt(detail, 'errorCode')})` };
  return {
    // The management account may enable a member's region; the call then names the member.
    account: nonEmptyStringAt(detail, 'requestParameters', 'AccountId') ?? nonEmptyStringAt(detail, 'recipientAccountId') ?? nonEmptyStringAt(event, 'account'),
    region: nonEmptyStringAt(detail, 'requestParameters', 'RegionName'),
    how: `CloudTrail recorded EnableRegion by ${nonEmptyStringAt(detail, 'userIdentity', 'arn') ?? 'an unknown principal'}`,
  };
}

/**
 * Decides whether a region opt-in change needs a person: a region enabled in an
 * account has no forwarder yet (none can be deployed while it is disabled), so its
 * sign-ins go unseen until someone adds it and rolls out again.
 */
export function evaluateRegionChange(event: unknown, coverage: Coverage): RegionChangeVerdict {
  if (!isObject(event)) return { alert: false, reason: 'not an event object' };
  const found = enabledRegion(event);
  if ('skip' in found) return { alert: false, reason: found.skip };
  const account = found.account ?? 'unknown';
  const region = found.region ?? 'unknown';
  const configured = coverage.regions.includes(region);
  const who = accountLabel(account, coverage.accountNames);
  const summary = `Region ${region} was enabled in account ${who} and is not covered yet.`;
  const nextStep = configured
    ? `${region} is already in the central config's regions, so roll out to account ${account} again (npm run rollout, or cdktf deploy with that account's config) and check it with npm run doctor.`
    : `Add "${region}" to regions in the config for account ${account} (and the central account's config), roll out again, and check it with npm run doctor.`;
  return {
    alert: true,
    account,
    region,
    dedupKey: `region-enabled:${account}:${region}`,
    notification: composeNotification({
      severity: 'high',
      headline: `Region ${region} enabled in ${who}, not covered yet`,
      summary,
      details: [
        ['Account', who],
        ['Region', region],
        ['Reported', found.how],
        ['When', nonEmptyStringAt(event, 'time')],
      ],
      findings: [
        { name: 'region-enabled', explanation: `signin-watch sees console sign-ins in ${region} only once a forwarder is deployed there, and none can be deployed before a region is enabled.` },
      ],
      nextStep,
      account,
      rawEvent: event,
    }),
  };
}
