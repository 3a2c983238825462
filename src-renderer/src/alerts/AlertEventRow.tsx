import { useTranslation } from 'react-i18next';
import { type AlertEvent } from '../../../src-preload/contract';
import { type StockFormatters } from '../stock/stock-format';
import { DeliveryChips } from './DeliveryChips';

type Props = {
  event: AlertEvent;
  format: StockFormatters;
  /** Absent in the history (read state is not acted on there). */
  onMarkRead?: (id: string) => void;
};

/** One fired alert: when, which rule, which product where, the quantity change and its delivery. */
export function AlertEventRow({ event, format, onMarkRead }: Props) {
  const { t } = useTranslation();
  const dash = t('stock.noValue');
  const isUnread = event.readAt === null;
  return (
    <tr className={isUnread ? 'alert-row is-unread' : 'alert-row'} data-testid="alert-row" data-id={event.id} data-unread={isUnread}>
      <td>{format.dateTime(event.firedAt)}</td>
      <td>
        {isUnread && <span className="visually-hidden">{t('alerts.centre.unread')}</span>}
        {event.ruleName}
      </td>
      <td data-col="product" data-product-id={event.productId ?? undefined}>
        {event.productName ?? dash}
        {event.productCode && <span className="muted mono"> {event.productCode}</span>}
      </td>
      <td data-col="warehouse">{event.warehouseName ?? dash}</td>
      <td className="num" data-col="qty" data-old={event.oldQty ?? undefined} data-new={event.newQty}>
        {event.oldQty === null ? '' : `${format.qty(event.oldQty)} → `}
        <strong>{format.qty(event.newQty)}</strong>
      </td>
      <td data-col="message">{event.message}</td>
      <td>
        <DeliveryChips deliveries={event.deliveries} />
      </td>
      {onMarkRead && (
        <td>
          {isUnread && (
            <button
              type="button"
              className="button button-small"
              data-testid="alert-mark-read"
              aria-label={t('alerts.centre.markReadOne', { rule: event.ruleName })}
              onClick={() => onMarkRead(event.id)}
            >
              {t('alerts.centre.markRead')}
            </button>
          )}
        </td>
      )}
    </tr>
  );
}
