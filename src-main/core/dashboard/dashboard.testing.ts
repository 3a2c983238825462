// Test support: the replenishment fixture (four warehouses, six products, a sales history) plus stock,
// levels, alert rules and states, documents, sync runs and alert events with hand-countable totals.
//
// Displayed stock at «Ленина»: Молоко 4 − 1 (queued write-off) = 3 шт × 100 ₽, Хлеб 1,5 шт × 250 ₽,
// Сыр 0,5 кг × 800 ₽, Гвозди −2 шт × 1 ₽, Спички 3 шт (no price) → 6 units in all, 1 073 ₽,
// 4 products in stock. Low: Молоко (3 < min 10), Соль (no stock < min 3), Сыр (active «below» rule
// matches) → 3; the inactive rule's Хлеб (at «Мира») and the «above» rule's Спички are not low.
// «Мира»: Молоко 50 шт (5 000 ₽), low (< min 60).
import { type AppDb } from '../db/open';
import { addProduct } from '../documents/document-lines.service';
import { createDraft, queueDocument } from '../documents/documents.service';
import { insertSalesHistory, now, openReplenishmentDb, p, setLevel, setStock, wh } from '../replenishment/replenishment.testing';

export { now, p, wh };

export function openDashboardDb(): { db: AppDb; cleanup(): void } {
  const { db, cleanup, addMovement } = openReplenishmentDb();
  insertSalesHistory(addMovement);
  setStock(db, p.milk, wh.lenina, 4000);
  setStock(db, p.bread, wh.lenina, 1500);
  setStock(db, p.cheese, wh.lenina, 500);
  setStock(db, p.nails, wh.lenina, -2000);
  setStock(db, p.matches, wh.lenina, 3000);
  setStock(db, p.milk, wh.mira, 50_000);
  setLevel(db, p.milk, wh.lenina, 10_000, null);
  setLevel(db, p.salt, wh.lenina, 3000, null);
  setLevel(db, p.bread, wh.lenina, 1000, null);
  setLevel(db, p.milk, wh.mira, 60_000, null);

  const s = db.sqlite;
  const rule = s.prepare(
    `INSERT INTO alert_rules (id, name, scope, condition, threshold, is_active, created_at, updated_at) VALUES (?, ?, 'all', ?, 1000, ?, 1, 1)`,
  );
  rule.run('r-below', 'Мало товара', 'below', 1);
  rule.run('r-off', 'Выключенное', 'below', 0);
  rule.run('r-above', 'Много товара', 'above', 1);
  // What the alert evaluator saw last (alert_pairs): cheese 0,5 кг < 1 → the active «below» rule holds;
  // bread 1,5 шт at «Мира» only under the inactive rule (< 2); matches 3 шт only under the «above» rule.
  const pair = s.prepare('INSERT INTO alert_pairs (product_id, warehouse_id, qty, min_qty, evaluated_at) VALUES (?, ?, ?, ?, 1)');
  pair.run(p.cheese, wh.lenina, 500, null);
  pair.run(p.milk, wh.lenina, 3000, 10_000);
  pair.run(p.bread, wh.mira, 1500, null);
  pair.run(p.matches, wh.lenina, 3000, null);
  s.prepare("UPDATE alert_rules SET warehouse_id = ?, threshold = 2000 WHERE id = 'r-off'").run(wh.mira);

  // A queued write-off at «Ленина» (in the outbox) and a transfer 1C rejected at «Мира».
  const draft = createDraft(db, { kind: 'writeoff', warehouseId: wh.lenina, userId: null, now: now - 60_000 });
  addProduct(db, { documentId: draft.id, productId: p.milk, qty: 1000, userId: null, now: now - 60_000 });
  queueDocument(db, { documentId: draft.id, userId: null, now: now - 60_000 });
  s.prepare(
    `INSERT INTO documents (id, kind, status, local_number, date, warehouse_id, to_warehouse_id, created_at, updated_at)
     VALUES ('doc-rejected', 'transfer', 'rejected', 'ПМ-000007', ?, ?, ?, ?, ?)`,
  ).run(now - 120_000, wh.mira, wh.central, now - 120_000, now - 120_000);

  s.prepare(
    `INSERT INTO sync_runs (id, job, started_at, finished_at, status, counts_json, bytes, error_code, error_message) VALUES
     ('run-1', 'catalog', ?, ?, 'ok', '{}', 10, NULL, NULL),
     ('run-2', 'balances', ?, ?, 'failed', '{}', 0, 'erp', '1С не отвечает')`,
  ).run(now - 300_000, now - 290_000, now - 240_000, now - 230_000);
  s.prepare("INSERT INTO sync_state (job, last_success_at, last_error_at, last_error_message) VALUES ('catalog', ?, NULL, NULL), ('balances', NULL, ?, '1С не отвечает')").run(
    now - 290_000,
    now - 230_000,
  );

  const event = s.prepare(
    'INSERT INTO alert_events (id, rule_id, rule_name, product_id, warehouse_id, new_qty, message, fired_at, read_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)',
  );
  event.run('e-1', 'r-below', 'Мало товара', p.cheese, wh.lenina, 'Сыр Российский весовой: осталось 0,5 кг', now - 30_000, null);
  event.run('e-2', 'r-below', 'Мало товара', p.milk, wh.mira, 'Молоко 3,2 %: осталось 50 шт', now - 90_000, null);
  event.run('e-3', 'r-below', 'Мало товара', p.bread, wh.lenina, 'Хлеб Бородинский: осталось 1 шт', now - 400_000, now - 1000);
  return { db, cleanup };
}
