import { describe, expect, it } from 'vitest';
import { toFtsQuery } from './search-query';

describe('toFtsQuery', () => {
  it('makes every word a quoted prefix term, folded to lower case and е', () => {
    expect(toFtsQuery('Ёлка  МОЛОКО')).toBe('"елка"* "молоко"*');
  });
  it('turns a word with inner punctuation into a phrase, so operators and quotes cannot reach FTS', () => {
    expect(toFtsQuery('a"b*c(NEAR)')).toBe('"a b c near"*');
    expect(toFtsQuery('молоко 3,2')).toBe('"молоко"* "3 2"*');
  });
  it('returns null when nothing searchable remains', () => {
    expect(toFtsQuery(' -- "" ')).toBeNull();
  });
});
