// What a serial port listing says about one port, the same shape on every platform.

/**
 * - `usb`: a USB device (CDC-ACM / virtual COM / USB-serial bridge); VID/PID are known.
 * - `pty`: a pseudo-terminal given explicitly (socat pairs in tests, emulators).
 * - `other`: built-in UARTs, Bluetooth RFCOMM, anything without USB identity.
 */
export type SerialPortKind = 'usb' | 'pty' | 'other';

export type SerialPortInfo = {
  /** What to open: `/dev/ttyACM0`, `COM3`, or an explicitly given PTY link. */
  path: string;
  kind: SerialPortKind;
  /** Four lowercase hex digits (`0c2e`), as in sysfs `idVendor`. */
  vendorId?: string;
  productId?: string;
  manufacturer?: string;
  product?: string;
  serialNumber?: string;
  /**
   * Where the device is plugged in: the USB device's sysfs name on Linux (`1-2.3`, stable per
   * physical socket), serialport's `locationId` elsewhere.
   */
  location?: string;
  /** The USB interface number, for composite devices that expose several ports. */
  interfaceNumber?: number;
  /** The kernel driver (`cdc_acm`, `ftdi_sio`, `cp210x`, `serial8250`…) on Linux. */
  driver?: string;
  /** Windows PnP id (serialport's `pnpId`). */
  pnpId?: string;
};

/** Normalizes a VID/PID from any source (`0x0C2E`, `0C2E`, `c2e`) to four lowercase hex digits. */
export function normalizeUsbId(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const hex = value.trim().toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]{1,4}$/.test(hex)) return undefined;
  return hex.padStart(4, '0');
}

/** Orders ports as a person would read them: ttyACM2 before ttyACM10, COM3 before COM10. */
export function compareSerialPaths(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
