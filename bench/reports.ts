// `npx tsx bench/reports.ts`: the dashboard and replenishment calls at 200,000 products in three
// warehouses, 300,000 movements over 90 days, 20,000 minimums and a few pending documents. Writes
// the "Reports at scale" section of docs/benchmarks.md (machine and date). No goal in the issue:
// the numbers say what a manager waits for on a store PC.
import { cpus, loadavg, totalmem } from 'node:os';
import { writeReportSection } from './bench-support';
import { getDashboardSummary } from '../src-main/core/dashboard/dashboard.service';
import { backfillSnapshots, takeDailySnapshot } from '../src-main/core/dashboard/snapshots.service';
import { addProduct } from '../src-main/core/documents/document-lines.service';
import { createDraft, queueDocument } from '../src-main/core/documents/documents.service';
import { computeAbc } from '../src-main/core/replenishment/abc.service';
import { buildReplenishmentList } from '../src-main/core/replenishment/replenishment-list.service';
import { acceptSuggestedLevels, listStockLevels } from '../src-main/core/replenishment/stock-levels.service';
import { openTempDb } from '../src-main/core/testing/temp-db';

const products = 200_000;
const now = Date.UTC(2026, 2, 1, 12);
const day = 86_400_000;
const heading = '## Reports at scale';

function main(): void {
  const loadBefore = loadavg()[0] ?? 0;
  const { db, cleanup } = openTempDb();
  try {
    const s = db.sqlite;
    s.prepare("INSERT INTO warehouses (id, ref_1c, name, kind, is_home) VALUES (1, 'w1', 'Магазин 1', 'store', 1), (2, 'w2', 'Магазин 2', 'store', 0), (3, 'w3', 'Склад', 'warehouse', 0)").run();
    s.prepare("INSERT INTO units (id, name) VALUES (1, 'шт')").run();
    s.prepare("INSERT INTO price_types (id, name, is_retail) VALUES (1, 'Розничная', 1)").run();
    const product = s.prepare("INSERT INTO products (id, code, name, unit_id, updated_at) VALUES (?, ?, ?, 1, 1)");
    const price = s.prepare('INSERT INTO prices (product_id, price_type_id, price, period) VALUES (?, 1, ?, 1)');
    const stock = s.prepare('INSERT INTO stock (product_id, warehouse_id, qty_1c, as_of_1c) VALUES (?, ?, ?, 1)');
    const level = s.prepare("INSERT INTO stock_levels (product_id, warehouse_id, min_qty, max_qty, source, updated_at) VALUES (?, 1, ?, NULL, 'manual', 1)");
    const movement = s.prepare(
      "INSERT INTO movements (source, product_id, warehouse_id, qty_delta, period, recorder_ref_1c, recorder_type, line_number, created_at) VALUES ('1c', ?, ?, ?, ?, ?, 'StandardODATA.Document_РеализацияТоваровУслуг', 1, 1)",
    );
    s.transaction(() => {
      for (let id = 1; id <= products; id += 1) {
        product.run(id, String(id).padStart(8, '0'), `Товар ${id}`);
        price.run(id, 1000 + (id % 500) * 10);
        for (let w = 1; w <= 3; w += 1) if ((id + w) % 4 !== 0) stock.run(id, w, ((id * 7 + w) % 50) * 1000);
        if (id % 10 === 0) level.run(id, 25_000);
      }
      for (let i = 0; i < 300_000; i += 1) movement.run((i * 7919) % products + 1, (i % 3) + 1, -1000, now - (i % 90) * day - 1000, `r-${i}`);
    })();
    for (let i = 1; i <= 5; i += 1) {
      const draft = createDraft(db, { kind: 'writeoff', warehouseId: 1, userId: null, now });
      addProduct(db, { documentId: draft.id, productId: i * 8 + 1, qty: 1000, userId: null, now });
      queueDocument(db, { documentId: draft.id, userId: null, now, allowNegative: true });
    }
    const rows: string[] = [];
    const time = <T>(label: string, fn: () => T): T => {
      const started = performance.now();
      const value = fn();
      const ms = performance.now() - started;
      rows.push(`| ${label} | ${ms.toFixed(0)} |`);
      process.stdout.write(`${label}: ${ms.toFixed(0)} ms\n`);
      return value;
    };
    const all = time('dashboard summary, all warehouses', () => getDashboardSummary(db, null, now));
    time('dashboard summary, one warehouse', () => getDashboardSummary(db, 1, now));
    time('takeDailySnapshot (after every pull)', () => takeDailySnapshot(db, () => now));
    time('backfillSnapshots, 90 days (once per start)', () => backfillSnapshots(db, () => now));
    time('min/max page (100 rows)', () => listStockLevels(db, { warehouseId: 1, isSetOnly: false, limit: 100, offset: 0 }, now));
    time('min/max search', () => listStockLevels(db, { warehouseId: 1, search: 'товар 1999', isSetOnly: false, limit: 100, offset: 0 }, now));
    time('ABC, one warehouse', () => computeAbc(db, 1, now));
    const list = time('replenishment list (with ABC)', () => buildReplenishmentList(db, 1, now));
    time('accept every suggestion (one warehouse)', () => acceptSuggestedLevels(db, { warehouseId: 2, now }));
    const cpuList = cpus();
    const section = [
      heading,
      '',
      `Measured ${new Date().toISOString()} with \`npx tsx bench/reports.ts\`.`,
      '',
      `- Machine: ${cpuList[0]?.model ?? 'unknown CPU'} × ${cpuList.length}, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, ${process.platform}/${process.arch}, Node ${process.version}`,
      `- Load average (1 min) before / after: ${loadBefore.toFixed(2)} / ${(loadavg()[0] ?? 0).toFixed(2)} on ${cpuList.length} cores`,
      `- Data: ${products.toLocaleString('en-US')} products, 3 warehouses, 300,000 sale movements over 90 days, 20,000 minimums, 5 pending write-offs; ${all.productsInStock.toLocaleString('en-US')} products in stock, ${list.items.length.toLocaleString('en-US')} rows in the replenishment list`,
      '',
      '| call | ms |',
      '|---|---|',
      ...rows,
      '',
    ].join('\n');
    writeReportSection(heading, section);
  } finally {
    cleanup();
  }
}

main();
