import { useTranslation } from 'react-i18next';
import { shownName, withName } from './setup-form';

type Props = {
  /** The shipped profile's names by path (null: not read). */
  shipped: Readonly<Record<string, string | null>>;
  names: Readonly<Record<string, string>>;
  isLocked: boolean;
  onChange: (names: Record<string, string>) => void;
};

/** «Имена в 1С»: every catalog and register name of the profile, each overridable for this base. */
export function ProfileNamesEditor({ shipped, names, isLocked, onChange }: Props) {
  const { t } = useTranslation();
  const changed = Object.keys(names).length;
  return (
    <details data-testid="wizard-names" open={changed > 0}>
      <summary>{t('wizard.names', { count: changed })}</summary>
      <p className="note">{t('wizard.namesHint')}</p>
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th>{t('wizard.namePath')}</th>
              <th>{t('wizard.nameShipped')}</th>
              <th>{t('wizard.nameHere')}</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(shipped).map(([path, name]) => (
              <tr key={path}>
                <td className="mono">{path}</td>
                <td className="mono">{name ?? '—'}</td>
                <td>
                  <input className="mono" value={shownName(names, path)} disabled={isLocked} spellCheck={false} onChange={(event) => onChange(withName(names, path, event.target.value))} data-testid={`wizard-name-${path}`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
