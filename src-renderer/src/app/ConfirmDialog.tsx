import { type ReactNode, useEffect, useRef } from 'react';

type Props = {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  isDanger?: boolean;
  testId: string;
};

/**
 * A modal question with two answers. A native <dialog> opened with showModal() gives Esc, the
 * focus trap and an inert background; the safe answer has focus, so a stray Enter (a scanner's
 * suffix) never confirms.
 */
export function ConfirmDialog({ title, children, confirmLabel, cancelLabel, onConfirm, onCancel, isDanger, testId }: Props) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    cancelRef.current?.focus();
    return () => {
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={dialogRef}
      className="confirm-dialog"
      data-testid={testId}
      aria-labelledby={`${testId}-title`}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={`${testId}-title`}>{title}</h2>
      <div className="confirm-body">{children}</div>
      <div className="form-actions confirm-actions">
        <button type="button" ref={cancelRef} className="button" data-testid={`${testId}-cancel`} onClick={onCancel}>
          {cancelLabel}
        </button>
        <button
          type="button"
          className={isDanger ? 'button-danger' : 'button-primary'}
          data-testid={`${testId}-confirm`}
          onClick={onConfirm}
        >
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
