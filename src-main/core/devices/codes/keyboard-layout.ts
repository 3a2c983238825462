// A keyboard-wedge scanner sends key positions; with the Russian ЙЦУКЕН layout active, Windows
// turns them into Cyrillic (design doc §3.2). GS1 data holds only ASCII (CSET 82), so Cyrillic in a
// scan means the layout, and the positions can be mapped back: "5ц9УОз" → "5w9EJp".

// Russian (Windows "Русская") character → the US character of the same key and shift state.
const lower = 'йцукенгшщзхъфывапролджэячсмитьбюё';
const lowerUs = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`";
const upper = 'ЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮЁ';
const upperUs = 'QWERTYUIOP{}ASDFGHJKL:"ZXCVBNM<>~';
// Symbols that sit on other keys (or shift states) in the Russian layout: "." is the "/" key,
// "," is Shift+"/", '"' Shift+2, "№" Shift+3, ";" Shift+4, ":" Shift+6, "?" Shift+7, "/" Shift+"\".
const symbols = '.,"№;:?/';
const symbolsUs = '/?@#$^&|';

const toUs = new Map<string, string>();
for (const [from, to] of [
  [lower, lowerUs],
  [upper, upperUs],
  [symbols, symbolsUs],
] as const) {
  for (let i = 0; i < from.length; i += 1) toUs.set(from.charAt(i), to.charAt(i));
}

const cyrillic = /[\u0400-\u04ff№]/;
const latinLetter = /[A-Za-z]/;

/** True when `text` holds a Cyrillic letter (or "№"), which GS1 data never contains. */
export function hasCyrillic(text: string): boolean {
  return cyrillic.test(text);
}

/**
 * True when the text looks typed under the Russian layout: Cyrillic and not a single Latin letter
 * (under that layout no letter key gives Latin). Text with both, like a QR code with Russian words
 * or an unmangled "]Q1" prefix, is real Cyrillic and must not be "repaired".
 */
export function isTypedUnderRussianLayout(text: string): boolean {
  return cyrillic.test(text) && !latinLetter.test(text);
}

/**
 * Maps every character back to the US-layout character of the same key. Only sound when the whole
 * text was typed under the Russian layout (which Cyrillic letters prove): the same "." would be a
 * real dot under the US layout. Characters the layouts share (digits, "!%*()-_=+") pass through.
 */
export function russianLayoutToLatin(text: string): string {
  let out = '';
  for (const char of text) out += toUs.get(char) ?? char;
  return out;
}
