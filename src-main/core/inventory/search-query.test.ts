import { describe, expect, it } from 'vitest';
import { toFtsQuery } from './search-query';

describe('toFtsQuery', () => {
  it('makes every word a quoted prefix term, folded to lower case and е', () => {
    expect(toFtsQuery('Ёлка  МОЛОКО')).toBe('"елка"* "молоко"*');
  });
  it('splits on punctuation so operators and quotes cannot reach FTS', () => {
    expect(toFtsQuery('a"b*c(NEAR)')).toBe('"a"* "b"* "c"* "near"*');
  });
  it('returns null when nothing searchable remains', () => {
    expect(toFtsQuery(' -- "" ')).toBeNull();
  });
});
