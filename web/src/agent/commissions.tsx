// /agent/commissions: filters (from, to, state, kind, client) kept in the URL,
// offset paging, and the CSV of every matching row.
import { useState } from 'preact/hooks';
import { query } from '../app/api';
import { t } from '../app/i18n';
import { location, setSearch } from '../app/router';
import { Card, Money, Page, Select, StatusBadge, Table, TextField, When } from '../ui/components';
import { useApi } from '../ui/hooks';
import { agentPath, AgentShow, label } from './common';
import { commissionSource, pageInfo, ratePercent } from './logic';
import type { AgentClient, Commission, CommissionList, Items } from './types';

const LIMIT = 10;
const STATES = ['pending', 'available', 'paid', 'reversed', 'forfeited'];
const KINDS = ['sale', 'technical', 'bonus', 'manual'];
const FILTERS = ['from', 'to', 'state', 'kind', 'client'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

function readFilters(search: URLSearchParams): Filters {
  return Object.fromEntries(FILTERS.map((f) => [f, search.get(f) ?? ''])) as Filters;
}

export function AgentCommissions() {
  const search = location.value.search;
  const applied = readFilters(search);
  const offset = Math.max(0, Number.parseInt(search.get('offset') ?? '0', 10) || 0);
  const [draft, setDraft] = useState<Filters>(applied);
  const clients = useApi<Items<AgentClient>>(agentPath('clients'));
  const list = useApi<CommissionList>(agentPath(`commissions${query({ ...applied, limit: LIMIT, offset })}`));
  const csv = agentPath(`commissions${query({ ...applied, format: 'csv' })}`);
  const set = (key: keyof Filters) => (value: string) => setDraft({ ...draft, [key]: value });
  const problem = list.state === 'error' ? list.problem : null;
  const clientOptions = [{ value: '', label: t('agent.commissions.allClients') }].concat(
    clients.state === 'ready' ? clients.data.items.map((c) => ({ value: c.client_id, label: c.name ?? c.client_id })) : [],
  );
  if (applied.client && !clientOptions.some((o) => o.value === applied.client)) clientOptions.push({ value: applied.client, label: applied.client });
  return (
    <Page
      title={t('agent.nav.commissions')}
      actions={
        <a class="button secondary small" href={csv} download="commissions.csv">
          {t('agent.common.downloadCsv')}
        </a>
      }
    >
      <Card title={t('agent.commissions.filters')}>
        <form
          class="filters"
          onSubmit={(e) => {
            e.preventDefault();
            setSearch({ ...draft, offset: null });
          }}
        >
          <TextField label={t('agent.commissions.from')} name="from" type="date" value={draft.from} onValue={set('from')} problem={problem} />
          <TextField label={t('agent.commissions.to')} name="to" type="date" value={draft.to} onValue={set('to')} problem={problem} />
          <Select
            label={t('agent.commissions.state')}
            name="state"
            value={draft.state}
            onValue={set('state')}
            problem={problem}
            options={[{ value: '', label: t('agent.commissions.allStates') }, ...STATES.map((s) => ({ value: s, label: label('state', s) }))]}
          />
          <Select
            label={t('agent.commissions.kind')}
            name="kind"
            value={draft.kind}
            onValue={set('kind')}
            problem={problem}
            options={[{ value: '', label: t('agent.commissions.allKinds') }, ...KINDS.map((k) => ({ value: k, label: label('kind', k) }))]}
          />
          <Select label={t('agent.commissions.client')} name="client" value={draft.client} onValue={set('client')} problem={problem} options={clientOptions} />
          <div class="button-row">
            <button type="submit">{t('agent.commissions.apply')}</button>
            <button
              type="button"
              class="secondary"
              onClick={() => {
                const empty = readFilters(new URLSearchParams());
                setDraft(empty);
                setSearch({ ...empty, offset: null });
              }}
            >
              {t('agent.commissions.clear')}
            </button>
          </div>
        </form>
      </Card>
      <AgentShow loaded={list}>
        {(data) => {
          const info = pageInfo(data.offset, LIMIT, data.items.length, data.total_count);
          return (
            <Card>
              <p class="lead" aria-live="polite">
                {data.total_count
                  ? t('agent.commissions.summary', { first: info.first, last: info.last, total: data.total_count })
                  : t('agent.commissions.none')}{' '}
                {data.total_count ? (
                  <>
                    {t('agent.commissions.totalAmount')}: <Money amount={data.total_amount} />
                  </>
                ) : null}
              </p>
              <Table<Commission>
                caption={t('agent.nav.commissions')}
                rows={data.items}
                rowKey={(c) => c.id}
                empty={t('agent.commissions.noneMatch')}
                columns={[
                  { label: t('agent.commissions.created'), cell: (c) => <When at={c.created_at} /> },
                  { label: t('agent.commissions.source'), cell: (c) => <code>{commissionSource(c)}</code> },
                  { label: t('agent.commissions.client'), cell: (c) => c.client ?? '—' },
                  { label: t('agent.commissions.kind'), cell: (c) => `${label('kind', c.kind)}${c.category ? ` · ${label('category', c.category)}` : ''}` },
                  { label: t('agent.commissions.base'), class: 'num', cell: (c) => <Money amount={c.base} /> },
                  { label: t('agent.commissions.rate'), class: 'num', cell: (c) => `${ratePercent(c.rate_bp)} %` },
                  { label: t('agent.common.amount'), class: 'num', cell: (c) => <Money amount={c.amount} /> },
                  { label: t('agent.commissions.reversed'), class: 'num', cell: (c) => (c.reversed && c.reversed !== '0.00' ? <Money amount={c.reversed} /> : '—') },
                  { label: t('agent.commissions.state'), cell: (c) => <StatusBadge status={c.state} label={label('state', c.state)} /> },
                  { label: t('agent.commissions.availableAt'), cell: (c) => <When at={c.available_at} /> },
                ]}
              />
              {info.hasPrevious || info.hasNext ? (
                <nav class="pager" aria-label={t('common.paging')}>
                  <button type="button" class="secondary" disabled={!info.hasPrevious} onClick={() => setSearch({ offset: info.previousOffset ? String(info.previousOffset) : null })}>
                    {t('agent.commissions.previous')}
                  </button>
                  <button type="button" class="secondary" disabled={!info.hasNext} onClick={() => setSearch({ offset: String(info.nextOffset) })}>
                    {t('common.nextPage')}
                  </button>
                </nav>
              ) : null}
            </Card>
          );
        }}
      </AgentShow>
    </Page>
  );
}
