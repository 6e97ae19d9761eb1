/**
 * Settings of the alert Lambda that the central stack and the handler must agree on.
 * Measured in bench/lambda.bench.ts: init about 130 ms on a full core, almost all of it
 * loading the AWS SDK clients; a run is three DynamoDB calls and one SNS publish.
 */
export const ALERT_FUNCTION = {
  /** 256 MB buys twice the CPU share of 128 MB, which halves a cold start; more buys nothing measurable. */
  memoryMb: 256,
  /** A cold start plus three DynamoDB calls and one SNS publish with the SDK's own retries fit well inside. */
  timeoutSeconds: 30,
  /**
   * How long a delivery may hold its claim on a sign-in before another may take it over.
   * Longer than the timeout, so a running invocation is never overtaken; shorter than the
   * one minute Lambda waits before its first retry of a failed asynchronous invocation
   * (Lambda Developer Guide, "Error handling and automatic retries in Lambda"), so the retry
   * of an invocation that crashed while holding the claim finds it expired and publishes.
   */
  dedupLeaseMs: 45_000,
} as const;
