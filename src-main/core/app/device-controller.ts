// The serial scanners of this station, running for as long as the app runs: opened from the device
// settings, reopened when they change, each scan resolved (devices/scans) and pushed to the renderer
// as a `scans.received` event. Keyboard-wedge scans do not pass here: the renderer sends them.
import { type DeviceSettings, type InvokeOutput } from '../../../src-preload/contract';
import { type EventBus } from '../api/event-bus';
import { type AppDb } from '../db/open';
import { toLogFormat } from '../errors/app-error';
import { type Logger } from '../logging/logger';
import { handleScan } from '../devices/scans/scan.service';
import { createSerialDeviceManager, type SerialDeviceManager } from '../devices/serial';
import { type SettingsService } from '../settings/settings.service';

export type DeviceController = {
  /** Applies the scanner settings (opening, reopening or closing ports). */
  apply(settings: DeviceSettings): Promise<void>;
  status(): InvokeOutput<'devices.status'>;
  close(): Promise<void>;
};

export function createDeviceController(deps: { db: AppDb; settings: SettingsService; events: EventBus; logger: Logger; clock: () => number }): DeviceController {
  let manager: SerialDeviceManager | null = null;
  const status = (): InvokeOutput<'devices.status'> => ({
    scanners: (manager?.status() ?? []).map((s) => ({
      id: s.id,
      state: s.state,
      path: s.path,
      lastError: s.lastError ?? null,
      scanCount: s.scanCount,
      lastScanAt: s.lastScanAt ?? null,
    })),
  });
  const toManagerSettings = (settings: DeviceSettings) =>
    settings.scanners.map((s) => ({ id: s.id, path: s.path, baudRate: s.baudRate, framing: s.framing, suffix: s.suffix, timeoutMs: s.timeoutMs, isEnabled: s.isEnabled }));

  return {
    async apply(settings) {
      const scanners = toManagerSettings(settings);
      if (manager === null) {
        if (scanners.length === 0) return;
        manager = createSerialDeviceManager({
          scanners,
          logger: deps.logger,
          clock: deps.clock,
          onScan: (scan) => {
            try {
              const home = deps.settings.get().homeWarehouseId;
              const result = handleScan(deps.db, { raw: scan.bytes, device: scan.device }, { userId: null, now: scan.at, homeWarehouseId: home });
              deps.events.emit('scans.received', { ...result, device: scan.device, at: scan.at });
            } catch (err) {
              deps.logger.error(`scan from ${scan.device} not handled: ${toLogFormat(err)}`);
            }
          },
          onFrameError: (error) => deps.logger.warn(`scanner ${error.device}: ${error.reason} frame of ${error.bytes.length} bytes dropped`),
          onStatusChange: () => deps.events.emit('devices.changed', status()),
        });
        return;
      }
      await manager.update(scanners);
      deps.events.emit('devices.changed', status());
    },
    status,
    async close() {
      await manager?.close();
      manager = null;
    },
  };
}
