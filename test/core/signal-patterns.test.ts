import { resourceNames } from '../../core/deploy/names';
import { activeSignals } from '../../core/deploy/signal-catalogue';
import { EXTRA_SIGNALS } from '../../core/config';
import { ALL_MANAGEMENT_EVENTS } from '../../core/deploy/signal-patterns';

describe('signal rule states', () => {
  it('widens a rule to read-only management events only where its pattern names the events, so nothing else comes in', () => {
    // Prepare
    const signals = activeSignals({ identityCenterRegion: 'us-east-1', extraSignals: [...EXTRA_SIGNALS] });

    // Act
    const widened = signals
      .filter((signal) => signal.state === ALL_MANAGEMENT_EVENTS)
      .map((signal) => [signal.signal, (signal.pattern(resourceNames('signin-watch')) as { detail?: { eventName?: unknown } }).detail?.eventName]);

    // Assess
    expect(widened).toEqual([['get-signin-token', ['GetSigninToken']]]);
  });
});
