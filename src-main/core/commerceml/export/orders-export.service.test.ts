import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppDb } from '../../db/open';
import { addProduct } from '../../documents/document-lines.service';
import { cancelDocument, createDraft } from '../../documents/documents.service';
import { auditRows, home, openDocumentsDb, shirtId, shirtM, t0 } from '../../documents/documents.testing';
import { isAppError } from '../../errors/app-error';
import { makeTempDir } from '../../testing/temp-db';
import { exportOrders } from './orders-export.service';
import { all, decodeXmlBytes, one, parseXmlTree, textAt } from './xml-tree.testing';

const user = 'u-1';
const zone = 'Europe/Moscow';
const productRef = (id: number) => `aaaaaaaa-0000-4000-8000-00000000000${id}`;
const shirtMRef = 'bbbbbbbb-0000-4000-8000-000000000062';
const customerId = '01900000-0000-7000-8000-000000000001';
const customerRef = 'cccccccc-0000-4000-8000-000000000001';

describe('exportOrders', () => {
  let db: AppDb;
  let folder: string;
  const cleanups: Array<() => void> = [];
  beforeEach(() => {
    const opened = openDocumentsDb();
    db = opened.db;
    cleanups.push(opened.cleanup);
    const temp = makeTempDir('prilavok-cml-export-');
    cleanups.push(temp.cleanup);
    folder = temp.dir;
    // The small catalog is local-only; give its products and the shirt's M variant their 1C refs.
    for (const id of [1, 2, 3, 4, 5, shirtId]) db.sqlite.prepare('UPDATE products SET ref_1c = ? WHERE id = ?').run(productRef(id), id);
    db.sqlite.prepare('UPDATE characteristics SET ref_1c = ? WHERE id = ?').run(shirtMRef, shirtM);
  });
  afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  });

  /** A shipment of 1.5 milk (89.90), 2 shirts M (1 090.00) and 0.125 nails (450.00) to «ООО «Ромашка»». */
  function shipment(comment = 'Доставить до 12:00'): string {
    const doc = createDraft(db, { kind: 'shipment', warehouseId: home, comment, userId: user, now: t0 });
    addProduct(db, { documentId: doc.id, productId: 1, qty: 1500, userId: user, now: t0 });
    addProduct(db, { documentId: doc.id, productId: shirtId, characteristicId: shirtM, qty: 2000, userId: user, now: t0 });
    addProduct(db, { documentId: doc.id, productId: 4, qty: 125, userId: user, now: t0 });
    return doc.id;
  }

  function attachCustomer(documentId: string): void {
    db.sqlite
      .prepare(
        `INSERT OR IGNORE INTO customers (id, ref_1c, kind, name, inn, kpp, phone, email, created_at, updated_at)
         VALUES (?, ?, 'company', 'ООО «Ромашка»', '7701234567', '770101001', '+7 495 123-45-67', 'zakaz@romashka.ru', 1, 1)`,
      )
      .run(customerId, customerRef);
    // Attaching a customer is the customers service's job (#8); the column is what the export reads.
    db.sqlite.prepare('UPDATE documents SET customer_id = ? WHERE id = ?').run(customerId, documentId);
  }

  const run = (documentIds: string[], encoding: 'windows-1251' | 'utf-8-bom' = 'windows-1251', now = t0 + 60_000) =>
    exportOrders(db, { documentIds, folder, encoding, userId: user, now, timeZone: zone });

  it('writes a windows-1251 orders file without BOM that decodes and parses back to the document, field by field', () => {
    const id = shipment();
    attachCustomer(id);
    const result = run([id]);

    expect(result).toMatchObject({ fileName: 'orders-20231115-011600.xml', documents: 1 });
    expect(result.path).toBe(join(folder, 'to-1c', result.fileName));
    const bytes = readFileSync(result.path);
    expect(result.bytes).toBe(bytes.length);
    const prolog = '<?xml version="1.0" encoding="windows-1251"?>\n';
    expect(bytes.subarray(0, prolog.length).toString('latin1')).toBe(prolog);
    // Cyrillic is one byte per letter: «КоммерческаяИнформация» starts with К = 0xCA in windows-1251.
    expect(bytes[prolog.length + 1]).toBe(0xca);
    expect(bytes.includes(Buffer.from('КоммерческаяИнформация', 'utf8'))).toBe(false);

    const root = parseXmlTree(iconv.decode(bytes, 'win1251'));
    expect(root.name).toBe('КоммерческаяИнформация');
    expect(root.attributes).toEqual({ ВерсияСхемы: '2.05', ДатаФормирования: '2023-11-15T01:16:00' });
    const documents = all(root, 'Документ');
    expect(documents).toHaveLength(1);
    const doc = documents[0]!;
    expect(Object.fromEntries(['Ид', 'Номер', 'Дата', 'Время', 'ХозОперация', 'Роль', 'Валюта', 'Курс', 'Сумма', 'Комментарий'].map((n) => [n, textAt(doc, n)]))).toEqual({
      Ид: id,
      Номер: 'ОТ-000001',
      Дата: '2023-11-15',
      Время: '01:15:00',
      ХозОперация: 'Заказ товара',
      Роль: 'Продавец',
      Валюта: 'руб',
      Курс: '1',
      // 1.5 × 89.90 = 134.85; 2 × 1 090.00 = 2 180.00; 0.125 × 450.00 = 56.25
      Сумма: '2371.10',
      Комментарий: 'Доставить до 12:00',
    });
    const buyer = one(one(doc, 'Контрагенты'), 'Контрагент');
    expect(Object.fromEntries(buyer.children.filter((c) => c.children.length === 0).map((c) => [c.name, c.text]))).toEqual({
      Ид: customerRef,
      Наименование: 'ООО «Ромашка»',
      Роль: 'Покупатель',
      ОфициальноеНаименование: 'ООО «Ромашка»',
      ИНН: '7701234567',
      КПП: '770101001',
    });
    expect(all(one(buyer, 'Контакты'), 'Контакт').map((c) => [textAt(c, 'Тип'), textAt(c, 'Значение')])).toEqual([
      ['Телефон рабочий', '+7 495 123-45-67'],
      ['Электронная почта', 'zakaz@romashka.ru'],
    ]);
    expect(textAt(doc, 'Склады/Склад/Ид')).toBe('w-1');
    expect(textAt(doc, 'Склады/Склад/Наименование')).toBe('Магазин на Ленина');

    const lines = all(one(doc, 'Товары'), 'Товар');
    expect(lines.map((line) => ({
      Ид: textAt(line, 'Ид'),
      Наименование: textAt(line, 'Наименование'),
      Единица: textAt(line, 'БазоваяЕдиница'),
      Код: one(line, 'БазоваяЕдиница').attributes.Код,
      ЦенаЗаЕдиницу: textAt(line, 'ЦенаЗаЕдиницу'),
      Количество: textAt(line, 'Количество'),
      Сумма: textAt(line, 'Сумма'),
      Реквизиты: all(one(line, 'ЗначенияРеквизитов'), 'ЗначениеРеквизита').map((r) => `${textAt(r, 'Наименование')}=${textAt(r, 'Значение')}`),
    }))).toEqual([
      { Ид: productRef(1), Наименование: 'Молоко «Простоквашино» 3,2% 930 мл', Единица: 'шт', Код: '796', ЦенаЗаЕдиницу: '89.90', Количество: '1.5', Сумма: '134.85', Реквизиты: ['ВидНоменклатуры=Товар', 'ТипНоменклатуры=Товар'] },
      { Ид: `${productRef(shirtId)}#${shirtMRef}`, Наименование: 'Футболка хлопок (M)', Единица: 'шт', Код: '796', ЦенаЗаЕдиницу: '1090.00', Количество: '2', Сумма: '2180.00', Реквизиты: ['ВидНоменклатуры=Товар', 'ТипНоменклатуры=Товар'] },
      { Ид: productRef(4), Наименование: 'Гвозди строительные 100 мм', Единица: 'шт', Код: '796', ЦенаЗаЕдиницу: '450.00', Количество: '0.125', Сумма: '56.25', Реквизиты: ['ВидНоменклатуры=Товар', 'ТипНоменклатуры=Товар'] },
    ]);
    expect(one(lines[0]!, 'БазоваяЕдиница').attributes).toEqual({ Код: '796', НаименованиеПолное: 'Штука', МеждународноеСокращение: 'PCE' });
    expect(result.warnings).toEqual([]);
    // Written by rename: no temp file is left beside it.
    expect(readdirSync(join(folder, 'to-1c'))).toEqual([result.fileName]);
  });

  it('writes UTF-8 with a BOM and the UTF-8 prolog when asked, with the same content', () => {
    const id = shipment();
    attachCustomer(id);
    const bytes = readFileSync(run([id], 'utf-8-bom').path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const prolog = '<?xml version="1.0" encoding="UTF-8"?>\n';
    expect(bytes.subarray(3, 3 + prolog.length).toString('latin1')).toBe(prolog);
    const root = parseXmlTree(decodeXmlBytes(bytes));
    expect(textAt(root, 'Документ/Контрагенты/Контрагент/Наименование')).toBe('ООО «Ромашка»');
    expect(textAt(root, 'Документ/Сумма')).toBe('2371.10');
  });

  it('escapes &, <, > and quotes in names and comments, keeps line breaks, and they parse back unchanged', () => {
    const name = `Гвозди & шурупы <оцинк.> "ГОСТ" 'экстра'`;
    db.sqlite.prepare('UPDATE products SET name = ? WHERE id = 4').run(name);
    const comment = 'Клиент: "Петров & сыновья" <опт>\r\nзвонить \'заранее\'';
    const id = shipment(comment);
    const result = run([id]);
    const text = iconv.decode(readFileSync(result.path), 'win1251');
    expect(text).toContain('<Наименование>Гвозди &amp; шурупы &lt;оцинк.&gt; &quot;ГОСТ&quot; &apos;экстра&apos;</Наименование>');
    const doc = one(parseXmlTree(text), 'Документ');
    expect(textAt(doc, 'Комментарий')).toBe(comment);
    expect(textAt(all(one(doc, 'Товары'), 'Товар')[2]!, 'Наименование')).toBe(name);
  });

  it('writes characters windows-1251 lacks as character references (no "?"), and says so', () => {
    db.sqlite.prepare('UPDATE products SET name = ? WHERE id = 4').run('Доска 50×150 мм ½ сорт 🌲');
    const id = shipment('Срочно ✓');
    const result = run([id]);
    const bytes = readFileSync(result.path);
    const text = iconv.decode(bytes, 'win1251');
    // No character became '?': the only ones are the prolog's own.
    expect(text.replace(/<\?xml[^>]*\?>/, '')).not.toContain('?');
    expect(text).toContain('Доска 50&#215;150 мм &#189; сорт &#127794;');
    const doc = one(parseXmlTree(text), 'Документ');
    expect(textAt(all(one(doc, 'Товары'), 'Товар')[2]!, 'Наименование')).toBe('Доска 50×150 мм ½ сорт 🌲');
    expect(textAt(doc, 'Комментарий')).toBe('Срочно ✓');
    expect(result.warnings).toEqual([
      'Документ ОТ-000001: покупатель не выбран — записан «Розничный покупатель».',
      'Документ ОТ-000001, комментарий: нет в windows-1251: «✓» (U+2713) — записаны ссылками XML (&#…;), 1С прочитает их без потерь.',
      'Документ ОТ-000001, товар «Доска 50×150 мм ½ сорт 🌲»: нет в windows-1251: «×» (U+00D7), «½» (U+00BD), «🌲» (U+1F332) — записаны ссылками XML (&#…;), 1С прочитает их без потерь.',
    ]);
    // The same document in UTF-8 needs no references.
    const utf8 = readFileSync(run([id], 'utf-8-bom', t0 + 120_000).path).toString('utf8');
    expect(utf8).toContain('Доска 50×150 мм ½ сорт 🌲');
  });

  it('drops control characters XML cannot carry, with a warning', () => {
    const id = shipment();
    db.sqlite.prepare('UPDATE documents SET comment = ? WHERE id = ?').run('до\u0007ставка\u0000', id);
    const result = run([id]);
    expect(textAt(one(parseXmlTree(decodeXmlBytes(readFileSync(result.path))), 'Документ'), 'Комментарий')).toBe('доставка');
    expect(result.warnings).toContain('Документ ОТ-000001, комментарий: удалено служебных символов, недопустимых в XML: 2.');
  });

  it('writes the retail buyer when no customer is chosen, and several documents into one file', () => {
    const first = shipment();
    const second = shipment('второй');
    attachCustomer(second);
    const result = run([first, second, first]);
    expect(result.documents).toBe(2);
    const docs = all(parseXmlTree(decodeXmlBytes(readFileSync(result.path))), 'Документ');
    expect(docs.map((d) => [textAt(d, 'Номер'), textAt(d, 'Контрагенты/Контрагент/Ид'), textAt(d, 'Контрагенты/Контрагент/Наименование')])).toEqual([
      ['ОТ-000001', 'prilavok-retail-buyer', 'Розничный покупатель'],
      ['ОТ-000002', customerRef, 'ООО «Ромашка»'],
    ]);
  });

  it('uses the local customer id when the customer has no 1C ref yet', () => {
    const id = shipment();
    attachCustomer(id);
    db.sqlite.prepare('UPDATE customers SET ref_1c = NULL, kind = ? WHERE id = ?').run('person', customerId);
    const buyer = one(one(one(parseXmlTree(decodeXmlBytes(readFileSync(run([id]).path))), 'Документ'), 'Контрагенты'), 'Контрагент');
    expect(textAt(buyer, 'Ид')).toBe(customerId);
    expect(textAt(buyer, 'ПолноеНаименование')).toBe('ООО «Ромашка»');
  });

  it('never replaces an earlier file: a second export in the same second gets its own name', () => {
    const id = shipment();
    const first = run([id]);
    const firstBytes = readFileSync(first.path);
    const second = run([id], 'utf-8-bom');
    expect(second.fileName).toBe('orders-20231115-011600-2.xml');
    expect(readFileSync(first.path).equals(firstBytes)).toBe(true);
    expect(readdirSync(join(folder, 'to-1c')).sort()).toEqual([first.fileName, second.fileName].sort());
  });

  it('records the export in the audit log', () => {
    const id = shipment();
    const result = run([id]);
    const row = auditRows(db).find((r) => r.action === 'cml.export');
    expect(row).toMatchObject({
      userId: user,
      details: { fileName: result.fileName, encoding: 'windows-1251', bytes: result.bytes, documents: [{ id, number: 'ОТ-000001' }], warnings: 1 },
    });
  });

  it('refuses, writing nothing, when a document is not a shipment, is cancelled, lacks a price or a 1C ref', () => {
    const receipt = createDraft(db, { kind: 'receipt', warehouseId: home, userId: user, now: t0 }).id;
    const cancelled = shipment();
    cancelDocument(db, { documentId: cancelled, userId: user, now: t0, mayCancelSubmitted: true });
    const noPrice = shipment();
    db.sqlite.prepare('UPDATE document_lines SET price = NULL WHERE document_id = ? AND line_no = 1').run(noPrice);
    const noRef = shipment();
    db.sqlite.prepare('UPDATE products SET ref_1c = NULL WHERE id = 4').run();
    const empty = createDraft(db, { kind: 'shipment', warehouseId: home, userId: user, now: t0 }).id;

    const error = catchError(() => run([receipt, cancelled, noPrice, noRef, empty]));
    expect(error.code).toBe('validation');
    expect(error.message).toBe(
      'Файл заказов не записан: документ ПР-000001 — не отгрузка, в файл заказов попадают только отгрузки; документ ОТ-000001 отменён; ' +
        'документ ОТ-000002, строка 1 («Молоко «Простоквашино» 3,2% 930 мл»): не указана цена; ' +
        'документ ОТ-000002, строка 3 («Гвозди строительные 100 мм»): у товара нет ссылки 1С — 1С не сможет его найти; ' +
        'документ ОТ-000003, строка 3 («Гвозди строительные 100 мм»): у товара нет ссылки 1С — 1С не сможет его найти; в документе ОТ-000004 нет строк.',
    );
    expect(readdirSync(join(folder, 'to-1c'))).toEqual([]);
    expect(auditRows(db).some((r) => r.action === 'cml.export')).toBe(false);
  });

  it('refuses when the exchange folder is not set or missing, and for an unknown document', () => {
    const id = shipment();
    expect(catchError(() => exportOrders(db, { documentIds: [id], folder: '', encoding: 'windows-1251', userId: null, now: t0 })).message).toBe(
      'Папка обмена с 1С не задана: укажите её в Настройках (раздел «Обмен CommerceML»).',
    );
    const missing = join(folder, 'нет-такой');
    expect(catchError(() => exportOrders(db, { documentIds: [id], folder: missing, encoding: 'windows-1251', userId: null, now: t0 })).message).toBe(
      `Папка обмена «${missing}» не найдена или недоступна.`,
    );
    const file = join(folder, 'file.txt');
    writeFileSync(file, 'x');
    expect(catchError(() => exportOrders(db, { documentIds: [id], folder: file, encoding: 'windows-1251', userId: null, now: t0 })).code).toBe('validation');
    expect(catchError(() => run(['01900000-0000-7000-8000-0000000000ff'])).code).toBe('not_found');
  });
});

function catchError(action: () => unknown): { code: string; message: string } {
  try {
    action();
  } catch (err) {
    if (isAppError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected an AppError');
}
