// @vitest-environment happy-dom
// The outbox's refused ratings: the backend's reasons as sent, the extension's own reasons translated.
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxPanel } from '../../components/OutboxPanel';
import { TOO_LARGE_ERROR, type OutboxStatus } from '../../utils/contracts/messages';
import { setTestLanguage } from '../setup/i18n';

const status = (error: string): OutboxStatus => ({
  backendConfigured: true,
  counts: { waiting: 0, syncing: 0, synced: 0, rejected: 1, auth: 0 },
  rejected: [{ id: '6f1c1a4e-2b7d-4c55-9a51-3f5f4b0e8d21', ticketKey: 'OPS-5', ticketUrl: 'https://acme.atlassian.net/browse/OPS-5', error }],
  corrupt: 0,
});
const show = (error: string) => render(<OutboxPanel status={status(error)} syncing={false} onSyncNow={() => {}} onOpenOptions={() => {}} />);

afterEach(cleanup);

describe('OutboxPanel rejected reasons', () => {
  it.each([
    ['en', /^OPS-5: Too large to send: .*Shorten its comment/],
    ['zh_CN', /^OPS-5：无法发送：.*请缩短评论/],
  ] as const)('says in %s why a rating too large to send was refused', (language, text) => {
    setTestLanguage(language);
    show(TOO_LARGE_ERROR);
    expect(screen.getByText(text)).toBeTruthy();
    expect(document.body.textContent).not.toContain(TOO_LARGE_ERROR);
  });

  it("shows the backend's reason as it was sent", () => {
    show('comment: refused by the content filter');
    expect(screen.getByText('OPS-5: comment: refused by the content filter')).toBeTruthy();
  });
});
