import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type IpcError, type ReconciliationReport } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { createStockFormatters } from '../stock/stock-format';
import { type CsvCell, csvQty } from './csv';
import { ExportCsvButton } from './ExportCsvButton';
import { ShowMore, useDisplayLimit } from './ShowMore';
import { useWarehouseChoice } from './use-warehouse-choice';
import { WarehouseSelect } from './WarehouseSelect';
import { ErrorAlert } from '../app/ErrorAlert';

/** «Сверка с 1С»: a fresh 1C balance against the mirror for one store, every difference explained. */
export function ReconciliationTab() {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const choice = useWarehouseChoice();
  const [isRunning, setIsRunning] = useState(false);
  const [report, setReport] = useState<ReconciliationReport | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const { limit, showMore } = useDisplayLimit();

  async function run(): Promise<void> {
    if (choice.warehouseId === null) return;
    setIsRunning(true);
    setError(null);
    const result = await api.invoke('reconciliation.run', { warehouseId: choice.warehouseId });
    setIsRunning(false);
    if (result.ok) setReport(result.value);
    else setError(result.error);
  }

  function buildCsv() {
    return {
      header: [
        t('reports.columns.code'),
        t('reports.columns.name'),
        t('reports.reconciliation.mirrorQty'),
        t('reports.reconciliation.displayedQty'),
        t('reports.reconciliation.onecQty'),
        t('reports.reconciliation.difference'),
        t('reports.reconciliation.pendingLocal'),
        t('reports.reconciliation.unpulled1c'),
        t('reports.reconciliation.unexplained'),
        t('reports.reconciliation.explanation'),
      ],
      rows: (report?.rows ?? []).map((r): CsvCell[] => [
        r.code,
        r.name,
        csvQty(r.mirrorQty),
        csvQty(r.displayedQty),
        csvQty(r.onecQty),
        csvQty(r.difference),
        csvQty(r.pendingLocal),
        csvQty(r.unpulled1c),
        csvQty(r.unexplained),
        r.explanation,
      ]),
    };
  }

  const rows = report?.rows;

  return (
    <div className="tab-content">
      <div className="toolbar">
        <WarehouseSelect warehouses={choice.warehouses} value={choice.warehouseId} onChange={choice.choose} testId="reconciliation-warehouse" />
        <button type="button" className="button-primary" data-testid="reconciliation-run" disabled={choice.warehouseId === null || isRunning} onClick={() => void run()}>
          {isRunning ? t('reports.reconciliation.running') : t('reports.reconciliation.run')}
        </button>
        <ExportCsvButton stem="reconciliation" build={buildCsv} isDisabled={!rows || rows.length === 0} testId="reconciliation-export" />
      </div>
      <ErrorAlert error={error} testId="reconciliation-error" />
      {report && (
        <p className="note" data-testid="reconciliation-totals" data-differences={report.totals.differences} data-unexplained={report.totals.unexplained}>
          {t('reports.reconciliation.totals', {
            warehouse: report.warehouseName,
            time: format.dateTime(report.takenAt),
            compared: format.count(report.totals.compared),
            differences: format.count(report.totals.differences),
            explained: format.count(report.totals.explained),
            unexplained: format.count(report.totals.unexplained),
          })}
        </p>
      )}
      {rows && rows.length === 0 ? (
        <p className="success" data-testid="reconciliation-empty">
          {t('reports.reconciliation.noDifferences')}
        </p>
      ) : rows ? (
        <>
          <div className="table-scroll">
            <table className="data-table report-table" data-testid="reconciliation-list">
              <caption className="visually-hidden">{t('reports.tabs.reconciliation')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reports.columns.code')}</th>
                  <th scope="col">{t('reports.columns.name')}</th>
                  <th scope="col" className="num">
                    {t('reports.reconciliation.mirrorQty')}
                  </th>
                  <th scope="col" className="num">
                    {t('reports.reconciliation.displayedQty')}
                  </th>
                  <th scope="col" className="num">
                    {t('reports.reconciliation.onecQty')}
                  </th>
                  <th scope="col" className="num">
                    {t('reports.reconciliation.difference')}
                  </th>
                  <th scope="col" className="num">
                    {t('reports.reconciliation.pendingLocal')}
                  </th>
                  <th scope="col" className="num">
                    {t('reports.reconciliation.unpulled1c')}
                  </th>
                  <th scope="col" className="num">
                    {t('reports.reconciliation.unexplained')}
                  </th>
                  <th scope="col">{t('reports.reconciliation.explanation')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, limit).map((r) => (
                  <tr key={r.productId} data-testid="reconciliation-row" data-id={r.productId} className={r.unexplained !== 0 ? 'is-alarm' : undefined}>
                    <td className="mono">{r.code ?? t('stock.noValue')}</td>
                    <td>{r.name}</td>
                    <td className="num">{format.qty(r.mirrorQty)}</td>
                    <td className="num">{format.qty(r.displayedQty)}</td>
                    <td className="num">{format.qty(r.onecQty)}</td>
                    <td className="num" data-col="difference" data-value={r.difference}>
                      <strong>{format.qty(r.difference)}</strong>
                    </td>
                    <td className="num" data-value={r.pendingLocal}>
                      {format.qty(r.pendingLocal)}
                    </td>
                    <td className="num" data-value={r.unpulled1c}>
                      {format.qty(r.unpulled1c)}
                    </td>
                    <td className="num" data-value={r.unexplained}>
                      {format.qty(r.unexplained)}
                    </td>
                    <td data-col="explanation">{r.explanation}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ShowMore shown={Math.min(limit, rows.length)} total={rows.length} onMore={showMore} />
        </>
      ) : (
        !error && !isRunning && <p className="muted">{t('reports.reconciliation.hint')}</p>
      )}
    </div>
  );
}
