// `npx tsx bench/alerts.ts`: alert evaluation after a pull (issue #6 acceptance: 10,000 changed
// balances, 1,000 rules, goal ≤ 200 ms). Generates the demo catalog (200,000 products) into a temp
// database, creates 1,000 rules of mixed scopes and conditions through the rules service (the first
// one takes the silent baseline of every pair into alert_pairs; the others need no work of their
// own), then repeatedly changes 10,000 stock rows as the balances pull does (UPDATE stock … in one
// transaction; the triggers mark the pairs) and times evaluateAlerts (what stands between the pull
// and the announcement of its alerts); then, as the controller does after announcing them, the
// delivery rows and the checkpoint, timed apart. Next to it, the floor: a bare
// SELECT of the same pairs' displayed quantity. Writes "## Alert evaluation" in docs/benchmarks.md.
import { writeReportSection } from './bench-support';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { alertsContract } from '../src-preload/contract/alerts';
import { findMigrationsFolder } from '../src-main/core/app/paths';
import { openDatabase } from '../src-main/core/db/open';
import { generateDemoCatalog } from '../src-main/core/demo/demo-catalog.service';
import { createSeededRandom } from '../src-main/core/demo/seeded-random';
import { createDeliveries } from '../src-main/core/alerts/alert-deliveries.repo';
import { checkpointAfterEvaluation, evaluateAlerts } from '../src-main/core/alerts/evaluator';
import { lowStockPairCount } from '../src-main/core/alerts/low-stock.repo';
import { createRule, listRules } from '../src-main/core/alerts/rules.service';

const productCount = Number(process.env.BENCH_PRODUCTS ?? 200_000);
const ruleCount = 1_000;
const changedBalances = 10_000;
const runs = 7;
const goalMs = 200;
const seed = 1;
function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

