// The scan and device channels: each a call into devices/ or the device controller.
import { type DeviceController } from '../app/device-controller';
import { type AppDb } from '../db/open';
import { type DeviceSettingsService } from '../devices/settings/device-settings.service';
import { handleScan, linkBarcode } from '../devices/scans/scan.service';
import { listSerialPorts } from '../devices/serial';
import { type SettingsService } from '../settings/settings.service';
import { type OutboxController } from '../app/outbox-controller';
import { type EventBus } from './event-bus';
import { type Actor } from '../security/desk-session';
import { type Handlers } from './dispatch';

export type DeviceHandlerDeps = {
  /** Who acts now (desk-session.ts): recorded on every audited change. */
  actor: () => Actor;
  db: AppDb;
  settings: SettingsService;
  deviceSettings: DeviceSettingsService;
  devices: DeviceController;
  outbox: OutboxController;
  events: EventBus;
  clock: () => number;
};

type DeviceChannel = 'scans.resolve' | 'scans.linkBarcode' | 'devices.settings.get' | 'devices.settings.set' | 'devices.ports' | 'devices.status';

export function createDeviceHandlers(deps: DeviceHandlerDeps): Pick<Handlers, DeviceChannel> {
  const { db, clock } = deps;
  const context = () => ({ userId: deps.actor().userId, now: clock(), homeWarehouseId: deps.settings.get().homeWarehouseId });
  return {
    'scans.resolve': ({ text, device, documentId }) => {
      const result = handleScan(db, { raw: text, device, documentId }, context());
      if (result.addedTo) {
        // Only an editable document takes lines, and adding one does not change its status.
        const status = db.sqlite.prepare('SELECT status FROM documents WHERE id = ?').pluck().get(result.addedTo.documentId) as 'draft' | 'rejected';
        deps.events.emit('documents.changed', { id: result.addedTo.documentId, status });
        deps.events.emit('data.changed', { tables: ['documents', 'stock'] });
      }
      return result;
    },
    'scans.linkBarcode': ({ code, productId, characteristicId }) => {
      const result = linkBarcode(db, { code, productId, characteristicId: characteristicId ?? null }, context());
      deps.events.emit('data.changed', { tables: ['barcodes', 'products'] });
      deps.outbox.kick();
      return result;
    },
    'devices.settings.get': () => deps.deviceSettings.get(),
    'devices.settings.set': async (patch) => {
      const next = deps.deviceSettings.set(patch);
      await deps.devices.apply(next);
      return next;
    },
    'devices.ports': async () =>
      (await listSerialPorts()).map((p) => ({
        path: p.path,
        kind: p.kind,
        ...(p.vendorId ? { vendorId: p.vendorId } : {}),
        ...(p.productId ? { productId: p.productId } : {}),
        ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
        ...(p.product ? { product: p.product } : {}),
        ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
      })),
    'devices.status': () => deps.devices.status(),
  };
}
