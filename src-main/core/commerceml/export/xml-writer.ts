// A small indenting XML writer for the order file. Values are escaped here and nowhere else: markup
// characters become entities, and characters the chosen encoding cannot hold become numeric
// character references (`&#215;` for ×), which every XML reader turns back into the same character.
// So a windows-1251 file never loses a character to '?' (decision D31).
import { type CmlExportEncoding, canEncode } from './cml-encoding';

/** What escaping had to do to one value; the caller turns it into a warning with context. */
export type EscapeNotes = {
  /** Characters written as `&#N;` because the encoding lacks them (each once, in order of appearance). */
  referenced: string[];
  /** Characters XML 1.0 forbids even as references (control characters, lone surrogates): dropped. */
  removed: number;
};

const markup: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** XML 1.0 Char production: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF. */
function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

export function escapeXml(value: string, encoding: CmlExportEncoding): { text: string; notes: EscapeNotes } {
  const referenced: string[] = [];
  let removed = 0;
  let text = '';
  // for…of walks code points: a pair of surrogates is one character, a lone one is itself.
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    const entity = markup[char];
    if (entity !== undefined) text += entity;
    else if (!isXmlChar(code)) removed += 1;
    // A raw CR would be turned into LF by the reader (XML 1.0 §2.11); the reference keeps it.
    else if (code === 0xd) text += '&#13;';
    else if (canEncode(char, encoding)) text += char;
    else {
      text += `&#${code};`;
      if (!referenced.includes(char)) referenced.push(char);
    }
  }
  return { text, notes: { referenced, removed } };
}

export type XmlAttributes = ReadonlyArray<readonly [name: string, value: string]>;

/**
 * Builds the document line by line with two-space indentation. `where` names the value for a
 * warning («документ ОТ-000001, товар «…»»); `onNotes` receives what escaping did to it.
 */
export class XmlWriter {
  private readonly lines: string[] = [];
  private readonly stack: string[] = [];

  constructor(
    private readonly encoding: CmlExportEncoding,
    private readonly onNotes: (notes: EscapeNotes, where: string) => void,
  ) {}

  open(name: string, attributes: XmlAttributes = [], where = name): this {
    this.lines.push(`${this.indent()}<${name}${this.attributes(attributes, where)}>`);
    this.stack.push(name);
    return this;
  }

  close(): this {
    const name = this.stack.pop();
    if (name === undefined) throw new Error('XmlWriter.close() without an open element');
    this.lines.push(`${this.indent()}</${name}>`);
    return this;
  }

  /** `<name attrs>value</name>`; an empty value writes `<name/>` as the official example does. */
  leaf(name: string, value: string, where = name, attributes: XmlAttributes = []): this {
    const text = this.escape(value, where);
    const attrs = this.attributes(attributes, where);
    this.lines.push(text === '' ? `${this.indent()}<${name}${attrs}/>` : `${this.indent()}<${name}${attrs}>${text}</${name}>`);
    return this;
  }

  /** The document after the prolog line; every opened element must be closed. */
  finish(prolog: string): string {
    if (this.stack.length > 0) throw new Error(`XmlWriter.finish() with open elements: ${this.stack.join(' > ')}`);
    return `${[prolog, ...this.lines].join('\n')}\n`;
  }

  private attributes(attributes: XmlAttributes, where: string): string {
    // In an attribute the reader also turns tab and LF into spaces (XML 1.0 §3.3.3): keep them as references.
    return attributes.map(([name, value]) => ` ${name}="${this.escape(value, where).replace(/\n/g, '&#10;').replace(/\t/g, '&#9;')}"`).join('');
  }

  private escape(value: string, where: string): string {
    const { text, notes } = escapeXml(value, this.encoding);
    if (notes.referenced.length > 0 || notes.removed > 0) this.onNotes(notes, where);
    return text;
  }

  private indent(): string {
    return '  '.repeat(this.stack.length);
  }
}
