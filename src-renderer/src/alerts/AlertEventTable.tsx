import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type AlertEvent } from '../../../src-preload/contract';
import { createStockFormatters } from '../stock/stock-format';
import { AlertEventRow } from './AlertEventRow';

type Props = { events: readonly AlertEvent[]; caption: string; onMarkRead?: (id: string) => void; testId: string };

/** The alert list of the centre and of the history. */
export function AlertEventTable({ events, caption, onMarkRead, testId }: Props) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  return (
    <div className="table-scroll">
      <table className="data-table alert-table" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('alerts.columns.firedAt')}</th>
            <th scope="col">{t('alerts.columns.rule')}</th>
            <th scope="col">{t('alerts.columns.product')}</th>
            <th scope="col">{t('alerts.columns.warehouse')}</th>
            <th scope="col" className="num">
              {t('alerts.columns.qty')}
            </th>
            <th scope="col">{t('alerts.columns.message')}</th>
            <th scope="col">{t('alerts.columns.delivery')}</th>
            {onMarkRead && <th scope="col">{t('alerts.columns.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <AlertEventRow key={event.id} event={event} format={format} onMarkRead={onMarkRead} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
