import { useCallback, useState } from 'react';
import { type DeviceSettings, type InvokeInput, type IpcError, type IpcResult } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { useInvoke } from '../api/use-invoke';
import { useScanCapture } from '../scan-capture/scan-capture-context';

export type DeviceSettingsPatch = InvokeInput<'devices.settings.set'>;

export type DeviceSettingsControl = {
  /** undefined until devices.settings.get answered. */
  settings: DeviceSettings | undefined;
  loadError: IpcError | null;
  /** Saves a part of the settings; the scan capture uses saved keyboard thresholds from the next key on. */
  save: (patch: DeviceSettingsPatch) => Promise<IpcResult<DeviceSettings>>;
};

export function useDeviceSettings(): DeviceSettingsControl {
  const loaded = useInvoke('devices.settings.get', {});
  const [saved, setSaved] = useState<DeviceSettings | null>(null);
  const { applySettings } = useScanCapture();

  const save = useCallback(
    async (patch: DeviceSettingsPatch) => {
      const result = await api.invoke('devices.settings.set', patch);
      if (result.ok) {
        setSaved(result.value);
        applySettings(result.value.keyboard);
      }
      return result;
    },
    [applySettings],
  );

  return { settings: saved ?? loaded.value, loadError: loaded.status === 'error' ? loaded.error : null, save };
}

/** The first `prefix-N` id not taken (ids name devices in scan events and settings; [\w-]+). */
export function nextDeviceId(prefix: string, taken: readonly { id: string }[]): string {
  const ids = new Set(taken.map((item) => item.id));
  for (let n = 1; ; n += 1) if (!ids.has(`${prefix}-${n}`)) return `${prefix}-${n}`;
}
