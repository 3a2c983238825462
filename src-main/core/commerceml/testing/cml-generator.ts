// Test support: a seeded generator of CommerceML exchanges covering the variations of
// commerceml.md (versions 2.03–3.1, namespaces or none or prefixed, BOM, windows-1251, CRLF,
// package files, 2.03's flag element, ШтрихКод and СвойствоНоменклатуры, variants, the three
// deletion marks, full and partial, both stock forms, price types in offers or in the classifier,
// unpadded dates), streamed to disk product by product: 200,000 products cost no more memory than 10.
import { join } from 'node:path';
import { formatKopecks, formatThousandths, refOf } from './cml-fixture-values';
import { colors, createTruth, type CmlTruth, type TruthProduct } from './cml-generated-truth';
import { type CmlGeneratorOptions, type ResolvedOptions, resolveOptions } from './cml-generator-options';
import { createTextFileWriter, escapeXml, type TextFileWriter } from './cml-text-writer';

export type GeneratedFile = { name: string; path: string; bytes: number };
export type GeneratedExchange = { files: GeneratedFile[]; truth: CmlTruth };

type Xml = {
  open(name: string, attrs?: Record<string, string>): string;
  close(name: string): string;
  leaf(name: string, text: string, attrs?: Record<string, string>): string;
  empty(name: string, attrs: Record<string, string>): string;
};

function xmlFor(o: ResolvedOptions): Xml {
  const n = (name: string): string => (o.namespace === 'prefixed' ? `cml:${name}` : name);
  const a = (attrs?: Record<string, string>): string => (attrs ? Object.entries(attrs).map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('') : '');
  return {
    open: (name, attrs) => `<${n(name)}${a(attrs)}>`,
    close: (name) => `</${n(name)}>`,
    leaf: (name, text, attrs) => `<${n(name)}${a(attrs)}>${escapeXml(text)}</${n(name)}>`,
    empty: (name, attrs) => `<${n(name)}${a(attrs)}/>`,
  };
}

const pad = (value: number, isPadded: boolean): string => (isPadded ? String(value).padStart(2, '0') : String(value));

