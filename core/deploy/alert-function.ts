/**
 * Settings of the alert Lambda that the central stack and the handler must agree on.
 * Measured in bench/cold-start.bench.ts: a cold start (init and the first invocation:
 * three DynamoDB calls and one SNS publish) is about 0.2 s of CPU on one full core.
 */
export const ALERT_FUNCTION = {
  /**
   * Lambda's CPU share grows with memory (one vCPU at 1,769 MB), so the CPU-bound cold start
   * takes about 2.3 s at 128 MB, 1.1 s at 256 MB and 0.3 s at 1,024 MB, for the same
   * GB-seconds: about $5 per million alerts at any of these sizes (the bench's memory
   * model). The fastest alert at no extra cost; 1,769 MB would save 0.15 s more for a
   * little more in network time billed by memory.
   */
  memoryMb: 1024,
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
