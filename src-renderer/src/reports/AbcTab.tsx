import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type AbcClass } from '../../../src-preload/contract';
import { useInvoke } from '../api/use-invoke';
import { createStockFormatters } from '../stock/stock-format';
import { type CsvCell, csvMoney, csvNumber } from './csv';
import { ExportCsvButton } from './ExportCsvButton';
import { ShowMore, useDisplayLimit } from './ShowMore';
import { useWarehouseChoice } from './use-warehouse-choice';
import { WarehouseSelect } from './WarehouseSelect';
import { ErrorAlert } from '../app/ErrorAlert';

const abcClasses = ['A', 'B', 'C'] as const satisfies readonly AbcClass[];
const shareDigits = 2;

/** «ABC-анализ»: products by turnover (consumption × retail price), largest first, with their class. */
export function AbcTab() {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const percent = useMemo(
    () => new Intl.NumberFormat(i18n.language === 'en' ? 'en-US' : 'ru-RU', { maximumFractionDigits: shareDigits, minimumFractionDigits: shareDigits }),
    [i18n.language],
  );
  const choice = useWarehouseChoice(true);
  const report = useInvoke('replenishment.abc', { warehouseId: choice.warehouseId });
  const { limit, showMore } = useDisplayLimit();
  const items = report.value?.items;
  const dash = t('stock.noValue');

  function buildCsv() {
    return {
      header: [t('reports.columns.abc'), t('reports.columns.code'), t('reports.columns.name'), t('reports.columns.turnover'), t('reports.columns.share'), t('reports.columns.cumulativeShare')],
      rows: (items ?? []).map((r): CsvCell[] => [r.abcClass, r.code, r.name, csvMoney(r.turnover), csvNumber(Number(r.share.toFixed(shareDigits))), csvNumber(Number(r.cumulativeShare.toFixed(shareDigits)))]),
    };
  }

  return (
    <div className="tab-content">
      <div className="toolbar">
        <WarehouseSelect warehouses={choice.warehouses} value={choice.warehouseId} onChange={choice.choose} isAllAllowed testId="abc-warehouse" />
        {report.value && (
          <span className="abc-counts" data-testid="abc-counts">
            {abcClasses.map((c) => (
              <span key={c} className={`abc-chip is-${c}`} data-class={c} data-value={report.value?.counts[c] ?? 0}>
                {c}: {format.count(report.value?.counts[c] ?? 0)}
              </span>
            ))}
          </span>
        )}
        <ExportCsvButton stem="abc" build={buildCsv} isDisabled={!items || items.length === 0} testId="abc-export" />
      </div>
      <ErrorAlert error={report.status === 'error' ? report.error : null} />
      {items && items.length === 0 ? (
        <p className="empty" data-testid="abc-empty">
          {t('reports.abc.empty')}
        </p>
      ) : items ? (
        <>
          <div className="table-scroll">
            <table className="data-table report-table" data-testid="abc-list">
              <caption className="visually-hidden">{t('reports.tabs.abc')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reports.columns.abc')}</th>
                  <th scope="col">{t('reports.columns.code')}</th>
                  <th scope="col">{t('reports.columns.name')}</th>
                  <th scope="col" className="num">
                    {t('reports.columns.turnover')}
                  </th>
                  <th scope="col" className="num">
                    {t('reports.columns.share')}
                  </th>
                  <th scope="col" className="num">
                    {t('reports.columns.cumulativeShare')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.slice(0, limit).map((r) => (
                  <tr key={r.productId} data-testid="abc-row" data-id={r.productId} data-class={r.abcClass}>
                    <td>
                      <span className={`abc-chip is-${r.abcClass}`}>{r.abcClass}</span>
                    </td>
                    <td className="mono">{r.code ?? dash}</td>
                    <td>{r.name}</td>
                    <td className="num">{format.price(r.turnover)}</td>
                    <td className="num">{percent.format(r.share)}</td>
                    <td className="num">{percent.format(r.cumulativeShare)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ShowMore shown={Math.min(limit, items.length)} total={items.length} onMore={showMore} />
        </>
      ) : null}
    </div>
  );
}
