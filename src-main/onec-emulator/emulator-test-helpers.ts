// Exported for testing only: small fetch helpers shared by the emulator's own tests.
import { type OnecEmulator } from './emulator';

export function basicAuth(user: string, password: string, encoding: BufferEncoding = 'utf8'): string {
  return `Basic ${Buffer.from(`${user}:${password}`, encoding).toString('base64')}`;
}

export type TestResponse = { status: number; headers: Headers; text: string; json: () => Record<string, unknown> };

/** GET `path` (relative to the base URL) as the emulator's user; `path` may hold raw Cyrillic. */
export async function get(emulator: OnecEmulator, path: string, headers: Record<string, string> = {}): Promise<TestResponse> {
  const res = await fetch(emulator.baseUrl + path, { headers: { Authorization: basicAuth(emulator.user, emulator.password), ...headers } });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

/** The `value` array of a JSON collection answer; fails the test on anything else. */
export async function getValue(emulator: OnecEmulator, path: string): Promise<Record<string, unknown>[]> {
  const res = await get(emulator, path);
  if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}: ${res.text.slice(0, 300)}`);
  return res.json().value as Record<string, unknown>[];
}

/** `{code, message}` of an odata.error JSON body. */
export function odataError(res: TestResponse): { code: string; value: string } {
  const body = res.json() as { 'odata.error': { code: string; message: { value: string } } };
  return { code: body['odata.error'].code, value: body['odata.error'].message.value };
}

/**
 * A write (POST/PATCH…) as the client sends it: `$format=json` added to the query, a JSON body
 * unless `body` is already a string (sent as is, for malformed bodies).
 */
export async function send(emulator: OnecEmulator, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<TestResponse> {
  const url = `${emulator.baseUrl}${path}${path.includes('?') ? '&' : '?'}$format=json`;
  const res = await fetch(url, {
    method,
    headers: { Authorization: basicAuth(emulator.user, emulator.password), 'Content-Type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as Record<string, unknown> };
}
