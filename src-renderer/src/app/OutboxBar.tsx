import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../i18n/error-message';
import { createStockFormatters } from '../stock/stock-format';
import { useNow } from '../stock/use-now';
import { hrefFor } from './app-routes';
import { type OutboxControl } from './use-outbox-status';

/**
 * The strip above every screen: how many documents wait for 1C, how many 1C refused, and, when
 * sending stopped until someone acts (a wrong password, no 1C address), why.
 */
export function OutboxBar({ control }: { control: OutboxControl }) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const { status, isSendingNow, sendNowError, sendNow } = control;
  const now = useNow(30_000);
  if (!status) return null;

  const waiting = status.queued + status.sending;
  const paused = status.paused;
  // "Not configured" with nothing to send is the normal state of a store without 1C yet: no banner.
  const isPauseShown = paused !== null && (waiting > 0 || paused.reason === 'auth');

  return (
    <div className="outbox" data-testid="outbox-bar" aria-label={t('outbox.label')} role="region">
      <div className="outbox-bar">
        <span className="outbox-label">{t('outbox.label')}</span>
        <span className="outbox-count" data-testid="outbox-queued" data-value={waiting}>
          {t('outbox.queued', { count: format.count(waiting) })}
          {status.sending > 0 && <span className="muted"> ({t('outbox.sending', { count: format.count(status.sending) })})</span>}
        </span>
        {status.rejected > 0 && (
          <a className="outbox-count is-alarm" href={hrefFor('documents')} data-testid="outbox-rejected" data-value={status.rejected}>
            {t('outbox.rejected', { count: format.count(status.rejected) })}
          </a>
        )}
        {status.nextAttemptAt !== null && waiting > 0 && (
          <span className="muted" data-testid="outbox-next-attempt">
            {t('outbox.nextAttempt', { time: format.freshness(status.nextAttemptAt, now) })}
          </span>
        )}
        {status.lastError && !isPauseShown && (
          <span className="outbox-last-error" data-testid="outbox-last-error" title={status.lastError}>
            {t('outbox.lastError', { message: status.lastError })}
          </span>
        )}
        <button
          type="button"
          className="button button-small"
          data-testid="outbox-send-now"
          disabled={isSendingNow || (waiting === 0 && paused === null)}
          onClick={sendNow}
        >
          {isSendingNow ? t('outbox.sendingNow') : t('outbox.sendNow')}
        </button>
      </div>
      {isPauseShown && (
        <div className="outbox-paused" role="alert" data-testid="outbox-paused" data-reason={paused.reason}>
          <strong>{t('outbox.paused', { message: paused.message })}</strong> {t(`outbox.pausedHints.${paused.reason}`)}{' '}
          <a href={hrefFor('settings')}>{t('sync.openSettings')}</a>
        </div>
      )}
      {sendNowError && (
        <p className="error outbox-error" role="alert" data-testid="outbox-error">
          {t('outbox.sendFailed')}: {errorMessage(t, sendNowError)}
        </p>
      )}
    </div>
  );
}
