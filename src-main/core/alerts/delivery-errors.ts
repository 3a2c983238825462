// What went wrong with a delivery, in a short Russian sentence for the history and the "check"
// button, and whether trying again later can help. The texts are built from error codes and reply
// numbers, never from the raw error: a raw SMTP error may carry the command in flight (AUTH PLAIN
// with the base64 password) or the server's echo of it.
export type DeliveryFailure = { text: string; isRetryable: boolean };

type ErrorLike = { code?: unknown; responseCode?: unknown; permanent?: unknown; originalCode?: unknown; name?: unknown; response?: unknown };

function fields(err: unknown): ErrorLike {
  return typeof err === 'object' && err !== null ? (err as ErrorLike) : {};
}

/** Removes the secret from a text that may quote the server (both as typed and as AUTH PLAIN/LOGIN send it). */
export function redactSecret(text: string, secret: string | null): string {
  if (secret === null || secret === '') return text;
  let out = text;
  for (const form of [secret, Buffer.from(secret, 'utf8').toString('base64')]) out = out.split(form).join('***');
  return out;
}

/** The first line of the server's reply, short, without the secret: useful to an admin («550 5.1.1 user unknown»). */
function serverReply(err: ErrorLike, secret: string | null): string {
  if (typeof err.response !== 'string') return '';
  const line = redactSecret(err.response.split(/\r?\n/)[0] ?? '', secret).replace(/\p{Cc}/gu, '').trim();
  return line.length > 160 ? `${line.slice(0, 160)}…` : line;
}

export function classifyMailError(err: unknown, server: { host: string; port: number }, secret: string | null): DeliveryFailure {
  const e = fields(err);
  const code = typeof e.code === 'string' ? e.code : '';
  const original = typeof e.originalCode === 'string' ? e.originalCode : '';
  const address = `${server.host}:${server.port}`;
  if (code === 'EAUTH') return { text: 'сервер почты не принял имя пользователя или пароль', isRetryable: true };
  if (code === 'ENOAUTH') return { text: 'не задан пароль почты для указанного пользователя', isRetryable: true };
  if (code === 'EDNS' || original === 'ENOTFOUND') return { text: `не найден сервер почты ${server.host}`, isRetryable: true };
  if (code === 'ETIMEDOUT') return { text: `сервер почты ${address} не ответил вовремя`, isRetryable: true };
  if (code === 'ETLS') return { text: `не удалось установить защищённое соединение с ${address} (проверьте порт и «SSL/TLS»)`, isRetryable: true };
  if (typeof e.responseCode === 'number') {
    const reply = serverReply(e, secret);
    const isPermanent = e.permanent === true;
    const prefix = isPermanent ? 'сервер почты отклонил письмо' : 'сервер почты временно не принял письмо';
    return { text: reply === '' ? `${prefix} (код ${e.responseCode})` : `${prefix}: ${reply}`, isRetryable: true };
  }
  if (code === 'EENVELOPE') return { text: 'сервер почты не принял адрес отправителя или получателя', isRetryable: true };
  if (code === 'ECONNECTION' || code === 'ESOCKET' || original === 'ECONNREFUSED' || original === 'ECONNRESET') {
    return { text: `сервер почты ${address} недоступен`, isRetryable: true };
  }
  return { text: `не удалось отправить письмо через ${address}`, isRetryable: true };
}

export function classifyWebhookStatus(status: number): DeliveryFailure {
  // 408/429 and 5xx are the receiver's temporary trouble; any other 4xx says this request will
  // never be accepted as it is (style B5), so it is not retried for an hour.
  if (status === 408 || status === 429 || status >= 500) return { text: `получатель вебхука ответил ${status}`, isRetryable: true };
  return { text: `получатель вебхука отклонил запрос: ${status}`, isRetryable: false };
}

export function classifyWebhookError(err: unknown, timeoutMs: number): DeliveryFailure {
  const e = fields(err);
  const code = typeof e.code === 'string' ? e.code : '';
  const causeCode = typeof fields((err as { cause?: unknown } | null)?.cause).code === 'string' ? String(fields((err as { cause?: unknown }).cause).code) : '';
  const any = (...codes: string[]): boolean => codes.includes(code) || codes.includes(causeCode);
  if (any('UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT') || e.name === 'TimeoutError') {
    return { text: `получатель вебхука не ответил за ${Math.round(timeoutMs / 1000)} с`, isRetryable: true };
  }
  if (any('ENOTFOUND', 'EAI_AGAIN')) return { text: 'не найден сервер вебхука (проверьте адрес)', isRetryable: true };
  if (any('ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET', 'EPIPE')) return { text: 'адрес вебхука недоступен', isRetryable: true };
  if (any('CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID')) {
    return { text: 'сертификат сервера вебхука не прошёл проверку', isRetryable: true };
  }
  return { text: 'не удалось отправить вебхук', isRetryable: true };
}
