// Printing a batch of labels on a configured printer: each label rendered from the same display list
// the preview shows, copies repeated, the bytes sent in one write over the printer's transport.
import { type LabelDpi, type LabelSize, type LabelTemplate } from './layout-types';
import { type LabelProduct } from './layout-types';
import { type LabelLanguage, renderLabel, renderLabelPng } from './render-label';
import { writeToDeviceFile } from './transports/device-file.transport';
import { writeToSerialPath } from './transports/serial.transport';
import { printViaWindowsSpooler } from './transports/windows-spooler.transport';

export type PrinterTransport =
  | { kind: 'serial'; path: string; baudRate: number }
  | { kind: 'path'; path: string }
  | { kind: 'spooler'; printerName: string };

export type LabelPrinter = { name: string; language: LabelLanguage; dpi: LabelDpi; size: LabelSize; transport: PrinterTransport };

export type LabelFormat = { template: LabelTemplate; size: LabelSize; dpi: LabelDpi };

/** "22.11.2026": the date printed on tags (the layout never reads the clock). */
export function labelDate(now: number): string {
  const d = new Date(now);
  return `${String(d.getDate()).padStart(2, '0')}.${String(d.getMonth() + 1).padStart(2, '0')}.${d.getFullYear()}`;
}

/** The printer's bytes for every label, copies repeated in order. */
export function renderBatch(items: readonly { product: LabelProduct; copies: number }[], format: LabelFormat, language: LabelLanguage): Buffer {
  const parts: Buffer[] = [];
  for (const item of items) {
    const one = renderLabel(item.product, format.template, format.size, format.dpi, language);
    for (let i = 0; i < item.copies; i += 1) parts.push(one);
  }
  return Buffer.concat(parts);
}

export async function sendToPrinter(transport: PrinterTransport, bytes: Buffer): Promise<void> {
  switch (transport.kind) {
    case 'serial':
      return writeToSerialPath({ path: transport.path, baudRate: transport.baudRate }, bytes);
    case 'path':
      return writeToDeviceFile(transport.path, bytes);
    case 'spooler':
      return printViaWindowsSpooler({ printerName: transport.printerName, bytes, documentName: 'Prilavok: ценники' });
  }
}

export function previewPng(product: LabelProduct, format: LabelFormat): Buffer {
  return renderLabelPng(product, format.template, format.size, format.dpi);
}
