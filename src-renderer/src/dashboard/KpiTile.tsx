import { type ReactNode } from 'react';

type Props = {
  label: string;
  value: string;
  /** The raw number, for tests and for screen readers that read data attributes. */
  rawValue: number;
  testId: string;
  isAlarm?: boolean;
  /** A link under the number (e.g. «Открыть документы»). */
  children?: ReactNode;
};

/** One figure of the store at a glance. */
export function KpiTile({ label, value, rawValue, testId, isAlarm = false, children }: Props) {
  return (
    <div className={isAlarm ? 'kpi-tile is-alarm' : 'kpi-tile'} data-testid={testId} data-value={rawValue} role="group" aria-label={label}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">{value}</div>
      {children && <div className="kpi-extra">{children}</div>}
    </div>
  );
}
