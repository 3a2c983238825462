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

export function appendText(node: CmlNode, text: string): void {
  if (node.text.length < maxNodeText) node.text += text;
}

/** The first child named any of `names` (synonyms such as Штрихкод / ШтрихКод). */
export function child(node: CmlNode | undefined, ...names: string[]): CmlNode | undefined {
  if (!node) return undefined;
  for (const c of node.children) if (names.includes(c.name)) return c;
  return undefined;
}

export function childrenNamed(node: CmlNode | undefined, ...names: string[]): CmlNode[] {
  if (!node) return [];
  return node.children.filter((c) => names.includes(c.name));
}

/** The children of `node`'s child `container` named `item`: `Цены/Цена`, `Группы/Ид`… */
export function listOf(node: CmlNode | undefined, container: string, ...item: string[]): CmlNode[] {
  return childrenNamed(node, container).flatMap((c) => childrenNamed(c, ...item));
}

/** The trimmed text of the first child named any of `names`; null when there is no such child. */
export function textOf(node: CmlNode | undefined, ...names: string[]): string | null {
  const c = child(node, ...names);
  return c ? c.text.trim() : null;
}

/** The node's attribute, or the text of a child element of the same name (a flag in either form). */
export function attrOrChild(node: CmlNode, name: string): string | null {
  return node.attrs[name] ?? textOf(node, name);
}
