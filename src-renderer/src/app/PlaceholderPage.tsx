import { useTranslation } from 'react-i18next';
import { type Route } from './app-routes';

/** Sections that are planned but not built yet say so plainly instead of showing a fake screen. */
export function PlaceholderPage({ route }: { route: Route }) {
  const { t } = useTranslation();
  return (
    <section className="page">
      <header className="page-header">
        <h1 data-testid="page-title">{t(`nav.${route}`)}</h1>
      </header>
      <p className="placeholder" data-testid="placeholder">
        {t('placeholder.text')}
      </p>
    </section>
  );
}
