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
