// From element events to CommerceML entity events, by local name and position, never by version
// (commerceml.md §3: "dispatch on element local names and presence, not on ВерсияСхемы"). Only the
// path of open element names, the group frames and the one entity being captured are kept, so a
// file of any size is read in constant memory.
import { type CmlConsumer, type CmlSection, type CmlSectionKind } from './cml-entities';
import { type CmlLocation, type CmlWarn, cmlError } from './cml-location';
import { type CmlNode, appendText, newNode } from './cml-node';
import { toPriceType, toProperty, toUnit, toWarehouse } from './cml-classifier-items';
import { toOffer, toProduct } from './cml-items';
import { normalizeRef, parseBoolean, parseCmlDate } from './cml-values';
import { type XmlHandler } from './xml-reader';

type CaptureKind = 'product' | 'offer' | 'unit' | 'warehouse' | 'priceType' | 'property';
/** `skipping` > 0: inside an element nobody reads (its depth below the skipped element's parent). */
type Capture = { kind: CaptureKind; depth: number; nodes: CmlNode[]; count: number; skipping: number };
type GroupFrame = { depth: number; ref: string | null; name: string | null; isDeleted: boolean; at: CmlLocation };
type SectionFrame = { kind: CmlSectionKind; ref: string | null; catalogRef: string | null; onlyChanges: boolean | null; hasItems: boolean; at: CmlLocation };
type Field = { depth: number; text: string; set: (text: string) => void };

/**
 * Parts of an entity nothing reads: descriptions (whole HTML pages at times), pictures, a price's
 * Представление, a unit's Пересчет, makers, taxes of a price type. Not captured: fewer objects per
 * entity, and the text of a description is never accumulated.
 */
const unread: ReadonlySet<string> = new Set(['Описание', 'Картинка', 'Представление', 'Пересчет', 'Изготовитель', 'Производитель', 'ИдТовараУКонтрагента', 'Налог', 'Владелец']);

/** Nodes one entity may have: a Товар has tens, a runaway one (an unclosed tag) is stopped here. */
const maxCaptureNodes = 100_000;

const sectionKinds: Readonly<Record<string, CmlSectionKind>> = {
  Классификатор: 'classifier',
  Каталог: 'catalog',
  ПакетПредложений: 'offers',
  ИзмененияПакетаПредложений: 'offers',
};

const skippedSections: Readonly<Record<string, string>> = {
  Документ: 'документы (заказы) в файле не загружаются',
  Контейнер: 'документы (заказы) в файле не загружаются',
  Контрагенты: 'контрагенты в файле не загружаются',
};

