import { type TFunction } from 'i18next';

// GS1 application identifiers the desk names; others are shown by their number.
const namedAis = ['00', '01', '02', '10', '11', '13', '15', '17', '21', '240', '91', '92', '93', '7003', '8005'] as const;

/** A GS1 field's name for the desk: "GTIN", "Серийный номер", "Вес нетто, кг" (310n)… */
export function aiName(t: TFunction, ai: string): string {
  if ((namedAis as readonly string[]).includes(ai)) return t(`scan.ai.${ai}`);
  if (/^310\d$/.test(ai)) return t('scan.ai.310n');
  if (/^392\d$/.test(ai)) return t('scan.ai.392n');
  return t('scan.ai.other', { ai });
}

const knownFormats = ['ean13', 'ean8', 'upca', 'gtin14', 'gs1', 'marking', 'tobacco-pack', 'text'] as const;

export function formatName(t: TFunction, format: string | null): string {
  if (format === null) return t('stock.noValue');
  return (knownFormats as readonly string[]).includes(format) ? t(`scan.formats.${format}`) : format;
}

/**
 * GS1 fields sorted by AI. The contract gives a record, and a JS object lists integer-like keys
 * ("21", "91") before others ("01"), so its own order is not the code's; by AI reads 01, 21, 91…
 */
export function fieldEntries(fields: Record<string, string> | null): Array<[string, string]> {
  return fields === null ? [] : Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The device a scan came from, for people: the keyboard wedge or a serial scanner's id. */
export function deviceName(t: TFunction, device: string): string {
  return device === 'keyboard' ? t('scan.keyboard') : t('scan.serialDevice', { id: device });
}
