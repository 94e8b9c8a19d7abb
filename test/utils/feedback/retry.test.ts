import { describe, expect, it } from 'vitest';
import { backoffDelay, RETRY_BASE_MS, RETRY_MAX_MS } from '../../../utils/feedback/retry';

describe('backoffDelay', () => {
  it.each([
    [1, 0, 30_000],
    [2, 0, 60_000],
    [3, 0, 120_000],
    [1, 0.5, 37_500],
    [1, 0.999, 44_985],
    [7, 0, 1_920_000],
    [8, 0, RETRY_MAX_MS],
    [7, 0.99, 2_870_400],
    [7, 0.9999, 2_879_904],
    [1000, 0.3, RETRY_MAX_MS],
  ])('attempt %i with random %f waits %i ms', (attempt, roll, expected) => {
    expect(backoffDelay(attempt, () => roll)).toBe(expected);
  });

  it('stays between 30 s and 1 h whatever the jitter', () => {
    for (let attempt = 1; attempt <= 40; attempt++) {
      const delay = backoffDelay(attempt);
      expect(delay).toBeGreaterThanOrEqual(RETRY_BASE_MS);
      expect(delay).toBeLessThanOrEqual(RETRY_MAX_MS);
    }
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses attempt %s', (attempt) => {
    expect(() => backoffDelay(attempt)).toThrow(/attempt must be an integer/);
  });

  it('refuses a random source outside [0, 1)', () => {
    expect(() => backoffDelay(1, () => 1)).toThrow(/random\(\) must return/);
  });
});
