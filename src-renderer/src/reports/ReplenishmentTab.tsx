import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ReplenishmentRow, type Warehouse } from '../../../src-preload/contract';
import { useEvent } from '../api/use-event';
import { useInvoke } from '../api/use-invoke';
import { hrefFor } from '../app/app-routes';
import { createStockFormatters } from '../stock/stock-format';
import { CreateOrderDialog, type CreatedOrder, type OrderKind } from './CreateOrderDialog';
import { type CsvCell, csvQty } from './csv';
import { ExportCsvButton } from './ExportCsvButton';
import { ReplenishmentTable } from './ReplenishmentTable';
import { useWarehouseChoice } from './use-warehouse-choice';
import { WarehouseSelect } from './WarehouseSelect';
import { ErrorAlert } from '../app/ErrorAlert';

/** «Пополнение»: the list for one store, and one click from chosen rows to a transfer or a supplier order. */
export function ReplenishmentTab() {
  const { t } = useTranslation();
  const choice = useWarehouseChoice();
  return (
    <div className="tab-content">
      <div className="toolbar">
        <WarehouseSelect warehouses={choice.warehouses} value={choice.warehouseId} onChange={choice.choose} testId="replenishment-warehouse" />
      </div>
      {choice.warehouseId === null ? (
        !choice.isLoading && <p className="empty">{t('reports.chooseWarehouseFirst')}</p>
      ) : (
        <ReplenishmentForWarehouse key={choice.warehouseId} warehouseId={choice.warehouseId} warehouses={choice.warehouses ?? []} />
      )}
    </div>
  );
}

function ReplenishmentForWarehouse({ warehouseId, warehouses }: { warehouseId: number; warehouses: readonly Warehouse[] }) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const list = useInvoke('replenishment.list', { warehouseId });
  const { reload } = list;
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [ordering, setOrdering] = useState<OrderKind | null>(null);
  const [created, setCreated] = useState<CreatedOrder | null>(null);
  useEvent('data.changed', () => reload());

  const rows = list.value?.items;
  const chosen = useMemo(() => rows?.filter((r) => selected.has(r.productId)) ?? [], [rows, selected]);
  const canTransfer = chosen.some((r) => r.sources.some((s) => s.available > 0));

  function toggle(productId: number, isOn: boolean): void {
    setSelected((prev) => {
      const next = new Set(prev);
      if (isOn) next.add(productId);
      else next.delete(productId);
      return next;
    });
  }

  function buildCsv() {
    const dash = t('stock.noValue');
    return {
      header: [
        t('reports.columns.code'),
        t('reports.columns.name'),
        t('reports.columns.abc'),
        t('reports.columns.qty'),
        t('reports.columns.min'),
        t('reports.columns.max'),
        t('reports.columns.avgDailySales'),
        t('reports.columns.orderQty'),
        t('reports.columns.unit'),
        t('reports.columns.availability'),
        t('reports.columns.sources'),
      ],
      rows: (rows ?? []).map((r: ReplenishmentRow): CsvCell[] => [
        r.code,
        r.name,
        r.abcClass ?? dash,
        csvQty(r.qty),
        r.minQty === null ? null : csvQty(r.minQty),
        r.maxQty === null ? null : csvQty(r.maxQty),
        csvQty(r.avgDailySales),
        csvQty(r.orderQty),
        r.unitName,
        r.availabilityText,
        r.sources.map((s) => `${s.warehouseName}: ${csvQty(s.available)}`).join(', '),
      ]),
    };
  }

  return (
    <>
      <div className="toolbar">
        <span className="total" data-testid="replenishment-total" data-total={rows?.length}>
          {rows ? t('reports.replenishment.total', { formatted: format.count(rows.length) }) : t('app.loading')}
        </span>
        <span className="muted" data-testid="replenishment-selected" data-value={chosen.length}>
          {t('reports.replenishment.selected', { count: chosen.length })}
        </span>
        <button type="button" className="button" data-testid="replenishment-transfer" disabled={!canTransfer} onClick={() => setOrdering('transfer')}>
          {t('reports.replenishment.createTransfer')}
        </button>
        <button type="button" className="button-primary" data-testid="replenishment-supplier" disabled={chosen.length === 0} onClick={() => setOrdering('supplier')}>
          {t('reports.replenishment.createSupplierOrder')}
        </button>
        <ExportCsvButton stem="replenishment" build={buildCsv} isDisabled={!rows || rows.length === 0} testId="replenishment-export" />
      </div>
      {created && (
        <p className="success" role="status" data-testid="replenishment-created" data-document-id={created.documentId}>
          {t(created.kind === 'transfer' ? 'reports.replenishment.transferCreated' : 'reports.replenishment.orderCreated', { number: created.localNumber })}{' '}
          <a href={hrefFor('documents', created.documentId)} data-testid="replenishment-created-link">
            {t('reports.replenishment.openDocument', { number: created.localNumber })}
          </a>
        </p>
      )}
      <ErrorAlert error={list.status === 'error' ? list.error : null} testId="replenishment-error" />
      {rows && rows.length === 0 ? (
        <p className="empty" data-testid="replenishment-empty">
          {t('reports.replenishment.empty')}
        </p>
      ) : rows ? (
        <ReplenishmentTable
          rows={rows}
          selected={selected}
          onToggle={toggle}
          onToggleAll={(isOn) => setSelected(isOn ? new Set(rows.map((r) => r.productId)) : new Set())}
        />
      ) : null}
      {ordering && (
        <CreateOrderDialog
          kind={ordering}
          rows={chosen}
          warehouseId={warehouseId}
          warehouses={warehouses}
          onClose={() => setOrdering(null)}
          onCreated={(order) => {
            setOrdering(null);
            setCreated(order);
            setSelected(new Set());
            reload();
          }}
        />
      )}
    </>
  );
}
