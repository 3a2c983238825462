import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppDb } from '../../db/open';
import { createSeededRandom } from '../../demo/seeded-random';
import { isAppError } from '../../errors/app-error';
import { insertSmallCatalog } from '../../testing/small-catalog';
import { openTempDb } from '../../testing/temp-db';
import { GS } from './gs1-ai';
import { withCheckDigit } from './gtin';
import { logScan, scanBytesHex } from './scan-log';
import { resolveScan, resolveScanStatements, scanKinds } from './scan-resolve';
import { type WeightedConfig } from './weighted-ean';

const now = Date.UTC(2026, 0, 15);
const dairy = `0104601234567893215w9EJp${GS}93abc1`;
const weightItemBarcode = withCheckDigit('220077700000'); // product 10, found by its zero-weight barcode
const packageItf14 = withCheckDigit('1460222222222'); // a box of product 5 (ITF-14)
const deletedEan = withCheckDigit('460000000013');
// An internal piece code with a wrong check digit, as 1C mirrors sometimes hold.
const badInternal = `200000000001${(Number(withCheckDigit('200000000001').at(-1)) + 1) % 10}`;

let temp: ReturnType<typeof openTempDb>;
let db: AppDb;

beforeAll(() => {
  temp = openTempDb();
  db = temp.db;
  insertSmallCatalog(db, now);
  const s = db.sqlite;
  s.prepare("INSERT INTO units (id, name, okei) VALUES (2, 'кг', '166'), (3, 'уп', '778')").run();
  const product = s.prepare('INSERT INTO products (id, code, article, name, unit_id, is_weighted, is_deleted, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  product.run(10, '00-010', 'СЫР-010', 'Сыр «Российский» весовой', 2, 1, 0, now);
  product.run(11, '00555', 'КЛБ-011', 'Колбаса «Докторская» весовая', 2, 1, 0, now);
  product.run(12, '00-012', 'ИМП-012', 'Арахисовое масло (импорт, UPC-A)', 1, 0, 0, now);
  product.run(13, '00-013', 'СТР-013', 'Старый товар', 1, 0, 1, now);
  product.run(14, '00-014', 'ФТБ-014', 'Футболка', 1, 0, 0, now);
  s.prepare("INSERT INTO characteristics (id, product_id, name) VALUES (1, 14, 'Размер M')").run();
  const barcode = s.prepare('INSERT INTO barcodes (code, product_id, characteristic_id, package_unit_id, package_qty) VALUES (?, ?, ?, ?, ?)');
  barcode.run(weightItemBarcode, 10, null, null, 1000);
  barcode.run('036000291452', 12, null, null, 1000);
  barcode.run(deletedEan, 13, null, null, 1000);
  barcode.run(withCheckDigit('460000000014'), 14, 1, null, 1000);
  barcode.run(packageItf14, 5, null, 3, 12_000);
  barcode.run('ART-77', 3, null, null, 1000);
  barcode.run(badInternal, 4, null, null, 1000);
});
afterAll(() => temp.cleanup());

describe('resolveScan', () => {
  it('finds an EAN-13 by exact barcode', () => {
    expect(resolveScan(db, '4601234567893')).toMatchObject({
      kind: 'product',
      product: { id: 1, name: 'Молоко «Простоквашино» 3,2% 930 мл', characteristicId: null, packageQty: 1000 },
      matchedBy: 'barcode',
      canonical: '4601234567893',
      gtin: '04601234567893',
      warnings: [],
    });
  });

  it('finds the GTIN-14 form of a stored EAN-13, and the EAN-13 form of a stored UPC-A', () => {
    expect(resolveScan(db, '04601234567893')).toMatchObject({ kind: 'product', product: { id: 1 }, matchedBy: 'gtin', matchedCode: '4601234567893' });
    expect(resolveScan(db, ']E00036000291452')).toMatchObject({ kind: 'product', product: { id: 12 }, matchedBy: 'gtin', matchedCode: '036000291452' });
  });

  it('finds a package barcode with its quantity and a variant with its characteristic', () => {
    expect(resolveScan(db, packageItf14)).toMatchObject({ kind: 'product', product: { id: 5, packageQty: 12_000 }, matchedBy: 'barcode' });
    expect(resolveScan(db, withCheckDigit('460000000014'))).toMatchObject({ product: { id: 14, characteristicId: 1, name: 'Футболка' } });
  });

  it('finds a marking code by the EAN-13 of its GTIN, with fields, and with GS lost or Cyrillic input', () => {
    for (const input of [dairy, dairy.replace(GS, ''), `]d2${dairy}`, '0104601234567893215ц9УОз93фис1']) {
      const result = resolveScan(db, input, { now });
      expect(result).toMatchObject({
        kind: 'product',
        product: { id: 1 },
        matchedBy: 'marking-gtin',
        matchedCode: '4601234567893',
        canonical: dairy,
        format: 'marking',
        gtin: '04601234567893',
        fields: { '01': '04601234567893', '21': '5w9EJp', '93': 'abc1' },
      });
    }
    expect(resolveScan(db, dairy.replace(GS, ''), { now }).warnings).toEqual([expect.stringContaining('восстановлены')]);
  });

  it('still names the product of a marking code it cannot restore, and says why', () => {
    const result = resolveScan(db, `010460123456789321G+mgsHw<DiLN_91EE0592${'x'.repeat(43)}`, { now });
    expect(result).toMatchObject({ kind: 'product', product: { id: 1 }, marking: { status: 'unrestorable' } });
    expect(result.warnings).toEqual([expect.stringMatching(/^Код маркировки повреждён/)]);
  });

  it('finds a weight code by the item barcode with zeros in the weight part; quantity is the weight', () => {
    const scanned = withCheckDigit('220077701234');
    expect(resolveScan(db, scanned)).toMatchObject({
      kind: 'product',
      product: { id: 10, packageQty: 1234 },
      matchedBy: 'weighted-barcode',
      matchedCode: weightItemBarcode,
      weightGrams: 1234,
    });
  });

  it('finds a weight code by the 1C product code, as printed or without leading zeros', () => {
    expect(resolveScan(db, withCheckDigit('210055500750'))).toMatchObject({
      kind: 'product', product: { id: 11, packageQty: 750 }, matchedBy: 'weighted-product-code', matchedCode: '00555', weightGrams: 750,
    });
    const config: WeightedConfig = { layouts: [{ prefixes: ['29'], itemDigits: 5, valueDigits: 5, value: 'priceKopecks' }], itemSources: ['productCode'], productCodePadWidths: [] };
    db.sqlite.prepare("UPDATE products SET code = '555' WHERE id = 11").run();
    try {
      expect(resolveScan(db, withCheckDigit('290055512990'), { weighted: config })).toMatchObject({
        kind: 'product', product: { id: 11, packageQty: 1000 }, matchedCode: '555', priceKopecks: 12990,
      });
    } finally {
      db.sqlite.prepare("UPDATE products SET code = '00555' WHERE id = 11").run();
    }
  });

  it('returns unknown with the decoded weight when no product has the item code', () => {
    expect(resolveScan(db, withCheckDigit('229999900500'))).toMatchObject({ kind: 'unknown', weightGrams: 500, format: 'ean13' });
  });

  it('prefers an exact barcode over weight decoding (1C internal piece codes start with 2 too)', () => {
    expect(resolveScan(db, badInternal)).toMatchObject({
      kind: 'product', product: { id: 4 }, matchedBy: 'barcode', warnings: [expect.stringMatching(/^Код найден в базе, хотя не прошёл проверку: Неверная контрольная цифра/)],
    });
  });

  it('finds Code 128 text by exact barcode, also when typed under the Russian layout', () => {
    expect(resolveScan(db, 'ART-77')).toMatchObject({ kind: 'product', product: { id: 3 }, format: 'text' });
    expect(resolveScan(db, 'ФКЕ-77')).toMatchObject({ kind: 'product', product: { id: 3 }, warnings: [expect.stringContaining('раскладке')] });
  });

  it('warns about a product marked for deletion in 1C', () => {
    expect(resolveScan(db, deletedEan)).toMatchObject({ kind: 'product', product: { id: 13 }, warnings: ['Товар помечен в 1С на удаление'] });
  });

  it('returns unknown for a valid code nobody has, and invalid with a Russian error for a misread', () => {
    expect(resolveScan(db, withCheckDigit('460999999999'))).toMatchObject({ kind: 'unknown', format: 'ean13', warnings: [] });
    expect(resolveScan(db, '4601234567890')).toMatchObject({ kind: 'invalid', error: expect.stringContaining('контрольная цифра') });
    expect(resolveScan(db, '')).toMatchObject({ kind: 'invalid', error: expect.stringContaining('Пустой скан') });
  });

  it('refuses a broken weight config with AppError "validation"', () => {
    const broken: WeightedConfig = { layouts: [{ prefixes: ['2'], itemDigits: 5, valueDigits: 5, value: 'weightGrams' }], itemSources: [], productCodePadWidths: [] };
    let error: unknown;
    try {
      resolveScan(db, '4601234567893', { weighted: broken });
    } catch (err) {
      error = err;
    }
    expect(isAppError(error) && error.code).toBe('validation');
  });

  it('uses indexes only: no statement scans a table', () => {
    for (const sql of Object.values(resolveScanStatements)) {
      const plan = db.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('x') as { detail: string }[];
      const details = plan.map((row) => row.detail);
      expect(details.filter((d) => d.startsWith('SCAN')), details.join('; ')).toEqual([]);
      expect(details.some((d) => /USING (COVERING )?INDEX (barcodes_code|products_code)/.test(d)), details.join('; ')).toBe(true);
    }
  });

  it('never throws on 100,000 random inputs and always returns a result object', () => {
    const random = createSeededRandom(7);
    const alphabet = `0123456789${GS}ABCabc!"%&'()*+,-./:;<=>?_йцукенФЫВА№#]`;
    const failures: string[] = [];
    const kinds: Record<string, number> = {};
    const knownEans = ['4601234567893', '04601234567893', weightItemBarcode, withCheckDigit('220077700450')];
    for (let i = 0; i < 100_000; i += 1) {
      let input: string | Uint8Array;
      if (i % 3 === 0) input = Uint8Array.from({ length: random.int(80) }, () => random.int(256));
      else if (i % 3 === 1) {
        let text = '';
        const length = random.int(60);
        for (let c = 0; c < length; c += 1) text += alphabet.charAt(random.int(alphabet.length));
        input = random.chance(0.3) ? `0104601234567893${text}` : text;
      } else {
        const base = random.pick([...knownEans, dairy, dairy.replace(GS, '')]);
        const at = random.int(base.length + 1);
        input = random.chance(0.5) ? base.slice(0, at) + GS + base.slice(at) : base.slice(0, at) + base.slice(at + 1);
      }
      try {
        const result = resolveScan(db, input, { now });
        if (!scanKinds.includes(result.kind) || typeof result.canonical !== 'string' || !Array.isArray(result.warnings)) failures.push(`shape for ${String(input)}`);
        if (result.kind === 'invalid' && !result.error) failures.push(`invalid without error for ${String(input)}`);
        if (result.error?.includes('Внутренняя ошибка')) failures.push(result.error);
        kinds[result.kind] = (kinds[result.kind] ?? 0) + 1;
      } catch (err) {
        failures.push(`threw for ${JSON.stringify(String(input))}: ${String(err)}`);
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(Object.keys(kinds).sort()).toEqual(['invalid', 'product', 'unknown']);
  });
});

describe('logScan', () => {
  it('writes the raw bytes as hex, the text, the user and what the scan resolved to', () => {
    const raw = Buffer.from(`${dairy}\r\n`, 'latin1');
    const result = resolveScan(db, raw, { now });
    const id = logScan(db, { device: 'COM3', raw, userId: 'u-1', result, at: now });
    const row = db.sqlite.prepare('SELECT at, device, raw_hex AS rawHex, text, user_id AS userId, resolved_kind AS kind, product_id AS productId FROM scan_log WHERE id = ?').get(id);
    expect(row).toEqual({
      at: now,
      device: 'COM3',
      rawHex: '303130343630313233343536373839333231357739454a701d39336162633131'.slice(0, 62) + '0d0a',
      text: `${dairy}\r\n`,
      userId: 'u-1',
      kind: 'product',
      productId: 1,
    });
  });

  it('stores text input as its UTF-8 bytes and an unknown scan without a product', () => {
    expect(scanBytesHex('ц')).toBe('d186');
    const result = resolveScan(db, 'нет такого');
    const id = logScan(db, { device: 'keyboard', raw: 'нет такого', userId: null, result, at: now });
    expect(db.sqlite.prepare('SELECT resolved_kind AS kind, product_id AS productId, raw_hex AS rawHex FROM scan_log WHERE id = ?').get(id)).toEqual({
      kind: 'unknown',
      productId: null,
      rawHex: Buffer.from('нет такого', 'utf8').toString('hex'),
    });
  });
});