function dateText(o: ResolvedOptions): string {
  const d = o.generatedAt;
  const p = !o.unpaddedDate;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1, p)}-${pad(d.getDate(), p)}T${pad(d.getHours(), p)}:${pad(d.getMinutes(), true)}:${pad(d.getSeconds(), true)}`;
}

type Doc = { x: Xml; o: ResolvedOptions; t: CmlTruth; w: TextFileWriter; catalogRef: string };

async function startDocument(dir: string, name: string, o: ResolvedOptions, t: CmlTruth): Promise<Doc & { path: string }> {
  const path = join(dir, name);
  const w = createTextFileWriter(path, { encoding: o.encoding, bom: o.bom, crlf: o.crlf });
  const x = xmlFor(o);
  const ns: Record<string, string> =
    o.namespace === 'default' && o.namespaceUri
      ? { xmlns: o.namespaceUri, 'xmlns:xs': 'http://www.w3.org/2001/XMLSchema', 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance' }
      : o.namespace === 'prefixed' && o.namespaceUri
        ? { 'xmlns:cml': o.namespaceUri }
        : o.version === '2.04'
          ? { 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance', 'xsi:noNamespaceSchemaLocation': 'commerceml_2.04.xsd' }
          : {};
  await w.write(`<?xml version="1.0" encoding="${o.declaredEncoding}"?>\n`);
  await w.write(`${x.open('КоммерческаяИнформация', { ...ns, ВерсияСхемы: o.version, ДатаФормирования: dateText(o) })}\n`);
  return { x, o, t, w, path, catalogRef: refOf(o.seed, 'catalog', 0) };
}

async function endDocument(doc: Doc & { path: string }, name: string): Promise<GeneratedFile> {
  await doc.w.write(`${doc.x.close('КоммерческаяИнформация')}\n`);
  return { name, path: doc.path, bytes: await doc.w.close() };
}

const flagAttr = (o: ResolvedOptions): Record<string, string> => (o.flagForm === 'attribute' ? { СодержитТолькоИзменения: String(o.onlyChanges) } : {});
const flagElement = (doc: Doc): string => (doc.o.flagForm === 'element' ? `\t\t${doc.x.leaf('СодержитТолькоИзменения', String(doc.o.onlyChanges))}\n` : '');

function groupsXml(doc: Doc, group: number, depth: number): string {
  const { x, o, t } = doc;
  const indent = '\t'.repeat(depth);
  const children: string[] = [];
  for (let c = group * 4 + 1; c <= group * 4 + 4 && c < o.groups; c += 1) children.push(groupsXml(doc, c, depth + 2));
  const nested = children.length > 0 ? `${indent}\t${x.open('Группы')}\n${children.join('')}${indent}\t${x.close('Группы')}\n` : '';
  return `${indent}${x.open('Группа')}\n${indent}\t${x.leaf('Ид', t.groupRef(group))}\n${indent}\t${x.leaf('Наименование', `Группа ${group} «${colors[group % colors.length]}»`)}\n${nested}${indent}${x.close('Группа')}\n`;
}

function priceTypesXml(doc: Doc): string {
  const { x, o, t } = doc;
  let out = `\t\t${x.open('ТипыЦен')}\n`;
  for (let i = 0; i < o.priceTypes; i += 1) {
    out += `\t\t\t${x.open('ТипЦены')}${x.leaf('Ид', t.priceTypeRef(i))}${x.leaf('Наименование', i === 0 ? 'Розничная' : `Оптовая ${i}`)}${x.leaf('Валюта', 'руб')}`;
    out += `${x.open('Налог')}${x.leaf('Наименование', 'НДС')}${x.leaf('УчтеноВСумме', 'true')}${x.close('Налог')}${x.close('ТипЦены')}\n`;
  }
  return `${out}\t\t${x.close('ТипыЦен')}\n`;
}

function warehousesXml(doc: Doc): string {
  const { x, o, t } = doc;
  if (o.stockForm === 'total') return '';
  let out = `\t\t${x.open('Склады')}\n`;
  for (let i = 0; i < o.warehouses; i += 1) out += `\t\t\t${x.open('Склад')}${x.leaf('Ид', t.warehouseRef(i))}${x.leaf('Наименование', `Склад №${i + 1}`)}${x.close('Склад')}\n`;
  return `${out}\t\t${x.close('Склады')}\n`;
}

function classifierXml(doc: Doc): string {
  const { x, o, t } = doc;
  const attrs = o.version === '2.09' || o.version === '2.10' || o.version === '3.1' ? flagAttr(o) : {};
  let out = `\t${x.open('Классификатор', attrs)}\n\t\t${x.leaf('Ид', doc.catalogRef)}\n\t\t${x.leaf('Наименование', 'Классификатор (Основной каталог товаров)')}\n`;
  out += `\t\t${x.open('Группы')}\n${groupsXml(doc, 0, 3)}\t\t${x.close('Группы')}\n`;
  const property = o.propertyElement;
  out += `\t\t${x.open('Свойства')}\n\t\t\t${x.open(property)}${x.leaf('Ид', t.colorPropertyRef)}${x.leaf('Наименование', 'Цвет')}${x.leaf('ТипЗначений', 'Справочник')}${x.open('ВариантыЗначений')}`;
  for (let c = 0; c < colors.length; c += 1) out += `${x.open('Справочник')}${x.leaf('ИдЗначения', t.colorValueRef(c))}${x.leaf('Значение', colors[c] as string)}${x.close('Справочник')}`;
  out += `${x.close('ВариантыЗначений')}${x.leaf('ДляПредложений', 'true')}${x.close(property)}\n\t\t${x.close('Свойства')}\n`;
  if (o.priceTypesIn === 'classifier') out += priceTypesXml(doc) + warehousesXml(doc);
  if (o.unitForm === 'ref') {
    out += `\t\t${x.open('ЕдиницыИзмерения')}${x.open('ЕдиницаИзмерения')}${x.leaf('Ид', t.unitRef)}${x.leaf('НаименованиеКраткое', 'шт')}${x.leaf('Код', '796')}`;
    out += `${x.leaf('НаименованиеПолное', 'Штука')}${x.leaf('МеждународноеСокращение', 'PCE')}${x.close('ЕдиницаИзмерения')}${x.close('ЕдиницыИзмерения')}\n`;
  }
  return `${out}\t${x.close('Классификатор')}\n`;
}

function unitXml(doc: Doc): string {
  const { x, o, t } = doc;
  switch (o.unitForm) {
    case 'code':
      return `${x.open('БазоваяЕдиница', { Код: '796 ', НаименованиеПолное: 'Штука', МеждународноеСокращение: 'PCE' })}${x.open('Пересчет')}${x.leaf('Единица', '796')}${x.leaf('Коэффициент', '1')}${x.close('Пересчет')}${x.close('БазоваяЕдиница')}`;
    case 'text':
      return x.leaf('БазоваяЕдиница', 'шт', { Код: '796', НаименованиеПолное: 'Штука', МеждународноеСокращение: 'PCE' });
    case 'name':
      return x.leaf('БазоваяЕдиница', 'шт');
    case 'ref':
      return x.leaf('БазоваяЕдиница', t.unitRef);
  }
}

const isPackageEra = (o: ResolvedOptions): boolean => o.version === '2.09' || o.version === '2.10' || o.version === '3.1';

function deletionXml(doc: Doc, isDeleted: boolean): string {
  if (isDeleted && doc.o.deletionForm === 'mark') return doc.x.leaf('ПометкаУдаления', 'true');
  return isPackageEra(doc.o) ? doc.x.leaf('ПометкаУдаления', 'false') : '';
}

function productXml(doc: Doc, p: TruthProduct): string {
  const { x, o, t } = doc;
  const status = p.isDeleted && o.deletionForm === 'status' ? { Статус: 'Удален' } : undefined;
  const requisites = `${x.open('ЗначенияРеквизитов')}${x.open('ЗначениеРеквизита')}${x.leaf('Наименование', 'ВидНоменклатуры')}${x.leaf('Значение', 'Товар')}${x.close('ЗначениеРеквизита')}${x.close('ЗначенияРеквизитов')}`;
  const taxes = `${x.open('СтавкиНалогов')}${x.open('СтавкаНалога')}${x.leaf('Наименование', 'НДС')}${x.leaf('Ставка', p.index % 2 === 0 ? '20' : '10')}${x.close('СтавкаНалога')}${x.close('СтавкиНалогов')}`;
  const groups = `${x.open('Группы')}${x.leaf('Ид', p.groupRef)}${x.close('Группы')}`;
  const description = x.leaf('Описание', 'Описание <b>товара</b> & прочее');
  const properties = `${x.open('ЗначенияСвойств')}${x.open('ЗначенияСвойства')}${x.leaf('Ид', t.colorPropertyRef)}${x.leaf('Значение', t.colorValueRef(p.index % colors.length))}${x.close('ЗначенияСвойства')}${x.close('ЗначенияСвойств')}`;
  const items: string[] = [];
  if (p.barcode !== null) {
    const head = `${x.leaf('Ид', p.ref)}${x.leaf(o.barcodeElement, p.barcode)}${x.leaf('Артикул', p.article)}`;
    // 2.03 writes requisites, taxes and groups before the name (commerceml.md §2.1): order must not matter.
    const body =
      o.version === '2.03'
        ? `${head}${requisites}${taxes}${groups}${description}${x.empty('Картинка', {})}${properties}${x.leaf('Наименование', p.name)}${unitXml(doc)}`
        : `${head}${x.leaf('Наименование', p.name)}${unitXml(doc)}${groups}${description}${properties}${taxes}${requisites}`;
    items.push(`\t\t\t${x.open('Товар', status)}${body}${deletionXml(doc, p.isDeleted)}${x.close('Товар')}\n`);
  }
  if (o.isVariantInCatalog) {
    for (const v of p.variants) {
      const traits = `${x.open('ХарактеристикиТовара')}${x.open('ХарактеристикаТовара')}${x.leaf('Наименование', 'Цвет')}${x.leaf('Значение', v.name)}${x.close('ХарактеристикаТовара')}${x.close('ХарактеристикиТовара')}`;
      items.push(`\t\t\t${x.open('Товар')}${x.leaf('Ид', `${p.ref}#${v.ref}`)}${x.leaf(o.barcodeElement, v.barcode ?? '')}${x.leaf('Артикул', p.article)}${x.leaf('Наименование', p.name)}${unitXml(doc)}${groups}${traits}${x.close('Товар')}\n`);
    }
  }
  return items.join('');
}

async function writeCatalog(doc: Doc, withItems: boolean): Promise<void> {
  const { x, o, t, w } = doc;
  await w.write(`\t${x.open('Каталог', flagAttr(o))}\n\t\t${x.leaf('Ид', doc.catalogRef)}\n\t\t${x.leaf('ИдКлассификатора', doc.catalogRef)}\n\t\t${x.leaf('Наименование', 'Основной каталог товаров')}\n`);
  if (withItems) {
    await w.write(`\t\t${x.open('Товары')}\n`);
    for (let i = 0; i < o.products; i += 1) {
      if (!o.only(i)) continue;
      await w.write(productXml(doc, t.product(i)));
    }
    await w.write(`\t\t${x.close('Товары')}\n`);
  }
  await w.write(`${flagElement(doc)}\t${x.close('Каталог')}\n`);
}

type OfferParts = { names: boolean; prices: boolean; stock: boolean };

function offerXml(doc: Doc, p: TruthProduct, parts: OfferParts): string {
  const { x, o, t } = doc;
  if (p.isDeleted) {
    if (o.deletionForm !== 'bitrix' || !parts.names) return '';
    return `\t\t\t${x.open('Предложение')}${x.leaf('Ид', p.ref)}${x.leaf('Наименование', p.name)}${x.leaf('Статус', 'Удален')}${x.close('Предложение')}\n`;
  }
  const prices = t.prices(p.index);
  const stock = t.stock(p.index);
  const keys = p.variants.length > 0 ? p.variants.map((v) => ({ charRef: v.ref as string | null, variant: v })) : [{ charRef: null, variant: null }];
  let out = '';
  for (const { charRef, variant } of keys) {
    let body = x.leaf('Ид', charRef === null ? p.ref : `${p.ref}#${charRef}`);
    if (parts.names) {
      body += x.leaf('Наименование', variant && !o.isVariantInCatalog ? `${p.name} (${variant.name})` : p.name) + unitXml(doc);
      if (variant && !o.isVariantInCatalog) {
        // 3.1 names a variant only through property values (Справочник Ид); earlier versions through traits.
        body +=
          o.version === '3.1'
            ? `${x.open('ЗначенияСвойств')}${x.open('ЗначенияСвойства')}${x.leaf('Ид', t.colorPropertyRef)}${x.leaf('Значение', t.colorValueRef(variant.colorIndex))}${x.close('ЗначенияСвойства')}${x.close('ЗначенияСвойств')}`
            : `${x.open('ХарактеристикиТовара')}${x.open('ХарактеристикаТовара')}${x.leaf('Наименование', 'Цвет')}${x.leaf('Значение', variant.name)}${x.close('ХарактеристикаТовара')}${x.close('ХарактеристикиТовара')}`;
      }
      if (isPackageEra(o)) body += x.leaf('ПометкаУдаления', 'false');
    }
    if (parts.prices) {
      body += x.open('Цены');
      for (const [k, price] of prices.filter((r) => r.charRef === charRef).entries()) {
        const text = formatKopecks(price.kopecks, p.index + k);
        body += `${x.open('Цена')}${x.leaf('Представление', `${text} руб. за шт`)}${x.leaf('ИдТипаЦены', price.typeRef)}${x.leaf('ЦенаЗаЕдиницу', text)}${x.leaf('Валюта', 'руб')}${x.leaf('Единица', 'шт')}${x.leaf('Коэффициент', '1')}${x.close('Цена')}`;
      }
      body += x.close('Цены');
    }
    if (parts.stock) {
      const rows = stock.filter((r) => r.charRef === charRef);
      const total = rows.reduce((sum, r) => sum + r.qty, 0);
      if (o.stockForm === 'rests') {
        body += x.open('Остатки');
        for (const r of rows) body += `${x.open('Остаток')}${x.open('Склад')}${x.leaf('Ид', r.warehouseRef)}${x.leaf('Количество', formatThousandths(r.qty))}${x.close('Склад')}${x.close('Остаток')}`;
        body += x.close('Остатки');
      } else {
        body += x.leaf('Количество', formatThousandths(total));
        if (o.stockForm === 'attribute') for (const r of rows) body += x.empty('Склад', { ИдСклада: r.warehouseRef, КоличествоНаСкладе: formatThousandths(r.qty) });
      }
    }
    out += `\t\t\t${x.open('Предложение')}${body}${x.close('Предложение')}\n`;
  }
  return out;
}

