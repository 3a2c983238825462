import { openDatabase } from '../../core/db/open';
import { GS } from '../../core/devices/codes/gs1-ai';
import { formatGs1Human } from '../../core/devices/codes/gs1-element-string';
import { type ParsedScan, parseScan, type ScanFormat } from '../../core/devices/codes/scan-parse';
import { resolveParsedScan, type ScanMatch, type ScanResolution } from '../../core/devices/codes/scan-resolve';
import { AppError, type ErrorCode } from '../../core/errors/app-error';
import {
  type CliCommand,
  type CliIo,
  cliMigrationsFolder,
  dbExists,
  type ExitCode,
  exitCodes,
  parseOptions,
  resolveDbPath,
  runOperation,
  usageError,
  writeJson,
} from '../cli-io';

const options = { hex: { type: 'string' }, db: { type: 'string' }, json: { type: 'boolean' } } as const;

export const scanParseCommand: CliCommand = {
  name: 'scan-parse',
  summary: 'разбор одного скана: символика, контрольная цифра, GTIN, поля GS1, код маркировки, весовой код; с --db — какой это товар',
  usage: 'scan-parse (КОД | --hex БАЙТЫ) [--db FILE] [--json]   (разделитель GS в КОДЕ можно записать как <GS>)',
  async run(argv, io) {
    const isJson = argv.includes('--json');
    const split = splitPositionals(argv);
    const parsed = parseOptions(split.options, options);
    if (!parsed.ok) return usageError(io, scanParseCommand, parsed.message, isJson);
    const { values } = parsed;
    if (split.positionals.length > 1) return usageError(io, scanParseCommand, `Нужен один код, получено ${split.positionals.length}: коды с пробелами возьмите в кавычки`, isJson);
    const [text] = split.positionals;
    if (text === undefined && values.hex === undefined) return usageError(io, scanParseCommand, 'Укажите код или --hex с байтами скана', isJson);
    if (text !== undefined && values.hex !== undefined) return usageError(io, scanParseCommand, 'Укажите либо код, либо --hex, но не оба', isJson);
    let raw: string | Buffer;
    if (values.hex !== undefined) {
      const bytes = parseHex(values.hex);
      if (bytes === null) return usageError(io, scanParseCommand, `--hex: нужны пары шестнадцатеричных цифр (пробелы и двоеточия допустимы), получено «${values.hex}»`, isJson);
      raw = bytes;
    } else {
      raw = gsFromText(text ?? '');
    }

    let report: ScanReport | undefined;
    const code = await runOperation(io, isJson, () => {
      const scan = parseScan(raw);
      let resolution: ScanResolution | null = null;
      if (values.db !== undefined) {
        const path = resolveDbPath(io, values.db);
        // A diagnostic look: it must not leave a new empty database behind.
        if (!dbExists(path)) throw new AppError('not_found', `База данных не найдена: ${path}`, { details: { path } });
        const db = openDatabase({ path, migrationsFolder: cliMigrationsFolder() });
        try {
          resolution = resolveParsedScan(db, scan);
        } finally {
          db.close();
        }
      }
      report = buildReport(raw, scan, resolution);
    });
    if (code !== exitCodes.done || report === undefined) return code;
    return printReport(io, report, isJson);
  },
};

/**
 * parseArgs without positionals gives the Russian messages of cli-io; the code itself is the one
 * argument that is neither an option nor an option's value ("--" ends options, for codes that
 * start with "-").
 */
function splitPositionals(argv: readonly string[]): { options: string[]; positionals: string[] } {
  const withValue = new Set(Object.entries(options).filter(([, o]) => o.type === 'string').map(([name]) => `--${name}`));
  const result = { options: [] as string[], positionals: [] as string[] };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      result.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      result.options.push(arg);
      if (withValue.has(arg) && i + 1 < argv.length) {
        i += 1;
        result.options.push(argv[i] ?? '');
      }
    } else {
      result.positionals.push(arg);
    }
  }
  return result;
}

