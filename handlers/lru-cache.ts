/**
 * The least-recently-used cache DynamoDB's client keeps discovered endpoints in (through
 * @aws-sdk/endpoint-cache), in place of mnemonist's, which the Lambda build aliases to this
 * module: mnemonist's brings 7 KB of code to parse at every cold start and allocates its
 * typed arrays for the full capacity (1,000 entries) up front, for a cache this function
 * never fills (DynamoDB endpoint discovery is off unless asked for). The methods
 * EndpointCache calls, with mnemonist's meaning: get and set make an entry the most recent,
 * peek and has do not, and setting a new key in a full cache evicts the least recent.
 */
export default class LRUCache<K, V> {
  readonly #entries = new Map<K, V>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.#entries.size;
  }

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  peek(key: K): V | undefined {
    return this.#entries.get(key);
  }

  get(key: K): V | undefined {
    if (!this.#entries.has(key)) return undefined;
    const value = this.#entries.get(key) as V;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  set(key: K, value: V): this {
    this.#entries.delete(key);
    if (this.#entries.size >= this.capacity) this.#entries.delete(this.#entries.keys().next().value as K);
    this.#entries.set(key, value);
    return this;
  }

  clear(): void {
    this.#entries.clear();
  }
}
