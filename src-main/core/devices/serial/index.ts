// Serial (RS-232 / USB virtual COM) scanners: port listing, the reader, the device manager.
export { findUsbPort, fromNativePortInfo, listSerialPorts, type ListSerialPortsOptions, type NativePortInfo, type UsbMatch } from './list-ports';
export { defaultReconnectBackoff, reconnectDelayMs, type ReconnectBackoff } from './reconnect-backoff';
export {
  createScanFramer,
  defaultMaxFrameBytes,
  defaultScanTimeoutMs,
  defaultUnterminatedTimeoutMs,
  scanFramings,
  scanSuffixes,
  suffixBytes,
  type FrameErrorReason,
  type FramerOutput,
  type ScanFramer,
  type ScanFraming,
  type ScanSuffix,
} from './scan-framer';
export {
  createSerialDeviceManager,
  type SerialDeviceManager,
  type SerialDeviceManagerOptions,
  type SerialDeviceState,
  type SerialDeviceStatus,
} from './serial-device-manager';
export { compareSerialPaths, normalizeUsbId, type SerialPortInfo, type SerialPortKind } from './serial-port-info';
export {
  openSerialScanner,
  type Scan,
  type ScanFrameError,
  type SerialDataBits,
  type SerialParity,
  type SerialScanner,
  type SerialScannerOptions,
  type SerialScannerState,
  type SerialScannerStateChange,
  type SerialScannerStatus,
  type SerialStopBits,
} from './serial-scanner';
export { serialScannerSettings, type SerialScannerSettings, type SerialScannerSettingsInput } from './serial-scanner.schema';
export { listSysfsSerialPorts, type SysfsListOptions } from './sysfs-ports';
