/** The CloudWatch namespace of signin-watch's own metrics. */
export const METRIC_NAMESPACE = 'signin-watch';

/** Seconds from the sign-in (as its record dates it) to the alert's publication. */
export const SIGN_IN_TO_ALERT_SECONDS = 'SignInToAlertSeconds';

/**
 * The members that make a JSON log line a CloudWatch embedded-metric-format document
 * (CloudWatch User Guide, "Specification: Embedded metric format"): CloudWatch Logs then
 * extracts `SignInToAlertSeconds` as a metric, so alert latency can be graphed and alarmed
 * on without an SDK call or a dependency. The dimension set is empty on purpose: one
 * metric for every alert, whatever its account or region. Undefined when the record's
 * time is missing, unparseable or later than the publication (a skewed clock), because a
 * wrong figure is worse than none.
 */
export function signInToAlertMetric(occurredAt: string | undefined, publishedAtMs: number): Record<string, unknown> | undefined {
  const occurredAtMs = occurredAt === undefined ? Number.NaN : Date.parse(occurredAt);
  const seconds = (publishedAtMs - occurredAtMs) / 1000;
  if (!Number.isFinite(seconds) || seconds < 0) return undefined;
  return {
    _aws: { Timestamp: publishedAtMs, CloudWatchMetrics: [{ Namespace: METRIC_NAMESPACE, Dimensions: [[]], Metrics: [{ Name: SIGN_IN_TO_ALERT_SECONDS, Unit: 'Seconds' }] }] },
    [SIGN_IN_TO_ALERT_SECONDS]: Math.round(seconds * 1000) / 1000,
  };
}
