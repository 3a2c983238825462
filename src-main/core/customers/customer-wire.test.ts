import { describe, expect, it } from 'vitest';
import { getProfile } from '../onec/profiles';
import { createBody, fromOnecRow, patchBody } from './customer-wire';

const spec = (() => {
  const customers = getProfile('ut11').customers;
  if (!customers) throw new Error('ut11 has customers');
  return customers;
})();

const row = {
  Ref_Key: 'B1C89D94-CB6A-11E6-AEDE-5404A6B4B8ED',
  DataVersion: 'AAAAAAAAAAE=',
  DeletionMark: false,
  IsFolder: false,
  Description: 'Ромашка ООО',
  НаименованиеПолное: 'Общество с ограниченной ответственностью «Ромашка»',
  ЮрФизЛицо: 'ЮрЛицо',
  // Fixed-length strings come padded (§1.4).
  ИНН: '7707083893  ',
  КПП: '773601001',
  КонтактнаяИнформация: [
    { Ref_Key: 'b1c89d94-cb6a-11e6-aede-5404a6b4b8ed', LineNumber: '1', Тип: 'Адрес', Вид_Key: 'aaaaaaaa-0000-0000-0000-000000000001', Представление: 'г. Москва', ЗначенияПолей: '<x/>' },
    { Ref_Key: 'b1c89d94-cb6a-11e6-aede-5404a6b4b8ed', LineNumber: '2', Тип: 'Телефон', Вид_Key: 'aaaaaaaa-0000-0000-0000-000000000002', Представление: '+7 (495) 500-55-50', НомерТелефона: '74955005550' },
  ],
};

describe('customer wire (УТ 11 names)', () => {
  it('reads a counterparty: trimmed tax ids, the legal form as a kind, the first phone normalised', () => {
    const read = fromOnecRow(spec, row);
    expect(read).toMatchObject({ ref: 'b1c89d94-cb6a-11e6-aede-5404a6b4b8ed', dataVersion: 'AAAAAAAAAAE=', isDeleted: false, isFolder: false });
    expect(read.version).toEqual({ kind: 'company', country: 'RU', name: 'Ромашка ООО', inn: '7707083893', kpp: '773601001', phone: '+74955005550', email: '' });
    // An ИП is a person; an unknown legal form is guessed from the length of the tax id.
    expect(fromOnecRow(spec, { ...row, ЮрФизЛицо: 'ИндивидуальныйПредприниматель', ИНН: '500100732259' }).version.kind).toBe('person');
    expect(fromOnecRow(spec, { ...row, ЮрФизЛицо: '', ИНН: '500100732259' }).version).toMatchObject({ kind: 'person', country: 'RU' });
    expect(fromOnecRow(spec, { ...row, ИНН: '940140000385' }).version.country).toBe('KZ');
  });

  it('creates with our key, the marker, and phone/e-mail rows numbered from 1', () => {
    const body = createBody(spec, '0190c7a0-0000-7000-8000-000000000001', { kind: 'person', country: 'RU', name: 'Петров', inn: '', kpp: '', phone: '+79161234567', email: 'p@mail.ru' });
    expect(body).toEqual({
      Ref_Key: '0190c7a0-0000-7000-8000-000000000001',
      Description: 'Петров',
      НаименованиеПолное: 'Петров',
      ЮрФизЛицо: 'ФизЛицо',
      ИНН: '',
      КПП: '',
      ДополнительнаяИнформация: 'Прилавок 0190c7a0-0000-7000-8000-000000000001',
      КонтактнаяИнформация: [
        { LineNumber: '1', Тип: 'Телефон', Представление: '+7 (916) 123-45-67' },
        { LineNumber: '2', Тип: 'АдресЭлектроннойПочты', Представление: 'p@mail.ru' },
      ],
    });
  });

  it('patches only what differs; a contact change sends every row, the changed one slimmed to type, references and text', () => {
    const remote = fromOnecRow(spec, row);
    expect(patchBody(spec, remote.version, remote)).toEqual({});
    expect(patchBody(spec, { ...remote.version, name: 'Ромашка' }, remote)).toEqual({ Description: 'Ромашка' });
    expect(patchBody(spec, { ...remote.version, kind: 'person', inn: '500100732259', kpp: '' }, remote)).toEqual({ ЮрФизЛицо: 'ФизЛицо', ИНН: '500100732259', КПП: '' });
    expect(patchBody(spec, { ...remote.version, phone: '+74955005551', email: 'a@b.ru' }, remote)).toEqual({
      КонтактнаяИнформация: [
        { LineNumber: '1', Тип: 'Адрес', Вид_Key: 'aaaaaaaa-0000-0000-0000-000000000001', Представление: 'г. Москва', ЗначенияПолей: '<x/>' },
        { LineNumber: '2', Тип: 'Телефон', Вид_Key: 'aaaaaaaa-0000-0000-0000-000000000002', Представление: '+7 (495) 500-55-51' },
        { LineNumber: '3', Тип: 'АдресЭлектроннойПочты', Представление: 'a@b.ru' },
      ],
    });
    // A cleared phone removes its row; the address stays.
    expect(patchBody(spec, { ...remote.version, phone: '' }, remote)).toEqual({
      КонтактнаяИнформация: [{ LineNumber: '1', Тип: 'Адрес', Вид_Key: 'aaaaaaaa-0000-0000-0000-000000000001', Представление: 'г. Москва', ЗначенияПолей: '<x/>' }],
    });
  });
});
