const maxTokens = 8;

/** The same folding the FTS index applies to names (see migration 0001): ё and е are one letter. */
export function foldForSearch(text: string): string {
  return text.toLowerCase().replaceAll('ё', 'е');
}

/**
 * Turns what a person typed into an FTS5 MATCH expression: every word must match as a prefix, in
 * any column. Punctuation (quotes, asterisks, FTS operators) only separates words, so no input can
 * produce an FTS syntax error. Returns null when nothing searchable remains.
 */
export function toFtsQuery(input: string): string | null {
  const tokens = foldForSearch(input)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 0)
    .slice(0, maxTokens);
  if (tokens.length === 0) return null;
  return tokens.map((token) => `"${token}"*`).join(' ');
}
