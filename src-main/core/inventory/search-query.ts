const maxTokens = 8;

/** The same folding the FTS index applies to names (see migration 0001): ё and е are one letter. */
export function foldForSearch(text: string): string {
  return text.toLowerCase().replaceAll('ё', 'е');
}

/**
 * Turns what a person typed into an FTS5 MATCH expression: every whitespace-separated word must
 * match, in any column, as a prefix. A word with inner punctuation ("3,2", "АБ-12") becomes a phrase
 * of its parts, so "3,2" matches "3,2%" but not "3,4% 2 л". Punctuation (quotes, asterisks, FTS
 * operators) only separates tokens, so no input can produce an FTS syntax error. Returns null when
 * nothing searchable remains.
 */
export function toFtsQuery(input: string): string | null {
  const words = foldForSearch(input)
    .split(/\s+/u)
    .map((word) => word.split(/[^\p{L}\p{N}]+/u).filter((token) => token.length > 0))
    .filter((tokens) => tokens.length > 0)
    .slice(0, maxTokens);
  if (words.length === 0) return null;
  return words.map((tokens) => `"${tokens.join(' ')}"*`).join(' ');
}
