import { statSync } from 'node:fs';
import { openDatabase } from '../../core/db/open';
import {
  defaultDemoSeed,
  defaultDemoWarehouses,
  generateDemoCatalog,
  maxDemoProducts,
  maxDemoWarehouses,
} from '../../core/demo/demo-catalog.service';
import {
  type CliCommand,
  cliMigrationsFolder,
  parseIntegerOption,
  parseOptions,
  resolveDbPath,
  runOperation,
  usageError,
  writeJson,
} from '../cli-io';

export const demoDataCommand: CliCommand = {
  name: 'demo-data',
  summary: 'заполнить пустую базу демонстрационным каталогом (товары, штрихкоды, цены, остатки)',
  usage: 'demo-data --products N [--warehouses N] [--seed S] [--db FILE] [--json]',
  async run(argv, io) {
    const parsed = parseOptions(argv, {
      products: { type: 'string' },
      warehouses: { type: 'string' },
      seed: { type: 'string' },
      db: { type: 'string' },
      json: { type: 'boolean' },
    });
    const isJson = argv.includes('--json');
    if (!parsed.ok) return usageError(io, demoDataCommand, parsed.message, isJson);
    const { values } = parsed;

    if (values.products === undefined) {
      return usageError(io, demoDataCommand, 'Укажите число товаров: --products N', isJson);
    }
    const products = parseIntegerOption(values.products);
    if (products === null || products < 1 || products > maxDemoProducts) {
      return usageError(
        io,
        demoDataCommand,
        `--products: нужно целое число от 1 до ${maxDemoProducts}, получено «${values.products}»`,
        isJson,
      );
    }
    const warehouses = values.warehouses === undefined ? defaultDemoWarehouses : parseIntegerOption(values.warehouses);
    if (warehouses === null || warehouses < 1 || warehouses > maxDemoWarehouses) {
      return usageError(
        io,
        demoDataCommand,
        `--warehouses: нужно целое число от 1 до ${maxDemoWarehouses}, получено «${values.warehouses ?? ''}»`,
        isJson,
      );
    }
    const seed = values.seed === undefined ? defaultDemoSeed : parseIntegerOption(values.seed);
    if (seed === null || seed > 0xffffffff) {
      return usageError(io, demoDataCommand, `--seed: нужно целое число от 0 до 4294967295, получено «${values.seed ?? ''}»`, isJson);
    }

    return runOperation(io, isJson, () => {
      const path = resolveDbPath(io, values.db);
      io.stderr(`Создаю демо-каталог: ${products.toLocaleString('ru-RU')} товаров, складов: ${warehouses}, в ${path}\n`);
      const db = openDatabase({ path, migrationsFolder: cliMigrationsFolder() });
      try {
        // Progress only for runs long enough to wonder about (about a second per 10,000 products).
        const step = products >= 50_000 ? Math.ceil(products / 10) : Number.POSITIVE_INFINITY;
        let nextReport = step;
        const result = generateDemoCatalog(db, {
          products,
          warehouses,
          seed,
          onProgress: (done, total) => {
            if (done < nextReport || done === total) return;
            nextReport += step;
            io.stderr(`  ${done.toLocaleString('ru-RU')} / ${total.toLocaleString('ru-RU')}\n`);
          },
        });
        const sizeBytes = statSync(path).size;
        const document = { db: path, schemaVersion: db.schemaVersion, ...result, sizeBytes };
        if (isJson) writeJson(io, document);
        else {
          io.stdout(
            `Готово за ${(result.durationMs / 1000).toFixed(1)} с: товаров ${n(result.products)}, штрихкодов ${n(result.barcodes)}, ` +
              `цен ${n(result.prices)}, строк остатков ${n(result.stockRows)}, складов ${n(result.warehouses)}, ` +
              `групп ${n(result.groups)}; файл ${path} (${(sizeBytes / 1_048_576).toFixed(1)} МБ)\n`,
          );
        }
      } finally {
        db.close();
      }
    });
  },
};

const n = (value: number) => value.toLocaleString('ru-RU');
