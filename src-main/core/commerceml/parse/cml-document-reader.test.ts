import { describe, expect, it } from 'vitest';
import { createCmlDocumentReader } from './cml-document-reader';
import { type CmlConsumer } from './cml-entities';
import { type CmlLocation } from './cml-location';
import { readXml } from './xml-reader';

async function* once(text: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(text, 'utf8');
}

/** Every event as a compact record, locations reduced to line numbers. */
async function events(xml: string): Promise<{ events: unknown[]; warnings: string[] }> {
  const out: unknown[] = [];
  const warnings: string[] = [];
  const strip = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (k: string, v: unknown) => (k === 'at' ? (v as CmlLocation).line : v)));
  const record = (kind: string) => (value?: unknown) => out.push({ [kind]: strip(value ?? null) });
  const consumer: CmlConsumer = {
    document: record('document'),
    sectionStart: (kind) => out.push({ sectionStart: kind }),
    sectionEnd: record('sectionEnd'),
    group: record('group'),
    unit: record('unit'),
    warehouse: record('warehouse'),
    priceType: record('priceType'),
    property: record('property'),
    product: record('product'),
    offer: record('offer'),
    skipped: (what) => out.push({ skipped: what }),
  };
  const warn = (at: CmlLocation, message: string): void => {
    warnings.push(`${at.line}: ${message}`);
  };
  await readXml('t.xml', once(xml), createCmlDocumentReader('t.xml', consumer, warn), warn);
  return { events: out, warnings };
}

