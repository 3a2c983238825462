import { type PrilavokApi } from '../../../src-preload/contract';
import { createWebTransport } from './web-transport';

function isPrilavokApi(value: unknown): value is PrilavokApi {
  return (
    typeof value === 'object' &&
    value !== null &&
    'invoke' in value &&
    typeof value.invoke === 'function' &&
    'on' in value &&
    typeof value.on === 'function'
  );
}

// window.api is exposed by the Electron preload and absent when the web host serves the renderer.
// Checked at run time instead of declared on Window: a global declaration would claim it always exists.
const preloadApi: unknown = Reflect.get(window, 'api');

/** The one transport the whole renderer uses: the preload bridge in Electron, HTTP + SSE otherwise. */
export const api: PrilavokApi = isPrilavokApi(preloadApi) ? preloadApi : createWebTransport();
