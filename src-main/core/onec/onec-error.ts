// One classifier for every failed 1C call (architecture §6, style B5/B6): HTTP status + 1C's code →
// OnecErrorKind + retryability, and a Russian message an administrator can act on. The message
// never contains the password; 1C's own text goes to details.onecMessage (shown as 1C's words).
import { AppError, isAppError, missingCaseError } from '../errors/app-error';
import { type OnecError, type OnecErrorDetails, type OnecErrorKind } from './onec';

export type OnecFailureClass = { kind: OnecErrorKind; isRetryable: boolean };

/**
 * onec-http.md §3.6 / §3.7: the status decides, 1C's internal code refines 401, 404 and 500.
 *
 * 500 with code -1 is "an exception in configuration code or the OData service". On a write that is
 * 1C refusing the operation (posting shortage, a handler's check): `business`, never retried. A read
 * runs no business handlers, so on a GET the same answer is the service failing (the DBMS, a crashed
 * worker, "внутренняя ошибка OData сервиса"): `server`, retried like any other 5xx.
 */
export function classifyHttpFailure(status: number, onecCode: string | null, operation: 'read' | 'write' = 'write'): OnecFailureClass {
  if (status === 401) return { kind: onecCode === '20' ? 'rights' : 'auth', isRetryable: false };
  // 1C itself has not been seen to send 403; a web server or proxy refusing access is still "no rights".
  if (status === 403) return { kind: 'rights', isRetryable: false };
  if (status === 404) return { kind: 'not_found', isRetryable: false };
  if (status === 408 || status === 429) return { kind: 'server', isRetryable: true };
  if (status === 500 && onecCode === '-1' && operation === 'write') return { kind: 'business', isRetryable: false };
  // 501 is "unsupported type" (DG): asking again cannot help.
  if (status === 501) return { kind: 'bad_request', isRetryable: false };
  if (status >= 500) return { kind: 'server', isRetryable: true };
  if (status >= 400) return { kind: 'bad_request', isRetryable: false };
  // 1xx/3xx where data was expected: a redirect to a login page or similar.
  return { kind: 'bad_response', isRetryable: false };
}

// A connect timeout means the host is unreachable, which the admin fixes like any other "no link"
// problem; only a server that accepted the request and went quiet is a 'timeout'.
const timeoutCodes = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** A transport failure before any response: timeouts are 'timeout', everything else 'network' (both retryable). */
export function classifyTransportError(err: unknown): OnecFailureClass {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  return { kind: timeoutCodes.has(code) ? 'timeout' : 'network', isRetryable: true };
}

/** TLS refusals (Node's and OpenSSL's codes, and our pin check): the certificate, not the network. */
export function isCertificateReason(reason: string | undefined): boolean {
  return reason !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|PIN_MISMATCH|ALTNAME/.test(reason);
}

export function isOnecError(err: unknown): err is OnecError {
  if (!isAppError(err) || err.code !== 'erp') return false;
  const details = err.details as Partial<OnecErrorDetails> | undefined;
  return typeof details === 'object' && details !== null && typeof details.kind === 'string' && typeof details.isRetryable === 'boolean';
}

/** What the message builder needs besides the details. */
export type OnecErrorContext = {
  /** Base URL without credentials. */
  baseUrl: string;
  user: string;
  /** Scrubbed from every string we put in the error, in case 1C ever echoes it. */
  password: string;
  timeoutMs?: number;
  /** For bad_response: what was wrong, in Russian ("HTML-страница вместо данных"). */
  problem?: string;
  /** For network: the system's reason (e.g. ECONNREFUSED). */
  reason?: string;
};

export type OnecErrorInput = Omit<OnecErrorDetails, 'request'> & { request: string; cause?: unknown };

export function createOnecError(input: OnecErrorInput, context: OnecErrorContext): OnecError {
  const scrub = (text: string): string => scrubSecret(text, context.password);
  const details: OnecErrorDetails = {
    kind: input.kind,
    isRetryable: input.isRetryable,
    status: input.status,
    onecCode: input.onecCode,
    onecMessage: input.onecMessage === null ? null : scrub(input.onecMessage),
    request: scrub(input.request),
    ...(input.retryAfterMs === undefined ? {} : { retryAfterMs: input.retryAfterMs }),
  };
  const message = scrub(buildMessage(details, context));
  const error = new AppError('erp', message, { cause: input.cause, details });
  return error as OnecError;
}

