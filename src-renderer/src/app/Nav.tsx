import { useTranslation } from 'react-i18next';
import { hrefFor, type Route, routes } from './app-routes';

export function Nav({ current }: { current: Route }) {
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
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
