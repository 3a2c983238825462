import { useTranslation } from 'react-i18next';
import { type TrendDays, trendDayOptions } from './use-stock-trend';

/** 7 / 30 / 90 days. */
export function TrendPeriod({ days, onChange }: { days: TrendDays; onChange: (days: TrendDays) => void }) {
  const { t } = useTranslation();
  return (
    <div className="segmented" role="group" aria-label={t('dashboard.trend.period')} data-testid="dash-trend-period">
      {trendDayOptions.map((d) => (
        <button key={d} type="button" aria-pressed={days === d} data-testid={`dash-trend-days-${d}`} onClick={() => onChange(d)}>
          {t('dashboard.trend.days', { count: d })}
        </button>
      ))}
    </div>
  );
}
