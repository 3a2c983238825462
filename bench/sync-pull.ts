// `npx tsx bench/sync-pull.ts`: the 1C pull at 200,000 products. The emulator runs in a child
// process (`prilavok emulator`), so this process's memory is the syncing app's alone. Measures the
// full pull, the raw floor (the same requests through the same client, bodies parsed, nothing
// written), peak RSS, and a refresh in which 1C changed nothing. Writes the "1C pull" section of
// docs/benchmarks.md (the other sections are left as they are).
import { startEmulatorProcess, writeReportSection } from './bench-support';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { findMigrationsFolder } from '../src-main/core/app/paths';
import { type AppDb, openDatabase } from '../src-main/core/db/open';
import { silentLogger } from '../src-main/core/logging/logger';
import { type ODataQuery, type OnecClient, type OnecProfileId } from '../src-main/core/onec/onec';
import { createOnecClient } from '../src-main/core/onec/onec-client';
import { getProfile } from '../src-main/core/onec/profiles';
import { type SyncRunSummary } from '../src-main/core/sync/sync';
import { createSyncService } from '../src-main/core/sync/sync.service';

const productCount = Number(process.env.BENCH_PRODUCTS ?? 200_000);
const profileId = (process.env.BENCH_PROFILE ?? 'ut11') as OnecProfileId;
const goals = { ratio: 1.3, rssMiB: 350, refreshBytesShare: 0.15, refreshRows: 0 };
const heading = '## 1C pull';

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); null elsewhere. */
function processCpuSeconds(pid: number): number | null {
  try {
    // Fields after the command name: state is field 3, utime 14 and stime 15 (proc(5)), in clock ticks of 1/100 s.
    const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

const ownCpuSeconds = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

/** CPU used by this process and by the emulator between `start()` and the returned stop. */
function cpuMeter(emulatorPid: number): () => { own: number; emulator: number | null } {
  const own0 = ownCpuSeconds();
  const emulator0 = processCpuSeconds(emulatorPid);
  return () => {
    const emulator1 = processCpuSeconds(emulatorPid);
    return { own: ownCpuSeconds() - own0, emulator: emulator0 === null || emulator1 === null ? null : emulator1 - emulator0 };
  };
}

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}


/** `isStreamed`: the pull read it with forEachRow (virtual tables and movement windows, D16). */
type Call = { path: string; query: ODataQuery | undefined; isStreamed: boolean; job: string };

/** The real client, with every collection request remembered (for the floor). */
function recording(client: OnecClient, calls: Call[], jobOf: () => string): OnecClient {
  return {
    ...client,
    stats: client.stats,
    getCollection(path, query, options) {
      calls.push({ path, query, isStreamed: false, job: jobOf() });
      return client.getCollection(path, query, options);
    },
    forEachRow(path, query, onRows, options) {
      calls.push({ path, query, isStreamed: true, job: jobOf() });
      return client.forEachRow(path, query, onRows, options);
    },
  };
}

/** The same requests in the same order and the same way, one in flight ahead like the pull's paging: bodies parsed, nothing else. */
async function replay(client: OnecClient, calls: readonly Call[]): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  let bytes = 0;
  const send = (call: Call | undefined): Promise<{ bytes: number }> | null =>
    call === undefined ? null : call.isStreamed ? client.forEachRow(call.path, call.query, () => undefined) : client.getCollection(call.path, call.query);
  let next = send(calls[0]);
  for (let i = 0; i < calls.length; i += 1) {
    const current = next as Promise<{ bytes: number }>;
    next = send(calls[i + 1]);
    bytes += (await current).bytes;
  }
  return { ms: performance.now() - started, bytes };
}

const totalChanges = (db: AppDb): number => Number(db.sqlite.prepare('SELECT total_changes()').pluck().get());


const mib = (bytes: number): string => (bytes / 1_048_576).toFixed(1);
const sec = (ms: number): string => (ms / 1000).toFixed(1);

