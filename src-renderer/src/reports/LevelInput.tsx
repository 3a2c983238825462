import { type KeyboardEvent, useState } from 'react';
import { parseQuantity } from '../documents/document-format';

type Props = {
  /** Thousandths, or null when not set. */
  value: number | null;
  format: (thousandths: number) => string;
  /** Saves the new value (null: cleared); resolves with an error message, or null when saved. */
  onCommit: (value: number | null) => Promise<string | null>;
  label: string;
  testId: string;
  invalidText: string;
};

/** A min or max typed in units, saved on Enter or when the field loses focus; Esc puts the value back. */
export function LevelInput({ value, format, onCommit, label, testId, invalidText }: Props) {
  const shown = value === null ? '' : format(value);
  // null: not being edited, the saved value shows.
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);

  async function commit(): Promise<void> {
    if (draft === null) return;
    const parsed = parseQuantity(draft);
    if (parsed.kind === 'invalid') return setError(invalidText);
    const next = parsed.kind === 'value' ? parsed.value : null;
    if (next === value) {
      setDraft(null);
      setError(null);
      return;
    }
    setIsSaving(true);
    const problem = await onCommit(next);
    setIsSaving(false);
    setError(problem);
    if (problem === null) setDraft(null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    if (event.key === 'Enter') {
      event.preventDefault();
      void commit();
    } else if (event.key === 'Escape') {
      setDraft(null);
      setError(null);
    }
  }

  return (
    <span className="level-input">
      <input
        type="text"
        inputMode="decimal"
        className="cell-input"
        data-testid={testId}
        aria-label={label}
        aria-invalid={error ? true : undefined}
        title={error ?? undefined}
        value={draft ?? shown}
        disabled={isSaving}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={() => void commit()}
        onKeyDown={onKeyDown}
      />
      {error && (
        <span className="cell-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
