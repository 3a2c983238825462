import { startEmulatorProcess } from './bench-support';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findMigrationsFolder } from '../src-main/core/app/paths';
import { openDatabase } from '../src-main/core/db/open';
import { silentLogger } from '../src-main/core/logging/logger';
import { createOnecClient } from '../src-main/core/onec/onec-client';
import { getProfile } from '../src-main/core/onec/profiles';
import { createSyncService } from '../src-main/core/sync/sync.service';
async function main() {
  const emulator = await startEmulatorProcess({ profile: 'ut11', products: 50000, warehouses: 3 });
  for (const drop of [false, true, false, true]) {
    const dir = mkdtempSync(join(tmpdir(), 'exp-'));
    const db = openDatabase({ path: join(dir, 'b.db'), migrationsFolder: findMigrationsFolder(__dirname) });
    if (drop) db.sqlite.exec('DROP TRIGGER products_fts_ai; DROP TRIGGER barcodes_fts_ai;');
    const client = createOnecClient({ baseUrl: emulator.url, user: emulator.user, password: '' }, { logger: silentLogger });
    const service = createSyncService({ db, client, profile: getProfile('ut11'), logger: silentLogger, clock: Date.now });
    const t0 = process.cpuUsage();
    const r = await service.runNow();
    const cpu = process.cpuUsage(t0);
    let rebuild = 0;
    if (drop) { const s = performance.now(); db.sqlite.exec(`INSERT INTO products_fts (rowid, name, article, code, barcodes) SELECT p.id, replace(replace(p.name,'Ё','Е'),'ё','е'), p.article, p.code, coalesce(b.codes,'') FROM products p LEFT JOIN (SELECT product_id, group_concat(code,' ') codes FROM barcodes GROUP BY product_id) b ON b.product_id = p.id WHERE p.is_deleted = 0`); rebuild = performance.now() - s; }
    console.log(drop ? 'no-fts' : 'fts   ', r.durationMs, 'cpu', ((cpu.user + cpu.system) / 1e6).toFixed(1), r.jobs.map((j) => `${j.job}:${j.durationMs}`).join(' '), 'rebuild', rebuild.toFixed(0));
    await client.close(); db.close();
  }
  emulator.child.kill();
}
main();