describe('createCmlDocumentReader', () => {
  it('reads a 2.03 catalog: nested groups with parents, СвойствоНоменклатуры, ШтрихКод, any element order, the flag as trailing element', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<КоммерческаяИнформация ВерсияСхемы="2.03" ДатаФормирования="2007-10-30">
<Классификатор><Ид>c1</Ид>
<Группы><Группа><Ид>G1</Ид><Наименование>Мебель</Наименование>
  <Группы><Группа><Ид>g2</Ид><Наименование>Столы</Наименование><ПометкаУдаления>true</ПометкаУдаления></Группа></Группы></Группа></Группы>
<Свойства><СвойствоНоменклатуры><Ид>p1</Ид><Наименование>Цвет</Наименование><ВариантыЗначений><Справочник><ИдЗначения>v1</ИдЗначения><Значение>Белый</Значение></Справочник></ВариантыЗначений></СвойствоНоменклатуры></Свойства>
</Классификатор>
<Каталог><Ид>c1</Ид><Товары>
<Товар><ЗначенияРеквизитов><ЗначениеРеквизита><Наименование>Код</Наименование><Значение>00-01</Значение></ЗначениеРеквизита></ЗначенияРеквизитов>
  <СтавкиНалогов><СтавкаНалога><Наименование>НДС</Наименование><Ставка>18</Ставка></СтавкаНалога></СтавкиНалогов>
  <Группы><Ид>g2</Ид></Группы><Ид>P1#V1</Ид><ШтрихКод>2000000000015</ШтрихКод><Наименование>Стол &amp; стул</Наименование>
  <БазоваяЕдиница>шт</БазоваяЕдиница><ХарактеристикиТовара><ХарактеристикаТовара><Наименование>Цвет</Наименование><Значение>Белый</Значение></ХарактеристикаТовара></ХарактеристикиТовара></Товар>
<Товар><Наименование>без ида</Наименование></Товар>
</Товары><СодержитТолькоИзменения>false</СодержитТолькоИзменения></Каталог>
</КоммерческаяИнформация>`;
    const result = await events(xml);
    expect(result.events).toEqual([
      { document: { version: '2.03', generatedAt: new Date(2007, 9, 30).getTime(), generatedAtRaw: '2007-10-30', at: 2 } },
      { sectionStart: 'classifier' },
      { group: { ref: 'g2', parentRef: 'G1', name: 'Столы', isDeleted: true, at: 5 } },
      { group: { ref: 'G1', parentRef: null, name: 'Мебель', isDeleted: false, at: 4 } },
      { property: { ref: 'p1', name: 'Цвет', values: [{ ref: 'v1', value: 'Белый' }], at: 6 } },
      { sectionEnd: { kind: 'classifier', ref: 'c1', catalogRef: null, onlyChanges: null, hasItems: false, at: 3 } },
      { sectionStart: 'catalog' },
      {
        product: {
          id: { productRef: 'P1', variantRef: 'V1', raw: 'P1#V1' },
          name: 'Стол & стул',
          barcodes: [{ code: '2000000000015', at: 11 }],
          traits: [{ name: 'Цвет', value: 'Белый' }],
          properties: [],
          unit: { code: null, text: 'шт', shortName: null, fullName: null, at: 12 },
          isDeleted: false,
          at: 9,
          code: '00-01',
          article: null,
          groupRefs: ['g2'],
          vatRate: '18%',
        },
      },
      { sectionEnd: { kind: 'catalog', ref: 'c1', catalogRef: null, onlyChanges: false, hasItems: true, at: 8 } },
    ]);
    expect(result.warnings).toEqual(['13: товар без Ид пропущен']);
  });

  it('reads offers in both stock forms, Bitrix deletion, property values, and skips orders', async () => {
    const xml = `<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_3" ВерсияСхемы="3.1" ДатаФормирования="2022-10-31UTC02:25:50">
<ПакетПредложений СодержитТолькоИзменения="true"><Ид>c1#</Ид><ИдКаталога>c1</ИдКаталога>
<ТипыЦен><ТипЦены><Ид>T1</Ид><Наименование>Розничная</Наименование><Валюта>руб.</Валюта></ТипЦены></ТипыЦен>
<Склады><Склад><Ид>w1</Ид><Наименование>Главный</Наименование></Склад></Склады>
<Предложения>
<Предложение><Ид>p1</Ид><Цены><Цена><ИдТипаЦены>T1</ИдТипаЦены><ЦенаЗаЕдиницу>10.50</ЦенаЗаЕдиницу><Коэффициент>1</Коэффициент></Цена></Цены>
  <Количество>7</Количество><Склад ИдСклада="w1" КоличествоНаСкладе="3"/><Склад ИдСклада="w2" КоличествоНаСкладе="4"/></Предложение>
<Предложение><Ид>p2#v2</Ид><ЗначенияСвойств><ЗначенияСвойства><Ид>prop</Ид><Значение>val</Значение></ЗначенияСвойства></ЗначенияСвойств>
  <Остатки><Остаток><Склад><Ид>w1</Ид><Количество>1.5</Количество></Склад></Остаток></Остатки></Предложение>
<Предложение><Ид>p3</Ид><Статус>Удален</Статус></Предложение>
<Предложение><Ид>p4</Ид><Остатки><Остаток><Количество>2</Количество></Остаток></Остатки><ПометкаУдаления>true</ПометкаУдаления></Предложение>
</Предложения></ПакетПредложений>
<Контейнер><Документ><Ид>d</Ид></Документ></Контейнер>
</КоммерческаяИнформация>`;
    const { events: got } = await events(xml);
    const offers = got.filter((e) => 'offer' in (e as object)).map((e) => (e as { offer: Record<string, unknown> }).offer);
    expect(offers.map((o) => [o['id'], o['isDeleted'], o['stock'], o['total'], o['properties'], o['prices']])).toEqual([
      [{ productRef: 'p1', variantRef: null, raw: 'p1' }, false, [{ warehouseRef: 'w1', quantity: '3', at: 7 }, { warehouseRef: 'w2', quantity: '4', at: 7 }], { quantity: '7', at: 7 }, [], [{ priceTypeRef: 'T1', amount: '10.50', currency: null, coefficient: '1', at: 6 }]],
      [{ productRef: 'p2', variantRef: 'v2', raw: 'p2#v2' }, false, [{ warehouseRef: 'w1', quantity: '1.5', at: 9 }], null, [{ ref: 'prop', values: ['val'] }], []],
      [{ productRef: 'p3', variantRef: null, raw: 'p3' }, true, [], null, [], []],
      [{ productRef: 'p4', variantRef: null, raw: 'p4' }, true, [], { quantity: '2', at: 11 }, [], []],
    ]);
    expect(got).toContainEqual({ priceType: { ref: 'T1', name: 'Розничная', currency: 'руб.', isDeleted: false, at: 3 } });
    expect(got).toContainEqual({ warehouse: { ref: 'w1', name: 'Главный', isDeleted: false, at: 4 } });
    expect(got).toContainEqual({ sectionEnd: { kind: 'offers', ref: 'c1#', catalogRef: 'c1', onlyChanges: true, hasItems: true, at: 2 } });
    expect(got).toContainEqual({ skipped: 'документы (заказы) в файле не загружаются' });
    expect((got[0] as { document: { generatedAt: number } }).document.generatedAt).toBe(Date.UTC(2022, 9, 31, 2, 25, 50));
  });

  it('reads a header-only catalog (no Товары) and 3.1 classifier units', async () => {
    const xml = `<КоммерческаяИнформация ВерсияСхемы="2.10" ДатаФормирования="2026-01-15T09:05:07">
<Классификатор СодержитТолькоИзменения="false"><Ид>c</Ид><ЕдиницыИзмерения><ЕдиницаИзмерения><Ид>2009</Ид><НаименованиеКраткое>шт</НаименованиеКраткое><Код>796 </Код></ЕдиницаИзмерения></ЕдиницыИзмерения></Классификатор>
<Каталог СодержитТолькоИзменения="false"><Ид>c</Ид><Наименование>Каталог</Наименование></Каталог></КоммерческаяИнформация>`;
    const { events: got } = await events(xml);
    expect(got).toContainEqual({ unit: { ref: '2009', code: '796', shortName: 'шт', fullName: null, isDeleted: false, at: 2 } });
    expect(got).toContainEqual({ sectionEnd: { kind: 'catalog', ref: 'c', catalogRef: null, onlyChanges: false, hasItems: false, at: 3 } });
  });

  it('refuses a document that is not CommerceML', async () => {
    await expect(events('<html><body/></html>')).rejects.toThrow('t.xml, строка 1, столбец 1: это не файл CommerceML: корневой элемент <html> вместо <КоммерческаяИнформация>');
  });
});
