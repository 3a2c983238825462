import { emulatorProfileIds, maxEmulatorProducts, maxEmulatorWarehouses, parseFaultSpec, startOnecEmulator } from '../../onec-emulator/emulator';
import { type CliCommand, exitCodes, parseIntegerOption, parseOptions, runOperation, usageError } from '../cli-io';

export const emulatorCommand: CliCommand = {
  name: 'emulator',
  summary: 'эмулятор 1С (стандартный интерфейс OData) с созданными данными — для тестов, замеров и демо',
  usage:
    'emulator [--port N] [--profile ut11|unf] [--products N] [--warehouses N] [--seed S] [--user NAME] [--password PW] ' +
    '[--faults SPEC] [--latency-ms N] [--cold-start-ms N] [--slow-ms N] [--publication NAME] [--ignore-client-keys] [--unpublished SET,SET…]',
  async run(argv, io) {
    const parsed = parseOptions(argv, {
      port: { type: 'string' },
      profile: { type: 'string' },
      products: { type: 'string' },
      warehouses: { type: 'string' },
      seed: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      faults: { type: 'string' },
      'latency-ms': { type: 'string' },
      'cold-start-ms': { type: 'string' },
      'slow-ms': { type: 'string' },
      publication: { type: 'string' },
      // New documents get keys of the emulator's own even when the client sends a Ref_Key.
      'ignore-client-keys': { type: 'boolean' },
      // Sets left out of the OData composition (e.g. Catalog_Склады): what the setup wizard must report.
      unpublished: { type: 'string' },
    });
    if (!parsed.ok) return usageError(io, emulatorCommand, parsed.message, false);
    const { values } = parsed;
    const bad = (message: string) => usageError(io, emulatorCommand, message, false);

    const profile = values.profile ?? 'ut11';
    if (!(emulatorProfileIds as readonly string[]).includes(profile)) {
      return bad(`--profile: эмулятор знает конфигурации ${emulatorProfileIds.join(', ')}, получено «${profile}»`);
    }
    const integer = (name: string, raw: string | undefined, fallback: number, min: number, max: number): number | string => {
      if (raw === undefined) return fallback;
      const value = parseIntegerOption(raw);
      return value === null || value < min || value > max ? `${name}: нужно целое число от ${min} до ${max}, получено «${raw}»` : value;
    };
    const port = integer('--port', values.port, 0, 0, 65_535);
    const products = integer('--products', values.products, 1000, 0, maxEmulatorProducts);
    const warehouses = integer('--warehouses', values.warehouses, 3, 3, maxEmulatorWarehouses);
    const seed = integer('--seed', values.seed, 1, 0, 0xffffffff);
    const latencyMs = integer('--latency-ms', values['latency-ms'], 0, 0, 600_000);
    const coldStartMs = integer('--cold-start-ms', values['cold-start-ms'], 0, 0, 600_000);
    const slowMs = integer('--slow-ms', values['slow-ms'], 65_000, 0, 600_000);
    for (const value of [port, products, warehouses, seed, latencyMs, coldStartMs, slowMs]) if (typeof value === 'string') return bad(value);
    if (values.faults !== undefined) {
      try {
        parseFaultSpec(values.faults);
      } catch (err) {
        return bad(`--faults: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const publication = values.publication ?? 'trade';
    if (!/^[\w-]+$/.test(publication)) return bad(`--publication: допустимы латинские буквы, цифры, _ и -, получено «${publication}»`);

    let stopped: Promise<void> = Promise.resolve();
    const code = await runOperation(io, false, async () => {
      const emulator = await startOnecEmulator({
        profile: profile as (typeof emulatorProfileIds)[number],
        port: port as number,
        products: products as number,
        warehouses: warehouses as number,
        seed: seed as number,
        publication,
        ...(values.user !== undefined ? { user: values.user } : {}),
        ...(values.password !== undefined ? { password: values.password } : {}),
        ...(values.faults !== undefined ? { faults: values.faults } : {}),
        latencyMs: latencyMs as number,
        coldStartMs: coldStartMs as number,
        slowMs: slowMs as number,
        ignoreClientKeys: values['ignore-client-keys'] ?? false,
        unpublished: (values.unpublished ?? '').split(',').map((name) => name.trim()).filter((name) => name !== ''),
      });
      // The one line scripts wait for: they read the URL from it (cli.md).
      io.stdout(`${JSON.stringify({ url: emulator.baseUrl, user: emulator.user, profile: emulator.profile })}\n`);
      io.stderr(`Эмулятор 1С (${profile}) слушает ${emulator.baseUrl}; остановка — Ctrl+C или SIGTERM\n`);
      stopped = new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void emulator.close().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
    if (code !== exitCodes.done) return code;
    await stopped;
    return exitCodes.done;
  },
};
