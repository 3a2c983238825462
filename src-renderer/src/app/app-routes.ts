import { useEffect, useState } from 'react';

// Hash routing: the renderer is loaded from file:// in Electron and from / in the web host, and a
// hash works in both without a router package or server-side fallbacks.
export const routes = ['stock', 'documents', 'scan', 'alerts', 'sync', 'devices', 'settings'] as const;
export type Route = (typeof routes)[number];

export const defaultRoute: Route = 'stock';

function isRoute(value: string): value is Route {
  return (routes as readonly string[]).includes(value);
}

export function routeFromHash(hash: string): Route {
  const name = hash.replace(/^#\/?/, '');
  return isRoute(name) ? name : defaultRoute;
}

export function hrefFor(route: Route): string {
  return `#/${route}`;
}

export function useHashRoute(): Route {
  const [route, setRoute] = useState<Route>(() => routeFromHash(window.location.hash));
  useEffect(() => {
    const onChange = (): void => setRoute(routeFromHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
