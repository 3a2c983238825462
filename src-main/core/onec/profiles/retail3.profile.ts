// 1С:Розница 3.0, a УНФ-based line (object index of 3.0.13.342 [RT3], onec-http.md §4). Only the
// object names in the index are confirmed; field names and the price register are ASSUMED to match
// УНФ and are UNCONFIRMED. detectProfile reports what a real publication lacks.
import { type OnecProfile } from '../onec';
import { unfProfile } from './unf.profile';

export const retail3Profile: OnecProfile = {
  ...unfProfile,
  id: 'retail3',
  title: '1С:Розница 3',
  // Documents: УНФ's (ПриходнаяНакладная, РасходнаяНакладная, ПеремещениеЗапасов…), INFERRED for Розница 3 (onec-http.md §4).
  // Fields per the SNAX notes: Штрихкод, Номенклатура, Характеристика, Партия, ЕдиницаИзмерения (the
  // unit is likely composite and is not read).
  barcodes: {
    set: 'InformationRegister_ШтрихкодыНоменклатуры',
    code: 'Штрихкод',
    product: 'Номенклатура_Key',
    characteristic: 'Характеристика_Key',
    packageUnit: null,
  },
  // UNCONFIRMED: not in the RT3 index as checked; assumed to be УНФ's independent register.
  prices: {
    set: 'InformationRegister_ЦеныНоменклатуры',
    isRecorderSubordinate: false,
    product: 'Номенклатура',
    characteristic: 'Характеристика',
    priceType: 'ВидЦен',
    price: 'Цена',
  },
};
