import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { openDatabase } from '../../core/db/open';
import { AppError } from '../../core/errors/app-error';
import { labelCandidateForCode } from '../../core/labels/label-selection.repo';
import { chooseBarcode } from '../../core/labels/layout-barcode';
import { type LabelDpi, type LabelProduct } from '../../core/labels/layout-types';
import { labelLanguages, parseTemplateName, renderLabel, renderLabelPng, templateNames } from '../../core/labels/render-label';
import { writeToDeviceFile } from '../../core/labels/transports/device-file.transport';
import { writeToSerialPath } from '../../core/labels/transports/serial.transport';
import { printViaWindowsSpooler } from '../../core/labels/transports/windows-spooler.transport';
import { type CliCommand, type CliIo, cliMigrationsFolder, dbExists, parseIntegerOption, parseOptions, resolveDbPath, runOperation, usageError, writeJson } from '../cli-io';

/**
 * The label's bytes on standard output. CliIo carries text only; a test passes `writeStdoutBytes`
 * to capture them, the real process writes them to process.stdout unchanged.
 */
export type LabelCliIo = CliIo & { writeStdoutBytes?(bytes: Uint8Array): void };

export const labelCommand: CliCommand = {
  name: 'label',
  summary: 'напечатать ценник или этикетку: байты TSPL/ZPL/EPL в файл, на устройство, в порт или принтер Windows; PNG-превью',
  usage:
    `label --template ${templateNames.join('|')} --lang ${labelLanguages.join('|')} ` +
    '[--db FILE --code CODE | --name TEXT --price RUB [--old-price RUB] [--ean DIGITS] [--unit UNIT]] [--dpi 203|300] [--date TEXT] ' +
    '[--out FILE | --port PATH [--baud N] | --printer NAME] [--png FILE] [--json]',
  async run(argv, io: LabelCliIo) {
    const isJson = argv.includes('--json');
    const parsed = parseOptions(argv, {
      template: { type: 'string' },
      lang: { type: 'string' },
      db: { type: 'string' },
      code: { type: 'string' },
      name: { type: 'string' },
      price: { type: 'string' },
      'old-price': { type: 'string' },
      ean: { type: 'string' },
      unit: { type: 'string' },
      dpi: { type: 'string' },
      date: { type: 'string' },
      out: { type: 'string' },
      port: { type: 'string' },
      baud: { type: 'string' },
      printer: { type: 'string' },
      png: { type: 'string' },
      // The name for --png.
      preview: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (!parsed.ok) return usageError(io, labelCommand, parsed.message, isJson);
    const { values } = parsed;
    const bad = (message: string) => usageError(io, labelCommand, message, isJson);

    const named = values.template === undefined ? null : parseTemplateName(values.template);
    if (named === null) return bad(`Укажите шаблон: --template ${templateNames.join(', ')}`);
    const language = labelLanguages.find((l) => l === values.lang);
    if (language === undefined) return bad(`Укажите язык принтера: --lang ${labelLanguages.join(', ')}`);
    const dpi = values.dpi === undefined ? 203 : Number(values.dpi);
    if (dpi !== 203 && dpi !== 300) return bad('--dpi: 203 или 300');
    const destinations = [values.out, values.port, values.printer].filter((v) => v !== undefined);
    if (destinations.length > 1) return bad('Укажите одно из --out, --port, --printer');
    if (values.baud !== undefined && values.port === undefined) return bad('--baud указывается вместе с --port');
    const baudRate = values.baud === undefined ? 9600 : parseIntegerOption(values.baud);
    if (baudRate === null || baudRate < 1200) return bad(`--baud: скорость порта, например 9600 или 115200, получено «${values.baud ?? ''}»`);
    const pngPath = values.png ?? values.preview;
    const isToStdout = destinations.length === 0 && pngPath === undefined;
    if (isToStdout && isJson) return bad('С --json укажите, куда печатать (--out, --port, --printer): stdout занят JSON');

    let manual: LabelProduct | null = null;
    if (values.code !== undefined) {
      if (values.name !== undefined || values.price !== undefined || values.ean !== undefined) return bad('Либо --code (товар из базы), либо --name/--price/--ean, не вместе');
    } else {
      if (values.db !== undefined) return bad('С --db укажите товар: --code ШТРИХКОД|АРТИКУЛ|КОД');
      if (values.name === undefined || values.name.trim() === '') return bad('Укажите товар: --db FILE --code CODE или --name TEXT --price RUB');
      const price = rublesToKopecks(values.price);
      if (price === null) return bad(`--price: цена в рублях, например 129,90, получено «${values.price ?? ''}»`);
      const oldPrice = values['old-price'] === undefined ? null : rublesToKopecks(values['old-price']);
      if (oldPrice === null && values['old-price'] !== undefined) return bad(`--old-price: цена в рублях, получено «${values['old-price']}»`);
      if (values.ean !== undefined && chooseBarcode(values.ean, 'ean13') === null) return bad(`--ean: «${values.ean}» не EAN-13 (13 цифр с верной контрольной цифрой или 12 цифр UPC-A)`);
      manual = { name: values.name, price, oldPrice, barcode: values.ean ?? null, unit: values.unit ?? null };
    }

    return runOperation(io, isJson, async () => {
      const product = { ...(manual ?? findInDatabase(io, values.db, values.code ?? '')), date: values.date ?? todayText() };
      const bytes = renderLabel(product, named.template, named.size, dpi as LabelDpi, language);
      const written: Record<string, unknown> = { template: values.template, lang: language, dpi, bytes: bytes.length, name: product.name, price: product.price };
      if (values.out !== undefined) {
        await writeToDeviceFile(resolve(io.cwd, values.out), bytes);
        written.out = resolve(io.cwd, values.out);
      } else if (values.port !== undefined) {
        await writeToSerialPath({ path: values.port, baudRate }, bytes);
        written.port = values.port;
      } else if (values.printer !== undefined) {
        await printViaWindowsSpooler({ printerName: values.printer, bytes, documentName: `Prilavok ${values.template}` });
        written.printer = values.printer;
      } else if (isToStdout) {
        (io.writeStdoutBytes ?? ((b: Uint8Array) => process.stdout.write(b)))(bytes);
      }
      if (pngPath !== undefined) {
        const path = resolve(io.cwd, pngPath);
        await writeFile(path, renderLabelPng(product, named.template, named.size, dpi as LabelDpi));
        written.png = path;
      }
      if (isJson) writeJson(io, written);
      else {
        const where = [written.out, written.port, written.printer].find((w) => w !== undefined) ?? (isToStdout ? 'stdout' : null);
        if (where !== null) io.stderr(`Этикетка ${values.template} (${language.toUpperCase()}, ${dpi} dpi, ${bytes.length} байт): ${String(where)}\n`);
        if (written.png !== undefined) io.stderr(`Превью: ${String(written.png)}\n`);
      }
    });
  },
};

function findInDatabase(io: CliIo, dbOption: string | undefined, code: string): LabelProduct {
  const path = resolveDbPath(io, dbOption);
  if (!dbExists(path)) throw new AppError('not_found', `База данных не найдена: ${path}. Сначала загрузите данные из 1С (prilavok sync) или укажите файл параметром --db.`);
  const db = openDatabase({ path, migrationsFolder: cliMigrationsFolder() });
  try {
    const candidate = labelCandidateForCode(db, code);
    if (candidate.isPriceMissing) throw new AppError('not_found', `У товара «${candidate.product.name}» нет розничной цены: ценник не напечатан`);
    return candidate.product;
  } finally {
    db.close();
  }
}

/** "129,90" / "129.9" / "129" → kopecks; null when not a plain amount with at most 2 decimals. */
export function rublesToKopecks(text: string | undefined): number | null {
  const m = /^\s*(\d{1,9})(?:[.,](\d{0,2}))?\s*$/.exec(text ?? '');
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Today as price tags print it (dd.mm.yy), in the store PC's local time. */
function todayText(now = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(now.getDate())}.${two(now.getMonth() + 1)}.${two(now.getFullYear() % 100)}`;
}
