import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type IpcError, type StockLevelRow } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { useInvoke } from '../api/use-invoke';
import { ConfirmDialog } from '../app/ConfirmDialog';
import { Pager } from '../app/Pager';
import { createInputFormatters } from '../documents/document-format';
import { fieldErrors } from '../alerts/field-errors';
import { errorMessage } from '../i18n/error-message';
import { createStockFormatters } from '../stock/stock-format';
import { useDebouncedValue } from '../stock/use-debounced-value';
import { type CsvCell, csvQty } from './csv';
import { ExportCsvButton } from './ExportCsvButton';
import { LevelInput } from './LevelInput';
import { useWarehouseChoice } from './use-warehouse-choice';
import { WarehouseSelect } from './WarehouseSelect';
import { ErrorAlert } from '../app/ErrorAlert';

const pageSize = 100;
const exportPageSize = 500;
const searchDelayMs = 150;

/** «Мин/макс»: levels per product for one store, typed inline or taken from the suggestion. */
export function StockLevelsTab() {
  const { t } = useTranslation();
  const choice = useWarehouseChoice();
  return (
    <div className="tab-content">
      <div className="toolbar">
        <WarehouseSelect warehouses={choice.warehouses} value={choice.warehouseId} onChange={choice.choose} testId="levels-warehouse" />
      </div>
      {choice.warehouseId === null ? (
        !choice.isLoading && <p className="empty">{t('reports.chooseWarehouseFirst')}</p>
      ) : (
        <LevelsForWarehouse key={choice.warehouseId} warehouseId={choice.warehouseId} />
      )}
    </div>
  );
}

