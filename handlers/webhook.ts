/** How a webhook is posted: a few quick attempts, well inside the Lambda's 30 s. */
export const WEBHOOK_POLICY = { attempts: 3, timeoutMs: 5_000, backoffMs: 500, urlCacheMs: 300_000 } as const;

export interface WebhookClients {
  /** The secret's string: a Secrets Manager secret or an SSM SecureString, by ARN. */
  readonly readSecret: (arn: string) => Promise<string | undefined>;
  readonly fetch: typeof fetch;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
}

/** Thrown for a failure that another attempt cannot fix (a bad URL, a 4xx other than 429). */
class PermanentWebhookError extends Error {}

/**
 * Posts alerts to a Slack-compatible incoming webhook whose URL lives in Secrets Manager
 * or an SSM SecureString, never in config or the environment. The URL is read when first
 * needed and kept for five minutes, so a rotated URL is picked up without a redeploy.
 */
export class Webhook {
  #url?: { readonly value: string; readonly until: number };

  constructor(
    private readonly urlSecretArn: string,
    private readonly clients: WebhookClients,
  ) {}

  async #readUrl(): Promise<string> {
    if (this.#url !== undefined && this.clients.now() < this.#url.until) return this.#url.value;
    const url = (await this.clients.readSecret(this.urlSecretArn))?.trim();
    if (url === undefined || !/^https:\/\/\S+$/.test(url)) throw new PermanentWebhookError(`${this.urlSecretArn} does not hold an https URL`);
    this.#url = { value: url, until: this.clients.now() + WEBHOOK_POLICY.urlCacheMs };
    return url;
  }

  /**
   * Posts one message. Retries timeouts, network errors, 429 and 5xx with a short backoff.
   * @throws Error when every attempt failed, or at once for a failure retrying cannot fix
   */
  async post(message: unknown): Promise<void> {
    const url = await this.#readUrl();
    let lastError = 'no attempt made';
    for (let attempt = 1; attempt <= WEBHOOK_POLICY.attempts; attempt++) {
      try {
        const response = await this.clients.fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(message),
          signal: AbortSignal.timeout(WEBHOOK_POLICY.timeoutMs),
        });
        if (response.ok) return;
        lastError = `HTTP ${response.status}`;
        if (response.status !== 429 && response.status < 500) throw new PermanentWebhookError(`webhook refused the message (${lastError})`);
      } catch (error) {
        if (error instanceof PermanentWebhookError) throw error;
        lastError = error instanceof Error ? error.message : String(error);
      }
      if (attempt < WEBHOOK_POLICY.attempts) await this.clients.sleep(WEBHOOK_POLICY.backoffMs * 2 ** (attempt - 1));
    }
    // The URL is not logged: it is a credential.
    throw new Error(`webhook failed after ${WEBHOOK_POLICY.attempts} attempts (last: ${lastError})`);
  }
}
