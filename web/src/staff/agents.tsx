// Agents: search and filters as GET /api/v1/agents takes them, kept in the URL.
import { useState } from 'preact/hooks';
import { encodePath, query } from '../app/api';
import { t } from '../app/i18n';
import { setSearch } from '../app/router';
import { Link, Money, Page, Select, Show, StatusBadge, Table, TextField } from '../ui/components';
import { useApi } from '../ui/hooks';
import { TIERS } from './model';
import { searchParam, stateLabel } from './parts';
import type { AgentSummary, Paged } from './types';

const PAGE = 25;

export function StaffAgents() {
  const q = searchParam('q');
  const tier = searchParam('tier');
  const status = searchParam('status');
  const due = searchParam('due_within_days');
  const offset = Number(searchParam('offset', '0')) || 0;
  const [text, setText] = useState(q);
  const [dueText, setDueText] = useState(due);
  const loaded = useApi<Paged<AgentSummary>>(`/api/v1/agents${query({ q, tier, status, due_within_days: due, limit: PAGE, offset })}`);
  return (
    <Page title={t('staff.agents.title')}>
      <form
        class="filters staff-filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch({ q: text.trim(), due_within_days: dueText.trim(), offset: null });
        }}
      >
        <TextField label={t('staff.agents.search')} name="q" type="search" value={text} onValue={setText} hint={t('staff.agents.searchHint')} />
        <Select
          label={t('staff.agents.tier')}
          name="tier"
          value={tier}
          onValue={(v) => setSearch({ tier: v, offset: null })}
          options={[{ value: '', label: t('staff.common.all') }, ...TIERS.map((x) => ({ value: x, label: stateLabel('tier', x) }))]}
        />
        <Select
          label={t('staff.common.status')}
          name="status"
          value={status}
          onValue={(v) => setSearch({ status: v, offset: null })}
          options={[
            { value: '', label: t('staff.common.all') },
            { value: 'active', label: stateLabel('agent', 'active') },
            { value: 'terminated', label: stateLabel('agent', 'terminated') },
          ]}
        />
        <TextField label={t('staff.agents.dueWithin')} name="due_within_days" inputMode="numeric" value={dueText} onValue={setDueText} hint={t('staff.agents.dueHint')} />
        <div class="button-row">
          <button type="submit">{t('staff.agents.searchButton')}</button>
        </div>
      </form>
      <Show loaded={loaded}>
        {(data) => (
          <>
            <p class="muted" aria-live="polite">{t('staff.agents.found', { count: data.total })}</p>
            <Table
              caption={t('staff.agents.title')}
              rows={data.items}
              rowKey={(a) => a.id}
              empty={t('staff.agents.empty')}
              columns={[
                { label: t('staff.agents.agent'), cell: (a) => <><Link href={`/staff/agents/${encodePath(a.id)}`}>{a.name ?? a.id}</Link><br /><span class="muted">{a.id}</span></> },
                { label: t('staff.agents.tier'), cell: (a) => stateLabel('tier', a.tier) },
                { label: t('staff.common.status'), cell: (a) => <StatusBadge status={a.status} label={stateLabel('agent', a.status)} /> },
                { label: t('staff.agents.clock'), cell: (a) => (a.affiliate_clock && !a.affiliate_clock.sale_made ? t('staff.agents.daysLeft', { days: a.affiliate_clock.days_left }) : '—') },
                { label: t('staff.balance.available'), class: 'num', cell: (a) => <Money amount={a.balances.available} /> },
                { label: t('staff.balance.pending'), class: 'num', cell: (a) => <Money amount={a.balances.pending} /> },
              ]}
            />
            {data.total > PAGE ? (
              <nav class="pager" aria-label={t('common.paging')}>
                <button type="button" class="secondary" disabled={offset === 0} onClick={() => setSearch({ offset: String(Math.max(0, offset - PAGE)) })}>
                  {t('staff.common.previous')}
                </button>
                <span class="muted">{t('staff.common.range', { from: offset + 1, to: Math.min(data.total, offset + PAGE), total: data.total })}</span>
                <button type="button" class="secondary" disabled={offset + PAGE >= data.total} onClick={() => setSearch({ offset: String(offset + PAGE) })}>
                  {t('common.nextPage')}
                </button>
              </nav>
            ) : null}
          </>
        )}
      </Show>
    </Page>
  );
}
