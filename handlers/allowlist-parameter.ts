import { parseCidr } from '../core/detect/allowlist';
import { Trust, type TrustRules } from '../core/detect/trust';

/** The address rules in force for one evaluation, and why they are empty when they are. */
export interface TrustState {
  readonly trust: Trust;
  /** Set when the allowlist could not be used: nothing is trusted, and this says why. */
  readonly problem?: string;
}

export interface TrustSource {
  current(): Promise<TrustState>;
}

/** The rules packaged with the Lambda, which never change while it runs. */
export class PackagedTrust implements TrustSource {
  readonly #state: TrustState;
  constructor(rules: TrustRules) {
    this.#state = { trust: Trust.fromRules(rules) };
  }
  async current(): Promise<TrustState> {
    return this.#state;
  }
}

/** A failed read is retried after this long, not on every sign-in of a burst. */
const FAILURE_CACHE_MS = 30_000;

/**
 * Parses the parameter's value: a JSON array of blocks, or blocks separated by commas or
 * whitespace (a StringList). Any invalid entry rejects the whole list: a typo must not
 * quietly trust the wrong network.
 */
export function parseAllowlistParameter(value: string): { ok: true; cidrs: string[] } | { ok: false; problem: string } {
  let cidrs: unknown;
  if (value.trim().startsWith('[')) {
    try {
      cidrs = JSON.parse(value);
    } catch {
      return { ok: false, problem: 'the value starts like a JSON array but is not valid JSON' };
    }
    if (!Array.isArray(cidrs) || !cidrs.every((cidr) => typeof cidr === 'string')) return { ok: false, problem: 'the JSON value is not an array of strings' };
  } else {
    cidrs = value.split(/[\s,]+/).filter((cidr) => cidr !== '');
  }
  const list = cidrs as string[];
  const bad = list.findIndex((cidr) => !parseCidr(cidr).ok);
  if (bad >= 0) return { ok: false, problem: `entry ${bad} (${JSON.stringify(list[bad]).slice(0, 100)}) is not a valid CIDR block without host bits` };
  return { ok: true, cidrs: list };
}

/**
 * The global allowlist read from an SSM parameter, so that it can change without a
 * redeploy. It is kept for `cacheMs`, validated like `allowedCidrs`, and fails safe: a
 * parameter that cannot be read or holds an invalid list trusts nothing at all (not even
 * the account lists and exceptions), and says why, so that the caller can alert.
 */
export class ParameterTrust implements TrustSource {
  #cached?: { readonly state: TrustState; readonly until: number };

  constructor(
    /** Reads a parameter's value (decrypted); the SDK client is made only when this is used. */
    private readonly readParameter: (name: string) => Promise<string | undefined>,
    private readonly parameterName: string,
    private readonly rules: Omit<TrustRules, 'allowedCidrs'>,
    private readonly cacheMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async current(): Promise<TrustState> {
    if (this.#cached !== undefined && this.now() < this.#cached.until) return this.#cached.state;
    const state = await this.#read();
    this.#cached = { state, until: this.now() + (state.problem === undefined ? this.cacheMs : Math.min(this.cacheMs, FAILURE_CACHE_MS)) };
    return state;
  }

  async #read(): Promise<TrustState> {
    const nothing = (problem: string): TrustState => ({
      trust: Trust.fromRules({ allowedCidrs: [], accountAllowedCidrs: {}, exceptions: [] }),
      problem: `allowlist parameter ${this.parameterName}: ${problem}`,
    });
    let value: string | undefined;
    try {
      value = await this.readParameter(this.parameterName);
    } catch (error) {
      return nothing(`could not be read (${error instanceof Error ? `${error.name}: ${error.message}` : String(error)})`);
    }
    if (value === undefined) return nothing('has no value');
    const parsed = parseAllowlistParameter(value);
    if (!parsed.ok) return nothing(parsed.problem);
    return { trust: Trust.fromRules({ ...this.rules, allowedCidrs: parsed.cidrs }) };
  }
}
