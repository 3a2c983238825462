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
  /** No one is signed in at this PC, or the session locked itself after idle time. */
  'unauthenticated',
  /** The signed-in user's role does not allow this. */
  'forbidden',
  'internal',
] as const;
export const errorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof errorCode>;

export type IpcError = { code: ErrorCode; message: string; details?: unknown };
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };
