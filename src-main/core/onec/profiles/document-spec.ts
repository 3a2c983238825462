// One shape for the document specs of the shipped profiles: they differ in the set, the header
// warehouse fields, the tabular section's name and whether rows carry prices.
import { type OnecDocumentSpec } from '../onec';

export type DocumentSpecInput = {
  set: string;
  warehouse: string;
  toWarehouse?: string;
  counterparty?: string;
  /** Default true; a count has no organization in УТ's ПересчетТоваров. */
  hasOrganization?: boolean;
  section: string;
  hasPrices: boolean;
  /** Default true; БП has no characteristics. */
  hasCharacteristics?: boolean;
};

export function documentSpec(input: DocumentSpecInput): OnecDocumentSpec {
  return {
    set: input.set,
    warehouse: input.warehouse,
    toWarehouse: input.toWarehouse ?? null,
    counterparty: input.counterparty ?? null,
    organization: input.hasOrganization === false ? null : 'Организация_Key',
    comment: 'Комментарий',
    lines: {
      section: input.section,
      product: 'Номенклатура_Key',
      characteristic: input.hasCharacteristics === false ? null : 'Характеристика_Key',
      quantity: 'Количество',
      price: input.hasPrices ? 'Цена' : null,
      amount: input.hasPrices ? 'Сумма' : null,
    },
  };
}
