import { WEBHOOK_POLICY, Webhook } from '../../handlers/webhook';

const URL = 'https://hooks.slack.com/services/T000/B000/XXXX';
const SECRET = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:slack-webhook-AbCdEf';

/** A webhook whose fetch answers from `statuses` in turn (a number, or an error to throw). */
function webhookWith(statuses: Array<number | Error>, secret: string | undefined = URL) {
  const calls: Array<{ url: string; body: unknown }> = [];
  const sleeps: number[] = [];
  let reads = 0;
  let now = 0;
  const webhook = new Webhook(SECRET, {
    readSecret: async () => {
      reads++;
      return secret;
    },
    fetch: (async (url: string, init: RequestInit) => {
      calls.push({ url, body: JSON.parse(String(init.body)) });
      const next = statuses.shift() ?? 200;
      if (next instanceof Error) throw next;
      return new Response('', { status: next });
    }) as typeof fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    now: () => now,
  });
  return { webhook, calls, sleeps, reads: () => reads, advance: (ms: number) => (now += ms) };
}

describe('Webhook', () => {
  it('posts the message to the URL kept in the secret', async () => {
    // Prepare
    const { webhook, calls } = webhookWith([200]);

    // Act
    await webhook.post({ text: 'hello' });

    // Assess
    expect(calls).toEqual([{ url: URL, body: { text: 'hello' } }]);
  });

  it('retries timeouts, throttling and server errors with a growing backoff', async () => {
    // Prepare
    const { webhook, calls, sleeps } = webhookWith([new Error('The operation was aborted due to timeout'), 429, 200]);

    // Act
    await webhook.post({ text: 'x' });

    // Assess
    expect([calls.length, sleeps]).toEqual([3, [500, 1000]]);
  });

  it('gives up after its attempts with the last reason, and never names the URL', async () => {
    // Prepare
    const { webhook } = webhookWith([503, 503, 503]);

    // Act
    const error = await webhook.post({ text: 'x' }).catch((failure: Error) => failure);

    // Assess
    expect(String(error)).toBe(`Error: webhook failed after ${WEBHOOK_POLICY.attempts} attempts (last: HTTP 503)`);
    expect(String(error)).not.toContain('hooks.slack.com');
  });

  it('does not retry a message the webhook refused', async () => {
    // Prepare
    const { webhook, calls } = webhookWith([400]);

    // Act
    const result = webhook.post({ text: 'x' });

    // Assess
    await expect(result).rejects.toThrow('webhook refused the message (HTTP 400)');
    expect(calls).toHaveLength(1);
  });

  it('refuses a secret that holds no https URL', async () => {
    // Prepare
    const { webhook, calls } = webhookWith([200], 'http://example.com/hook');

    // Assess
    await expect(webhook.post({ text: 'x' })).rejects.toThrow(`${SECRET} does not hold an https URL`);
    expect(calls).toHaveLength(0);
  });

  it('reads the secret again after five minutes, so a rotated URL is picked up', async () => {
    // Prepare
    const { webhook, reads, advance } = webhookWith([200, 200, 200]);

    // Act
    await webhook.post({ text: '1' });
    advance(WEBHOOK_POLICY.urlCacheMs - 1);
    await webhook.post({ text: '2' });
    advance(1);
    await webhook.post({ text: '3' });

    // Assess
    expect(reads()).toBe(2);
  });
});
