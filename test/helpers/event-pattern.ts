/**
 * EventBridge's exact-match semantics, the only ones signin-watch's pattern uses: every
 * key of the pattern must be present in the event; an array lists the accepted values;
 * an object recurses into the event's object. (npm has no faithful EventBridge matcher;
 * see shared/reference/toolchain-notes.md.)
 */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  if (Array.isArray(pattern)) {
    if (pattern.some((value) => typeof value === 'object' && value !== null)) throw new Error('content filters are not supported by this test matcher');
    return Array.isArray(event) ? event.some((value) => pattern.includes(value)) : pattern.includes(event);
  }
  if (typeof pattern !== 'object' || pattern === null) throw new Error('a pattern value must be an array or an object');
  if (typeof event !== 'object' || event === null) return false;
  return Object.entries(pattern).every(([key, value]) => key in event && matchesPattern(value, (event as Record<string, unknown>)[key]));
}
