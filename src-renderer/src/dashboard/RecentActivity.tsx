import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type ActivityItem } from '../../../src-preload/contract';
import { createStockFormatters } from '../stock/stock-format';

type Props = { items: readonly ActivityItem[]; now: number };

/** The newest documents, sync runs and alerts, as the core describes them. */
export function RecentActivity({ items, now }: Props) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  return (
    <section className="dash-panel" aria-labelledby="dash-activity-title" data-testid="dash-activity">
      <h2 id="dash-activity-title">{t('dashboard.activity.title')}</h2>
      {items.length === 0 ? (
        <p className="empty">{t('dashboard.activity.empty')}</p>
      ) : (
        <ol className="activity-list">
          {items.map((item, index) => (
            <li key={`${item.at}-${index}`} className={`activity-item is-${item.kind}`} data-testid="dash-activity-item" data-kind={item.kind}>
              <time className="muted" dateTime={new Date(item.at).toISOString()}>
                {format.freshness(item.at, now)}
              </time>
              <span className="activity-kind">{t(`dashboard.activity.kinds.${item.kind}`)}</span>
              <span>{item.text}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
