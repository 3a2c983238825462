import { describe, expect, it } from 'vitest';
import { ellipsize, fitSingleLine, fitText, fitWidth, formatRubles, minPitchRatio, normalizeText, textWidth, wrapText } from './layout-text';

describe('layout text', () => {
  it('measures with the reference font advances: digits are 1303/2048 em in DejaVu Sans', () => {
    expect(textWidth('0', 2048, 'regular')).toBe(1303);
    expect(textWidth('00', 20, 'regular')).toBeCloseTo((2 * 1303 * 20) / 2048, 10);
    // Bold is wider.
    expect(textWidth('Молоко', 20, 'bold')).toBeGreaterThan(textWidth('Молоко', 20, 'regular'));
  });

  it('needs at least the fixed pitch per character when that is wider than the font', () => {
    expect(fitWidth('iiii', 16, 'regular')).toBe(4 * 16 * minPitchRatio);
    expect(fitWidth('ШШ', 16, 'regular')).toBe(textWidth('ШШ', 16, 'regular'));
  });

  it('collapses the whitespace 1C names carry', () => {
    expect(normalizeText('  Молоко\t 3,2%\n 1 л ')).toBe('Молоко 3,2% 1 л');
  });

  it('wraps at spaces and breaks a word longer than the line between characters', () => {
    const width = fitWidth('Молоко 3,2%', 20, 'regular');
    expect(wrapText('Молоко 3,2% 1 л', width, 20, 'regular')).toEqual(['Молоко 3,2%', '1 л']);
    const narrow = fitWidth('ультра', 20, 'regular');
    const pieces = wrapText('ультрапастеризованное', narrow, 20, 'regular');
    expect(pieces.join('')).toBe('ультрапастеризованное');
    for (const piece of pieces) expect(fitWidth(piece, 20, 'regular')).toBeLessThanOrEqual(narrow);
  });

  it('shrinks the font until the text fits the allowed lines', () => {
    const box = { width: 200, height: 60, maxLines: 2, maxFont: 30, minFont: 12, weight: 'regular' as const };
    const fitted = fitText('Сыр «Российский» 50% весовой', box);
    expect(fitted.isTruncated).toBe(false);
    expect(fitted.lines.length).toBeLessThanOrEqual(2);
    expect(fitted.lines.length * fitted.lineHeight).toBeLessThanOrEqual(60);
    for (const line of fitted.lines) expect(fitWidth(line, fitted.fontSize, 'regular')).toBeLessThanOrEqual(200);
    // One size up would not have fitted.
    const bigger = fitText('Сыр «Российский» 50% весовой', { ...box, maxFont: fitted.fontSize + 1, minFont: fitted.fontSize + 1 });
    expect(bigger.isTruncated).toBe(true);
  });

  it('ends the last allowed line in an ellipsis when even the smallest font is too big', () => {
    const fitted = fitText('Колбаса варёная «Докторская» высший сорт ГОСТ в натуральной оболочке', {
      width: 150,
      height: 40,
      maxLines: 2,
      maxFont: 16,
      minFont: 16,
      weight: 'regular',
    });
    expect(fitted.isTruncated).toBe(true);
    expect(fitted.lines).toHaveLength(2);
    expect(fitted.lines[1]?.endsWith('…')).toBe(true);
    for (const line of fitted.lines) expect(fitWidth(line, 16, 'regular')).toBeLessThanOrEqual(150);
  });

  it('never leaves punctuation or a space before the ellipsis', () => {
    const text = ellipsize('Молоко, сливки, кефир', fitWidth('Молоко, с…', 16, 'regular'), 16, 'regular');
    expect(text).toBe('Молоко, с…');
    expect(ellipsize('Молоко, сливки', fitWidth('Молоко,…', 16, 'regular'), 16, 'regular')).toBe('Молоко…');
  });

  it('fits a price on one line, shrinking as far as it must', () => {
    const fit = fitSingleLine('1 299,90', { width: 100, height: 80, maxFont: 70, minFont: 30, weight: 'bold' });
    expect(fitWidth('1 299,90', fit.fontSize, 'bold')).toBeLessThanOrEqual(100);
    expect(fitWidth('1 299,90', fit.fontSize + 1, 'bold')).toBeGreaterThan(100);
  });

  it('formats kopecks the Russian way', () => {
    expect(formatRubles(12990)).toBe('129,90');
    expect(formatRubles(129999)).toBe('1 299,99');
    expect(formatRubles(100000000)).toBe('1 000 000,00');
    expect(formatRubles(5)).toBe('0,05');
  });
});
