/**
 * Every physical name signin-watch gives a resource, built from the config's
 * `namePrefix`, so that one thing has one name across config, code, AWS and docs.
 */
export function resourceNames(prefix: string) {
  return {
    /** The custom event bus in the home region that every forwarder targets. */
    centralBus: prefix,
    /** The rule on the central bus that invokes the Lambda. */
    centralRule: `${prefix}-to-alert`,
    /** The Lambda that evaluates sign-ins and publishes alerts. */
    alertFunction: `${prefix}-alert`,
    alertFunctionRole: `${prefix}-alert`,
    alertTopic: `${prefix}-alerts`,
    /** The topic AWS Chatbot subscribes to, with alerts in its custom-notification format. */
    chatTopic: `${prefix}-chat`,
    alertTopicKeyAlias: `alias/${prefix}-alerts`,
    /** Dead-letter queue of the central rule (EventBridge could not hand the event to the Lambda). */
    centralDeadLetterQueue: `${prefix}-central-dlq`,
    /** On-failure destination of the Lambda (the Lambda failed on the event after its retries). */
    alertFailureQueue: `${prefix}-alert-failures`,
    /** The rule on each region's default bus that forwards sign-ins to the central bus. */
    forwarderRule: `${prefix}-forward`,
    /** The rule on each region's default bus that forwards the state changes of that region's signin-watch alarms. */
    forwarderAlarmRule: `${prefix}-forward-alarms`,
    /** The rule on us-east-1's default bus that forwards region opt-in changes. */
    forwarderRegionChangeRule: `${prefix}-forward-region-changes`,
    /** The rule that forwards one of the optional signals (identity-center, get-signin-token, guardduty, sign-in-anomaly). */
    forwarderSignalRule: (signal: string) => `${prefix}-forward-${signal}`,
    /** The rule on the central bus that sends one optional signal to the Lambda. */
    centralSignalRule: (signal: string) => `${prefix}-${signal}-to-alert`,
    /** Every forwarder alarm's name starts with this, which is what the alarm rules match. */
    forwarderAlarmPrefix: `${prefix}-forward-`,
    forwarderAlarm: (region: string, what: string) => `${prefix}-forward-${region}-${what}`,
    /** The rule on the central bus that sends forwarded alarm state changes to the topic. */
    centralAlarmRule: `${prefix}-alarms-to-topic`,
    centralAlarm: (what: string) => `${prefix}-central-${what}`,
    /** The rule on the central bus that sends forwarded region opt-in changes to the Lambda. */
    centralRegionChangeRule: `${prefix}-region-changes-to-alert`,
    /** Remembers which sign-ins were alerted on, so that each pages once. */
    dedupTable: `${prefix}-dedup`,
    /** IAM is global, so each region's forwarder role carries the region in its name. */
    forwarderRole: (region: string) => `${prefix}-forward-${region}`,
    forwarderDeadLetterQueue: `${prefix}-forward-dlq`,
    centralStack: `${prefix}-central`,
    forwarderStack: (region: string) => `${prefix}-forwarder-${region}`,
    /** The StackSets stack set that deploys a region's forwarder to the organization: named like the forwarder stack it replaces. */
    forwarderStackSet: (region: string) => `${prefix}-forwarder-${region}`,
    /** The stack in the StackSets administrator account that holds the stack sets. */
    organizationStack: `${prefix}-organization`,
  } as const;
}
