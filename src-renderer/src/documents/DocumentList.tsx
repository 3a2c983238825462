import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Pager } from '../app/Pager';
import { type DocumentKind, type DocumentStatus, type DocumentSummary } from '../../../src-preload/contract';
import { useEvent } from '../api/use-event';
import { useInvoke } from '../api/use-invoke';
import { hrefFor, navigateTo } from '../app/app-routes';
import { createStockFormatters } from '../stock/stock-format';
import { documentKindList, documentStatusList, isDocumentKind } from './document-kinds';
import { DocumentStatusChip } from './DocumentStatusChip';
import { NewDocumentDialog } from './NewDocumentDialog';
import { ErrorAlert } from '../app/ErrorAlert';

const pageSize = 100;
/** How often the list is re-read while documents are on their way to 1C. */
const fallbackPollMs = 5_000;
const allKinds = 'all';

function warehouseText(doc: DocumentSummary): string {
  return doc.toWarehouseName ? `${doc.warehouseName} → ${doc.toWarehouseName}` : doc.warehouseName;
}

/** Every local document, newest first, filtered by status and kind; opens one in the editor. */
export function DocumentList() {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const [status, setStatus] = useState<DocumentStatus | null>(null);
  const [kind, setKind] = useState<DocumentKind | null>(null);
  const [offset, setOffset] = useState(0);
  const [isCreating, setIsCreating] = useState(false);
  const list = useInvoke('documents.list', { status: status ?? undefined, kind: kind ?? undefined, limit: pageSize, offset });
  const { reload } = list;

  // The outbox moves documents through queued → sending → posted/rejected in the background.
  useEvent('documents.changed', () => reload());

  const value = list.value;
  const counts = value?.counts;
  const total = value?.total ?? null;
  const isMoving = counts !== undefined && counts.queued + counts.sending > 0;

  useEffect(() => {
    // In case an event was lost while the event stream reconnected.
    if (!isMoving) return;
    const timer = window.setInterval(reload, fallbackPollMs);
    return () => window.clearInterval(timer);
  }, [isMoving, reload]);

  function chooseStatus(next: DocumentStatus | null): void {
    setStatus(next);
    setOffset(0);
  }

  return (
    <section className="page page-documents">
      <header className="page-header page-header-row">
        <h1 data-testid="page-title">{t('nav.documents')}</h1>
        <button type="button" className="button-primary" data-testid="doc-new" onClick={() => setIsCreating(true)}>
          {t('documents.newDocument')}
        </button>
      </header>

      <div className="toolbar">
        <div className="segmented" role="group" aria-label={t('documents.filterStatus')} data-testid="doc-filter-status">
          <button
            type="button"
            aria-pressed={status === null}
            data-testid="doc-filter-status-all"
            onClick={() => chooseStatus(null)}
          >
            {t('documents.allStatuses')}
          </button>
          {documentStatusList.map((s) => (
            <button
              type="button"
              key={s}
              aria-pressed={status === s}
              data-testid={`doc-filter-status-${s}`}
              className={`is-${s}`}
              onClick={() => chooseStatus(s)}
            >
              {t(`documents.statuses.${s}`)}
              {counts && counts[s] > 0 && <span className="segmented-count">{format.count(counts[s])}</span>}
            </button>
          ))}
        </div>
        <label className="field field-inline">
          <span className="field-label">{t('documents.filterKind')}</span>
          <select
            data-testid="doc-filter-kind"
            value={kind ?? allKinds}
            onChange={(event) => {
              const next = event.target.value;
              setKind(isDocumentKind(next) ? next : null);
              setOffset(0);
            }}
          >
            <option value={allKinds}>{t('documents.allKinds')}</option>
            {documentKindList.map((k) => (
              <option key={k} value={k}>
                {t(`documents.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        {counts && (
          <span className="doc-counts">
            <span className="doc-count" data-testid="doc-count-queued" data-value={counts.queued + counts.sending}>
              {t('documents.queuedCount', { count: counts.queued + counts.sending })}
            </span>
            <span
              className={counts.rejected > 0 ? 'doc-count is-alarm' : 'doc-count'}
              data-testid="doc-count-rejected"
              data-value={counts.rejected}
            >
              {t('documents.rejectedCount', { count: counts.rejected })}
            </span>
          </span>
        )}
        <span className="total" data-testid="doc-total" data-total={total ?? undefined}>
          {total === null ? t('app.loading') : t('documents.total', { formatted: format.count(total) })}
        </span>
      </div>

      <ErrorAlert error={list.status === 'error' ? list.error : null} testId="doc-list-error" />

      {value && value.items.length === 0 ? (
        <p className="empty" data-testid="doc-list-empty">
          {status === null && kind === null ? t('documents.empty') : t('documents.emptyFiltered')}
        </p>
      ) : value ? (
        <div className="table-scroll">
          <table className="data-table doc-list" data-testid="doc-list">
            <caption className="visually-hidden">{t('documents.listCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('documents.columns.status')}</th>
                <th scope="col">{t('documents.columns.kind')}</th>
                <th scope="col">{t('documents.columns.number')}</th>
                <th scope="col">{t('documents.columns.number1c')}</th>
                <th scope="col">{t('documents.columns.date')}</th>
                <th scope="col">{t('documents.columns.warehouse')}</th>
                <th scope="col" className="num">
                  {t('documents.columns.lines')}
                </th>
                <th scope="col" className="num">
                  {t('documents.columns.qty')}
                </th>
                <th scope="col" className="num">
                  {t('documents.columns.amount')}
                </th>
              </tr>
            </thead>
            <tbody>
              {value.items.map((doc) => (
                <tr
                  key={doc.id}
                  className="is-clickable"
                  data-testid="doc-row"
                  data-id={doc.id}
                  data-status={doc.status}
                  data-kind={doc.kind}
                  onClick={() => navigateTo('documents', doc.id)}
                >
                  <td>
                    <DocumentStatusChip status={doc.status} kind={doc.kind} />
                    {doc.status === 'rejected' && doc.last1cMessage && (
                      <div className="status-message" data-testid="doc-row-message">
                        {doc.last1cMessage}
                      </div>
                    )}
                  </td>
                  <td data-col="kind">{t(`documents.kinds.${doc.kind}`)}</td>
                  <td data-col="number">
                    {/* A real link: Tab reaches every document, Enter opens it; the click also bubbles to the row. */}
                    <a href={hrefFor('documents', doc.id)} aria-label={t('documents.open', { number: doc.localNumber })}>
                      {doc.localNumber}
                    </a>
                  </td>
                  <td data-col="number1c">{doc.number1c ?? t('stock.noValue')}</td>
                  <td data-col="date">{format.dateTime(doc.date)}</td>
                  <td data-col="warehouse">{warehouseText(doc)}</td>
                  <td className="num" data-col="lines">
                    {format.count(doc.lineCount)}
                  </td>
                  <td className="num" data-col="qty" data-value={doc.totalQty}>
                    {format.qty(doc.totalQty)}
                  </td>
                  <td className="num" data-col="amount" data-value={doc.totalAmount}>
                    {format.price(doc.totalAmount)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {total !== null && <Pager offset={offset} pageSize={pageSize} total={total} onChange={setOffset} />}

      {isCreating && (
        <NewDocumentDialog
          onClose={() => setIsCreating(false)}
          onCreated={(doc) => {
            setIsCreating(false);
            navigateTo('documents', doc.id);
          }}
        />
      )}
    </section>
  );
}