// Exported for testing only.
export function parseHex(text: string): Buffer | null {
  const compact = text.replace(/[\s:]/g, '');
  if (compact.length === 0 || compact.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(compact)) return null;
  return Buffer.from(compact, 'hex');
}

/** "<GS>" (as this command prints it) back to 0x1D: a shell cannot easily type the real byte. */
function gsFromText(text: string): string {
  return text.replace(/<GS>/gi, GS);
}

/** Human form: GS as <GS>, other control characters as <0xNN>. */
function visible(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (char === GS) out += '<GS>';
    else if (code < 0x20 || code === 0x7f) out += `<0x${code.toString(16).padStart(2, '0').toUpperCase()}>`;
    else out += char;
  }
  return out;
}

type ScanReport = {
  input: { text: string; hex: string };
  aim: string | null;
  symbology: string;
  isSymbologyGuessed: boolean;
  format: ScanFormat | null;
  canonical: string;
  /** "(01)…(21)…" for GS1 codes, else null. */
  humanReadable: string | null;
  gtin: string | null;
  isCheckDigitValid: boolean | null;
  fields: { ai: string; value: string; title: string }[];
  dates: Record<string, string>;
  weightGrams: number | null;
  priceKopecks: number | null;
  marking: ParsedScan['marking'];
  tobaccoPack: ParsedScan['tobaccoPack'];
  weighted: { prefix: string; itemCode: string; weightGrams: number | null; priceKopecks: number | null } | null;
  warnings: string[];
  resolution?: Pick<ScanResolution, 'kind' | 'product' | 'matchedBy' | 'matchedCode'>;
  error?: { code: ErrorCode; message: string };
};

function buildReport(raw: string | Buffer, scan: ParsedScan, resolution: ScanResolution | null): ScanReport {
  const report: ScanReport = {
    input: { text: scan.text, hex: (typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw).toString('hex') },
    aim: scan.aim,
    symbology: scan.symbology,
    isSymbologyGuessed: scan.isSymbologyGuessed,
    format: scan.format,
    canonical: scan.canonical,
    humanReadable: scan.elements.length > 0 ? formatGs1Human(scan.elements) : null,
    gtin: scan.gtin,
    isCheckDigitValid: scan.isCheckDigitValid,
    fields: scan.elements,
    dates: scan.dates,
    weightGrams: scan.weightGrams,
    priceKopecks: scan.priceKopecks,
    marking: scan.marking,
    tobaccoPack: scan.tobaccoPack,
    weighted: scan.weighted && { prefix: scan.weighted.prefix, itemCode: scan.weighted.itemCode, weightGrams: scan.weighted.weightGrams, priceKopecks: scan.weighted.priceKopecks },
    warnings: resolution ? resolution.warnings : scan.warnings,
  };
  if (resolution) {
    const { kind, product, matchedBy, matchedCode } = resolution;
    report.resolution = { kind, ...(product && { product }), ...(matchedBy && { matchedBy }), ...(matchedCode && { matchedCode }) };
  }
  // With a database, a code stored as it is counts even if it fails the checks (resolveScan's rule).
  const error = resolution ? (resolution.kind === 'invalid' ? (resolution.error ?? scan.error) : null) : scan.error;
  if (error) report.error = { code: 'validation', message: error };
  return report;
}

const formatNames: Readonly<Record<ScanFormat, string>> = {
  ean13: 'EAN-13',
  ean8: 'EAN-8',
  upca: 'UPC-A',
  gtin14: 'GTIN-14 (ITF-14)',
  gs1: 'строка GS1',
  marking: 'код маркировки (Честный знак)',
  'tobacco-pack': 'код маркировки пачки сигарет',
  text: 'текст (Code 128 или другой)',
};

