// Credentials must never reach a log file (architecture §6): Authorization headers, passwords in
// URLs, and anything shaped like key=secret. Applied to every line by every logger we create.
const patterns: Array<[RegExp, string]> = [
  [/(authorization\s*[:=]\s*)(basic|bearer)?\s*[^\s,;"']+/gi, '$1$2 [скрыто]'],
  [/(\b[a-z][a-z0-9+.-]*:\/\/)([^/\s:@]+):([^@\s/]+)@/gi, '$1$2:[скрыто]@'],
  [/((?:password|passwd|pwd|пароль|token|secret|api[_-]?key)["']?\s*[:=]\s*["']?)[^\s,;"'&]+/gi, '$1[скрыто]'],
];

export function redact(text: string): string {
  let result = text;
  for (const [pattern, replacement] of patterns) result = result.replace(pattern, replacement);
  return result;
}
