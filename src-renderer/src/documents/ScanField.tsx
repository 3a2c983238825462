import { type KeyboardEvent, type RefObject, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ScanFeedback } from './use-scan-queue';

export type ScanOutcome = { isOk: true; message: string } | { isOk: false; message: string };

type Props = {
  inputRef: RefObject<HTMLInputElement | null>;
  isDisabled: boolean;
  /** A code typed here and confirmed with Enter. */
  onSubmit: (code: string) => void;
  /** The answer to the last scan, typed here or captured from a scanner anywhere on the screen. */
  feedback: ScanFeedback | null;
};

/**
 * The field for a code typed by hand (a barcode, an article, a 1C code) and confirmed with Enter.
 * A keyboard-wedge scanner's burst never lands here as text: the shell's scan capture takes it
 * (decoded by key position, GS intact) and the editor adds it; its answer shows under this field
 * like a typed code's. The field takes focus when the editor opens and takes it back whenever
 * focus falls to nothing.
 */
export function ScanField({ inputRef, isDisabled, onSubmit, feedback }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');

  useEffect(() => {
    if (!isDisabled) inputRef.current?.focus();
  }, [inputRef, isDisabled]);

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    // From the field itself, not the last render: keys typed just before Enter may not be rendered yet.
    const code = event.currentTarget.value.trim();
    if (code === '') return;
    setText('');
    onSubmit(code);
  }

  function onBlur(): void {
    // After the blur settles: only when focus went nowhere (a click on plain text or empty space),
    // not when the user moved to a quantity, the search or a button.
    window.setTimeout(() => {
      const input = inputRef.current;
      if (!input || input.disabled || !input.isConnected) return;
      const active = document.activeElement;
      if (active === null || active === document.body) input.focus();
    }, 0);
  }

  return (
    <div className="scan-block">
      <label className="field scan-field">
        <span className="field-label">{t('documents.editor.scan')}</span>
        <input
          ref={inputRef}
          type="text"
          className="scan-input mono"
          data-testid="scan-input"
          value={text}
          disabled={isDisabled}
          placeholder={isDisabled ? t('documents.editor.scanNotEditable') : t('documents.editor.scanPlaceholder')}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          onBlur={onBlur}
          autoComplete="off"
          spellCheck={false}
          enterKeyHint="done"
          aria-describedby="scan-feedback"
        />
      </label>
      {/* data-answers counts answered scans, so a test knows this scan's answer has arrived. */}
      <div id="scan-feedback" className="scan-feedback-slot" data-testid="scan-answers" data-answers={feedback?.seq ?? 0}>
        {feedback &&
          (feedback.isOk ? (
            <span key={feedback.seq} className="scan-feedback is-ok" role="status" data-testid="scan-feedback">
              {feedback.message}
            </span>
          ) : (
            <span key={feedback.seq} className="scan-feedback is-error" role="alert" data-testid="scan-error">
              {feedback.message}
            </span>
          ))}
      </div>
    </div>
  );
}
