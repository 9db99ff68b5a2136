// Fraud flags with their evidence; reversible commissions with bulk reverse.
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { api, encodePath, query } from '../app/api';
import { money, t } from '../app/i18n';
import { Card, Link, Money, Page, Show, StatusBadge, When } from '../ui/components';
import { useApi } from '../ui/hooks';
import { evidenceEntries, FLAG_STATUSES, selectedTotal, toggle } from './model';
import { ReasonAction, searchParam, stateLabel, StatusFilter } from './parts';
import type { FraudFlag, Items, Reversible } from './types';
import { MoneyTabs } from './withdrawals';

export function StaffFraudFlags() {
  const status = searchParam('status', 'open');
  const loaded = useApi<Items<FraudFlag>>(`/api/v1/fraud-flags${query({ status })}`);
  return (
    <Page title={t('staff.flags.title')}>
      <p class="muted">{t('staff.flags.lead')}</p>
      <StatusFilter label={t('staff.common.status')} value={status} statuses={FLAG_STATUSES} labelFor={(s) => stateLabel('flag', s)} />
      <Show loaded={loaded}>
        {(data) =>
          data.items.length === 0 ? (
            <p class="state empty">{t('staff.flags.empty')}</p>
          ) : (
            <>
              {data.items.map((f) => (
                <Card key={f.id}>
                  <h2>
                    {stateLabel('flagKind', f.kind)} · <StatusBadge status={f.status} label={stateLabel('flag', f.status)} />
                  </h2>
                  <dl class="facts">
                    <dt>{t('staff.common.agent')}</dt>
                    <dd><Link href={`/staff/agents/${encodePath(f.agent_id)}`}>{f.agent_id}</Link></dd>
                    <dt>{t('staff.clients.client')}</dt>
                    <dd><Link href={`/staff/clients/${encodePath(f.client_id)}`}>{f.client_id}</Link></dd>
                    <dt>{t('staff.flags.raised')}</dt>
                    <dd><When at={f.created_at} /></dd>
                    {f.decided_at ? (
                      <>
                        <dt>{t('staff.common.decidedAt')}</dt>
                        <dd><When at={f.decided_at} /></dd>
                        <dt>{t('staff.common.reason')}</dt>
                        <dd>{f.decision_reason ?? '—'}</dd>
                      </>
                    ) : null}
                  </dl>
                  <h3>{t('staff.flags.evidence')}</h3>
                  <dl class="facts staff-evidence-facts">
                    {evidenceEntries(f.evidence).map(([key, value]) => (
                      <Fragment key={key}>
                        <dt>{stateLabel('evidence', key)}</dt>
                        <dd><code>{value}</code></dd>
                      </Fragment>
                    ))}
                  </dl>
                  {f.status === 'open' ? (
                    <div class="grid two">
                      <ReasonAction
                        label={t('staff.flags.dismiss')}
                        optional
                        reasonLabel={t('staff.flags.dismissReason')}
                        question={() => t('staff.flags.dismissQuestion', { agent: f.agent_id, client: f.client_id })}
                        send={(reason) => api.post(`/api/v1/fraud-flags/${encodePath(f.id)}/dismiss`, reason ? { reason } : {})}
                        onDone={() => loaded.reload()}
                      />
                      <ReasonAction
                        label={t('staff.flags.confirm')}
                        danger
                        question={(reason) => t('staff.flags.confirmQuestion', { agent: f.agent_id, reason })}
                        send={(reason) => api.post(`/api/v1/fraud-flags/${encodePath(f.id)}/confirm`, { reason })}
                        onDone={() => loaded.reload()}
                      />
                    </div>
                  ) : null}
                </Card>
              ))}
            </>
          )
        }
      </Show>
    </Page>
  );
}

export function StaffReversible() {
  const agent = searchParam('agent_id');
  const loaded = useApi<Items<Reversible>>(`/api/v1/reversible-commissions${query({ agent_id: agent })}`);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [done, setDone] = useState<string | null>(null);
  return (
    <Page title={t('staff.reversible.title')}>
      <MoneyTabs />
      <p class="muted">{t('staff.reversible.lead')}</p>
      {done ? <p class="notice good" role="status">{t('staff.reversible.done', { amount: money(done) })}</p> : null}
      <Show loaded={loaded}>
        {(data) => {
          const rows = data.items;
          const { count, total } = selectedTotal(rows, selected);
          if (rows.length === 0) return <p class="state empty">{t('staff.reversible.empty')}</p>;
          const allSelected = rows.every((r) => selected.has(r.id));
          return (
            <>
              {/* Above the table, not in its head: a phone hides the head, and a control there
                  would be out of sight and out of reach (yet still in the tab order). */}
              <label class="check">
                <input type="checkbox" checked={allSelected} onChange={() => setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.id)))} />
                <span>{t('staff.reversible.selectAll')}</span>
              </label>
              <div class="table-wrap">
                <table>
                  <caption class="visually-hidden">{t('staff.reversible.title')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('staff.reversible.select')}</th>
                      <th scope="col">{t('staff.agent.commission')}</th>
                      <th scope="col">{t('staff.common.agent')}</th>
                      <th scope="col">{t('staff.clients.client')}</th>
                      <th scope="col">{t('staff.common.status')}</th>
                      <th scope="col" class="num">{t('staff.common.amount')}</th>
                      <th scope="col" class="num">{t('staff.reversible.left')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={r.id}>
                        <td data-label={t('staff.reversible.select')}>
                          <input type="checkbox" aria-label={t('staff.reversible.selectOne', { id: r.id })} checked={selected.has(r.id)} onChange={() => setSelected(toggle(selected, r.id))} />
                        </td>
                        <td data-label={t('staff.agent.commission')}><code>{r.id}</code></td>
                        <td data-label={t('staff.common.agent')}><Link href={`/staff/agents/${encodePath(r.agent_id)}`}>{r.agent_id}</Link></td>
                        <td data-label={t('staff.clients.client')}><Link href={`/staff/clients/${encodePath(r.client_id)}`}>{r.client_id}</Link></td>
                        <td data-label={t('staff.common.status')}><StatusBadge status={r.state} label={stateLabel('commission', r.state)} /></td>
                        <td data-label={t('staff.common.amount')} class="num"><Money amount={r.amount} /></td>
                        <td data-label={t('staff.reversible.left')} class="num"><Money amount={r.left} /></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Card title={t('staff.reversible.reverse')}>
                <p aria-live="polite">
                  <strong>{t('staff.reversible.selected', { count, amount: money(total) })}</strong>
                </p>
                {count > 0 ? (
                  <ReasonAction
                    label={t('staff.reversible.reverseButton', { count })}
                    danger
                    question={(reason) => t('staff.reversible.question', { count, amount: money(total), reason })}
                    send={(reason) => api.post<{ reversed_total?: string }>('/api/v1/reversible-commissions/reverse', { commission_ids: [...selected], reason })}
                    onDone={(answer) => {
                      setDone(answer?.reversed_total ?? total);
                      setSelected(new Set());
                      loaded.reload();
                    }}
                  />
                ) : (
                  <p class="muted">{t('staff.reversible.pick')}</p>
                )}
              </Card>
            </>
          );
        }}
      </Show>
    </Page>
  );
}
