import { useTranslation } from 'react-i18next';
import { type Warehouse } from '../../../src-preload/contract';

/** The select's value for «Все склады». */
const allValue = 'all';

type Props = {
  warehouses: readonly Warehouse[] | undefined;
  /** null: «Все склады» (only offered when isAllAllowed). */
  value: number | null;
  onChange: (warehouseId: number | null) => void;
  isAllAllowed?: boolean;
  label?: string;
  testId: string;
  /** Left out of the options (e.g. the destination of a transfer). */
  exclude?: number | null;
};

/** A labelled warehouse selector; «Все склады» first when the report can sum over every warehouse. */
export function WarehouseSelect({ warehouses, value, onChange, isAllAllowed = false, label, testId, exclude = null }: Props) {
  const { t } = useTranslation();
  return (
    <label className="field field-inline">
      <span className="field-label">{label ?? t('stock.warehouse')}</span>
      <select
        data-testid={testId}
        value={value === null ? (isAllAllowed ? allValue : '') : String(value)}
        onChange={(event) => {
          const next = event.target.value;
          onChange(next === allValue || next === '' ? null : Number(next));
        }}
      >
        {isAllAllowed ? <option value={allValue}>{t('stock.allWarehouses')}</option> : value === null && <option value="">{t('reports.chooseWarehouse')}</option>}
        {warehouses
          ?.filter((w) => w.id !== exclude)
          .map((w) => (
            <option key={w.id} value={String(w.id)}>
              {w.name}
            </option>
          ))}
      </select>
    </label>
  );
}
