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
