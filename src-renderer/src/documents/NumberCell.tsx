import { type KeyboardEvent, useState } from 'react';
import { type Parsed } from './document-format';

type Props = {
  /** The host's value (thousandths or kopecks); null = empty. */
  value: number | null;
  toText: (value: number) => string;
  parse: (text: string) => Parsed;
  /** Whether an empty field is a value (no expected quantity, no price) or a mistake. */
  isEmptyAllowed: boolean;
  /** Saves the value; resolves false when the host refused it (the typed text then stays). */
  onCommit: (value: number | null) => Promise<boolean>;
  /** Called after Enter: the editor puts focus back into the scan field. */
  onDone: () => void;
  label: string;
  invalidMessage: string;
  testId: string;
};

/**
 * A number the user edits in place. The typed text is kept as is while editing, saved on Enter or
 * when focus leaves, and replaced by the host's value once saved. Escape puts the saved value back.
 */
export function NumberCell({ value, toText, parse, isEmptyAllowed, onCommit, onDone, label, invalidMessage, testId }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const [isInvalid, setIsInvalid] = useState(false);
  const [isSaving, setIsSaving] = useState(false);
  const shown = draft ?? (value === null ? '' : toText(value));

  function check(text: string): { isValid: true; value: number | null } | { isValid: false } {
    const parsed = parse(text);
    if (parsed.kind === 'invalid' || (parsed.kind === 'empty' && !isEmptyAllowed)) return { isValid: false };
    return { isValid: true, value: parsed.kind === 'value' ? parsed.value : null };
  }

  async function commit(): Promise<void> {
    if (draft === null || isSaving) return;
    const checked = check(draft);
    if (!checked.isValid) {
      setIsInvalid(true);
      return;
    }
    if (checked.value === value) {
      setDraft(null);
      setIsInvalid(false);
      return;
    }
    setIsSaving(true);
    const isSaved = await onCommit(checked.value);
    setIsSaving(false);
    setIsInvalid(!isSaved);
    if (isSaved) setDraft(null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    if (event.key === 'Enter') {
      event.preventDefault();
      if (draft !== null && !check(draft).isValid) {
        setIsInvalid(true);
        return;
      }
      // Moving focus away saves through onBlur, once; if focus could not move, save here.
      const input = event.currentTarget;
      onDone();
      if (document.activeElement === input) void commit();
    } else if (event.key === 'Escape') {
      setDraft(null);
      setIsInvalid(false);
    }
  }

  return (
    <>
      <input
        type="text"
        inputMode="decimal"
        className="cell-input num"
        data-testid={testId}
        data-value={value ?? ''}
        aria-label={label}
        aria-invalid={isInvalid || undefined}
        title={isInvalid ? invalidMessage : undefined}
        value={shown}
        onFocus={(event) => event.currentTarget.select()}
        onChange={(event) => {
          setDraft(event.target.value);
          setIsInvalid(false);
        }}
        onBlur={() => void commit()}
        onKeyDown={onKeyDown}
        autoComplete="off"
        spellCheck={false}
      />
      {isInvalid && (
        <span className="cell-error" role="alert" data-testid={`${testId}-error`}>
          {invalidMessage}
        </span>
      )}
    </>
  );
}
