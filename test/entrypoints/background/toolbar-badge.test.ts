import { describe, expect, it } from 'vitest';
import { badgeText } from '../../../entrypoints/background/toolbar-badge';

describe('badgeText', () => {
  it.each([
    [0, ''],
    [-3, ''],
    [1, '1'],
    [42, '42'],
    [99, '99'],
    [100, '99+'],
    [1000, '99+'],
  ])('%i pending → "%s"', (count, text) => {
    expect(badgeText(count)).toBe(text);
  });
});
