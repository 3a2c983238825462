import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type IpcError } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { useEvent } from '../api/use-event';
import { useInvoke } from '../api/use-invoke';
import { AlertEventTable } from './AlertEventTable';
import { Pager } from '../app/Pager';
import { ErrorAlert } from '../app/ErrorAlert';

const pageSize = 100;

/** «Центр оповещений»: newest first, unread highlighted, read one or all. */
export function AlertCentre() {
  const { t } = useTranslation();
  const [isUnreadOnly, setIsUnreadOnly] = useState(false);
  const [offset, setOffset] = useState(0);
  const [actionError, setActionError] = useState<IpcError | null>(null);
  const list = useInvoke('alerts.events.list', { isUnreadOnly, limit: pageSize, offset });
  const { reload } = list;
  useEvent('alerts.changed', () => reload());

  async function markRead(input: { ids: string[] } | { isAll: true }): Promise<void> {
    setActionError(null);
    const result = await api.invoke('alerts.events.markRead', input);
    if (!result.ok) setActionError(result.error);
    // alerts.changed follows as well; reloading here keeps the list right if events are delayed.
    reload();
  }

  const value = list.value;
  const error = actionError ?? (list.status === 'error' ? list.error : null);

  return (
    <div className="tab-content">
      <div className="toolbar">
        <label className="checkbox">
          <input
            type="checkbox"
            data-testid="alerts-unread-only"
            checked={isUnreadOnly}
            onChange={(event) => {
              setIsUnreadOnly(event.target.checked);
              setOffset(0);
            }}
          />
          {t('alerts.centre.unreadOnly')}
        </label>
        <span className="total" data-testid="alerts-unread-count" data-value={value?.unread}>
          {value ? t('alerts.centre.unreadCount', { count: value.unread }) : t('app.loading')}
        </span>
        <button
          type="button"
          className="button"
          data-testid="alerts-mark-all-read"
          disabled={!value || value.unread === 0}
          onClick={() => void markRead({ isAll: true })}
        >
          {t('alerts.centre.markAllRead')}
        </button>
      </div>
      <ErrorAlert error={error} testId="alerts-error" />
      {value && value.items.length === 0 ? (
        <p className="empty" data-testid="alerts-empty">
          {isUnreadOnly ? t('alerts.centre.emptyUnread') : t('alerts.centre.empty')}
        </p>
      ) : value ? (
        <AlertEventTable
          events={value.items}
          caption={t('alerts.tabs.centre')}
          testId="alerts-list"
          onMarkRead={(id) => void markRead({ ids: [id] })}
        />
      ) : null}
      {value && <Pager offset={offset} pageSize={pageSize} total={value.total} onChange={setOffset} />}
    </div>
  );
}