function LevelsForWarehouse({ warehouseId }: { warehouseId: number }) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const inputFormat = useMemo(() => createInputFormatters(i18n.language), [i18n.language]);
  const [searchText, setSearchText] = useState('');
  const [isSetOnly, setIsSetOnly] = useState(false);
  const [offset, setOffset] = useState(0);
  const [saved, setSaved] = useState<ReadonlyMap<number, StockLevelRow>>(new Map());
  const [isConfirmingAll, setIsConfirmingAll] = useState(false);
  const [acceptResult, setAcceptResult] = useState<{ updated: number } | null>(null);
  const [actionError, setActionError] = useState<IpcError | null>(null);
  const search = useDebouncedValue(searchText.trim(), searchDelayMs);
  const filter = { warehouseId, search: search || undefined, isSetOnly };
  const list = useInvoke('replenishment.levels.list', { ...filter, limit: pageSize, offset });
  const { reload } = list;
  const dash = t('stock.noValue');

  async function setLevel(row: StockLevelRow, patch: { minQty?: number | null; maxQty?: number | null }): Promise<string | null> {
    const result = await api.invoke('replenishment.levels.set', {
      warehouseId,
      productId: row.productId,
      minQty: patch.minQty === undefined ? row.minQty : patch.minQty,
      maxQty: patch.maxQty === undefined ? row.maxQty : patch.maxQty,
    });
    if (!result.ok) {
      const spread = fieldErrors(result.error, ['minQty', 'maxQty']);
      return Object.values(spread.byField).join('; ') || errorMessage(t, result.error);
    }
    setSaved((prev) => new Map(prev).set(row.productId, result.value));
    return null;
  }

  async function acceptAll(): Promise<void> {
    setIsConfirmingAll(false);
    setActionError(null);
    const result = await api.invoke('replenishment.levels.acceptSuggested', { warehouseId });
    if (!result.ok) return setActionError(result.error);
    setAcceptResult(result.value);
    setSaved(new Map());
    reload();
  }

  async function acceptOne(row: StockLevelRow): Promise<void> {
    setActionError(null);
    const result = await api.invoke('replenishment.levels.acceptSuggested', { warehouseId, productIds: [row.productId] });
    if (!result.ok) return setActionError(result.error);
    setSaved((prev) => {
      const next = new Map(prev);
      next.delete(row.productId);
      return next;
    });
    reload();
  }

  async function buildCsv() {
    const items: StockLevelRow[] = [];
    for (let from = 0; ; from += exportPageSize) {
      const page = await api.invoke('replenishment.levels.list', { ...filter, limit: exportPageSize, offset: from });
      if (!page.ok) return null;
      items.push(...page.value.items);
      if (page.value.items.length < exportPageSize || items.length >= page.value.total) break;
    }
    return {
      header: [
        t('reports.columns.code'),
        t('reports.columns.name'),
        t('reports.columns.qty'),
        t('reports.columns.min'),
        t('reports.columns.max'),
        t('reports.columns.levelSource'),
        t('reports.columns.avgDailySales'),
        t('reports.columns.suggestedMin'),
        t('reports.columns.suggestedMax'),
      ],
      rows: items.map((r): CsvCell[] => [
        r.code,
        r.name,
        csvQty(r.qty),
        r.minQty === null ? null : csvQty(r.minQty),
        r.maxQty === null ? null : csvQty(r.maxQty),
        r.source === null ? null : t(`reports.levels.sources.${r.source}`),
        csvQty(r.avgDailySales),
        csvQty(r.suggestedMin),
        csvQty(r.suggestedMax),
      ]),
    };
  }

  const value = list.value;
  const error = actionError ?? (list.status === 'error' ? list.error : null);

  return (
    <>
      <div className="toolbar">
        <label className="field field-inline field-grow">
          <span className="field-label">{t('stock.search')}</span>
          <input
            type="search"
            data-testid="levels-search"
            value={searchText}
            placeholder={t('stock.searchPlaceholder')}
            onChange={(event) => {
              setSearchText(event.target.value);
              setOffset(0);
            }}
          />
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            data-testid="levels-set-only"
            checked={isSetOnly}
            onChange={(event) => {
              setIsSetOnly(event.target.checked);
              setOffset(0);
            }}
          />
          {t('reports.levels.setOnly')}
        </label>
        <span className="total" data-testid="levels-total" data-total={value?.total}>
          {value ? t('reports.replenishment.total', { formatted: format.count(value.total) }) : t('app.loading')}
        </span>
        <button type="button" className="button" data-testid="levels-accept-all" onClick={() => setIsConfirmingAll(true)}>
          {t('reports.levels.acceptAll')}
        </button>
        <ExportCsvButton stem="min-max" build={buildCsv} isDisabled={!value || value.total === 0} testId="levels-export" />
      </div>
      {acceptResult && (
        <p className="success" role="status" data-testid="levels-accepted" data-value={acceptResult.updated}>
          {t('reports.levels.accepted', { count: acceptResult.updated })}
        </p>
      )}
      <ErrorAlert error={error} />
      {value && value.items.length === 0 ? (
        <p className="empty" data-testid="levels-empty">
          {t('stock.empty')}
        </p>
      ) : value ? (
        <div className="table-scroll">
          <table className="data-table report-table" data-testid="levels-list">
            <caption className="visually-hidden">{t('reports.tabs.levels')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reports.columns.code')}</th>
                <th scope="col">{t('reports.columns.name')}</th>
                <th scope="col" className="num">
                  {t('reports.columns.qty')}
                </th>
                <th scope="col">{t('reports.columns.min')}</th>
                <th scope="col">{t('reports.columns.max')}</th>
                <th scope="col">{t('reports.columns.levelSource')}</th>
                <th scope="col" className="num">
                  {t('reports.columns.avgDailySales')}
                </th>
                <th scope="col" className="num">
                  {t('reports.columns.suggested')}
                </th>
                <th scope="col">{t('alerts.columns.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {value.items.map((listed) => {
                const row = saved.get(listed.productId) ?? listed;
                return (
                  <tr key={row.productId} data-testid="levels-row" data-id={row.productId} data-min={row.minQty ?? ''} data-max={row.maxQty ?? ''}>
                    <td className="mono">{row.code ?? dash}</td>
                    <td>{row.name}</td>
                    <td className="num">{format.qty(row.qty)}</td>
                    <td>
                      <LevelInput
                        value={row.minQty}
                        format={inputFormat.qty}
                        onCommit={(minQty) => setLevel(row, { minQty })}
                        label={t('reports.levels.minFor', { name: row.name })}
                        testId="levels-min"
                        invalidText={t('reports.levels.invalid')}
                      />
                    </td>
                    <td>
                      <LevelInput
                        value={row.maxQty}
                        format={inputFormat.qty}
                        onCommit={(maxQty) => setLevel(row, { maxQty })}
                        label={t('reports.levels.maxFor', { name: row.name })}
                        testId="levels-max"
                        invalidText={t('reports.levels.invalid')}
                      />
                    </td>
                    <td>{row.source === null ? dash : t(`reports.levels.sources.${row.source}`)}</td>
                    <td className="num">{format.qty(row.avgDailySales)}</td>
                    <td className="num" data-col="suggested">
                      {format.qty(row.suggestedMin)} – {format.qty(row.suggestedMax)}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button button-small"
                        data-testid="levels-accept"
                        aria-label={t('reports.levels.acceptFor', { name: row.name })}
                        onClick={() => void acceptOne(row)}
                      >
                        {t('reports.levels.accept')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {value && <Pager offset={offset} pageSize={pageSize} total={value.total} onChange={setOffset} />}
      {isConfirmingAll && (
        <ConfirmDialog
          title={t('reports.levels.acceptAllTitle')}
          confirmLabel={t('reports.levels.acceptAll')}
          cancelLabel={t('alerts.editor.cancel')}
          testId="levels-accept-confirm"
          onCancel={() => setIsConfirmingAll(false)}
          onConfirm={() => void acceptAll()}
        >
          <p>{t('reports.levels.acceptAllText')}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
