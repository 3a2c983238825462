import { useState } from 'react';
import { type Warehouse } from '../../../src-preload/contract';
import { useInvoke } from '../api/use-invoke';

export type WarehouseChoice = {
  warehouses: Warehouse[] | undefined;
  /** The chosen warehouse; until the user chooses: the home store, else the only one, else null. */
  warehouseId: number | null;
  choose: (warehouseId: number | null) => void;
  /** True until the warehouse list answered (the default is not known yet). */
  isLoading: boolean;
};

/**
 * The warehouse a report is for. Reports that need one warehouse start on this PC's store, as the
 * stock screen does; `isAllDefault` starts on «Все склады» instead.
 */
export function useWarehouseChoice(isAllDefault = false): WarehouseChoice {
  const list = useInvoke('warehouses.list', {});
  // undefined: not chosen yet, follow the default.
  const [chosen, setChosen] = useState<number | null | undefined>(undefined);
  const warehouses = list.value;
  const fallback = isAllDefault ? null : (warehouses?.find((w) => w.isHome)?.id ?? (warehouses?.length === 1 ? warehouses[0]?.id : undefined) ?? null);
  return {
    warehouses,
    warehouseId: chosen === undefined ? fallback : chosen,
    choose: setChosen,
    isLoading: list.status === 'loading' && warehouses === undefined,
  };
}