export function createCmlDocumentReader(file: string, consumer: CmlConsumer, warn: CmlWarn): XmlHandler {
  const path: string[] = [];
  let capture: Capture | null = null;
  let section: SectionFrame | null = null;
  const groups: GroupFrame[] = [];
  let field: Field | null = null;
  const skippedSaid = new Set<string>();
  const at = (line: number, column: number): CmlLocation => ({ file, line, column });

  const startCapture = (kind: CaptureKind, name: string, attrs: Record<string, string>, line: number, column: number): void => {
    capture = { kind, depth: path.length - 1, nodes: [newNode(name, attrs, line, column)], count: 1, skipping: 0 };
  };

  const finishCapture = (c: Capture): void => {
    const node = c.nodes[0] as CmlNode;
    const where = at(node.line, node.column);
    switch (c.kind) {
      case 'product': {
        const product = toProduct(file, node);
        if (product) consumer.product(product);
        else warn(where, 'товар без Ид пропущен');
        return;
      }
      case 'offer': {
        const offer = toOffer(file, node);
        if (offer) consumer.offer(offer);
        else warn(where, 'предложение без Ид пропущено');
        return;
      }
      case 'unit':
        consumer.unit(toUnit(file, node));
        return;
      case 'warehouse': {
        const warehouse = toWarehouse(file, node);
        if (warehouse) consumer.warehouse(warehouse);
        else warn(where, 'склад без Ид пропущен');
        return;
      }
      case 'priceType': {
        const priceType = toPriceType(file, node);
        if (priceType) consumer.priceType(priceType);
        else warn(where, 'вид цены без Ид пропущен');
        return;
      }
      case 'property': {
        const property = toProperty(file, node);
        if (property) consumer.property(property);
        else warn(where, 'свойство без Ид пропущено');
        return;
      }
    }
  };

  const readText = (set: (text: string) => void): void => {
    field = { depth: path.length - 1, text: '', set };
  };

  return {
    open(name, attrs, line, column) {
      path.push(name);
      const c = capture;
      if (c) {
        c.count += 1;
        if (c.count > maxCaptureNodes) throw cmlError(at(line, column), `элемент <${c.nodes[0]?.name ?? ''}> слишком велик (не закрыт?)`);
        if (c.skipping > 0 || unread.has(name)) {
          c.skipping += 1;
          return;
        }
        const node = newNode(name, attrs, line, column);
        (c.nodes[c.nodes.length - 1] as CmlNode).children.push(node);
        c.nodes.push(node);
        return;
      }
      const depth = path.length - 1;
      const parent = path[depth - 1];
      if (depth === 0) {
        if (name !== 'КоммерческаяИнформация') throw cmlError(at(line, column), `это не файл CommerceML: корневой элемент <${name}> вместо <КоммерческаяИнформация>`);
        const raw = attrs['ДатаФормирования'] ?? null;
        const generatedAt = parseCmlDate(raw);
        if (raw !== null && generatedAt === null) warn(at(line, column), `дата формирования «${raw}» не распознана`);
        consumer.document({ version: attrs['ВерсияСхемы'] ?? null, generatedAt, generatedAtRaw: raw, at: at(line, column) });
        return;
      }
      if (depth === 1) {
        const kind = sectionKinds[name];
        if (kind) {
          section = { kind, ref: null, catalogRef: null, onlyChanges: parseBoolean(attrs['СодержитТолькоИзменения']), hasItems: false, at: at(line, column) };
          consumer.sectionStart(kind, section.at);
          return;
        }
        const skipped = skippedSections[name];
        if (skipped && !skippedSaid.has(skipped)) {
          skippedSaid.add(skipped);
          consumer.skipped(skipped, at(line, column));
        }
        return;
      }
      const s = section;
      if (!s) return;
      if (depth === 2) {
        if (name === 'Ид') readText((text) => (s.ref = normalizeRef(text)));
        else if (name === 'ИдКаталога') readText((text) => (s.catalogRef = normalizeRef(text)));
        // 2.03 writes the flag as a trailing child element (commerceml.md §3).
        else if (name === 'СодержитТолькоИзменения') readText((text) => (s.onlyChanges = parseBoolean(text) ?? s.onlyChanges));
        else if ((name === 'Товары' && s.kind === 'catalog') || (name === 'Предложения' && s.kind === 'offers')) s.hasItems = true;
      }
      const group = groups[groups.length - 1];
      if (name === 'Группа' && parent === 'Группы' && s.kind !== 'offers') {
        groups.push({ depth, ref: null, name: null, isDeleted: false, at: at(line, column) });
        return;
      }
      if (group && depth === group.depth + 1) {
        if (name === 'Ид') readText((text) => (group.ref = normalizeRef(text)));
        else if (name === 'Наименование') readText((text) => (group.name = text.trim()));
        else if (name === 'ПометкаУдаления') readText((text) => (group.isDeleted ||= parseBoolean(text) === true));
        else if (name === 'Статус') readText((text) => (group.isDeleted ||= text.trim().toLowerCase() === 'удален'));
        return;
      }
      if (group) return;
      if (name === 'Товар' && parent === 'Товары' && s.kind === 'catalog' && depth === 3) startCapture('product', name, attrs, line, column);
      else if (name === 'Предложение' && parent === 'Предложения' && s.kind === 'offers' && depth === 3) startCapture('offer', name, attrs, line, column);
      else if (name === 'ТипЦены' && parent === 'ТипыЦен') startCapture('priceType', name, attrs, line, column);
      else if (name === 'Склад' && parent === 'Склады' && depth === 3) startCapture('warehouse', name, attrs, line, column);
      else if (name === 'ЕдиницаИзмерения' && parent === 'ЕдиницыИзмерения') startCapture('unit', name, attrs, line, column);
      else if ((name === 'Свойство' || name === 'СвойствоНоменклатуры') && (parent === 'Свойства' || parent === 'СвойстваНоменклатуры') && depth === 3) {
        startCapture('property', name, attrs, line, column);
      }
    },

    text(text) {
      const c = capture;
      if (c) {
        if (c.skipping === 0) appendText(c.nodes[c.nodes.length - 1] as CmlNode, text);
      }
      else if (field) field.text += text;
    },

    close() {
      path.pop();
      const depth = path.length;
      const c = capture;
      if (c) {
        if (c.skipping > 0) c.skipping -= 1;
        else if (depth === c.depth) {
          capture = null;
          finishCapture(c);
        } else c.nodes.pop();
        return;
      }
      const f = field;
      if (f && depth === f.depth) {
        field = null;
        f.set(f.text.trim());
        return;
      }
      const group = groups[groups.length - 1];
      if (group && depth === group.depth) {
        groups.pop();
        if (group.ref === null || group.ref === '') warn(group.at, 'группа без Ид пропущена');
        else consumer.group({ ref: group.ref, parentRef: groups[groups.length - 1]?.ref ?? null, name: group.name, isDeleted: group.isDeleted, at: group.at });
        return;
      }
      const s = section;
      if (s && depth === 1) {
        section = null;
        consumer.sectionEnd({ ...s } satisfies CmlSection);
      }
    },
  };
}
