import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/auth-context';
import { NavUser } from '../auth/NavUser';
import { hrefFor, type Route, routes, unlistedRoutes } from './app-routes';
import { isRouteAllowed } from './route-permissions';

/** Above this the badge shows "99+": the exact number is on the Оповещения screen. */
const maxBadgeCount = 99;

type Props = {
  current: Route;
  isSyncing: boolean;
  /** Unread alerts: a badge on «Оповещения» when above zero. */
  unreadAlerts: number;
  /** Customers changed here and in 1C, waiting for a decision: a badge on «Покупатели». */
  customerConflicts: number;
};

export function Nav({ current, isSyncing, unreadAlerts, customerConflicts }: Props) {
  const { t } = useTranslation();
  const { status } = useAuth();
  const visible = routes.filter((route) => !unlistedRoutes.includes(route) && isRouteAllowed(route, status.permissions));
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <div className="nav-brand">{t('app.title')}</div>
      <ul>
        {visible.map((route) => (
          <li key={route}>
            <a
              href={hrefFor(route)}
              data-testid={`nav-${route}`}
              aria-current={route === current ? 'page' : undefined}
              className={route === current ? 'nav-link is-active' : 'nav-link'}
            >
              {t(`nav.${route}`)}
              {route === 'sync' && isSyncing && (
                <span className="nav-activity" data-testid="nav-sync-activity" title={t('nav.syncing')}>
                  <span className="visually-hidden">{t('nav.syncing')}</span>
                </span>
              )}
              {route === 'alerts' && unreadAlerts > 0 && (
                <span className="nav-badge" data-testid="nav-alerts-badge" data-count={unreadAlerts} title={t('nav.alertsUnread', { count: unreadAlerts })}>
                  <span aria-hidden="true">{unreadAlerts > maxBadgeCount ? `${maxBadgeCount}+` : unreadAlerts}</span>
                  <span className="visually-hidden">{t('nav.alertsUnread', { count: unreadAlerts })}</span>
                </span>
              )}
              {route === 'customers' && customerConflicts > 0 && (
                <span className="nav-badge" data-testid="nav-customers-badge" data-count={customerConflicts} title={t('nav.customerConflicts', { count: customerConflicts })}>
                  <span aria-hidden="true">{customerConflicts > maxBadgeCount ? `${maxBadgeCount}+` : customerConflicts}</span>
                  <span className="visually-hidden">{t('nav.customerConflicts', { count: customerConflicts })}</span>
                </span>
              )}
            </a>
          </li>
        ))}
      </ul>
      <NavUser />
    </nav>
  );
}