async function main(): Promise<void> {
  const loadBefore = loadavg()[0] ?? 0;
  say(`starting the emulator (${profileId}, ${productCount.toLocaleString('en-US')} products) in a child process…`);
  const emulatorStarted = performance.now();
  const emulator = await startEmulatorProcess({ profile: profileId, products: productCount, warehouses: 3 });
  const emulatorMs = performance.now() - emulatorStarted;
  const dir = mkdtempSync(join(tmpdir(), 'prilavok-bench-sync-'));
  const db = openDatabase({ path: join(dir, 'bench.db'), migrationsFolder: findMigrationsFolder(__dirname) });
  const client = createOnecClient({ baseUrl: emulator.url, user: emulator.user, password: '' }, { logger: silentLogger });

  let peakRss = process.memoryUsage().rss;
  let currentJob = 'start';
  const peakByJob = new Map<string, number>();
  const sample = (): void => {
    const rss = process.memoryUsage().rss;
    peakRss = Math.max(peakRss, rss);
    if (currentJob !== 'after') peakByJob.set(currentJob, Math.max(peakByJob.get(currentJob) ?? 0, rss));
  };
  const sampler = setInterval(sample, 50);
  try {
    // A warm-up request, so the floor and the pull both meet a warm emulator and an open connection.
    await client.getCollection(getProfile(profileId).warehouses.set, { top: 1 });
    const rssBefore = process.memoryUsage().rss;

    // (a) Full pull into an empty mirror.
    const calls: Call[] = [];
    // Jobs run one after another and each ends with a 'done' progress: a call belongs to the job
    // counted so far (the index into the summary's jobs), and own CPU is read at every job end.
    let jobIndex = 0;
    const cpuAtJobEnd: number[] = [];
    const service = createSyncService({
      db,
      client: recording(client, calls, () => String(jobIndex)),
      profile: getProfile(profileId),
      logger: silentLogger,
      clock: Date.now,
      // Samples also at each progress tick: SQLite work holds the thread, so the timer alone misses peaks.
      onProgress: (p) => {
        if (currentJob === 'after') return;
        if (p.phase === 'done') {
          jobIndex += 1;
          cpuAtJobEnd.push(ownCpuSeconds());
        }
        if (currentJob !== p.job) sample();
        currentJob = p.job;
        sample();
      },
    });
    say('full pull…');
    const stopPullCpu = cpuMeter(emulator.child.pid ?? 0);
    const cpuAtPullStart = ownCpuSeconds();
    // In the app the pull runs on the main process's thread: a long synchronous stretch there holds
    // every IPC call of the window for as long.
    const stalls = monitorEventLoopDelay({ resolution: 10 });
    stalls.enable();
    const full = await service.runNow();
    stalls.disable();
    const pullCpu = stopPullCpu();
    if (full.status !== 'ok') throw new Error(`full pull failed: ${JSON.stringify(full.jobs.find((j) => j.error)?.error)}`);
    const fullWallMs = full.durationMs;
    // The kernel's own peak covers moments the 50 ms sampler missed while SQLite held the thread.
    currentJob = 'after';
    const peakDuringPull = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
    say(`  ${sec(fullWallMs)} s, ${mib(full.bytes)} MiB, ${calls.length} requests, peak RSS ${mib(peakDuringPull)} MiB`);

    // (b) The raw floor: exactly the same requests through the same client, no processing.
    say('floor (same requests, no processing)…');
    const pullCalls = calls.splice(0);
    const stopFloorCpu = cpuMeter(emulator.child.pid ?? 0);
    const floor = await replay(client, pullCalls);
    const floorCpu = stopFloorCpu();
    const ratio = fullWallMs / floor.ms;
    // Per job: its own requests replayed the same way, to see where the pull loses against the floor.
    const floorByJob = new Map<number, number>();
    for (let i = 0; i < full.jobs.length; i += 1) floorByJob.set(i, (await replay(client, pullCalls.filter((c) => c.job === String(i)))).ms);
    say(`  ${sec(floor.ms)} s, ${mib(floor.bytes)} MiB; ratio ${ratio.toFixed(2)}`);

    // (e) A refresh in which 1C changed nothing.
    say('no-change refresh…');
    const changesBefore = totalChanges(db);
    const refresh = await service.runNow();
    if (refresh.status !== 'ok') throw new Error('refresh failed');
    const changes = totalChanges(db) - changesBefore;
    // Bookkeeping that every run writes by design: per job a sync_runs insert and update and a
    // sync_state upsert, plus the balances job's per-warehouse "taken at" cursor.
    const warehouses = Number(db.sqlite.prepare('SELECT count(*) FROM warehouses').pluck().get());
    const bookkeeping = refresh.jobs.length * 3 + warehouses;
    const mirrorRows = changes - bookkeeping;
    const bytesShare = refresh.bytes / full.bytes;
    say(`  ${sec(refresh.durationMs)} s, ${mib(refresh.bytes)} MiB (${(bytesShare * 100).toFixed(1)} %), rows written ${mirrorRows} (+${bookkeeping} bookkeeping)`);

    const counts = (summary: SyncRunSummary, job: string) => summary.jobs.find((j) => j.job === job);
    const jobRows = full.jobs.map((j, i) => {
      const r = counts(refresh, j.job);
      const cpu = (cpuAtJobEnd[i] ?? 0) - (i === 0 ? cpuAtPullStart : (cpuAtJobEnd[i - 1] ?? 0));
      return `| ${j.job} | ${j.counts.fetched.toLocaleString('en-US')} | ${j.requests} | ${mib(j.bytes)} | ${sec(j.durationMs)} | ${sec(floorByJob.get(i) ?? 0)} | ${cpu.toFixed(1)} | ${mib(peakByJob.get(j.job) ?? 0)} | ${r ? mib(r.bytes) : '—'} | ${r ? sec(r.durationMs) : '—'} |`;
    });
    const cpuList = cpus();
    // What the goal asks of the CPU: both processes share these cores, so no schedule can finish the
    // pull faster than their CPU seconds over the cores, nor faster than this process's own CPU
    // seconds (its SQLite work is on one thread).
    const cpuText = (c: { own: number; emulator: number | null }): string =>
      `this process ${c.own.toFixed(1)} s, emulator ${c.emulator === null ? '—' : `${c.emulator.toFixed(1)} s`}`;
    const pullBoundMs = pullCpu.emulator === null ? null : Math.max(pullCpu.own, (pullCpu.own + pullCpu.emulator) / cpuList.length) * 1000;
    const dbBytes = statSync(db.path).size;
    const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
    const section = [
      heading,
      '',
      `Measured ${new Date().toISOString()} with \`npx tsx bench/sync-pull.ts\` (profile ${profileId}; \`BENCH_PRODUCTS\`, \`BENCH_PROFILE\` to change).`,
      '',
      `- Machine: ${cpuList[0]?.model ?? 'unknown CPU'} × ${cpuList.length}, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, ${process.platform}/${process.arch}, Node ${process.version}`,
      `- Load average (1 min) before / after: ${loadBefore.toFixed(2)} / ${(loadavg()[0] ?? 0).toFixed(2)} on ${cpuList.length} cores (the emulator shares them)`,
      `- 1C: the emulator in a child process (\`prilavok emulator --products ${productCount} --warehouses 3\`, started in ${sec(emulatorMs)} s) over HTTP on 127.0.0.1; ` +
        'the syncing process is this one, with an empty SQLite mirror on the temp disk',
      `- Floor: the ${pullCalls.length} requests of the full pull replayed in order through the same client (one request ahead, as the pull pages; streamed ones streamed), bodies parsed, nothing written`,
      `- Peak RSS: max of process.memoryUsage().rss sampled every 50 ms and the kernel's maxRSS (before the pull: ${mib(rssBefore)} MiB)`,
      '',
      '| measurement | value |',
      '|---|---|',
      `| full pull, wall time | ${sec(fullWallMs)} s (${mib(full.bytes)} MiB in ${pullCalls.length} requests) |`,
      `| raw floor, same requests | ${sec(floor.ms)} s |`,
      `| ratio pull / floor | ${ratio.toFixed(2)} |`,
      `| CPU during the pull | ${cpuText(pullCpu)} |`,
      `| CPU during the floor | ${cpuText(floorCpu)} |`,
      `| lower bound of the pull's wall time from its CPU on ${cpuList.length} cores (max(own, (own + emulator) / cores)) | ${pullBoundMs === null ? '—' : `${sec(pullBoundMs)} s = ${(pullBoundMs / floor.ms).toFixed(2)} × floor`} |`,
      `| peak RSS of the syncing process | ${mib(peakDuringPull)} MiB |`,
      `| event loop held during the pull (monitorEventLoopDelay): longest / p99 | ${Math.round(stalls.max / 1e6)} ms / ${Math.round(stalls.percentile(99) / 1e6)} ms |`,
      `| no-change refresh: wall time | ${sec(refresh.durationMs)} s |`,
      `| no-change refresh: bytes | ${mib(refresh.bytes)} MiB = ${(bytesShare * 100).toFixed(1)} % of the full pull |`,
      `| no-change refresh: mirror rows written (total_changes() − bookkeeping) | ${mirrorRows} (total_changes ${changes}, bookkeeping ${bookkeeping}) |`,
      `| mirror after the pull | ${Number(db.sqlite.prepare('SELECT count(*) FROM products').pluck().get()).toLocaleString('en-US')} products, ` +
        `${Number(db.sqlite.prepare('SELECT count(*) FROM barcodes').pluck().get()).toLocaleString('en-US')} barcodes, ` +
        `${Number(db.sqlite.prepare('SELECT count(*) FROM prices').pluck().get()).toLocaleString('en-US')} prices, ` +
        `${Number(db.sqlite.prepare('SELECT count(*) FROM stock').pluck().get()).toLocaleString('en-US')} stock rows, ` +
        `${Number(db.sqlite.prepare('SELECT count(*) FROM movements').pluck().get()).toLocaleString('en-US')} movements; file ${mib(dbBytes)} MiB |`,
      '',
      'Per job (full pull, then the no-change refresh):',
      '',
      '| job | rows fetched | requests | MiB | s | floor s (its requests alone) | own CPU s | peak RSS MiB (sampled, full pull) | refresh MiB | refresh s |',
      '|---|---|---|---|---|---|---|---|---|---|',
      ...jobRows,
      '',
      'Goals:',
      '',
      `- pull / floor ≤ ${goals.ratio}: **${pass(ratio <= goals.ratio)}** (${ratio.toFixed(2)})` +
        (ratio <= goals.ratio
          ? ''
          : `; to pass, this process may use at most ${sec(goals.ratio * floor.ms)} s of CPU (now ${pullCpu.own.toFixed(1)} s) and must keep ` +
            `1C busy while it writes (now ${sec(Math.max(0, fullWallMs - pullCpu.own * 1000))} s of the pull's wall time is neither its own CPU nor overlapped)`),
      `- peak RSS ≤ ${goals.rssMiB} MiB: **${pass(peakDuringPull / 1_048_576 <= goals.rssMiB)}** (${mib(peakDuringPull)} MiB)`,
      `- no-change refresh bytes ≤ ${goals.refreshBytesShare * 100} % of the full pull: **${pass(bytesShare <= goals.refreshBytesShare)}** (${(bytesShare * 100).toFixed(1)} %)`,
      `- no-change refresh writes ${goals.refreshRows} mirror rows: **${pass(mirrorRows <= goals.refreshRows)}** (${mirrorRows})`,
      '',
    ].join('\n');
    writeReportSection(heading, section);
    say('');
    say(section);
  } finally {
    clearInterval(sampler);
    await client.close();
    db.close();
    emulator.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