/**
 * Replaces the password wherever it appears. Very short passwords (under 4 characters) are not
 * scrubbed: replacing every "1" in a message would garble it, and we never send the password
 * anywhere but the Authorization header, so this is only a second line of defence.
 */
export function scrubSecret(text: string, secret: string): string {
  if (secret.length < 4) return text;
  return text.split(secret).join('[скрыто]');
}

/** The entity set (or `$metadata`) a request addressed, for messages: the path up to `(`, `/` or `?`. */
export function objectOfRequest(request: string): string {
  const path = request.split('?')[0] ?? '';
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // Keep the encoded form: a message with %D0… is still better than none.
  }
  return decoded.split(/[(/]/)[0] || decoded;
}

function buildMessage(details: OnecErrorDetails, context: OnecErrorContext): string {
  const object = objectOfRequest(details.request);
  const statusText = details.status === null ? '' : ` (HTTP ${details.status}${details.onecCode === null ? '' : `, код ${details.onecCode}`})`;
  switch (details.kind) {
    case 'network':
      if (isCertificateReason(context.reason)) {
        return `1С по адресу ${context.baseUrl} предъявила сертификат, которому программа не доверяет (${context.reason}). Укажите сертификат ЦС вашей организации или закрепите сертификат сервера (Настройки → Подключение к 1С, мастер подключения), сверив отпечаток с администратором сервера.`;
      }
      return `Нет связи с 1С по адресу ${context.baseUrl}${context.reason ? ` (${context.reason})` : ''}. Проверьте, что компьютер с 1С и веб-сервер публикации включены, адрес в настройках указан верно и сеть доступна.`;
    case 'timeout':
      return `1С по адресу ${context.baseUrl} не ответила за ${formatSeconds(context.timeoutMs ?? 0)} с на запрос «${object}». Сервер 1С может быть перегружен или только запускается; повторите позже, а если так постоянно — сообщите администратору 1С.`;
    case 'auth':
      return `1С отклонила логин или пароль пользователя «${context.user}»${statusText}. Проверьте имя пользователя и пароль в настройках подключения к 1С.`;
    case 'rights':
      return `У пользователя 1С «${context.user}» нет прав на «${object}»${statusText}. Попросите администратора 1С выдать этому пользователю право чтения объекта (или запрашивайте только разрешённые записи: allowedOnly=true).`;
    case 'not_found':
      if (details.onecCode === '8') {
        return `Объект «${object}» не опубликован в OData 1С: добавьте его в состав стандартного интерфейса OData (УстановитьСоставСтандартногоИнтерфейсаOData) или проверьте имя в профиле 1С.`;
      }
      if (details.onecCode === '9') return `В 1С нет записи, запрошенной в «${object}» (возможно, её удалили). Обновите данные из 1С.`;
      return `По адресу ${context.baseUrl} не найден стандартный интерфейс OData 1С${statusText}. Проверьте адрес публикации (он заканчивается на /odata/standard.odata/) и что при публикации базы включён флажок «Публиковать стандартный интерфейс OData».`;
    case 'bad_request':
      return `1С отклонила запрос к «${object}» как неверный${statusText}. Проверьте имена объектов и реквизитов в профиле 1С; если они верны, сообщите разработчикам Prilavok.`;
    case 'business':
      return details.onecMessage ? `1С отказала: ${details.onecMessage}` : `1С отказала при обработке «${object}»${statusText}; подробности — в журнале регистрации 1С.`;
    case 'server':
      return `Ошибка на сервере 1С при запросе «${object}»${statusText}${details.onecMessage ? `: ${details.onecMessage}` : ''}. Обычно это временно: повторите позже; если ошибка повторяется, посмотрите журнал регистрации 1С.`;
    case 'bad_response':
      return `1С вернула неожиданный ответ на запрос «${object}»${statusText}: ${context.problem ?? 'ответ не разобран'}. Проверьте адрес публикации: между программой и 1С может стоять прокси или страница входа.`;
    default:
      throw missingCaseError(details.kind);
  }
}

/** 90000 → "90", 300 → "0,3": whole seconds where that is exact enough, a Russian decimal comma below 10 s. */
function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return seconds >= 10 ? String(Math.round(seconds)) : String(Math.round(seconds * 10) / 10).replace('.', ',');
}
