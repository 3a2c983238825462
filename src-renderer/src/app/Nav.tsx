import { useTranslation } from 'react-i18next';
import { hrefFor, type Route, routes } from './app-routes';

export function Nav({ current, isSyncing }: { current: Route; isSyncing: boolean }) {
  const { t } = useTranslation();
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <div className="nav-brand">{t('app.title')}</div>
      <ul>
        {routes.map((route) => (
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
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
