/**
 * An error the emulator answers with, in 1C's shape: HTTP status + `odata.error.code` (a string,
 * DG §17.4.10) + a Russian message. Thrown anywhere in request handling; the server turns it into
 * JSON or `<m:error>` XML depending on the requested format.
 */
export class ODataError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ODataError';
    this.status = status;
    this.code = code;
  }
}

export function isODataError(err: unknown): err is ODataError {
  return err instanceof Error && err.name === 'ODataError' && 'status' in err && 'code' in err;
}

/** 404/8: the set is not in the OData composition (sample 09 echoes the name). */
export function entityNotFound(name: string): ODataError {
  return new ODataError(404, '8', `Тип сущности "${name}" не найден`);
}

/** 400/6: a path segment (field, function) that does not exist; echoes the input as 1C does (P7). */
export function segmentNotFound(segment: string): ODataError {
  return new ODataError(400, '6', `Сегмент пути ${segment} не найден!`);
}

/** 404/9: no entity with this key. */
export function instanceNotFound(name: string): ODataError {
  return new ODataError(404, '9', `Экземпляр сущности "${name}" не найден по переданному ключу.`);
}