async function writePackage(doc: Doc, parts: OfferParts, header: string): Promise<void> {
  const { x, o, t, w } = doc;
  await w.write(`\t${x.open('ПакетПредложений', flagAttr(o))}\n\t\t${x.leaf('Ид', `${doc.catalogRef}#`)}\n\t\t${x.leaf('Наименование', 'Пакет предложений')}\n`);
  await w.write(`\t\t${x.leaf('ИдКаталога', doc.catalogRef)}\n\t\t${x.leaf('ИдКлассификатора', doc.catalogRef)}\n${header}\t\t${x.open('Предложения')}\n`);
  for (let i = 0; i < o.products; i += 1) {
    if (!o.only(i)) continue;
    await w.write(offerXml(doc, t.product(i), parts));
  }
  await w.write(`\t\t${x.close('Предложения')}\n${flagElement(doc)}\t${x.close('ПакетПредложений')}\n`);
}

/** Writes the exchange's files into `dir` and returns them (in the order 1C would send them) with the truth. */
export async function generateExchange(dir: string, options: CmlGeneratorOptions): Promise<GeneratedExchange> {
  const o = resolveOptions(options);
  const t = createTruth(o);
  const files: GeneratedFile[] = [];
  const suffix = o.packages ? `___${refOf(o.seed, 'catalog', o.revision + 1)}` : '';
  const document = async (name: string, body: (doc: Doc) => Promise<void>): Promise<void> => {
    const doc = await startDocument(dir, name, o, t);
    await body(doc);
    files.push(await endDocument(doc, name));
  };
  if (o.headerOnlyCatalog) {
    await document('classifier.xml', async (doc) => {
      await doc.w.write(classifierXml(doc));
      await writeCatalog(doc, false);
    });
  }
  await document(`import${suffix}.xml`, async (doc) => {
    if (!o.headerOnlyCatalog) await doc.w.write(classifierXml(doc));
    await writeCatalog(doc, true);
  });
  const inOffers = o.priceTypesIn === 'offers';
  if (o.packages) {
    await document(`offers${suffix}.xml`, (doc) => writePackage(doc, { names: true, prices: false, stock: false }, ''));
    await document(`prices${suffix}.xml`, (doc) => writePackage(doc, { names: false, prices: true, stock: false }, inOffers ? priceTypesXml(doc) : ''));
    await document(`rests${suffix}.xml`, (doc) => writePackage(doc, { names: false, prices: false, stock: true }, inOffers ? warehousesXml(doc) : ''));
  } else {
    await document('offers.xml', (doc) => writePackage(doc, { names: true, prices: true, stock: true }, inOffers ? priceTypesXml(doc) + warehousesXml(doc) : ''));
  }
  return { files, truth: t };
}
