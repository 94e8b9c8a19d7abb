/** The popup's "Outbox": what waits, what synced, what was refused and why, and "Sync now". */
import { t } from '../platform/i18n';
import { TOO_LARGE_ERROR, type OutboxStatus } from '../utils/contracts/messages';
import { formatDate } from './popup-format';

export interface OutboxPanelProps {
  status: OutboxStatus;
  /** The backend refused the company sign-in: held ratings wait for sign-in again (the popup's notice says so). */
  signInAgain?: boolean;
  syncing: boolean;
  onSyncNow: () => void;
  onOpenOptions: () => void;
}

/** A reason the extension decided itself is a translation key; the backend's reasons are shown as sent. */
const LOCAL_REASONS: ReadonlySet<string> = new Set([TOO_LARGE_ERROR]);
const reasonText = (error: string) => (LOCAL_REASONS.has(error) ? t(error) : error);

export function OutboxPanel({ status, signInAgain = false, syncing, onSyncNow, onOpenOptions }: OutboxPanelProps) {
  const { counts, lastError } = status;
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  const waiting = counts.waiting + counts.syncing;
  return (
    <section class="sf-popup__section" aria-labelledby="sf-outbox-heading">
      <h2 id="sf-outbox-heading">{t('popup_outbox_heading')}</h2>
      {total === 0 ? (
        <p class="sf-empty">{t('popup_outbox_empty')}</p>
      ) : (
        <dl class="sf-outbox__counts">
          <div>
            <dt>{t('popup_outbox_waiting')}</dt>
            <dd>{waiting}</dd>
          </div>
          <div>
            <dt>{t('popup_outbox_synced')}</dt>
            <dd>{counts.synced}</dd>
          </div>
          <div>
            <dt>{t('popup_outbox_rejected')}</dt>
            <dd>{counts.rejected}</dd>
          </div>
          {counts.auth > 0 && (
            <div class="sf-outbox__auth">
              <dt>{signInAgain ? t('popup_outbox_auth_sign_in') : t('popup_outbox_auth')}</dt>
              <dd>{counts.auth}</dd>
            </div>
          )}
        </dl>
      )}
      {status.rejected.length > 0 && (
        <ul class="sf-outbox__rejected">
          {status.rejected.map((entry) => (
            <li key={entry.id}>{t('popup_outbox_rejected_item', entry.ticketKey, reasonText(entry.error))}</li>
          ))}
        </ul>
      )}
      {status.backendConfigured ? (
        <>
          <p class="sf-muted">{status.lastSyncAt ? t('popup_outbox_last_sync', formatDate(status.lastSyncAt, 'dateTime')) : t('popup_outbox_never_synced')}</p>
          {/* "Check the token in Options" would mislead: the sign-in notice above says what to do. */}
          {lastError && !(signInAgain && lastError.kind === 'auth') && (
            <p class="sf-error" role="alert">
              {t(`popup_error_${lastError.kind.replace('-', '_')}`, lastError.status ? `HTTP ${lastError.status}: ${lastError.message}` : lastError.message)}
            </p>
          )}
          <button type="button" class="sf-button sf-button--primary" disabled={syncing} onClick={onSyncNow}>
            {syncing ? t('popup_outbox_syncing') : t('popup_outbox_sync_now')}
          </button>
        </>
      ) : (
        <>
          <p class="sf-muted">{t('popup_outbox_no_backend')}</p>
          <button type="button" class="sf-button" onClick={onOpenOptions}>
            {t('popup_outbox_open_options')}
          </button>
        </>
      )}
      {status.corrupt > 0 && <p class="sf-muted">{t('popup_outbox_corrupt', status.corrupt)}</p>}
    </section>
  );
}
