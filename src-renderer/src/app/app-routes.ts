import { useEffect, useState } from 'react';

// Hash routing: the renderer is loaded from file:// in Electron and from / in the web host, and a
// hash works in both without a router package or server-side fallbacks.
export const routes = ['dashboard', 'stock', 'documents', 'customers', 'scan', 'alerts', 'reports', 'exchange', 'sync', 'devices', 'audit', 'settings', 'setup'] as const;
/** Reached from a banner and Настройки, not listed in the navigation. */
export const unlistedRoutes: readonly Route[] = ['setup'];
export type Route = (typeof routes)[number];

/** The start screen: a manager sees how the store stands before anything else (issue #6). */
export const defaultRoute: Route = 'dashboard';

/** A section and what follows it in the hash: `#/documents/<id>` is the documents section, param id. */
export type HashLocation = { route: Route; params: readonly string[] };

function isRoute(value: string): value is Route {
  return (routes as readonly string[]).includes(value);
}

export function locationFromHash(hash: string): HashLocation {
  const [name = '', ...rest] = hash.replace(/^#\/?/, '').split('/');
  if (!isRoute(name)) return { route: defaultRoute, params: [] };
  return { route: name, params: rest.filter(Boolean).map((part) => decodeURIComponent(part)) };
}

export function routeFromHash(hash: string): Route {
  return locationFromHash(hash).route;
}

export function hrefFor(route: Route, ...params: string[]): string {
  return `#/${[route, ...params.map((p) => encodeURIComponent(p))].join('/')}`;
}

/** The current hash location; the string is kept as state so equal hashes give an equal location. */
export function useHashLocation(): HashLocation {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const onChange = (): void => setHash(window.location.hash);
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return locationFromHash(hash);
}

export function useHashRoute(): Route {
  return useHashLocation().route;
}

export function navigateTo(route: Route, ...params: string[]): void {
  window.location.hash = hrefFor(route, ...params);
}
