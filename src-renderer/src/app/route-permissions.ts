import { type Permission } from '../../../src-preload/contract';
import { type Route } from './app-routes';

/** Sections a role cannot use at all are neither listed nor shown (core refuses their calls anyway). */
const routePermissions: Partial<Record<Route, Permission>> = {
  reports: 'reports',
  audit: 'audit.view',
  settings: 'settings',
  setup: 'settings',
  customers: 'view',
  exchange: 'exchange',
};

export function isRouteAllowed(route: Route, permissions: readonly Permission[]): boolean {
  const needed = routePermissions[route];
  return needed === undefined || permissions.includes(needed);
}
