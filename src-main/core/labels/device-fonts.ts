// Resident fixed-pitch fonts of TSPL and EPL printers, and the choice of font and magnification for a
// text box of the display list. Pure.
import { type LabelDpi, type TextRole } from './layout-types';

/** Cell in dots; `pitch` is the advance per character (EPL adds a gap at 203 dpi). */
export type FixedFont = { name: string; width: number; height: number; pitch: number; isUppercaseOnly: boolean };

const font = (name: string, width: number, height: number, pitch = width, isUppercaseOnly = false): FixedFont => ({
  name,
  width,
  height,
  pitch,
  isUppercaseOnly,
});

/**
 * TSPL bitmap fonts "1".."5". 203 dpi: 8×12, 12×20, 16×24, 24×32, 32×48 (rfid-me TSPL reference,
 * TEXT). 300 dpi: 12×20, 16×28, 24×32, 32×48, 48×64 as in TSC's TSPL manual table (recalled, not
 * retrieved: verify on a 300 dpi printer; if smaller, text only prints smaller, never outside its box).
 */
export const tsplFonts: Record<LabelDpi, readonly FixedFont[]> = {
  203: [font('1', 8, 12), font('2', 12, 20), font('3', 16, 24), font('4', 24, 32), font('5', 32, 48)],
  300: [font('1', 12, 20), font('2', 16, 28), font('3', 24, 32), font('4', 32, 48), font('5', 48, 64)],
};

/**
 * EPL2 fonts 1..5 (Intermec ESim EPL manual, resident fonts): 203 dpi 8×12 / 10×16 / 12×20 / 14×24 /
 * 32×48 at 20.3 / 16.9 / 14.5 / 12.7 / 5.6 cpi (pitch 10, 12, 14, 16, 36 dots); 300 dpi 12×20 / 16×28 /
 * 20×36 / 24×44 / 48×80 at 25 / 18.75 / 15 / 12.5 / 6.25 cpi. Font 5 has upper case only.
 */
export const eplFonts: Record<LabelDpi, readonly FixedFont[]> = {
  203: [font('1', 8, 12, 10), font('2', 10, 16, 12), font('3', 12, 20, 14), font('4', 14, 24, 16), font('5', 32, 48, 36, true)],
  300: [font('1', 12, 20), font('2', 16, 28), font('3', 20, 36), font('4', 24, 44), font('5', 48, 80, 48, true)],
};

export type FontChoice = { font: FixedFont; xMul: number; yMul: number; pitch: number; height: number };

const hasLowercase = (text: string) => text !== text.toLocaleUpperCase('ru-RU');

/**
 * The resident font + magnification with the biggest glyph area whose characters advance at most
 * `maxPitch` dots and are at most `maxHeight` tall. Characters may be stretched up to twice as tall as
 * wide, at a cost (area × √(xMul/yMul)), and magnifying costs too (÷ √xMul; ÷ xMul^¼ when
 * `isSizeFirst`, for prices, where big beats pretty), so a native font beats a blown-up smaller one of
 * similar size. Never squashed.
 * Falls back to the smallest font at ×1 when nothing fits (the layout's pitch rule makes that
 * unreachable for text it produced).
 */
export function chooseFixedFont(
  fonts: readonly FixedFont[],
  maxPitch: number,
  maxHeight: number,
  text: string,
  isSizeFirst = false,
): FontChoice {
  const isLower = hasLowercase(text);
  let best: FontChoice | null = null;
  let bestScore = -1;
  for (const f of fonts) {
    if (f.isUppercaseOnly && isLower) continue;
    for (let xMul = 1; xMul <= 10; xMul += 1) {
      for (let yMul = xMul; yMul <= Math.min(10, 2 * xMul); yMul += 1) {
        const pitch = f.pitch * xMul;
        const height = f.height * yMul;
        if (pitch > maxPitch || height > maxHeight) continue;
        const score = (pitch * height * Math.sqrt(xMul / yMul)) / Math.pow(xMul, isSizeFirst ? 0.25 : 0.5);
        // Ties: the smaller magnification (a bigger native font looks better than a blown-up small one).
        if (score > bestScore || (score === bestScore && best !== null && xMul < best.xMul)) {
          best = { font: f, xMul, yMul, pitch, height };
          bestScore = score;
        }
      }
    }
  }
  const smallest = fonts[0];
  if (!smallest) throw new Error('no fonts');
  return best ?? { font: smallest, xMul: 1, yMul: 1, pitch: smallest.pitch, height: smallest.height };
}

export type PlacedLine = { x: number; y: number; text: string };

/**
 * Where each line of a text box goes in a fixed-pitch font: one font for the whole box (chosen for its
 * longest line), lines aligned in the box and centred vertically in their line slots. `lines` are the
 * item's lines as the printer will receive them (one character per character, see encoding.ts).
 */
export function placeFixedLines(
  box: { x: number; y: number; width: number; lineHeight: number; align: 'left' | 'center' | 'right'; role: TextRole },
  lines: readonly string[],
  fonts: readonly FixedFont[],
): { choice: FontChoice; placed: PlacedLine[] } {
  const longest = Math.max(1, ...lines.map((line) => Array.from(line).length));
  const isPrice = box.role === 'price' || box.role === 'oldPrice';
  const choice = chooseFixedFont(fonts, Math.floor(box.width / longest), box.lineHeight, lines.join(''), isPrice);
  const placed = lines.map((text, index) => {
    const width = Array.from(text).length * choice.pitch;
    const free = Math.max(0, box.width - width);
    const x = box.x + (box.align === 'left' ? 0 : box.align === 'right' ? free : Math.floor(free / 2));
    const y = box.y + index * box.lineHeight + Math.floor((box.lineHeight - choice.height) / 2);
    return { x, y, text };
  });
  return { choice, placed };
}
