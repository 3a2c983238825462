// A small tree of one entity (a Товар, a Предложение, a ТипЦены…) captured from the SAX stream.
// Real files do not keep the schema's element order (commerceml.md §2.1), so each entity is read as
// a tree and queried by local name; only one entity's tree is alive at a time. Text is capped per
// node: descriptions can carry whole HTML pages, and none of them is mirrored.
export type CmlNode = {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: CmlNode[];
  line: number;
  column: number;
};

export const maxNodeText = 16_384;

export function newNode(name: string, attrs: Record<string, string>, line: number, column: number): CmlNode {
  return { name, attrs, text: '', children: [], line, column };
}

/** Whitespace between elements (most text events) is not kept: values are trimmed anyway. */
function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) > 0x20) return false;
  return true;
}

export function appendText(node: CmlNode, text: string): void {
  if (node.text.length >= maxNodeText || (node.text === '' && isBlank(text))) return;
  node.text += text;
}

// Lookups take one name and an optional synonym (Штрихкод / ШтрихКод): no array per call, they run
// tens of times per product.

/** The first child named `name` (or `synonym`). */
export function child(node: CmlNode | undefined, name: string, synonym?: string): CmlNode | undefined {
  if (!node) return undefined;
  for (const c of node.children) if (c.name === name || c.name === synonym) return c;
  return undefined;
}

export function childrenNamed(node: CmlNode | undefined, name: string, synonym?: string): CmlNode[] {
  const out: CmlNode[] = [];
  if (!node) return out;
  for (const c of node.children) if (c.name === name || c.name === synonym) out.push(c);
  return out;
}

/** The children of `node`'s child `container` named `item`: `Цены/Цена`, `Группы/Ид`… */
export function listOf(node: CmlNode | undefined, container: string, item: string, synonym?: string): CmlNode[] {
  const out: CmlNode[] = [];
  if (!node) return out;
  for (const c of node.children) {
    if (c.name !== container) continue;
    for (const i of c.children) if (i.name === item || i.name === synonym) out.push(i);
  }
  return out;
}

/** The trimmed text of the first child named `name` (or `synonym`); null when there is no such child. */
export function textOf(node: CmlNode | undefined, name: string, synonym?: string): string | null {
  const c = child(node, name, synonym);
  return c ? c.text.trim() : null;
}

/** The node's attribute, or the text of a child element of the same name (a flag in either form). */
export function attrOrChild(node: CmlNode, name: string): string | null {
  return node.attrs[name] ?? textOf(node, name);
}
