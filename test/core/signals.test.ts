import { ALL_MANAGEMENT_EVENTS, centralSignals, EXTRA_SIGNALS } from '../../core/signals';

describe('signal rule states', () => {
  it('widens a rule to read-only management events only where its pattern names the events, so nothing else comes in', () => {
    // Prepare
    const signals = centralSignals({ identityCenterRegion: 'us-east-1', extraSignals: [...EXTRA_SIGNALS] });

    // Act
    const widened = signals.filter((signal) => signal.state === ALL_MANAGEMENT_EVENTS).map((signal) => [signal.signal, (signal.pattern as { detail?: { eventName?: unknown } }).detail?.eventName]);

    // Assess
    expect(widened).toEqual([['get-signin-token', ['GetSigninToken']]]);
  });
});