function timed<T>(fn: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = fn();
  return { value, ms: performance.now() - started };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const fmt = (ms: number): string => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

function main(): void {
  const loadBefore = loadavg()[0] ?? 0;
  const dir = mkdtempSync(join(tmpdir(), 'prilavok-bench-alerts-'));
  try {
    const now = Date.UTC(2026, 0, 15, 9);
    let clock = now;
    const db = openDatabase({ path: join(dir, 'bench.db'), migrationsFolder: findMigrationsFolder(__dirname) });
    say(`Generating ${productCount.toLocaleString('en-US')} products …`);
    const generated = generateDemoCatalog(db, { products: productCount, seed, now });
    say(`  ${(generated.durationMs / 1000).toFixed(1)} s, ${generated.stockRows.toLocaleString('en-US')} stock rows`);
    const random = createSeededRandom(seed);

    const warehouses = db.sqlite.prepare('SELECT id FROM warehouses ORDER BY id').pluck().all() as number[];
    const groups = db.sqlite.prepare('SELECT id FROM product_groups ORDER BY id').pluck().all() as number[];
    const stockRows = db.sqlite.prepare('SELECT id, product_id AS productId, warehouse_id AS warehouseId, qty_1c AS qty FROM stock ORDER BY id').all() as {
      id: number;
      productId: number;
      warehouseId: number;
      qty: number;
    }[];

    // Minimums for 20,000 pairs, so 'below_min' has something to compare with.
    db.sqlite.transaction(() => {
      const insert = db.sqlite.prepare("INSERT OR IGNORE INTO stock_levels (product_id, warehouse_id, min_qty, max_qty, source, updated_at) VALUES (?, ?, ?, NULL, 'manual', ?)");
      for (let i = 0; i < 20_000; i += 1) {
        const row = random.pick(stockRows);
        insert.run(row.productId, row.warehouseId, random.between(1, 30) * 1000, now);
      }
    })();

    // 1,000 rules: a few over everything (as a store really has), more per warehouse, most per
    // group or per product; conditions mixed.
    const conditions = ['below', 'above', 'equals', 'zero', 'below_min'] as const;
    const scopes: { scope: 'all' | 'warehouse' | 'group' | 'product'; count: number }[] = [
      { scope: 'all', count: 10 },
      { scope: 'warehouse', count: 40 },
      { scope: 'group', count: 250 },
      { scope: 'product', count: ruleCount - 300 },
    ];
    const ruleTimes: Record<string, number[]> = { all: [], warehouse: [], group: [], product: [] };
    let firstRuleMs = Number.NaN;
    for (const { scope, count } of scopes) {
      for (let i = 0; i < count; i += 1) {
        // 'above' / 'equals' over a whole store would be noise nobody sets up; narrow rules use every condition.
        const pool = scope === 'all' || scope === 'warehouse' ? (['below', 'zero', 'below_min'] as const) : conditions;
        const condition = pool[i % pool.length] ?? 'below';
        const needsThreshold = condition === 'below' || condition === 'above' || condition === 'equals';
        const input = alertsContract['alerts.rules.create'].input.parse({
          name: `${scope} ${condition} ${i}`,
          scope,
          productId: scope === 'product' ? random.pick(stockRows).productId : null,
          groupId: scope === 'group' ? random.pick(groups) : null,
          warehouseId: scope === 'warehouse' || (scope !== 'all' && random.chance(0.3)) ? random.pick(warehouses) : null,
          condition,
          threshold: needsThreshold ? random.between(1, 40) * 1000 : null,
          cooldownMinutes: random.pick([0, 60, 240]),
          channels: random.pick([[], ['desktop'], ['email', 'webhook']]),
        });
        const ms = timed(() => createRule(db, input, { now: clock, userId: null })).ms;
        // The first active rule takes the baseline of every pair; every later one is a plain insert
        // (plus its live match count).
        if (Number.isNaN(firstRuleMs)) firstRuleMs = ms;
        else ruleTimes[scope]?.push(ms);
      }
    }
    const pairsAfterBaseline = Number(db.sqlite.prepare('SELECT count(*) FROM alert_pairs').pluck().get());
    say(`${ruleCount} rules created; baseline ${pairsAfterBaseline.toLocaleString('en-US')} pairs in ${fmt(firstRuleMs)} ms; store-wide rule later: ${fmt(median(ruleTimes.all ?? []))} ms`);

    // The floor: the displayed quantity of the same dirty pairs, nothing else (no rules, no writes).
    const floorStatement = db.sqlite.prepare(
      `SELECT d.product_id, d.warehouse_id,
         coalesce((SELECT sum(s.qty_1c) FROM stock s WHERE s.product_id = d.product_id AND s.warehouse_id = d.warehouse_id), 0) AS qty
       FROM alert_dirty d`,
    );
    const update = db.sqlite.prepare('UPDATE stock SET qty_1c = ? WHERE id = ?');
    const ours: number[] = [];
    const floor: number[] = [];
    const checkpoints: number[] = [];
    const deliveryRows: number[] = [];
    const pulls: number[] = [];
    const pairs: number[] = [];
    const fired: number[] = [];
    // Run 0 warms caches (statement preparation, the temp table); reported runs follow.
    for (let run = 0; run <= runs; run += 1) {
      clock += 5 * 60_000;
      const pull = timed(() =>
        db.sqlite.transaction(() => {
          for (let i = 0; i < changedBalances; i += 1) {
            // A day of sales (1–3 units) on most rows, a delivery (+10–30) on some: the quantities
            // a real balances pull brings, so only some pairs cross a threshold.
            const row = stockRows[random.int(stockRows.length)];
            if (!row) continue;
            row.qty = random.chance(0.1) ? row.qty + random.between(10, 30) * 1000 : Math.max(0, row.qty - random.between(1, 3) * 1000);
            update.run(row.qty, row.id);
          }
        })(),
      );
      // The sync service ends every run with a passive checkpoint (sync.service.ts); without it the
      // evaluation's commit would be the one to checkpoint the pull's pages.
      db.sqlite.pragma('wal_checkpoint(PASSIVE)');
      const dirty = Number(db.sqlite.prepare('SELECT count(*) FROM alert_dirty').pluck().get());
      const floorRun = timed(() => floorStatement.all());
      const evaluation = timed(() => evaluateAlerts(db, () => clock));
      // What the controller does right after announcing the alerts (off the alert's path).
      const deliveries = timed(() => createDeliveries(db, evaluation.value, clock));
      const checkpoint = timed(() => checkpointAfterEvaluation(db));
      if (run === 0) continue;
      pulls.push(pull.ms);
      pairs.push(dirty);
      floor.push(floorRun.ms);
      checkpoints.push(checkpoint.ms);
      deliveryRows.push(deliveries.ms);
      ours.push(evaluation.ms);
      fired.push(evaluation.value.length);
      say(`run ${run}: ${dirty} pairs, evaluate ${fmt(evaluation.ms)} ms (${evaluation.value.length} alerts), then ${deliveries.value} delivery rows ${fmt(deliveries.ms)} ms, checkpoint ${fmt(checkpoint.ms)} ms, floor ${fmt(floorRun.ms)} ms, pull's UPDATEs ${fmt(pull.ms)} ms`);
    }
    const pairsAfter = Number(db.sqlite.prepare('SELECT count(*) FROM alert_pairs').pluck().get());
    const firedRows = Number(db.sqlite.prepare('SELECT count(*) FROM alert_fired').pluck().get());
    const list = timed(() => listRules(db));
    const lowAll = timed(() => lowStockPairCount(db, null));
    say(`rules list with live counts ${fmt(list.ms)} ms; low-stock products ${lowAll.value} in ${fmt(lowAll.ms)} ms`);
    const sqliteVersion = String(db.sqlite.prepare('SELECT sqlite_version()').pluck().get());
    db.close();

    const ourMedian = median(ours);
    const floorMedian = median(floor);
    const isPass = ourMedian <= goalMs;
    const cpuList = cpus();
    const section = [
      '## Alert evaluation',
      '',
      `Measured ${new Date().toISOString()} with \`npx tsx bench/alerts.ts\`.`,
      '',
      `- Machine: ${cpuList[0]?.model ?? 'unknown CPU'} × ${cpuList.length}, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, ${process.platform}/${process.arch}`,
      `- Load average (1 min) before / after: ${loadBefore.toFixed(2)} / ${(loadavg()[0] ?? 0).toFixed(2)} on ${cpuList.length} cores`,
      `- Node ${process.version}, better-sqlite3 (SQLite ${sqliteVersion})`,
      `- Data: demo catalog, seed ${seed}: ${generated.products.toLocaleString('en-US')} products, ${generated.groups} groups, ${generated.stockRows.toLocaleString('en-US')} stock rows, ${generated.warehouses} warehouses; 20,000 minimums`,
      `- Rules: ${ruleCount} (10 over everything, 40 per warehouse, 250 per group incl. subgroups, 700 per product; 30 % of the narrow ones limited to one warehouse), conditions below / zero / below_min in turn for the wide rules, below / above / equals / zero / below_min for the narrow ones`,
      `- Each run: ${changedBalances.toLocaleString('en-US')} \`UPDATE stock SET qty_1c\` in one transaction (as the balances pull writes them; the triggers mark the pairs), the passive WAL checkpoint the sync service ends each run with, then \`evaluateAlerts\` (timed: up to the announcement), then the delivery rows and the checkpoint the controller runs after announcing. ${runs} runs after one warm-up.`,
      '',
      '| measurement | value |',
      '|---|---|',
      `| dirty pairs per run (median) | ${median(pairs).toLocaleString('en-US')} |`,
      `| **evaluateAlerts, median / max** | **${fmt(ourMedian)} / ${fmt(Math.max(...ours))} ms** |`,
      `| floor: bare SELECT of the same pairs' displayed quantity, median | ${fmt(floorMedian)} ms (ours ${(ourMedian / floorMedian).toFixed(1)}×) |`,
      `| alerts fired per run (median) | ${median(fired)} |`,
      `| then, off the alert's path: the alerts' delivery rows (createDeliveries), median | ${fmt(median(deliveryRows))} ms |`,
      `| then, off the alert's path: the passive WAL checkpoint after the evaluation, median | ${fmt(median(checkpoints))} ms |`,
      `| the pull's 10,000 UPDATEs incl. trigger marks, median | ${fmt(median(pulls))} ms |`,
      `| first active rule: silent baseline of every pair into alert_pairs | ${fmt(firstRuleMs)} ms (${pairsAfterBaseline.toLocaleString('en-US')} pairs) |`,
      `| **creating a store-wide rule while others are active, median** | **${fmt(median(ruleTimes.all ?? []))} ms** |`,
      `| rule creation, median: all / warehouse / group / product (incl. its live match count) | ${Object.values(ruleTimes).map((t) => fmt(median(t))).join(' / ')} ms |`,
      `| alert_pairs rows after baseline / after the runs; alert_fired rows after the runs | ${pairsAfterBaseline.toLocaleString('en-US')} / ${pairsAfter.toLocaleString('en-US')}; ${firedRows.toLocaleString('en-US')} |`,
      `| rules list with live match counts of all ${ruleCount} rules (one pass over alert_pairs) | ${fmt(list.ms)} ms |`,
      `| low-stock products over all warehouses (lowStockPairCount) | ${fmt(lowAll.ms)} ms (${lowAll.value.toLocaleString('en-US')}) |`,
      '',
      `**Goal: evaluation ≤ ${goalMs} ms — ${isPass ? 'PASS' : 'FAIL'}** (median ${fmt(ourMedian)} ms).`,
      '',
    ].join('\n');
    writeReportSection('## Alert evaluation', section);
    say('');
    say(`evaluate median ${fmt(ourMedian)} ms, max ${fmt(Math.max(...ours))} ms, floor ${fmt(floorMedian)} ms (${(ourMedian / floorMedian).toFixed(1)}×), ${isPass ? 'PASS' : 'FAIL'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
