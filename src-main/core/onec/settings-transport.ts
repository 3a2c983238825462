import { type Settings } from '../../../src-preload/contract';
import { type OnecTransport } from './onec-transport';

/** The proxy and certificate settings every 1C client of this PC uses. */
export function transportFromSettings(settings: Pick<Settings, 'onecCaPem' | 'onecPinSha256' | 'onecProxyUrl'>): OnecTransport {
  return { caPem: settings.onecCaPem, pinSha256: settings.onecPinSha256, proxyUrl: settings.onecProxyUrl };
}
