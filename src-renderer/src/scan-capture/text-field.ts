// The focused text field, as the scan capture sees it: whether keys typed now would land in one,
// its value before a burst, and putting text back or in without losing React's onChange.

export type TextField = HTMLInputElement | HTMLTextAreaElement;

export type FieldSnapshot = { field: TextField; value: string; selectionStart: number | null; selectionEnd: number | null };

// Input types a person types characters into; checkboxes, buttons and ranges take no text.
const textInputTypes = new Set(['text', 'search', 'tel', 'url', 'email', 'password', 'number', '']);

/** The element with focus when it is an enabled, writable text field; null otherwise. */
export function focusedTextField(): TextField | null {
  const active = document.activeElement;
  if (active instanceof HTMLTextAreaElement) return active.disabled || active.readOnly ? null : active;
  if (active instanceof HTMLInputElement && textInputTypes.has(active.type)) return active.disabled || active.readOnly ? null : active;
  return null;
}

function selectionOf(field: TextField): { start: number | null; end: number | null } {
  // email and number inputs throw on selection access in some engines and report null in others.
  try {
    return { start: field.selectionStart, end: field.selectionEnd };
  } catch {
    return { start: null, end: null };
  }
}

export function takeSnapshot(field: TextField): FieldSnapshot {
  const { start, end } = selectionOf(field);
  return { field, value: field.value, selectionStart: start, selectionEnd: end };
}

/**
 * Sets the value the way typing does: through the prototype's setter (React tracks the instance
 * setter and would otherwise drop the change) and an `input` event React turns into onChange.
 */
function setValue(field: TextField, value: string, caret: { start: number | null; end: number | null }): void {
  const prototype = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(field, value);
  if (caret.start !== null && caret.end !== null) {
    try {
      field.setSelectionRange(caret.start, caret.end);
    } catch {
      // Inputs without a selection (number, email) keep the caret where the browser puts it.
    }
  }
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Puts the field back as it was before a scan's first key reached it. */
export function restoreSnapshot(snapshot: FieldSnapshot): void {
  const { field } = snapshot;
  if (!field.isConnected || field.value === snapshot.value) return;
  setValue(field, snapshot.value, { start: snapshot.selectionStart, end: snapshot.selectionEnd });
}

/** Types `text` at the caret (replacing the selection), as the held-back keys would have. */
export function insertAtCaret(field: TextField, text: string): void {
  if (text === '' || !field.isConnected) return;
  const { start, end } = selectionOf(field);
  const from = start ?? field.value.length;
  const to = end ?? from;
  let value = field.value.slice(0, from) + text + field.value.slice(to);
  if (field.maxLength >= 0 && value.length > field.maxLength) value = value.slice(0, field.maxLength);
  const caret = Math.min(value.length, from + text.length);
  setValue(field, value, start === null ? { start: null, end: null } : { start: caret, end: caret });
}
