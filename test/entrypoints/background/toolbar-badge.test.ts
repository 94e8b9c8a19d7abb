import { describe, expect, it } from 'vitest';
import { badgeFor, badgeText, PENDING_COLOR, REPLIES_COLOR, SETUP_COLOR } from '../../../entrypoints/background/toolbar-badge';

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

describe('badgeFor', () => {
  it('sites the organisation set up without a grant come first (amber "!"), and the title still names every count', () => {
    expect(badgeFor({ pending: 3, unreadReplies: 2, organisationSites: 2 })).toEqual({
      text: '!',
      color: SETUP_COLOR,
      title: 'Service Feedback: 2 site(s) your organisation set up need your permission · 2 unread replies from the team · 3 tickets waiting for your rating',
    });
    expect(badgeFor({ pending: 3, unreadReplies: 0, organisationSites: 0 }).text).toBe('3');
  });

  it('a refused company sign-in shows the amber "!" and says why in the title', () => {
    expect(badgeFor({ pending: 1, unreadReplies: 0, signInAgain: true })).toEqual({
      text: '!',
      color: SETUP_COLOR,
      title: 'Service Feedback: Sign in again: your company sign-in is no longer accepted, ratings wait · 1 tickets waiting for your rating',
    });
  });

  it('unread replies show distinctly (envelope, green) and the title names both counts', () => {
    expect(badgeFor({ pending: 3, unreadReplies: 2 })).toEqual({
      text: '✉2',
      color: REPLIES_COLOR,
      title: 'Service Feedback: 2 unread replies from the team · 3 tickets waiting for your rating',
    });
  });

  it('pending alone keeps its blue count; nothing leaves the badge empty', () => {
    expect(badgeFor({ pending: 3, unreadReplies: 0 })).toEqual({ text: '3', color: PENDING_COLOR, title: 'Service Feedback: 3 tickets waiting for your rating' });
    expect(badgeFor({ pending: 0, unreadReplies: 0 })).toEqual({ text: '', title: 'Service Feedback' });
  });
});