const markingStatusNames = {
  ok: 'разобран',
  restored: 'разделители GS восстановлены',
  ambiguous: 'неоднозначен',
  unrestorable: 'не восстанавливается',
  'unknown-structure': 'структура неизвестна',
} as const;

const matchNames: Readonly<Record<ScanMatch, string>> = {
  barcode: 'по штрихкоду',
  gtin: 'по GTIN, штрихкод',
  'marking-gtin': 'по GTIN из кода маркировки, штрихкод',
  'weighted-barcode': 'по штрихкоду весового товара',
  'weighted-product-code': 'по коду весового товара',
};

function printReport(io: CliIo, report: ScanReport, isJson: boolean): ExitCode {
  if (report.error) io.stderr(`prilavok: ${report.error.message}\n`);
  if (isJson) {
    writeJson(io, report);
    return report.error ? exitCodes.failed : exitCodes.done;
  }
  const lines = [`Скан: ${visible(report.input.text)}`];
  lines.push(`Символика: ${report.symbology}${report.aim ? ` (${report.aim})` : ' (угадана по содержимому)'}`);
  lines.push(`Формат: ${report.format ? formatNames[report.format] : 'не распознан'}`);
  if (report.format) lines.push(`Канонический код: ${visible(report.canonical)}`);
  if (report.humanReadable) lines.push(`Под штрихкодом: ${report.humanReadable}`);
  if (report.gtin) {
    const short = report.gtin.startsWith('000000') ? `EAN-8 ${report.gtin.slice(6)}` : report.gtin.startsWith('0') ? `EAN-13 ${report.gtin.slice(1)}` : null;
    lines.push(`GTIN: ${report.gtin}${short ? ` (${short})` : ''}`);
  }
  if (report.isCheckDigitValid !== null) lines.push(`Контрольная цифра: ${report.isCheckDigitValid ? 'верна' : 'НЕВЕРНА'}`);
  if (report.fields.length > 0) {
    lines.push('Поля:');
    for (const field of report.fields) {
      const date = report.dates[field.ai];
      lines.push(`  (${field.ai}) ${field.value} — ${field.title}${date ? ` (${date})` : ''}`);
    }
  }
  if (report.marking) {
    const groups = report.marking.groups.map((g) => g.name).join('; ');
    lines.push(`Маркировка: ${markingStatusNames[report.marking.status]}${groups ? `, группа: ${groups}` : ''}`);
    for (const candidate of report.marking.candidates ?? []) lines.push(`  вариант: ${visible(candidate)}`);
  }
  if (report.tobaccoPack) lines.push(`Пачка: МРЦ (код) ${report.tobaccoPack.mrp}, код проверки ${report.tobaccoPack.verification}`);
  if (report.weighted) lines.push(`Весовой код: префикс ${report.weighted.prefix}, код товара ${report.weighted.itemCode}`);
  if (report.weightGrams !== null) lines.push(`Вес: ${report.weightGrams.toLocaleString('ru-RU')} г`);
  if (report.priceKopecks !== null) lines.push(`Цена: ${(report.priceKopecks / 100).toFixed(2).replace('.', ',')} ₽`);
  if (report.resolution) {
    const { kind, product, matchedBy, matchedCode } = report.resolution;
    if (kind === 'product' && product) {
      const qty = product.packageQty === 1000 ? '' : `, количество ${(product.packageQty / 1000).toLocaleString('ru-RU')}`;
      lines.push(`Товар: №${product.id} ${product.name}${qty} (${matchedBy ? matchNames[matchedBy] : 'найден'} ${matchedCode ?? ''})`);
    } else {
      lines.push(kind === 'unknown' ? 'Товар: не найден в базе' : 'Товар: код не разобран');
    }
  }
  if (report.warnings.length > 0) {
    lines.push('Предупреждения:');
    for (const warning of report.warnings) lines.push(`  ! ${warning}`);
  }
  io.stdout(`${lines.join('\n')}\n`);
  return report.error ? exitCodes.failed : exitCodes.done;
}
