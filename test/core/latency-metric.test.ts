import { signInToAlertMetric } from '../../core/notify/latency-metric';

describe('signInToAlertMetric', () => {
  it('makes the log line an embedded-metric-format document with the seconds from sign-in to alert', () => {
    // Prepare
    const publishedAt = Date.parse('2026-11-27T12:00:07.250Z');

    // Act
    const members = signInToAlertMetric('2026-11-27T12:00:00Z', publishedAt);

    // Assess: the shape CloudWatch Logs extracts (CloudWatch User Guide, "Specification: Embedded metric format").
    expect(members).toEqual({
      _aws: { Timestamp: publishedAt, CloudWatchMetrics: [{ Namespace: 'signin-watch', Dimensions: [[]], Metrics: [{ Name: 'SignInToAlertSeconds', Unit: 'Seconds' }] }] },
      SignInToAlertSeconds: 7.25,
    });
  });

  it.each([
    ['no event time', undefined],
    ['an unparseable event time', 'yesterday'],
    ['an event time after the publication (a skewed clock)', '2026-11-27T12:01:00Z'],
  ])('emits no figure for %s, since a wrong figure is worse than none', (_, occurredAt) => {
    // Act
    const members = signInToAlertMetric(occurredAt, Date.parse('2026-11-27T12:00:00Z'));

    // Assess
    expect(members).toBeUndefined();
  });
});
