import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type AlertDelivery } from '../../../src-preload/contract';
import { createStockFormatters } from '../stock/stock-format';

/** How each channel of one alert went: sent, waiting for a retry, or given up. The centre itself always has it. */
export function DeliveryChips({ deliveries }: { deliveries: readonly AlertDelivery[] }) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  if (deliveries.length === 0) return <span className="muted">{t('alerts.centre.inAppOnly')}</span>;
  return (
    <ul className="chip-list">
      {deliveries.map((d) => {
        const details = [
          t('alerts.centre.attempts', { count: d.attempts }),
          d.sentAt !== null ? t('alerts.centre.sentAt', { time: format.dateTime(d.sentAt) }) : null,
          d.nextAttemptAt !== null ? t('alerts.centre.nextAttempt', { time: format.dateTime(d.nextAttemptAt) }) : null,
          d.lastError,
        ].filter(Boolean);
        return (
          <li
            key={d.channel}
            className={`status-chip is-${d.status}`}
            data-testid="alert-delivery"
            data-channel={d.channel}
            data-status={d.status}
            title={details.join('\n')}
          >
            {t(`alerts.channels.${d.channel}`)}: {t(`alerts.deliveryStatus.${d.status}`)}
          </li>
        );
      })}
    </ul>
  );
}
