// How 1C reads the values of a write request body (onec-http.md §3.1, §3.6): the body must be a JSON
// object (else 500/-1), GUIDs and booleans must parse (else 400/1), a non-string in a string field is
// 500/-1, numbers take numeric strings and read anything else as 0 (P9-8). Shared by every write.
import { ODataError } from './odata-error';

const guidPattern = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** The body as a JSON object; 1C fails anything else with 500 code -1 (§3.6). */
export function parseBody(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const at = Number(/position (\d+)/.exec(err instanceof Error ? err.message : '')?.[1] ?? text.length);
    const before = text.slice(0, at).split('\n');
    throw new ODataError(500, '-1', `Ошибка при чтении JSON: Непредвиденный символ при чтении JSON (${before.length}, ${(before.at(-1)?.length ?? 0) + 1})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw internalError('тело запроса не является объектом JSON');
  return value as Record<string, unknown>;
}

export function internalError(detail: string): ODataError {
  return new ODataError(500, '-1', `Внутренняя ошибка OData сервиса: ${detail}`);
}

export function unparsable(value: unknown, type: string): ODataError {
  return new ODataError(400, '1', `Не удалось разобрать строку '${typeof value === 'string' ? value : JSON.stringify(value)}' как значение типа ${type}!`);
}

export function guidValue(value: unknown): string {
  if (typeof value === 'string' && guidPattern.test(value)) return value.toLowerCase();
  throw unparsable(value, 'Edm.Guid');
}

export function stringValue(name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  // An array (or any non-string) in a string field: 500/-1 (§3.6).
  throw internalError(`неверный тип значения свойства ${name}`);
}

/** Edm.Double / Edm.Int64 as 1C takes them: numbers, numeric strings; a string that is no number is 0 (P9-8). */
export function numberValue(name: string, value: unknown, digits: number): number {
  let n: number;
  if (typeof value === 'number' && Number.isFinite(value)) n = value;
  else if (typeof value === 'string') n = value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : 0;
  else if (value === null) n = 0;
  else throw internalError(`неверный тип значения свойства ${name}`);
  const scale = 10 ** digits;
  return Math.round(n * scale) / scale;
}

export function booleanValue(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  throw unparsable(value, 'Edm.Boolean');
}
