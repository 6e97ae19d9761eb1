/**
 * The EventBridge pattern for console sign-ins, used by every forwarder rule and by
 * the central rule. `detail.eventName` keeps out the other sign-in events that share
 * the detail-type (SwitchRole, ExitRole, RenewRole, CheckMfa, PasswordUpdated), which
 * would otherwise alert on every role switch.
 */
export const CONSOLE_SIGN_IN_PATTERN = {
  source: ['aws.signin'],
  'detail-type': ['AWS Console Sign In via CloudTrail'],
  detail: { eventName: ['ConsoleLogin'] },
} as const;

/** ARN of an event bus; stacks build the central bus ARN from it instead of looking it up. */
export function eventBusArn(region: string, account: string, busName: string): string {
  return `arn:aws:events:${region}:${account}:event-bus/${busName}`;
}

export const REGION_OPT_IN_DETAIL_TYPE = 'Region Opt-In Status Change';

/**
 * Region opt-in changes, which AWS Account Management reports in two ways: its own event
 * to the account that made the change (the member itself, or the management account
 * acting for it), and the `EnableRegion` call recorded by CloudTrail in the target
 * account. Both are global-service events, delivered in us-east-1 only. The pattern takes
 * every `aws.account` API call because an `eventName` filter would exclude the
 * opt-in event, which has none; the Lambda skips the other calls, which are rare.
 */
export const REGION_CHANGE_PATTERN = {
  source: ['aws.account'],
  'detail-type': [REGION_OPT_IN_DETAIL_TYPE, 'AWS API Call via CloudTrail'],
} as const;

/**
 * EventBridge's matching for the filters signin-watch's patterns use: every key of the
 * pattern must be present in the event; an array lists the accepted values, each a literal
 * or a `{ "prefix": "..." }` filter; an object recurses into the event's object.
 */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  if (Array.isArray(pattern)) {
    const values = Array.isArray(event) ? event : [event];
    return values.some((value) => pattern.some((accepted) => matchesValue(accepted, value)));
  }
  if (typeof pattern !== 'object' || pattern === null) throw new Error('a pattern value must be an array or an object');
  if (typeof event !== 'object' || event === null) return false;
  return Object.entries(pattern).every(([key, value]) => key in event && matchesPattern(value, (event as Record<string, unknown>)[key]));
}

function matchesValue(accepted: unknown, value: unknown): boolean {
  if (typeof accepted !== 'object' || accepted === null) return accepted === value;
  const filters = Object.entries(accepted);
  if (filters.length === 1 && filters[0][0] === 'prefix' && typeof filters[0][1] === 'string') return typeof value === 'string' && value.startsWith(filters[0][1]);
  throw new Error(`signin-watch's matcher does not support the filter ${JSON.stringify(accepted)}`);
}
