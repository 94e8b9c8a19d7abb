// @vitest-environment happy-dom
// The team's reply under "Your rating" on the ticket page.
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { RatingWidget } from '../../components/RatingWidget';
import type { ReplyItem } from '../../utils/contracts/messages';
import { setTestLanguage } from '../setup/i18n';

const RATING_ID = '6f1c1a4e-2b7d-4c55-9a51-3f5f4b0e8d21';
const HOSTILE = '<img src=x onerror="document.title=\'pwned\'">';

const reply: ReplyItem = {
  ratingId: RATING_ID,
  ticketUrl: 'https://github.com/acme/platform/issues/7',
  key: 'acme/platform#7',
  followUp: 'replied',
  replies: [{ id: 'r1', text: HOSTILE, author: { name: 'Grace Hopper' }, at: '2026-11-05T09:00:00.000Z' }],
  answerPending: false,
  unread: true,
};

function setup(answers: Array<[boolean, string]>, props: { reply?: ReplyItem; failAnswer?: boolean; pill?: RegExp } = {}) {
  render(
    <RatingWidget
      serviceName="Platform Engineering"
      existing={{ id: RATING_ID, ticketUrl: reply.ticketUrl, ratedAt: '2026-11-05T08:00:00.000Z', overall: 2, tags: [], syncState: 'synced' }}
      onSubmit={async () => {
        throw new Error('not in this test');
      }}
      onDismiss={async () => undefined}
      reply={props.reply ?? reply}
      onAnswer={async (resolved, comment) => {
        if (props.failAnswer) throw new Error('background gone');
        answers.push([resolved, comment]);
      }}
    />,
  );
  fireEvent.click(screen.getByRole('button', { name: props.pill ?? /Rated 2\/5/ }));
}

beforeEach(() => fakeBrowser.reset());
afterEach(() => {
  cleanup();
  setTestLanguage('en');
});

describe('TeamReply in the rating summary', () => {
  it('shows author, time and the reply as text, never as HTML', () => {
    setup([]);
    expect(screen.getByText('The team replied')).toBeTruthy();
    expect(screen.getByText(HOSTILE)).toBeTruthy();
    expect(document.querySelector('[data-service-feedback="reply"] img')).toBeNull();
    expect(screen.getByText(/^Grace Hopper · /)).toBeTruthy();
  });

  it('"No, still broken" with a comment answers once and says what was said', async () => {
    const answers: Array<[boolean, string]> = [];
    setup(answers);
    fireEvent.input(screen.getByRole('textbox', { name: 'Comment (optional)' }), { target: { value: 'Still drops at noon' } });
    fireEvent.click(screen.getByRole('button', { name: 'No, still broken' }));
    expect(await screen.findByText('You said this is still broken; the team will see it.')).toBeTruthy();
    expect(answers).toEqual([[false, 'Still drops at noon']]);
    expect(screen.queryByRole('button', { name: 'Yes' })).toBeNull();
  });

  it('an answer given before shows as given; a failed save says so', async () => {
    setup([], { reply: { ...reply, answer: { resolved: true } } });
    expect(screen.getByText('You said this settled it. Thank you.')).toBeTruthy();
    cleanup();
    setup([], { failAnswer: true });
    fireEvent.click(screen.getByRole('button', { name: 'Yes' }));
    expect(await screen.findByRole('alert')).toBeTruthy();
  });

  it('speaks Chinese in a Chinese browser', () => {
    setTestLanguage('zh_CN');
    setup([], { pill: /2\/5/ });
    expect(screen.getByText('团队已回复')).toBeTruthy();
    expect(screen.getByRole('button', { name: '没有，仍有问题' })).toBeTruthy();
  });
});
