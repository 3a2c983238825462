import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { type TrendPoint } from '../../../src-preload/contract';
import { createStockFormatters } from '../stock/stock-format';
import { type ChartRow, type TrendMetric, toChartRows, trendMetrics } from './trend-series';

type Props = { points: readonly TrendPoint[] };

const chartHeight = 260;
const lineColor = '#1f5fbf';
const dashPattern = '6 4';

/** "2024-05-01" → "01.05": the day is local already, no time zone conversion. */
function shortDay(day: string): string {
  const [, month, date] = day.split('-');
  return month && date ? `${date}.${month}` : day;
}

/** Stock over the chosen days: snapshotted days solid, days rebuilt from movements dashed. */
export function StockTrendChart({ points }: Props) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const [metric, setMetric] = useState<TrendMetric>('qty');
  const rows = useMemo(() => toChartRows(points, metric), [points, metric]);
  const backfilled = points.filter((p) => p.isBackfilled).length;
  const formatValue = (raw: number): string => (metric === 'qty' ? format.qty(raw) : `${format.price(raw)} ₽`);

  return (
    <div className="trend-chart" data-testid="dash-trend" data-points={points.length} data-backfilled={backfilled} data-metric={metric}>
      <div className="toolbar toolbar-tight">
        <div className="segmented" role="group" aria-label={t('dashboard.trend.metric')}>
          {trendMetrics.map((m) => (
            <button key={m} type="button" aria-pressed={metric === m} data-testid={`dash-trend-metric-${m}`} onClick={() => setMetric(m)}>
              {t(`dashboard.trend.metrics.${m}`)}
            </button>
          ))}
        </div>
        <span className="trend-legend">
          <span className="legend-solid" aria-hidden="true" /> {t('dashboard.trend.snapshot')}
          <span className="legend-dashed" aria-hidden="true" /> {t('dashboard.trend.backfilled')}
        </span>
      </div>
      {points.length === 0 ? (
        <p className="empty" data-testid="dash-trend-empty">
          {t('dashboard.trend.empty')}
        </p>
      ) : (
        <div role="img" aria-label={t('dashboard.trend.chartLabel', { count: points.length, backfilled })}>
          <ResponsiveContainer width="100%" height={chartHeight}>
            <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
              <CartesianGrid strokeDasharray="2 4" vertical={false} />
              <XAxis dataKey="day" tickFormatter={shortDay} minTickGap={16} />
              <YAxis width={90} tickFormatter={(v: number) => formatValue(v)} domain={['auto', 'auto']} />
              <Tooltip
                content={({ active, payload }) => {
                  // Both lines hold a boundary day; the row itself says what the day is.
                  const row = payload?.[0]?.payload as ChartRow | undefined;
                  if (!active || !row) return null;
                  return (
                    <div className="trend-tooltip">
                      <div>{row.day}</div>
                      <strong>{formatValue(row.raw)}</strong>
                      <div className="muted">{row.isBackfilled ? t('dashboard.trend.backfilledPoint') : t('dashboard.trend.snapshotPoint')}</div>
                    </div>
                  );
                }}
              />
              <Line type="monotone" dataKey="solid" stroke={lineColor} strokeWidth={2} dot={false} connectNulls={false} isAnimationActive={false} />
              <Line
                type="monotone"
                dataKey="dashed"
                stroke={lineColor}
                strokeWidth={2}
                strokeDasharray={dashPattern}
                dot={false}
                connectNulls={false}
                isAnimationActive={false}
                className="trend-backfilled"
              />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </div>
  );
}
