import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type IpcError, type ReplenishmentRow, type Warehouse } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { useModalDialog } from '../app/use-modal-dialog';
import { createStockFormatters } from '../stock/stock-format';
import { bestSource, supplierOrderLines, transferLines } from './order-lines';
import { WarehouseSelect } from './WarehouseSelect';
import { ErrorAlert } from '../app/ErrorAlert';

export type OrderKind = 'transfer' | 'supplier';
export type CreatedOrder = { kind: OrderKind; documentId: string; localNumber: string };

type Props = {
  kind: OrderKind;
  rows: readonly ReplenishmentRow[];
  warehouseId: number;
  warehouses: readonly Warehouse[];
  onCreated: (order: CreatedOrder) => void;
  onClose: () => void;
};

/** Confirms a transfer (from a chosen store) or a supplier order for the chosen rows, then creates it. */
export function CreateOrderDialog({ kind, rows, warehouseId, warehouses, onCreated, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const dialogRef = useModalDialog();
  const [fromId, setFromId] = useState<number | null>(() => bestSource(rows));
  const [isSaving, setIsSaving] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);

  const transfer = kind === 'transfer' && fromId !== null ? transferLines(rows, fromId) : null;
  const lines = kind === 'supplier' ? supplierOrderLines(rows) : (transfer?.lines ?? []);
  const skipped = transfer?.skipped ?? [];

  async function create(): Promise<void> {
    setIsSaving(true);
    setError(null);
    const payload = lines.map((l) => ({ productId: l.productId, qty: l.qty }));
    const result =
      kind === 'transfer' && fromId !== null
        ? await api.invoke('replenishment.createTransfer', { fromWarehouseId: fromId, toWarehouseId: warehouseId, lines: payload })
        : await api.invoke('replenishment.createSupplierOrder', { warehouseId, lines: payload });
    setIsSaving(false);
    if (result.ok) onCreated({ kind, ...result.value });
    else setError(result.error);
  }

  return (
    <dialog
      ref={dialogRef}
      className="form-dialog order-dialog"
      data-testid="order-dialog"
      aria-labelledby="order-dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className="form form-stack">
        <h2 id="order-dialog-title">{kind === 'transfer' ? t('reports.order.transferTitle') : t('reports.order.supplierTitle')}</h2>
        {kind === 'transfer' && (
          <WarehouseSelect warehouses={warehouses} value={fromId} onChange={setFromId} exclude={warehouseId} label={t('reports.order.from')} testId="order-from" />
        )}
        {lines.length === 0 ? (
          <p className="notice" data-testid="order-no-lines">
            {kind === 'transfer' && fromId === null ? t('reports.order.chooseSource') : t('reports.order.noLines')}
          </p>
        ) : (
          <div className="table-scroll order-lines">
            <table className="data-table" data-testid="order-lines">
              <caption>{t('reports.order.lines', { count: lines.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reports.columns.name')}</th>
                  <th scope="col" className="num">
                    {t('reports.columns.orderQty')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {lines.map((l) => (
                  <tr key={l.productId} data-testid="order-line" data-id={l.productId} data-qty={l.qty}>
                    <td>{l.name}</td>
                    <td className="num">{format.qty(l.qty)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {skipped.length > 0 && (
          <p className="notice" data-testid="order-skipped">
            {t('reports.order.skipped', { count: skipped.length })}
          </p>
        )}
        <p className="field-hint">{t('reports.order.outboxNote')}</p>
        <ErrorAlert error={error} testId="order-error" />
        <div className="form-actions">
          <button type="button" className="button" data-testid="order-cancel" onClick={onClose}>
            {t('alerts.editor.cancel')}
          </button>
          <button type="button" className="button-primary" data-testid="order-confirm" disabled={isSaving || lines.length === 0} onClick={() => void create()}>
            {isSaving ? t('reports.order.creating') : t('reports.order.create')}
          </button>
        </div>
      </div>
    </dialog>
  );
}
