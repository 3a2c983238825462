import { useState } from 'react';
import { type InvokeInput, type IpcResult, type Settings } from '../../../src-preload/contract';
import { api } from '../api/api-client';

/**
 * A settings form's draft and its save: edits clear «Сохранено»; a save that succeeds puts the saved
 * settings back in the draft, shows «Сохранено» and hands them to `onChange`. A refused save is the
 * caller's to explain (the result is returned).
 */
export function useSettingsDraft<Draft>(settings: Settings, toDraft: (settings: Settings) => Draft, onChange: (settings: Settings) => void) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(settings));
  const [isSaving, setIsSaving] = useState(false);
  const [isSaved, setIsSaved] = useState(false);

  function edit(patch: Partial<Draft>): void {
    setDraft((prev) => ({ ...prev, ...patch }));
    setIsSaved(false);
  }

  async function save(input: InvokeInput<'settings.set'>): Promise<IpcResult<Settings>> {
    setIsSaving(true);
    const result = await api.invoke('settings.set', input);
    setIsSaving(false);
    if (result.ok) {
      setDraft(toDraft(result.value));
      setIsSaved(true);
      onChange(result.value);
    }
    return result;
  }

  return { draft, edit, isSaving, isSaved, setIsSaved, save };
}
