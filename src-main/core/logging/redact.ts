// Credentials must never reach a log file (architecture §6): Authorization headers, passwords in
// URLs, and anything shaped like key=secret. Applied to every line by every logger we create.
const mark = '[скрыто]';
const schemes = 'basic|bearer|digest|negotiate|ntlm';

const patterns: Array<[RegExp, (match: string, ...groups: string[]) => string]> = [
  // The header in every shape a log line gives it: `Authorization: Basic x`, JSON
  // `"authorization":"Bearer x"`, util.inspect `authorization: [ 'Basic x' ]`, `Proxy-Authorization`.
  // A value already masked is left alone, so redacting twice changes nothing.
  [
    new RegExp(`(authorization["']?\\s*[:=]\\s*\\[?\\s*["']?)(?!(?:(?:${schemes})\\s+)?(?:\\[скрыто\\]|\\*\\*\\*))(?:(${schemes})\\s+)?[^\\s,;"'\\]]+`, 'gi'),
    (_m, head, scheme) => `${head}${scheme ? `${scheme} ` : ''}${mark}`,
  ],
  // The credentials without the header name (raw header arrays, a copied curl line). Not auth-params
  // such as `Basic realm="1C"`, which carry no secret.
  [new RegExp(`\\b(${schemes})\\s+(?![\\w-]+=")[A-Za-z0-9+/_.~-]{4,}=*`, 'gi'), (_m, scheme) => `${scheme} ${mark}`],
  // user:password@ in a URL; the password may hold '/' (pasted unencoded), so it runs to the '@',
  // but not past a double quote: that would swallow the next JSON value or CSV cell.
  [/(\b[a-z][a-z0-9+.-]*:\/\/)([^/\s:@"]+):([^@\s"]+)@/gi, (_m, scheme, user) => `${scheme}${user}:${mark}@`],
  [/((?:password|passwd|pwd|пароль|token|secret|api[_-]?key)["']?\s*[:=]\s*["']?)[^\s,;"'&]+/gi, (_m, head) => `${head}${mark}`],
];

export function redact(text: string): string {
  let result = text;
  for (const [pattern, replacement] of patterns) result = result.replace(pattern, replacement);
  return result;
}

/** What a known secret is replaced with: distinct from the pattern mark, so a leak the patterns missed shows. */
export const knownSecretMark = '***';

/** A password the app holds (1C, SMTP) and the user names it is sent with. */
export type KnownSecret = { secret: string; users: readonly string[] };

/**
 * Forms shorter than this are not searched for: a 1–3 character password would mask every such
 * run of letters or digits in the text. Its Basic and AUTH PLAIN forms (with the user) are longer.
 */
const minFormLength = 4;

/**
 * Every way the secret may be written down: as typed, escaped inside JSON, util.inspect, CSV and
 * URLs, and base64 as Basic auth (`user:password`), SMTP AUTH PLAIN (`\0user\0password`) and AUTH
 * LOGIN (the password alone) send it, in the standard and URL-safe alphabets, with and without
 * padding. Base64 of the password embedded in any longer base64 text is found by its alignment-free
 * core (the characters that depend on the password's bytes only, at each of the 3 byte offsets).
 */
export function secretForms(known: KnownSecret): string[] {
  const { secret } = known;
  if (secret === '') return [];
  const escapedForms = [
    secret,
    JSON.stringify(secret).slice(1, -1),
    JSON.stringify(JSON.stringify(secret).slice(1, -1)).slice(1, -1),
    secret.replace(/\\/g, '\\\\').replace(/'/g, "\\'"),
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, '+'),
  ];
  // Latin-1 too where the secret fits in it: a client may send Basic credentials in a single-byte code page.
  const isLatin1 = [...secret].every((char) => char.charCodeAt(0) < 256);
  const encodings: BufferEncoding[] = isLatin1 ? ['utf8', 'latin1'] : ['utf8'];
  const plain = [secret, ...known.users.filter((u) => u !== '').flatMap((user) => [`${user}:${secret}`, `\u0000${user}\u0000${secret}`])];
  const base64: string[] = [];
  for (const encoding of encodings) {
    for (const text of plain) {
      const full = Buffer.from(text, encoding).toString('base64');
      base64.push(full, full.replace(/=+$/, ''));
    }
    const bytes = Buffer.from(secret, encoding);
    for (let offset = 0; offset < 3; offset += 1) {
      const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
      const core = encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
      base64.push(core);
    }
  }
  const urlSafe = base64.map((form) => form.replace(/\+/g, '-').replace(/\//g, '_'));
  const forms = [...escapedForms, ...base64, ...urlSafe].flatMap((form) => [form, form.replace(/"/g, '""')]);
  return [...new Set(forms)].filter((form) => form.length >= minFormLength);
}

/**
 * redact() plus every form of the given secrets (secretForms), for texts that leave the machine
 * (the diagnostics export). The secrets go first: a pattern could cut a secret in two (a password
 * holding a space after `password=`) and leave its tail that the known form no longer matches.
 */
export function createRedactor(secrets: readonly KnownSecret[]): (text: string) => string {
  const forms = [...new Set(secrets.flatMap(secretForms))].sort((a, b) => b.length - a.length);
  if (forms.length === 0) return redact;
  const known = new RegExp(forms.map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  const withoutKnown = (text: string): string => {
    let result = text;
    // A replacement can join its neighbours into a new occurrence; a few rounds settle any text.
    for (let round = 0; round < 5; round += 1) {
      const next = result.replace(known, knownSecretMark);
      if (next === result) break;
      result = next;
    }
    return result;
  };
  return (text) => withoutKnown(redact(withoutKnown(text)));
}
