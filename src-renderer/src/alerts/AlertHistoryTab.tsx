import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AlertEvent } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { useEvent } from '../api/use-event';
import { useInvoke } from '../api/use-invoke';
import { Pager } from '../app/Pager';
import { type CsvCell, csvQty } from '../reports/csv';
import { type CsvTable, ExportCsvButton } from '../reports/ExportCsvButton';
import { useWarehouseChoice } from '../reports/use-warehouse-choice';
import { WarehouseSelect } from '../reports/WarehouseSelect';
import { createStockFormatters } from '../stock/stock-format';
import { AlertEventTable } from './AlertEventTable';
import { emptyHistoryFilters, type HistoryFilters, historyQuery } from './history-query';
import { ProductPicker } from './ProductPicker';
import { ErrorAlert } from '../app/ErrorAlert';

const pageSize = 100;
/** The host's largest page; the export walks the whole history in pages of this size. */
const exportPageSize = 500;
const allRules = '';

/** «История»: every alert, filtered by rule, product, warehouse and dates; exported as CSV. */
export function AlertHistoryTab() {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const rules = useInvoke('alerts.rules.list', {});
  const warehouses = useWarehouseChoice(true);
  const [filters, setFilters] = useState<HistoryFilters>(emptyHistoryFilters);
  const [offset, setOffset] = useState(0);
  const query = historyQuery({ ...filters, warehouseId: warehouses.warehouseId });
  const list = useInvoke('alerts.events.list', { ...query, limit: pageSize, offset });
  const { reload } = list;
  useEvent('alerts.changed', () => reload());

  const change = (patch: Partial<HistoryFilters>): void => {
    setFilters((prev) => ({ ...prev, ...patch }));
    setOffset(0);
  };

  async function buildCsv(): Promise<CsvTable | null> {
    const events: AlertEvent[] = [];
    for (let from = 0; ; from += exportPageSize) {
      const page = await api.invoke('alerts.events.list', { ...query, limit: exportPageSize, offset: from });
      if (!page.ok) return null;
      events.push(...page.value.items);
      if (page.value.items.length < exportPageSize || events.length >= page.value.total) break;
    }
    const rows = events.map((e): CsvCell[] => [
      format.dateTime(e.firedAt),
      e.ruleName,
      e.productCode,
      e.productName,
      e.warehouseName,
      e.oldQty === null ? null : csvQty(e.oldQty),
      csvQty(e.newQty),
      e.message,
      e.deliveries.map((d) => `${t(`alerts.channels.${d.channel}`)}: ${t(`alerts.deliveryStatus.${d.status}`)}`).join(', '),
      e.readAt === null ? null : format.dateTime(e.readAt),
    ]);
    return {
      header: [
        t('alerts.columns.firedAt'),
        t('alerts.columns.rule'),
        t('reports.columns.code'),
        t('alerts.columns.product'),
        t('alerts.columns.warehouse'),
        t('alerts.columns.oldQty'),
        t('alerts.columns.newQty'),
        t('alerts.columns.message'),
        t('alerts.columns.delivery'),
        t('alerts.columns.readAt'),
      ],
      rows,
    };
  }

  const value = list.value;

  return (
    <div className="tab-content">
      <div className="toolbar toolbar-wrap" role="group" aria-label={t('alerts.history.filters')}>
        <label className="field field-inline">
          <span className="field-label">{t('alerts.columns.rule')}</span>
          <select data-testid="history-rule" value={filters.ruleId ?? allRules} onChange={(event) => change({ ruleId: event.target.value || null })}>
            <option value={allRules}>{t('alerts.history.allRules')}</option>
            {rules.value?.items.map((rule) => (
              <option key={rule.id} value={rule.id}>
                {rule.name}
              </option>
            ))}
          </select>
        </label>
        <div className="history-product">
          <ProductPicker value={filters.product} onChange={(product) => change({ product })} label={t('alerts.columns.product')} testId="history-product" />
        </div>
        <WarehouseSelect
          warehouses={warehouses.warehouses}
          value={warehouses.warehouseId}
          onChange={(id) => {
            warehouses.choose(id);
            setOffset(0);
          }}
          isAllAllowed
          testId="history-warehouse"
        />
        <label className="field field-inline">
          <span className="field-label">{t('alerts.history.from')}</span>
          <input type="date" data-testid="history-from" value={filters.fromDay} onChange={(event) => change({ fromDay: event.target.value })} />
        </label>
        <label className="field field-inline">
          <span className="field-label">{t('alerts.history.to')}</span>
          <input type="date" data-testid="history-to" value={filters.toDay} onChange={(event) => change({ toDay: event.target.value })} />
        </label>
        <span className="total" data-testid="history-total" data-total={value?.total}>
          {value ? t('alerts.history.total', { formatted: format.count(value.total) }) : t('app.loading')}
        </span>
        <ExportCsvButton stem="alerts-history" build={buildCsv} isDisabled={!value || value.total === 0} testId="history-export" />
      </div>
      <ErrorAlert error={list.status === 'error' ? list.error : null} />
      {value && value.items.length === 0 ? (
        <p className="empty" data-testid="history-empty">
          {t('alerts.history.empty')}
        </p>
      ) : value ? (
        <AlertEventTable events={value.items} caption={t('alerts.tabs.history')} testId="history-list" />
      ) : null}
      {value && <Pager offset={offset} pageSize={pageSize} total={value.total} onChange={setOffset} />}
    </div>
  );
}
