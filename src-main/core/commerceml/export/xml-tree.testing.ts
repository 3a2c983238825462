// Test support: a written file read back the way 1C would — bytes, prolog, decode, a real XML parser
// (saxes) — into a small tree whose values can be compared field by field.
import iconv from 'iconv-lite';
import { SaxesParser } from 'saxes';

export type XmlNode = { name: string; attributes: Record<string, string>; children: XmlNode[]; text: string };

/** Parses XML text strictly (saxes throws on any well-formedness error). */
export function parseXmlTree(text: string): XmlNode {
  const parser = new SaxesParser();
  const root: XmlNode = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlNode[] = [root];
  parser.on('opentag', (tag) => {
    const node: XmlNode = { name: tag.name, attributes: Object.fromEntries(Object.entries(tag.attributes).map(([k, v]) => [k, String(v)])), children: [], text: '' };
    stack.at(-1)?.children.push(node);
    stack.push(node);
  });
  parser.on('text', (value) => {
    const node = stack.at(-1);
    if (node) node.text += value;
  });
  parser.on('closetag', () => void stack.pop());
  parser.on('error', (err) => {
    throw err;
  });
  parser.write(text).close();
  const element = root.children[0];
  if (!element) throw new Error('no root element');
  return element;
}

/** Decodes a file's bytes as its prolog says (windows-1251, or UTF-8 after an optional BOM). */
export function decodeXmlBytes(bytes: Buffer): string {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const head = bytes.subarray(hasBom ? 3 : 0, 100).toString('latin1');
  const declared = /encoding="([^"]+)"/.exec(head)?.[1]?.toLowerCase() ?? 'utf-8';
  return declared === 'windows-1251' ? iconv.decode(bytes, 'win1251') : iconv.decode(bytes.subarray(hasBom ? 3 : 0), 'utf8');
}

/** The children named `name`. */
export function all(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((child) => child.name === name);
}

/** The one child named `name` (throws when absent, to make a test failure say which). */
export function one(node: XmlNode, name: string): XmlNode {
  const found = node.children.find((child) => child.name === name);
  if (!found) throw new Error(`<${node.name}> has no <${name}> (children: ${node.children.map((c) => c.name).join(', ')})`);
  return found;
}

/** Text of the child at a path like `Контрагенты/Контрагент/Ид`. */
export function textAt(node: XmlNode, path: string): string {
  return path.split('/').reduce((current, name) => one(current, name), node).text;
}
