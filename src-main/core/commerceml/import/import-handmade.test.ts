// Small hand-written files for the cases a generator does not produce: conflicting barcodes, a price
// per package, prices of unknown types, stock of unknown warehouses, ИзмененияПакетаПредложений,
// a group whose parent nobody has, and the warning cap.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppDb } from '../../db/open';
import { makeTempDir, openTempDb } from '../../testing/temp-db';
import { readProductView } from '../testing/cml-mirror-view';
import { importExchange } from './import-exchange';
import { createWarningLog, maxReportedWarnings } from './import-report';

const now = new Date(2026, 1, 1, 12, 0, 0).getTime();
const zero = { added: 0, changed: 0, removed: 0, unchanged: 0 };

let t: { db: AppDb; cleanup(): void };
let temp: { dir: string; cleanup(): void };
beforeEach(() => {
  t = openTempDb();
  temp = makeTempDir('prilavok-cml-hand-');
});
afterEach(() => {
  t.cleanup();
  temp.cleanup();
});

async function importTexts(files: Record<string, string>) {
  const sources = Object.entries(files).map(([name, text]) => {
    const path = join(temp.dir, name);
    writeFileSync(path, text);
    return { name, path };
  });
  return importExchange(t.db, sources, { dryRun: false, clock: () => now });
}

const head = '<?xml version="1.0" encoding="UTF-8"?>\n<КоммерческаяИнформация ВерсияСхемы="2.08" ДатаФормирования="2026-01-20T10:00:00">\n';
const catalog = `${head}<Классификатор><Ид>c</Ид><Группы><Группа><Ид>g-child</Ид><Наименование>Сироты</Наименование></Группа></Группы></Классификатор>
<Каталог СодержитТолькоИзменения="true"><Ид>c</Ид><Товары>
<Товар><Ид>p1</Ид><Штрихкод>4600000000011</Штрихкод><Наименование>Первый</Наименование><Группы><Ид>g-nobody</Ид></Группы></Товар>
<Товар><Ид>p2</Ид><Штрихкод>4600000000011</Штрихкод><Наименование>Второй</Наименование><Группы/></Товар>
</Товары></Каталог></КоммерческаяИнформация>`;

describe('hand-written exchanges', () => {
  it('a barcode given to two products goes to the last one; a group nobody has is warned about, an empty Группы clears the group', async () => {
    const report = await importTexts({ 'import.xml': catalog });
    expect(report.warnings.map((w) => [w.line, w.message])).toEqual([
      [5, 'группа g-nobody товара p1 не найдена: товар оставлен в прежней группе'],
      [6, 'штрихкод 4600000000011 указан у нескольких товаров: оставлен у последнего'],
    ]);
    expect(readProductView(t.db, 'p2')?.barcodes).toEqual([{ code: '4600000000011', charRef: null }]);
    expect(readProductView(t.db, 'p1')?.barcodes).toEqual([]);
    expect(report.counts.barcodes).toEqual({ ...zero, added: 1 });
    expect(readProductView(t.db, 'p2')?.groupRef).toBeNull();
  });

  it('offer changes (ИзмененияПакетаПредложений): a price per package of 10 stored per unit, unknown price types and warehouses warned, the total ignored when warehouses are given', async () => {
    await importTexts({ 'import.xml': catalog });
    const changes = `${head}<ИзмененияПакетаПредложений СодержитТолькоИзменения="true"><Ид>c#</Ид>
<Склады><Склад><Ид>w1</Ид><Наименование>Склад</Наименование></Склад></Склады>
<ТипыЦен><ТипЦены><Ид>retail</Ид><Наименование>Розничная</Наименование><Валюта>руб</Валюта></ТипЦены></ТипыЦен>
<Предложения>
<Предложение><Ид>p1</Ид><Цены><Цена><ИдТипаЦены>retail</ИдТипаЦены><ЦенаЗаЕдиницу>1 000,00</ЦенаЗаЕдиницу><Коэффициент>10</Коэффициент></Цена>
  <Цена><ИдТипаЦены>nobody</ИдТипаЦены><ЦенаЗаЕдиницу>5</ЦенаЗаЕдиницу></Цена></Цены>
  <Количество>100</Количество><Склад ИдСклада="w1" КоличествоНаСкладе="2.5"/><Склад ИдСклада="w-nobody" КоличествоНаСкладе="1"/></Предложение>
<Предложение><Ид>p2</Ид><Цены><Цена><ИдТипаЦены>retail</ИдТипаЦены><ЦенаЗаЕдиницу>12.345</ЦенаЗаЕдиницу></Цена></Цены></Предложение>
</Предложения></ИзмененияПакетаПредложений></КоммерческаяИнформация>`;
    const report = await importTexts({ 'offers.xml': changes });
    expect(report.warnings.map((w) => [w.line, w.message])).toEqual([
      [10, 'цена «12.345» предложения p2 округлена до копеек'],
      [8, 'вид цены nobody не описан ни в обмене, ни в базе: цены этого вида пропущены'],
      [9, 'склад w-nobody не описан ни в обмене, ни в базе: его остатки (1) пропущены'],
    ]);
    expect(readProductView(t.db, 'p1')?.prices).toEqual([{ charRef: null, typeRef: 'retail', price: 10_000 }]);
    expect(readProductView(t.db, 'p2')?.prices).toEqual([{ charRef: null, typeRef: 'retail', price: 1_235 }]);
    expect(readProductView(t.db, 'p1')?.stock).toEqual([{ charRef: null, warehouseRef: 'w1', qty: 2_500 }]);
    expect(report.counts.warehouses).toEqual({ ...zero, added: 1 });
  });

  it('offers for an exchange without this store chosen: totals skipped with one counted warning', async () => {
    await importTexts({ 'import.xml': catalog });
    t.db.sqlite.prepare("INSERT INTO warehouses (ref_1c, name) VALUES ('a', 'Склад А'), ('b', 'Склад Б')").run();
    const offers = `${head}<ПакетПредложений СодержитТолькоИзменения="true"><Ид>c#</Ид><Предложения>
<Предложение><Ид>p1</Ид><Количество>1</Количество></Предложение><Предложение><Ид>p2</Ид><Количество>2</Количество></Предложение>
</Предложения></ПакетПредложений></КоммерческаяИнформация>`;
    const report = await importTexts({ 'offers.xml': offers });
    expect(report.warnings.map((w) => w.message)).toEqual(['остатки без склада (2) пропущены: не выбран склад этого магазина (Настройки)']);
    expect(report.counts.stock).toEqual(zero);
  });

  it('keeps the first 1,000 warnings and counts them all', () => {
    const log = createWarningLog();
    for (let i = 0; i < 1_500; i += 1) log.warn({ file: 'a.xml', line: i + 1, column: 1 }, `предупреждение ${i}`);
    log.warnCounted([{ at: { file: 'a.xml', line: 1, column: 1 }, message: 'ещё' }], 300);
    expect(log.warnings).toHaveLength(maxReportedWarnings);
    expect(log.warnings.at(-1)?.message).toBe('предупреждение 999');
    expect(log.count).toBe(1_800);
  });
});
