// @vitest-environment happy-dom
/**
 * The options page's detection health through the real worker handlers: one line per tracker and
 * fact since Monday (English and Chinese, singular and plural), new counts shown while open, the
 * section named by its heading for screen readers.
 */
import { cleanup, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DetectionHealthSection } from '../../components/options/DetectionHealthSection';
import type { FeedbackDb } from '../../entrypoints/background/storage/db';
import { DETECTION_HEALTH_KEY } from '../../utils/contracts/detection-health';
import { startBackground, stopBackground } from '../entrypoints/background/harness';
import { setTestLanguage } from '../setup/i18n';

const counts = (status: number, title = 0) => ({ title, status, emptyChains: { state: status } });
const item = (gitlabPages: number) => ({
  days: { '2026-11-29': { gitlab: counts(7) }, '2026-12-01': { gitlab: counts(gitlabPages), github: counts(0, 1) } },
  reportIds: {},
  acked: {},
});

let db: FeedbackDb;
beforeEach(async () => {
  db = await startBackground(() => new Date(2026, 11, 2, 10, 0));
});
afterEach(async () => {
  cleanup();
  await stopBackground(db);
});

const section = () => screen.getByRole('region', { name: 'Detection health' });

describe('DetectionHealthSection', () => {
  it('says per tracker what was not found on how many pages since Monday, and follows new counts', async () => {
    await fakeBrowser.storage.local.set({ [DETECTION_HEALTH_KEY]: item(3) });
    render(<DetectionHealthSection />);
    expect(await within(section()).findByText('GitLab: status not found on 3 pages since Monday')).toBeTruthy();
    expect(within(section()).getByText('GitHub: title not found on 1 page since Monday')).toBeTruthy();
    expect(within(section()).getAllByRole('listitem')).toHaveLength(2);
    await fakeBrowser.storage.local.set({ [DETECTION_HEALTH_KEY]: item(4) });
    expect(await within(section()).findByText('GitLab: status not found on 4 pages since Monday')).toBeTruthy();
  });

  it('says so when every page was read, and speaks Chinese', async () => {
    render(<DetectionHealthSection />);
    expect(await within(section()).findByText('Every ticket page since Monday showed its status and title.')).toBeTruthy();
    cleanup();
    setTestLanguage('zh_CN');
    await fakeBrowser.storage.local.set({ [DETECTION_HEALTH_KEY]: item(3) });
    render(<DetectionHealthSection />);
    expect(await screen.findByText('GitLab：自周一以来有 3 个页面未找到状态')).toBeTruthy();
    expect(screen.getByRole('region', { name: '识别状况' })).toBeTruthy();
  });
});
