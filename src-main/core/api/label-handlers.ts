// The label channels: preview, print and batch selection, on the station's configured printers.
import { type DeviceSettings, type PrinterConfig } from '../../../src-preload/contract';
import { type AppDb } from '../db/open';
import { type DeviceSettingsService } from '../devices/settings/device-settings.service';
import { AppError } from '../errors/app-error';
import { labelCandidateForProduct, labelCandidatesForDocument, labelCandidatesWithChangedPrices } from '../labels/label-selection.repo';
import { type LabelTemplate } from '../labels/layout-types';
import { type LabelFormat, labelDate, previewPng, renderBatch, sendToPrinter } from '../labels/print-labels';
import { type Handlers } from './dispatch';

type LabelChannel = 'labels.preview' | 'labels.print' | 'labels.batch';

type Options = { template?: 'price-tag' | 'shelf-label'; size?: PrinterConfig['size']; dpi?: 203 | 300 } | undefined;

const templates: Record<'price-tag' | 'shelf-label', LabelTemplate> = { 'price-tag': 'price', 'shelf-label': 'shelf' };

function pickPrinter(settings: DeviceSettings, printerId: string | undefined): PrinterConfig | null {
  const id = printerId ?? settings.defaultPrinterId;
  return settings.printers.find((p) => p.id === id) ?? (printerId === undefined ? (settings.printers[0] ?? null) : null);
}

function formatOf(options: Options, printer: PrinterConfig | null): LabelFormat {
  return { template: templates[options?.template ?? 'price-tag'], size: options?.size ?? printer?.size ?? '58x40', dpi: options?.dpi ?? printer?.dpi ?? 203 };
}

export function createLabelHandlers(deps: { db: AppDb; deviceSettings: DeviceSettingsService; clock: () => number }): Pick<Handlers, LabelChannel> {
  const { db } = deps;
  return {
    'labels.preview': ({ productId, characteristicId, printerId, options }) => {
      const format = formatOf(options, pickPrinter(deps.deviceSettings.get(), printerId));
      const candidate = labelCandidateForProduct(db, productId, characteristicId ?? null);
      const png = previewPng({ ...candidate.product, date: labelDate(deps.clock()) }, format);
      return { pngBase64: png.toString('base64'), widthDots: png.readUInt32BE(16), heightDots: png.readUInt32BE(20) };
    },
    'labels.print': async ({ printerId, items, options }) => {
      const printer = pickPrinter(deps.deviceSettings.get(), printerId);
      if (!printer) throw new AppError('validation', 'Принтер этикеток не настроен: добавьте его на экране «Устройства».');
      const format = formatOf(options, printer);
      const date = labelDate(deps.clock());
      const batch = items.map((item) => ({ product: { ...labelCandidateForProduct(db, item.productId, item.characteristicId ?? null).product, date }, copies: item.copies }));
      const bytes = renderBatch(batch, format, printer.language);
      await sendToPrinter(printer.transport, bytes);
      return { labels: batch.reduce((n, b) => n + b.copies, 0), bytes: bytes.length, printer: printer.name || printer.id };
    },
    'labels.batch': (input) => {
      if (input.source === 'document') {
        return labelCandidatesForDocument(db, input.documentId).map((c) => ({
          productId: c.productId,
          characteristicId: c.characteristicId,
          name: c.product.name,
          price: c.isPriceMissing ? null : c.product.price,
          oldPrice: null,
          // A tag per piece received; weighed goods (fractions) get one.
          copies: c.qty % 1000 === 0 ? Math.max(1, Math.min(999, c.qty / 1000)) : 1,
        }));
      }
      return labelCandidatesWithChangedPrices(db).map((c) => ({
        productId: c.productId,
        characteristicId: c.characteristicId,
        name: c.product.name,
        price: c.isPriceMissing ? null : c.product.price,
        oldPrice: c.product.oldPrice ?? null,
        copies: 1,
      }));
    },
  };
}
