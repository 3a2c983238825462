import { type KeyboardEvent } from 'react';

type Tab<T extends string> = { id: T; label: string };

type Props<T extends string> = {
  tabs: readonly Tab<T>[];
  current: T;
  onSelect: (id: T) => void;
  label: string;
  /** Tab ids become `${idPrefix}-tab-${id}`; panels are labelled by them. */
  idPrefix: string;
};

/** WAI-ARIA tabs: arrow keys move between tabs, the selected one is the only Tab stop. */
export function TabBar<T extends string>({ tabs, current, onSelect, label, idPrefix }: Props<T>) {
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    const index = tabs.findIndex((tab) => tab.id === current);
    const next = tabs[(index + step + tabs.length) % tabs.length];
    if (!next) return;
    event.preventDefault();
    onSelect(next.id);
    document.getElementById(`${idPrefix}-tab-${next.id}`)?.focus();
  }

  return (
    <div className="tab-bar" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          id={`${idPrefix}-tab-${tab.id}`}
          aria-controls={`${idPrefix}-panel`}
          aria-selected={tab.id === current}
          tabIndex={tab.id === current ? 0 : -1}
          data-testid={`${idPrefix}-tab-${tab.id}`}
          className={tab.id === current ? 'tab is-active' : 'tab'}
          onClick={() => onSelect(tab.id)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
