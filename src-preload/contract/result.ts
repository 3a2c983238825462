import { z } from 'zod';

/** Every error that crosses a host boundary carries one of these codes. */
export const errorCodes = [
  'validation',
  'not_found',
  'conflict',
  'erp',
  'device',
  'db_from_future',
  'migration',
  'secret_unavailable',
  'unauthorized',
  'internal',
] as const;
export const errorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof errorCode>;

export type IpcError = { code: ErrorCode; message: string; details?: unknown };
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };
