import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type IpcError, type Settings } from '../../../src-preload/contract';
import { errorMessage } from '../i18n/error-message';
import { isProfile, type Profile, profiles } from './onec-profiles';
import { SettingsSaveActions, SettingsSaveError } from './SettingsFormStatus';
import { useSettingsDraft } from './use-settings-draft';


/** The form keeps text as typed; numbers are parsed only on save, so a half-typed value is not lost. */
type Draft = {
  onecUrl: string;
  onecUser: string;
  onecProfile: Profile;
  onecOrganizationRef: string;
  stockTtlMinutes: string;
  syncSchedule: string;
};

type LocalProblem = 'settings.invalidTtl' | 'settings.invalidSchedule' | 'settings.invalidOrganizationRef';
type Problem = { kind: 'local'; key: LocalProblem } | { kind: 'host'; error: IpcError };

const invalidFields = {
  'settings.invalidTtl': 'ttl',
  'settings.invalidSchedule': 'schedule',
  'settings.invalidOrganizationRef': 'organization',
} as const satisfies Record<LocalProblem, string>;

// The contract's form of a 1C ref. 1C shows refs in lower case; one pasted from elsewhere in upper
// case or in braces is the same ref, so it is normalised rather than refused.
const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function normaliseRef(text: string): string {
  return text.trim().replace(/^\{(.*)\}$/, '$1').toLowerCase();
}

function toDraft(settings: Settings): Draft {
  return {
    onecUrl: settings.onecUrl,
    onecUser: settings.onecUser,
    onecProfile: settings.onecProfile,
    onecOrganizationRef: settings.onecOrganizationRef,
    stockTtlMinutes: String(settings.stockTtlMinutes),
    syncSchedule: settings.syncSchedule,
  };
}

type Props = {
  settings: Settings;
  onChange: (settings: Settings) => void;
};

export function OnecSettingsForm({ settings, onChange }: Props) {
  const { t } = useTranslation();
  const { draft, edit, isSaving, isSaved, setIsSaved, save } = useSettingsDraft(settings, toDraft, onChange);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setIsSaved(false);
    // Only what the host cannot explain well is checked here: a number field that is not a
    // number, and a schedule with the wrong number of fields. The URL is the host's to judge.
    const ttl = Number(draft.stockTtlMinutes.trim());
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > 24 * 60) {
      setProblem({ kind: 'local', key: 'settings.invalidTtl' });
      return;
    }
    const schedule = draft.syncSchedule.trim().replace(/\s+/g, ' ');
    const fieldCount = schedule === '' ? 0 : schedule.split(' ').length;
    if (fieldCount !== 5 && fieldCount !== 6) {
      setProblem({ kind: 'local', key: 'settings.invalidSchedule' });
      return;
    }
    const organizationRef = normaliseRef(draft.onecOrganizationRef);
    if (organizationRef !== '' && !guidPattern.test(organizationRef)) {
      setProblem({ kind: 'local', key: 'settings.invalidOrganizationRef' });
      return;
    }
    setProblem(null);
    const result = await save({
      onecUrl: draft.onecUrl.trim(),
      onecUser: draft.onecUser.trim(),
      onecProfile: draft.onecProfile,
      onecOrganizationRef: organizationRef,
      stockTtlMinutes: ttl,
      syncSchedule: schedule,
    });
    if (!result.ok) setProblem({ kind: 'host', error: result.error });
  }

  const invalidField = problem?.kind === 'local' ? invalidFields[problem.key] : null;

  return (
    <form className="form form-onec" data-testid="onec-form" onSubmit={(event) => void onSubmit(event)} noValidate>
      <label className="field field-wide">
        <span className="field-label">{t('settings.onecUrl')}</span>
        <input
          type="url"
          data-testid="onec-url"
          value={draft.onecUrl}
          onChange={(event) => edit({ onecUrl: event.target.value })}
          autoComplete="off"
          spellCheck={false}
          aria-describedby="onec-url-hint"
        />
        <span className="field-hint" id="onec-url-hint">
          {t('settings.onecUrlHint')}
        </span>
      </label>
      <label className="field">
        <span className="field-label">{t('settings.onecUser')}</span>
        <input
          type="text"
          data-testid="onec-user"
          value={draft.onecUser}
          onChange={(event) => edit({ onecUser: event.target.value })}
          autoComplete="off"
          spellCheck={false}
        />
      </label>
      <p className="note" data-testid="onec-password-note">
        {t('settings.onecPasswordNote')}
      </p>
      <label className="field">
        <span className="field-label">{t('settings.onecProfile')}</span>
        <select
          data-testid="onec-profile"
          value={draft.onecProfile}
          onChange={(event) => {
            if (isProfile(event.target.value)) edit({ onecProfile: event.target.value });
          }}
        >
          {profiles.map((profile) => (
            <option key={profile} value={profile}>
              {t(`settings.profiles.${profile}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field field-wide">
        <span className="field-label">{t('settings.onecOrganizationRef')}</span>
        <input
          type="text"
          className="mono"
          data-testid="onec-organization-ref"
          value={draft.onecOrganizationRef}
          aria-invalid={invalidField === 'organization' || undefined}
          aria-describedby="onec-organization-ref-hint"
          onChange={(event) => edit({ onecOrganizationRef: event.target.value })}
          autoComplete="off"
          spellCheck={false}
        />
        <span className="field-hint" id="onec-organization-ref-hint">
          {t('settings.onecOrganizationRefHint')}
        </span>
      </label>
      <label className="field">
        <span className="field-label">{t('settings.stockTtlMinutes')}</span>
        <input
          type="number"
          inputMode="numeric"
          min={1}
          max={24 * 60}
          step={1}
          data-testid="stock-ttl"
          value={draft.stockTtlMinutes}
          aria-invalid={invalidField === 'ttl' || undefined}
          onChange={(event) => edit({ stockTtlMinutes: event.target.value })}
        />
      </label>
      <label className="field">
        <span className="field-label">{t('settings.syncSchedule')}</span>
        <input
          type="text"
          className="mono"
          data-testid="sync-schedule"
          value={draft.syncSchedule}
          aria-invalid={invalidField === 'schedule' || undefined}
          aria-describedby="sync-schedule-hint"
          onChange={(event) => edit({ syncSchedule: event.target.value })}
          autoComplete="off"
          spellCheck={false}
        />
        <span className="field-hint" id="sync-schedule-hint">
          {t('settings.syncScheduleHint')}
        </span>
      </label>
      <SettingsSaveActions isSaving={isSaving} isSaved={isSaved} saveTestId="onec-save" savedTestId="onec-saved" />
      {problem && <SettingsSaveError testId="onec-error" message={problem.kind === 'local' ? t(problem.key) : errorMessage(t, problem.error)} />}
    </form>
  );
}
