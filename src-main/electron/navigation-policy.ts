// Where the main window may go: pure decisions on URL strings, so that every one of them is tested
// under plain Node (the Electron runtime is not available where this project is built). No
// electron import here; main-window.ts only wires these answers to webContents events.

/** Sites whose links open in the user's browser (1C documentation). Exact https origins only. */
export const externalOrigins: readonly string[] = ['https://its.1c.ru', 'https://v8.1c.ru'];

export type NavigationPolicyOptions = {
  /** The renderer's own page as a file URL (`pathToFileURL(rendererFile).href`). */
  rendererFileUrl: string;
  /** electron-vite dev server, development only; undefined in a packaged app. */
  devUrl?: string | undefined;
  /** Defaults to externalOrigins; tests may pass their own. */
  externalOrigins?: readonly string[];
};

export type NavigationDecision =
  /** Our own page (another hash of it, or the dev server): the window may go there. */
  | { kind: 'allow' }
  /** An allowlisted site: never in the window, handed to the OS browser as this canonical URL. */
  | { kind: 'open-externally'; url: string }
  | { kind: 'deny' };

export type NavigationPolicy = {
  /** Is this frame URL our own page? (IPC answers only frames showing it.) */
  isOwnPage(url: string): boolean;
  /** The window itself navigating (will-navigate: links, location changes, form posts). */
  decideNavigation(url: string): NavigationDecision;
  /** A redirect or a subframe: only our own page, never anything opened outside. */
  decideRedirect(url: string): NavigationDecision;
  /** window.open / target=_blank: no second window, ever; allowlisted sites open outside. */
  decideWindowOpen(url: string): NavigationDecision;
};

const deny: NavigationDecision = { kind: 'deny' };
const allow: NavigationDecision = { kind: 'allow' };

/** WHATWG parsing, the same the browser does; a string it refuses is no destination at all. */
function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

function decodedPath(pathname: string): string | undefined {
  // An encoded separator (%2F, %5C) would decode into a path the URL does not show.
  if (/%2f|%5c/i.test(pathname)) return undefined;
  try {
    const decoded = decodeURIComponent(pathname);
    // A Windows path (file:///C:/…) names the same file whatever the letter case.
    return /^\/[A-Za-z]:\//.test(decoded) ? decoded.toLowerCase() : decoded;
  } catch {
    return undefined;
  }
}

export function createNavigationPolicy(options: NavigationPolicyOptions): NavigationPolicy {
  const parsedRenderer = parse(options.rendererFileUrl);
  const rendererPath = parsedRenderer === undefined ? undefined : decodedPath(parsedRenderer.pathname);
  if (parsedRenderer?.protocol !== 'file:' || rendererPath === undefined) {
    throw new Error(`rendererFileUrl must be a file: URL, got ${options.rendererFileUrl}`);
  }
  const renderer: URL = parsedRenderer;
  const dev = options.devUrl === undefined ? undefined : parse(options.devUrl);
  if (options.devUrl !== undefined && (dev === undefined || (dev.protocol !== 'http:' && dev.protocol !== 'https:'))) {
    throw new Error(`devUrl must be an http(s) URL, got ${options.devUrl}`);
  }
  const allowedExternal = new Set(options.externalOrigins ?? externalOrigins);

  function isRendererFile(url: URL): boolean {
    // Our index.html and nothing else: not another file next to it, not a file on another machine
    // (file://server/share is SMB on Windows), not the same page with a query string.
    return (
      url.protocol === 'file:' &&
      url.host === renderer.host &&
      url.search === '' &&
      url.username === '' &&
      url.password === '' &&
      decodedPath(url.pathname) === rendererPath
    );
  }

  function isInternal(url: URL): boolean {
    if (isRendererFile(url)) return true;
    // The origin (scheme, host and port) of the dev server, compared as parsed origins: a prefix
    // test would let http://localhost:51730/ or http://localhost:5173.evil.example/ through. The
    // scheme is compared too: blob:http://localhost:5173/… has the dev server's origin.
    return (
      dev !== undefined &&
      url.protocol === dev.protocol &&
      url.origin === dev.origin &&
      url.username === '' &&
      url.password === ''
    );
  }

  function externalTarget(url: URL): string | undefined {
    if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return undefined;
    // url.origin is canonical (lower case, punycode, default port dropped), so its.1c.ru.evil.example,
    // its.1c.ru:8443, its.1c.ru. and user@ tricks all fail the exact comparison. The OS browser gets
    // the re-serialised href, i.e. exactly the URL that was checked, not the raw string.
    return allowedExternal.has(url.origin) ? url.href : undefined;
  }

  return {
    isOwnPage(raw) {
      const url = parse(raw);
      return url !== undefined && isInternal(url);
    },
    decideNavigation(raw) {
      const url = parse(raw);
      if (url === undefined) return deny;
      if (isInternal(url)) return allow;
      const target = externalTarget(url);
      return target === undefined ? deny : { kind: 'open-externally', url: target };
    },
    decideRedirect(raw) {
      const url = parse(raw);
      return url !== undefined && isInternal(url) ? allow : deny;
    },
    decideWindowOpen(raw) {
      const url = parse(raw);
      const target = url === undefined ? undefined : externalTarget(url);
      return target === undefined ? deny : { kind: 'open-externally', url: target };
    },
  };
}
