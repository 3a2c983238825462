import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type InvokeOutput, type IpcError } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { useInvoke } from '../api/use-invoke';
import { hrefFor } from '../app/app-routes';
import { DocumentStatusChip } from '../documents/DocumentStatusChip';
import { errorMessage } from '../i18n/error-message';
import { createStockFormatters } from '../stock/stock-format';
import { formatBytes } from './cml-format';
import { ErrorAlert } from '../app/ErrorAlert';

/** The newest shipments offered for export; older ones are rarely sent again. */
const shownShipments = 100;

/** «Выгрузить заказы»: the chosen shipments as a CommerceML orders file in `<folder>/to-1c/`. */
export function OrdersExport({ folder }: { folder: string }) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const shipments = useInvoke('documents.list', { kind: 'shipment', limit: shownShipments });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [isExporting, setIsExporting] = useState(false);
  const [written, setWritten] = useState<InvokeOutput<'cml.export.orders'> | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const items = (shipments.value?.items ?? []).filter((doc) => doc.status !== 'cancelled');

  function toggle(id: string, isOn: boolean): void {
    setSelected((prev) => {
      const next = new Set(prev);
      if (isOn) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  async function exportOrders(): Promise<void> {
    setIsExporting(true);
    setError(null);
    setWritten(null);
    const result = await api.invoke('cml.export.orders', { documentIds: items.filter((doc) => selected.has(doc.id)).map((doc) => doc.id) });
    setIsExporting(false);
    if (!result.ok) return setError(result.error);
    setWritten(result.value);
  }

  const chosen = items.filter((doc) => selected.has(doc.id)).length;

  return (
    <section className="exchange-orders" aria-labelledby="cml-orders-title">
      <h2 id="cml-orders-title">{t('exchange.orders.title')}</h2>
      <p className="field-hint">{t('exchange.orders.hint', { folder: `${folder}/to-1c` })}</p>
      <ErrorAlert error={shipments.status === 'error' ? shipments.error : null} />
      {shipments.value && items.length === 0 ? (
        <p className="empty" data-testid="cml-orders-empty">
          {t('exchange.orders.empty')}
        </p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="cml-orders">
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">{t('exchange.orders.choose')}</span>
                </th>
                <th scope="col">{t('documents.columns.number')}</th>
                <th scope="col">{t('documents.columns.date')}</th>
                <th scope="col">{t('documents.columns.status')}</th>
                <th scope="col" className="num">
                  {t('documents.columns.amount')}
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((doc) => (
                <tr key={doc.id} data-testid="cml-order-row" data-id={doc.id}>
                  <td>
                    <input
                      type="checkbox"
                      data-testid="cml-order-check"
                      aria-label={t('exchange.orders.chooseOne', { number: doc.localNumber })}
                      checked={selected.has(doc.id)}
                      onChange={(event) => toggle(doc.id, event.target.checked)}
                    />
                  </td>
                  <td>
                    <a href={hrefFor('documents', doc.id)}>{doc.localNumber}</a>
                  </td>
                  <td>{format.dateTime(doc.date)}</td>
                  <td>
                    <DocumentStatusChip status={doc.status} kind={doc.kind} />
                  </td>
                  <td className="num">{format.price(doc.totalAmount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="toolbar">
        <button type="button" className="button" data-testid="cml-export-orders" disabled={chosen === 0 || isExporting} onClick={() => void exportOrders()}>
          {isExporting ? t('exchange.orders.exporting') : t('exchange.orders.export', { count: chosen })}
        </button>
      </div>
      {written && (
        <p className="success" role="status" data-testid="cml-export-result" data-file={written.fileName}>
          {t('exchange.orders.written', { file: written.fileName, count: written.documents, size: formatBytes(written.bytes, i18n.language) })}
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="cml-export-error">
          {t('exchange.orders.failed')}: {errorMessage(t, error)}
        </p>
      )}
    </section>
  );
}
