/**
 * Stands in for cdktf's (and constructs') private captureStackTrace under jest
 * (jest.config.js's moduleNameMapper), as it does in the bundled synth (scripts/build.mjs):
 * cdktf records a full stack trace for every token it creates, only to show it in its error
 * messages, and jest maps every frame of every such trace through source maps, which made
 * it most of a stack test's time. constructs calls it only with stack traces on, which
 * Testing.app() and the app turn off.
 */
export function captureStackTrace(): string[] {
  return [];
}
