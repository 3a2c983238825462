// The one fixed product of the golden files: Cyrillic name long enough to wrap, a markdown (old price
// higher than the price), a valid EAN-13 (4601234567893, check digit 3 per peers-and-hardware.md §3.9).
import { type LabelProduct } from '../layout-types';

export const sampleProduct: LabelProduct = {
  name: 'Молоко «Домик в деревне» ультрапастеризованное 3,2% 950 г',
  price: 12990,
  oldPrice: 14990,
  unit: 'шт',
  code: '00-00012345',
  article: 'МЛК-032',
  barcode: '4601234567893',
  date: '02.05.25',
};
