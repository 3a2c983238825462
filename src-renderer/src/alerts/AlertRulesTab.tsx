import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AlertRule, type IpcError } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { useEvent } from '../api/use-event';
import { useInvoke } from '../api/use-invoke';
import { ConfirmDialog } from '../app/ConfirmDialog';
import { createStockFormatters } from '../stock/stock-format';
import { conditionText, scopeText } from './alert-text';
import { RuleEditorDialog } from './RuleEditorDialog';
import { ErrorAlert } from '../app/ErrorAlert';

type Editing = { rule: AlertRule | null } | null;

/** «Правила»: every rule with what it watches and how many products match it now. */
export function AlertRulesTab() {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const rules = useInvoke('alerts.rules.list', {});
  const { reload } = rules;
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<AlertRule | null>(null);
  const [actionError, setActionError] = useState<IpcError | null>(null);
  // matchingNow changes with every stock change.
  useEvent('alerts.changed', () => reload());
  useEvent('data.changed', () => reload());

  async function setActive(rule: AlertRule, isActive: boolean): Promise<void> {
    setActionError(null);
    const result = await api.invoke('alerts.rules.update', {
      id: rule.id,
      name: rule.name,
      scope: rule.scope,
      productId: rule.productId,
      groupId: rule.groupId,
      warehouseId: rule.warehouseId,
      condition: rule.condition,
      threshold: rule.threshold,
      cooldownMinutes: rule.cooldownMinutes,
      isActive,
      channels: rule.channels,
    });
    if (!result.ok) setActionError(result.error);
    reload();
  }

  async function remove(rule: AlertRule): Promise<void> {
    setDeleting(null);
    setActionError(null);
    const result = await api.invoke('alerts.rules.delete', { id: rule.id });
    if (!result.ok) setActionError(result.error);
    reload();
  }

  const items = rules.value?.items;
  const error = actionError ?? (rules.status === 'error' ? rules.error : null);

  return (
    <div className="tab-content">
      <div className="toolbar">
        <button type="button" className="button-primary" data-testid="rule-new" onClick={() => setEditing({ rule: null })}>
          {t('alerts.rules.new')}
        </button>
      </div>
      <ErrorAlert error={error} testId="rules-error" />
      {items && items.length === 0 ? (
        <p className="empty" data-testid="rules-empty">
          {t('alerts.rules.empty')}
        </p>
      ) : items ? (
        <div className="table-scroll">
          <table className="data-table" data-testid="rules-list">
            <caption className="visually-hidden">{t('alerts.tabs.rules')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('alerts.rules.columns.active')}</th>
                <th scope="col">{t('alerts.rules.columns.name')}</th>
                <th scope="col">{t('alerts.rules.columns.scope')}</th>
                <th scope="col">{t('alerts.rules.columns.condition')}</th>
                <th scope="col">{t('alerts.rules.columns.channels')}</th>
                <th scope="col" className="num">
                  {t('alerts.rules.columns.cooldown')}
                </th>
                <th scope="col" className="num">
                  {t('alerts.rules.columns.matchingNow')}
                </th>
                <th scope="col">{t('alerts.columns.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((rule) => (
                <tr key={rule.id} data-testid="rule-row" data-id={rule.id} data-active={rule.isActive}>
                  <td>
                    <input
                      type="checkbox"
                      data-testid="rule-row-active"
                      aria-label={t('alerts.rules.activeFor', { name: rule.name })}
                      checked={rule.isActive}
                      onChange={(event) => void setActive(rule, event.target.checked)}
                    />
                  </td>
                  <td data-col="name">{rule.name}</td>
                  <td data-col="scope">{scopeText(t, rule)}</td>
                  <td data-col="condition">{conditionText(t, format, rule)}</td>
                  <td data-col="channels">
                    {[t('alerts.channels.centre'), ...rule.channels.map((c) => t(`alerts.channels.${c}`))].join(', ')}
                  </td>
                  <td className="num">{t('alerts.rules.minutes', { count: rule.cooldownMinutes })}</td>
                  <td className="num" data-col="matching" data-value={rule.matchingNow}>
                    {format.count(rule.matchingNow)}
                  </td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="button button-small"
                      data-testid="rule-edit"
                      aria-label={t('alerts.rules.editFor', { name: rule.name })}
                      onClick={() => setEditing({ rule })}
                    >
                      {t('alerts.rules.edit')}
                    </button>
                    <button
                      type="button"
                      className="button button-small"
                      data-testid="rule-delete"
                      aria-label={t('alerts.rules.deleteFor', { name: rule.name })}
                      onClick={() => setDeleting(rule)}
                    >
                      {t('alerts.rules.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {editing && (
        <RuleEditorDialog
          rule={editing.rule}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={t('alerts.rules.deleteTitle')}
          confirmLabel={t('alerts.rules.delete')}
          cancelLabel={t('alerts.editor.cancel')}
          isDanger
          testId="rule-delete-confirm"
          onCancel={() => setDeleting(null)}
          onConfirm={() => void remove(deleting)}
        >
          <p>{t('alerts.rules.deleteText', { name: deleting.name })}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
