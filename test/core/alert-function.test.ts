import { ALERT_FUNCTION } from '../../core/deploy/alert-function';

/**
 * Lambda retries a failed asynchronous invocation after about one minute, then after about
 * two more (Lambda Developer Guide, "Error handling and automatic retries in Lambda",
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html).
 */
const FIRST_RETRY_DELAY_MS = 60_000;

describe('the alert function settings', () => {
  it('keep the dedup lease longer than an invocation can run, so a live claim is never taken over', () => {
    // Assess
    expect(ALERT_FUNCTION.dedupLeaseMs).toBeGreaterThan(ALERT_FUNCTION.timeoutSeconds * 1000);
  });

  it("keep the dedup lease shorter than Lambda's first retry delay, so the retry of a crashed claimer publishes", () => {
    // Assess
    expect(ALERT_FUNCTION.dedupLeaseMs).toBeLessThan(FIRST_RETRY_DELAY_MS);
  });
});
