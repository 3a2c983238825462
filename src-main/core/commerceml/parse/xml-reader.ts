// The byte layer and the SAX layer of one XML file: sniff the encoding from the first 64 KB, decode
// chunk by chunk, feed saxes, and hand the handler element events with local names (namespace
// prefixes dropped: 2.07–3.1 files put their elements in four different namespaces, 2.03–2.05 in
// none, commerceml.md §1.2). Every failure becomes one located error: malformed XML (saxes), an
// undecodable byte, a damaged archive entry, a file that ends too early.
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { type CmlLocation, type CmlWarn, cmlError } from './cml-location';
import { sniffEncoding } from './encoding-sniff';
import { createStreamDecoder, type StreamDecoder } from './text-decoder';
import { ZipDataError } from './zip-entry';

export type XmlHandler = {
  /** An element opened; `attrs` keyed by local name (namespace declarations left out). */
  open(name: string, attrs: Record<string, string>, line: number, column: number): void;
  text(text: string): void;
  close(name: string): void;
};

export type XmlFileInfo = { encoding: string; declared: string | null };

const sniffBytes = 65_536;

export const localName = (qualified: string): string => {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
};

/**
 * Attributes keyed by local name, namespace declarations left out. Most CommerceML elements have
 * no attributes and the rest have unprefixed ones: saxes' own object is passed on then, not copied.
 */
function localAttributes(attributes: Record<string, string>): Record<string, string> {
  let isPlain = true;
  for (const name in attributes) {
    if (name.includes(':') || name === 'xmlns') {
      isPlain = false;
      break;
    }
  }
  if (isPlain) return attributes;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    out[localName(name)] = value;
  }
  return out;
}

/** saxes' English messages, said in Russian for the user. */
const saxesMessages: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/^unclosed tag: (.*)$/, (m) => `файл обрывается: не закрыт элемент <${m[1] ?? ''}>`],
  [/^unmatched closing tag: (.*)\.$/, (m) => `закрывающий тег </${m[1] ?? ''}> не соответствует открытому элементу`],
  [/^unexpected close tag\.$/, () => 'закрывающий тег не соответствует открытому элементу'],
  [/^document must contain a root element\.$/, () => 'файл пуст: нет корневого элемента'],
  [/^text data outside of root node\.$/, () => 'текст после корневого элемента'],
  [/^documents may contain only one root\.$/, () => 'второй корневой элемент'],
  [/^disallowed character\.$/, () => 'недопустимый символ'],
  [/^disallowed character in tag name\.?$/, () => 'недопустимый символ в имени элемента'],
  [/^disallowed character in closing tag\.$/, () => 'недопустимый символ в закрывающем теге'],
  [/^disallowed character in attribute name\.$/, () => 'недопустимый символ в имени атрибута'],
  [/^unquoted attribute value\.$/, () => 'значение атрибута без кавычек'],
  [/^attribute without value\.$/, () => 'атрибут без значения'],
  [/^duplicate attribute: (.*)\.$/, (m) => `атрибут ${m[1] ?? ''} указан дважды`],
  [/^undefined entity/, () => 'неизвестная сущность (&…;): в XML есть только &amp;, &lt;, &gt;, &quot;, &apos;'],
  [/^malformed character entity\.$/, () => 'неверная ссылка на символ (&#…;)'],
  [/^unexpected end\.$/, () => 'файл обрывается'],
];

function translateSaxes(message: string): string {
  // saxes prefixes "file:line:col: "; the location is added separately.
  const bare = message.replace(/^(?:[^:]*:)?\d+:\d+: /, '');
  for (const [pattern, say] of saxesMessages) {
    const m = pattern.exec(bare);
    if (m) return `ошибка разметки XML: ${say(m)}`;
  }
  return `ошибка разметки XML (${bare})`;
}

/**
 * Reads one XML file from `chunks` into `handler`. `warn` receives the note when the declared
 * encoding and the bytes disagree. Resolves when the document is complete; throws a located
 * AppError (validation) otherwise.
 */
export async function readXml(file: string, chunks: AsyncIterable<Uint8Array>, handler: XmlHandler, warn: CmlWarn): Promise<XmlFileInfo> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const here = (): CmlLocation => ({ file, line: parser.line, column: parser.column + 1 });
  parser.on('error', (err) => {
    throw cmlError(here(), translateSaxes(err.message));
  });
  let tagLine = 1;
  let tagColumn = 1;
  parser.on('opentagstart', (tag) => {
    tagLine = parser.line;
    tagColumn = Math.max(1, parser.column - tag.name.length - 1);
  });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    handler.open(localName(tag.name), localAttributes(tag.attributes), tagLine, tagColumn);
  });
  parser.on('text', (text) => handler.text(text));
  parser.on('cdata', (text) => handler.text(text));
  parser.on('closetag', (tag) => handler.close(localName(tag.name)));

  let opened: { decoder: StreamDecoder; info: XmlFileInfo } | null = null;
  let head: Uint8Array[] = [];
  let headBytes = 0;

  const feed = (text: string, bad: string | null): void => {
    if (text.length > 0) parser.write(text);
    if (bad !== null) throw cmlError(here(), `не удалось прочитать текст: ${bad}`);
  };
  const start = (): { decoder: StreamDecoder; info: XmlFileInfo } => {
    const bytes = Buffer.concat(head);
    head = [];
    const sniffed = sniffEncoding(bytes, file);
    if (sniffed.note) warn({ file, line: 1, column: 1 }, sniffed.note);
    const decoder = createStreamDecoder(sniffed.encoding);
    const { text, bad } = decoder.write(bytes.subarray(sniffed.bomLength));
    feed(text, bad);
    return { decoder, info: { encoding: sniffed.encoding, declared: sniffed.declared } };
  };

  try {
    for await (const chunk of chunks) {
      if (opened === null) {
        head.push(chunk);
        headBytes += chunk.length;
        if (headBytes >= sniffBytes) opened = start();
        continue;
      }
      const { text, bad } = opened.decoder.write(chunk);
      feed(text, bad);
    }
  } catch (err) {
    if (err instanceof ZipDataError) throw cmlError(here(), `ZIP-архив повреждён: ${err.message}`, err);
    if (isSystemError(err)) throw cmlError({ file, line: 0, column: 0 }, `файл не прочитан (${err.code})`, err);
    throw err;
  }
  opened ??= start();
  const rest = opened.decoder.end();
  feed(rest.text, rest.bad);
  parser.close();
  return opened.info;
}

function isSystemError(err: unknown): err is NodeJS.ErrnoException & { code: string } {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string' && typeof (err as NodeJS.ErrnoException).syscall === 'string';
}
