import { dirname, join } from 'node:path';
import { type AppDb, openDatabase } from '../../core/db/open';
import { addByCode, setLine } from '../../core/documents/document-lines.service';
import { type DocumentKind, documentKindInfo, hasPrices, kindInfo } from '../../core/documents/document-kinds';
import { type DocumentView, statusTitles } from '../../core/documents/documents';
import { documentKinds } from '../../core/documents/documents.schema';
import { createDraft, queueDocument } from '../../core/documents/documents.service';
import { AppError, isAppError } from '../../core/errors/app-error';
import { listWarehouses } from '../../core/inventory/warehouses.repo';
import { createFileLogger } from '../../core/logging/file-logger';
import { createSettingsService } from '../../core/settings/settings.service';
import {
  type CliCommand,
  cliMigrationsFolder,
  dbExists,
  parseOptions,
  resolveDbPath,
  runOperation,
  usageError,
  writeJson,
} from '../cli-io';

/** One `--line CODE:QTY[:PRICE]`: thousandths of a unit, kopecks per unit (null: the document's default price). */
export type LineArg = { code: string; qty: number; price: number | null };

const maxLines = 10_000;

export const docCommand: CliCommand = {
  name: 'doc',
  summary: 'создать документ (поступление, отгрузку, перемещение, списание, пересчёт) и поставить его в очередь отправки в 1С',
  usage:
    `doc create --kind ${documentKinds.join('|')} --warehouse СКЛАД [--to СКЛАД] --line КОД:КОЛИЧЕСТВО[:ЦЕНА]... ` +
    '[--comment ТЕКСТ] [--allow-negative] [--db FILE] [--json]',
  async run(argv, io) {
    const isJson = argv.includes('--json');
    const [sub, ...rest] = argv;
    if (sub !== 'create') {
      return usageError(io, docCommand, sub === undefined || sub.startsWith('-') ? 'Укажите действие: doc create' : `Неизвестное действие «${sub}»: есть только doc create`, isJson);
    }
    const parsed = parseOptions(rest, {
      kind: { type: 'string' },
      warehouse: { type: 'string' },
      to: { type: 'string' },
      line: { type: 'string', multiple: true },
      comment: { type: 'string' },
      'allow-negative': { type: 'boolean' },
      db: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (!parsed.ok) return usageError(io, docCommand, parsed.message, isJson);
    const { values } = parsed;
    const bad = (message: string) => usageError(io, docCommand, message, isJson);

    if (values.kind === undefined) return bad(`Укажите вид документа: --kind ${documentKinds.join('|')}`);
    const kind = documentKinds.find((k) => k === values.kind);
    if (kind === undefined) return bad(`--kind: нужно одно из ${documentKinds.join(', ')}, получено «${values.kind}»`);
    const info = kindInfo(kind);
    if (values.warehouse === undefined || values.warehouse.trim() === '') return bad('Укажите склад: --warehouse НАЗВАНИЕ или ссылка 1С');
    if (info.isDestinationNeeded && (values.to === undefined || values.to.trim() === '')) {
      return bad('Для перемещения укажите склад-получатель: --to НАЗВАНИЕ или ссылка 1С');
    }
    if (!info.isDestinationNeeded && values.to !== undefined) return bad(`--to указывается только для перемещения (--kind transfer), не для «${info.title}»`);
    const rawLines = values.line ?? [];
    if (rawLines.length === 0) return bad('Добавьте хотя бы одну строку: --line КОД:КОЛИЧЕСТВО[:ЦЕНА]');
    if (rawLines.length > maxLines) return bad(`Не больше ${maxLines.toLocaleString('ru-RU')} строк в одном документе`);
    const lines: LineArg[] = [];
    for (const raw of rawLines) {
      const line = parseLineArg(raw);
      if (typeof line === 'string') return bad(line);
      if (line.price !== null && !hasPrices(kind)) return bad(`--line «${raw}»: в документе «${info.title}» цены не указываются`);
      lines.push(line);
    }

    return runOperation(io, isJson, () => {
      const path = resolveDbPath(io, values.db);
      if (!dbExists(path)) {
        throw new AppError('not_found', `База данных не найдена: ${path}. Сначала загрузите данные из 1С (prilavok sync) или укажите файл параметром --db.`, {
          details: { path },
        });
      }
      const db = openDatabase({ path, migrationsFolder: cliMigrationsFolder() });
      try {
        const logger = createFileLogger({ dir: join(dirname(path), 'logs'), fileName: 'cli.log' }).scope('doc');
        const settings = createSettingsService(db, logger, Date.now).get();
        const created = createQueuedDocument(db, {
          kind,
          warehouse: values.warehouse ?? '',
          to: values.to ?? null,
          lines,
          comment: values.comment ?? '',
          isNegativeAllowed: values['allow-negative'] === true,
          negativeStockPolicy: settings.negativeStockPolicy,
          now: Date.now(),
        });
        logger.info(`document ${created.document.id} (${created.document.localNumber}) created and queued from the command line`);
        if (isJson) writeJson(io, toJsonDocument(created.document, created.warnings));
        else {
          for (const warning of created.warnings) io.stderr(`Внимание: ${warning}\n`);
          io.stdout(formatCreated(created.document));
        }
      } finally {
        db.close();
      }
    });
  },
};

export type CreateQueuedInput = {
  kind: DocumentKind;
  /** A warehouse's name or 1C ref, as typed. */
  warehouse: string;
  to: string | null;
  lines: readonly LineArg[];
  comment: string;
  isNegativeAllowed: boolean;
  negativeStockPolicy: 'warn' | 'block';
  now: number;
};

/**
 * Draft, lines and queueing in ONE transaction (the services' own transactions become savepoints
 * inside it): an unknown code, a bad price or a refused shortage rolls everything back, so no
 * half-made draft is left behind and its local number is not used up.
 */
export function createQueuedDocument(db: AppDb, input: CreateQueuedInput): { document: DocumentView; warnings: string[] } {
  const warehouseId = resolveWarehouse(db, input.warehouse);
  const toWarehouseId = input.to === null ? null : resolveWarehouse(db, input.to);
  return db.sqlite
    .transaction(() => {
      const draft = createDraft(db, { kind: input.kind, warehouseId, toWarehouseId, comment: input.comment, userId: null, now: input.now });
      for (const [index, line] of input.lines.entries()) {
        let lineNo: number;
        try {
          lineNo = addByCode(db, { documentId: draft.id, code: line.code, qty: line.qty, userId: null, now: input.now }).lineNo;
          if (line.price !== null) setLine(db, { documentId: draft.id, lineNo, price: line.price, userId: null, now: input.now });
        } catch (err) {
          throw withLinePrefix(err, index + 1, line.code);
        }
      }
      let queued: ReturnType<typeof queueDocument>;
      try {
        queued = queueDocument(db, {
          documentId: draft.id,
          userId: null,
          now: input.now,
          negativeStockPolicy: input.negativeStockPolicy,
          allowNegative: input.isNegativeAllowed,
        });
      } catch (err) {
        const isPriceMissing = kindInfo(input.kind).priceUse === 'required' && input.lines.some((line) => line.price === null);
        throw withSuffix(err, isPriceMissing ? ' (цена в рублях — третья часть --line КОД:КОЛИЧЕСТВО:ЦЕНА)' : '');
      }
      if (queued.outcome === 'needs_confirmation') {
        throw new AppError(
          'conflict',
          `Не хватает товара: ${queued.warnings.join('; ')}. Документ не создан. Чтобы всё равно отправить его в 1С, добавьте --allow-negative.`,
          { details: { shortages: queued.shortages } },
        );
      }
      return { document: queued.document, warnings: queued.warnings };
    })
    .immediate();
}

/** The service's message with the line it is about; what else went wrong (a bug) passes through unchanged. */
function withLinePrefix(err: unknown, index: number, code: string): unknown {
  if (!isAppError(err)) return err;
  return new AppError(err.code, `Строка ${index} («${code}»): ${trimEnd(err.message)}. Документ не создан.`, { cause: err, details: err.details });
}

function withSuffix(err: unknown, hint: string): unknown {
  if (!isAppError(err)) return err;
  return new AppError(err.code, `${trimEnd(err.message)}${hint}. Документ не создан.`, { cause: err, details: err.details });
}

function trimEnd(message: string): string {
  return message.replace(/[.\s]+$/, '');
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A live warehouse by 1C ref or by name (case-insensitive); throws not_found or conflict (two with that name). */
export function resolveWarehouse(db: AppDb, text: string): number {
  const wanted = text.trim();
  const warehouses = listWarehouses(db);
  if (guidPattern.test(wanted)) {
    const byRef = warehouses.find((w) => w.ref1c?.toLowerCase() === wanted.toLowerCase());
    if (byRef) return byRef.id;
  }
  const byName = warehouses.filter((w) => w.name.trim().toLocaleLowerCase('ru-RU') === wanted.toLocaleLowerCase('ru-RU'));
  if (byName.length > 1) {
    throw new AppError('conflict', `Складов с названием «${wanted}» несколько — укажите ссылку 1С: ${byName.map((w) => w.ref1c ?? `№${w.id}`).join(', ')}`);
  }
  const found = byName[0];
  if (found) return found.id;
  const known = warehouses.map((w) => `«${w.name}»`).join(', ');
  throw new AppError('not_found', `Склад «${wanted}» не найден. ${known === '' ? 'В базе нет складов: загрузите их из 1С (prilavok sync).' : `Есть: ${known}.`}`);
}

/**
 * "CODE:QTY[:PRICE]": QTY in units with up to 3 decimals ("1.5" or "1,5" → 1500 thousandths),
 * PRICE in roubles with up to 2 decimals ("12.34" → 1234 kopecks). The numbers are taken from the
 * right, so a code may itself contain ':'. Returns a Russian message when the text is wrong.
 */
export function parseLineArg(raw: string): LineArg | string {
  const parts = raw.split(':');
  const problem = `--line «${raw}»: нужно КОД:КОЛИЧЕСТВО[:ЦЕНА], например 4600000000017:2 или КРП-00001:1,5:89,90`;
  if (parts.length < 2) return problem;
  const last = parts.at(-1) ?? '';
  const beforeLast = parts.at(-2) ?? '';
  let code: string;
  let qtyText: string;
  let priceText: string | null;
  if (parts.length >= 3 && isDecimal(beforeLast) && isDecimal(last)) {
    code = parts.slice(0, -2).join(':');
    qtyText = beforeLast;
    priceText = last;
  } else {
    code = parts.slice(0, -1).join(':');
    qtyText = last;
    priceText = null;
  }
  if (code.trim() === '') return `--line «${raw}»: не указан код товара (штрихкод, артикул или код 1С)`;
  const qty = toScaledInteger(qtyText, 3);
  if (qty === null || qty <= 0) return `--line «${raw}»: количество «${qtyText}» — нужно число больше нуля, не больше трёх знаков после запятой`;
  let price: number | null = null;
  if (priceText !== null) {
    price = toScaledInteger(priceText, 2);
    if (price === null) return `--line «${raw}»: цена «${priceText}» — нужно число в рублях, не больше двух знаков после запятой`;
  }
  return { code: code.trim(), qty, price };
}

function isDecimal(text: string): boolean {
  return /^\s*\d+([.,]\d*)?\s*$/.test(text);
}

/** "1,5" with 3 digits → 1500; exact (no floating point); null when not a plain non-negative decimal or too precise. */
function toScaledInteger(text: string, digits: number): number | null {
  const m = /^\s*(\d{1,12})(?:[.,](\d*))?\s*$/.exec(text);
  if (!m) return null;
  const fraction = m[2] ?? '';
  if (fraction.replace(/0+$/, '').length > digits) return null;
  return Number(m[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0').slice(0, digits) || '0');
}

// Exported for testing only.
export function toJsonDocument(document: DocumentView, warnings: readonly string[]) {
  return {
    id: document.id,
    kind: document.kind,
    localNumber: document.localNumber,
    status: document.status,
    warehouse: document.warehouseName,
    toWarehouse: document.toWarehouseName,
    comment: document.comment,
    // Quantities in thousandths of a unit, money in kopecks, as everywhere in Prilavok.
    totalQty: document.totalQty,
    totalAmount: document.totalAmount,
    lines: document.lines.map((line) => ({
      lineNo: line.lineNo,
      code: line.scannedCode,
      productCode: line.productCode,
      article: line.productArticle ?? null,
      name: line.productName,
      characteristic: line.characteristicName,
      unit: line.unit,
      qty: line.qty,
      price: line.price,
      amount: line.amount,
    })),
    warnings,
  };
}

const rubles = (kopecks: number) => (kopecks / 100).toLocaleString('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const units = (thousandths: number) => (thousandths / 1000).toLocaleString('ru-RU', { maximumFractionDigits: 3 });

// Exported for testing only.
export function formatCreated(document: DocumentView): string {
  const title = documentKindInfo[document.kind].title;
  const where = document.toWarehouseName ? `«${document.warehouseName}» → «${document.toWarehouseName}»` : `«${document.warehouseName}»`;
  const out = [`${title} ${document.localNumber} (${where}): ${statusTitles[document.status]}`, `  id: ${document.id}`];
  for (const line of document.lines) {
    const price = line.price === null ? '' : ` × ${rubles(line.price)} ₽ = ${rubles(line.amount ?? 0)} ₽`;
    out.push(`  ${line.lineNo}. ${line.productName}${line.characteristicName ? ` (${line.characteristicName})` : ''}: ${units(line.qty)}${line.unit ? ` ${line.unit}` : ''}${price}`);
  }
  if (document.totalAmount > 0) out.push(`  Итого: ${rubles(document.totalAmount)} ₽`);
  return `${out.join('\n')}\n`;
}
