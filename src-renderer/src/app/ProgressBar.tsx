type Props = {
  testId: string;
  label: string;
  /** What the bar says in words (also shown beside it by the caller). */
  text: string;
  /** Where it stands; null while the total is unknown (the bar is then indeterminate). */
  value: { now: number; max: number; percent: number } | null;
};

/** An accessible progress bar (role progressbar), determinate when the total is known. */
export function ProgressBar({ testId, label, text, value }: Props) {
  return (
    <div
      className={value ? 'progress' : 'progress is-indeterminate'}
      role="progressbar"
      data-testid={testId}
      aria-label={label}
      aria-valuetext={text}
      aria-valuemin={value ? 0 : undefined}
      aria-valuemax={value?.max}
      aria-valuenow={value?.now}
    >
      <div className="progress-fill" style={value ? { width: `${value.percent}%` } : undefined} />
    </div>
  );
}
