// Clients: the list (and the unassigned pool), one client with its
// association history, assign, transfer with a reason, its services (state
// changes), invoices and tickets; transfer requests.
import { useState } from 'preact/hooks';
import { api, encodePath, query } from '../app/api';
import { t } from '../app/i18n';
import { setSearch, type RouteProps } from '../app/router';
import { Card, Link, Page, Show, StatusBadge, Table, TextField, When } from '../ui/components';
import { useApi } from '../ui/hooks';
import { StaffClientBilling } from './client-billing';
import { TRANSFER_STATUSES } from './model';
import { ConfirmAction, ReasonAction, searchParam, stateLabel, StatusFilter, Tabs } from './parts';
import type { AgentSummary, Association, Client, Items, Paged, TransferRequest } from './types';

const PAGE = 50;

export function ClientTabs() {
  return (
    <Tabs
      label={t('staff.tabs.clients')}
      items={[
        { href: '/staff/clients', label: t('staff.nav.clients') },
        { href: '/staff/transfer-requests', label: t('staff.nav.transferRequests') },
      ]}
    />
  );
}

export function StaffClients() {
  const q = searchParam('q');
  const unassigned = searchParam('unassigned') === 'true';
  const offset = Number(searchParam('offset', '0')) || 0;
  const [text, setText] = useState(q);
  const loaded = useApi<Paged<Client>>(`/api/v1/clients${query({ q, unassigned: unassigned ? 'true' : '', limit: PAGE, offset })}`);
  return (
    <Page title={t('staff.clients.title')}>
      <ClientTabs />
      <form
        class="filters staff-filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch({ q: text.trim(), offset: null });
        }}
      >
        <TextField label={t('staff.clients.search')} name="q" type="search" value={text} onValue={setText} />
        <label class="check">
          <input type="checkbox" checked={unassigned} onChange={(e) => setSearch({ unassigned: (e.currentTarget as HTMLInputElement).checked ? 'true' : null, offset: null })} />
          {t('staff.clients.unassignedOnly')}
        </label>
        <div class="button-row">
          <button type="submit">{t('staff.agents.searchButton')}</button>
        </div>
      </form>
      <Show loaded={loaded}>
        {(data) => (
          <>
            <p class="muted" aria-live="polite">{t('staff.clients.found', { count: data.total })}</p>
            <Table
              caption={t('staff.clients.title')}
              rows={data.items}
              rowKey={(c) => c.id}
              empty={unassigned ? t('staff.clients.poolEmpty') : t('staff.clients.empty')}
              columns={[
                { label: t('staff.clients.client'), cell: (c) => <><Link href={`/staff/clients/${encodePath(c.id)}`}>{c.name ?? c.id}</Link><br /><span class="muted">{c.id}</span></> },
                { label: t('staff.common.email'), cell: (c) => c.email ?? '—' },
                { label: t('staff.common.agent'), cell: (c) => (c.agent_id ? <Link href={`/staff/agents/${encodePath(c.agent_id)}`}>{c.agent_id}</Link> : <StatusBadge status="open" label={t('staff.clients.noAgent')} />) },
                { label: t('staff.clients.source'), cell: (c) => (c.source ? stateLabel('source', c.source) : '—') },
                { label: t('staff.clients.since'), cell: (c) => <When at={c.since} /> },
              ]}
            />
            {data.total > PAGE ? (
              <nav class="pager" aria-label={t('common.paging')}>
                <button type="button" class="secondary" disabled={offset === 0} onClick={() => setSearch({ offset: String(Math.max(0, offset - PAGE)) })}>{t('staff.common.previous')}</button>
                <button type="button" class="secondary" disabled={offset + PAGE >= data.total} onClick={() => setSearch({ offset: String(offset + PAGE) })}>{t('common.nextPage')}</button>
              </nav>
            ) : null}
          </>
        )}
      </Show>
    </Page>
  );
}

// Choose an agent from a search (active agents only; the current one left out).
export function AgentPicker(props: { value: string; onValue: (id: string) => void; exclude?: string | null; label: string }) {
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const loaded = useApi<Paged<AgentSummary>>(q ? `/api/v1/agents${query({ q, status: 'active', limit: 10 })}` : null);
  return (
    <fieldset class="staff-picker">
      <legend>{props.label}</legend>
      <div class="copy-row">
        <TextField
          label={t('staff.picker.search')}
          name="agent_search"
          type="search"
          value={text}
          onValue={setText}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              setQ(text.trim());
            }
          }}
        />
        <button type="button" class="secondary" onClick={() => setQ(text.trim())}>{t('staff.picker.find')}</button>
      </div>
      {q ? (
        <Show loaded={loaded}>
          {(data) => {
            const rows = data.items.filter((a) => a.id !== props.exclude);
            return rows.length === 0 ? (
              <p class="state empty">{t('staff.picker.none')}</p>
            ) : (
              <div role="radiogroup" aria-label={props.label} class="staff-choices">
                {rows.map((a) => (
                  <label key={a.id} class="check">
                    <input type="radio" name="agent_id" value={a.id} checked={props.value === a.id} onChange={() => props.onValue(a.id)} />
                    {a.name ?? a.id} <span class="muted">({a.id}, {stateLabel('tier', a.tier)})</span>
                  </label>
                ))}
              </div>
            );
          }}
        </Show>
      ) : null}
    </fieldset>
  );
}

function Assign(props: { client: Client; onDone: () => void }) {
  const [agent, setAgent] = useState('');
  return (
    <>
      <AgentPicker label={t('staff.clients.assignTo')} value={agent} onValue={setAgent} />
      {agent ? (
        <ConfirmAction
          label={t('staff.clients.assign')}
          question={t('staff.clients.assignQuestion', { client: props.client.name ?? props.client.id, agent })}
          send={() => api.post(`/api/v1/clients/${encodePath(props.client.id)}/assignment`, { agent_id: agent })}
          onDone={props.onDone}
        />
      ) : (
        <p class="muted">{t('staff.clients.pickFirst')}</p>
      )}
    </>
  );
}

function Transfer(props: { client: Client; onDone: () => void }) {
  const [agent, setAgent] = useState('');
  return (
    <>
      <p class="notice warn">{t('staff.clients.transferWarning', { agent: props.client.agent_id ?? '' })}</p>
      <AgentPicker label={t('staff.clients.transferTo')} value={agent} onValue={setAgent} exclude={props.client.agent_id} />
      {agent ? (
        <ReasonAction
          label={t('staff.clients.transfer')}
          danger
          question={(reason) => t('staff.clients.transferQuestion', { client: props.client.name ?? props.client.id, from: props.client.agent_id ?? '', to: agent, reason })}
          send={(reason) => api.post(`/api/v1/clients/${encodePath(props.client.id)}/transfer`, { agent_id: agent, reason })}
          onDone={props.onDone}
        />
      ) : (
        <p class="muted">{t('staff.clients.pickFirst')}</p>
      )}
    </>
  );
}

export function StaffClient(props: RouteProps) {
  const id = props.params.id ?? '';
  // No GET /clients/{id}: the list searched by id, the exact one kept.
  const found = useApi<Paged<Client>>(`/api/v1/clients${query({ q: id, limit: 50 })}`);
  const history = useApi<Items<Association>>(`/api/v1/clients/${encodePath(id)}/associations`);
  const reload = () => {
    found.reload();
    history.reload();
  };
  const client = found.state === 'ready' ? found.data.items.find((c) => c.id === id) : undefined;
  return (
    <Page title={client?.name ?? id} actions={<Link href="/staff/clients">{t('staff.clients.back')}</Link>}>
      <Show loaded={found}>
        {() =>
          !client ? (
            <p class="state empty">{t('staff.clients.notFound')}</p>
          ) : (
            <>
              <Card title={t('staff.clients.details')}>
                <dl class="facts">
                  <dt>{t('staff.clients.id')}</dt>
                  <dd><code>{client.id}</code></dd>
                  <dt>{t('staff.common.email')}</dt>
                  <dd>{client.email ?? '—'}</dd>
                  <dt>{t('staff.common.agent')}</dt>
                  <dd>{client.agent_id ? <Link href={`/staff/agents/${encodePath(client.agent_id)}`}>{client.agent_id}</Link> : t('staff.clients.noAgent')}</dd>
                  <dt>{t('staff.clients.source')}</dt>
                  <dd>{client.source ? stateLabel('source', client.source) : '—'}</dd>
                  <dt>{t('staff.clients.since')}</dt>
                  <dd><When at={client.since} /></dd>
                </dl>
              </Card>
              <Card title={client.agent_id ? t('staff.clients.transferTitle') : t('staff.clients.assignTitle')}>
                {client.agent_id ? <Transfer client={client} onDone={reload} /> : <Assign client={client} onDone={reload} />}
              </Card>
            </>
          )
        }
      </Show>
      {client ? <StaffClientBilling clientId={client.id} /> : null}
      <Card title={t('staff.clients.history')}>
        <Show loaded={history}>
          {(data) => (
            <Table
              caption={t('staff.clients.history')}
              rows={data.items}
              rowKey={(a) => `${a.agent_id}-${a.created_at}`}
              empty={t('staff.clients.noHistory')}
              columns={[
                { label: t('staff.common.agent'), cell: (a) => <Link href={`/staff/agents/${encodePath(a.agent_id)}`}>{a.agent_id}</Link> },
                { label: t('staff.clients.source'), cell: (a) => stateLabel('source', a.source) },
                { label: t('staff.clients.since'), cell: (a) => <When at={a.created_at} /> },
                { label: t('staff.clients.ended'), cell: (a) => (a.ended_at ? <When at={a.ended_at} /> : <StatusBadge status="active" label={t('staff.clients.current')} />) },
                { label: t('staff.clients.transferReason'), cell: (a) => a.transfer_reason ?? '—' },
                { label: t('staff.clients.rateCard'), cell: (a) => a.rate_card },
              ]}
            />
          )}
        </Show>
      </Card>
    </Page>
  );
}

export function StaffTransferRequests() {
  const status = searchParam('status', 'open');
  const loaded = useApi<Items<TransferRequest>>(`/api/v1/transfer-requests${query({ status })}`);
  return (
    <Page title={t('staff.transfers.title')}>
      <ClientTabs />
      <StatusFilter label={t('staff.common.status')} value={status} statuses={TRANSFER_STATUSES} labelFor={(s) => stateLabel('transfer', s)} />
      <Show loaded={loaded}>
        {(data) =>
          data.items.length === 0 ? (
            <p class="state empty">{t('staff.transfers.empty')}</p>
          ) : (
            <>
              {data.items.map((r) => (
                <Card key={r.id}>
                  <h2>
                    <Link href={`/staff/clients/${encodePath(r.client_id)}`}>{r.client_id}</Link> · <StatusBadge status={r.status} label={stateLabel('transfer', r.status)} />
                  </h2>
                  <dl class="facts">
                    <dt>{t('staff.transfers.from')}</dt>
                    <dd><Link href={`/staff/agents/${encodePath(r.from_agent_id)}`}>{r.from_agent_name || r.from_agent_id}</Link></dd>
                    <dt>{t('staff.transfers.to')}</dt>
                    <dd><Link href={`/staff/agents/${encodePath(r.to_agent_id)}`}>{r.to_agent_name || r.to_agent_id}</Link></dd>
                    <dt>{t('staff.transfers.message')}</dt>
                    <dd>{r.message || '—'}</dd>
                    <dt>{t('staff.transfers.asked')}</dt>
                    <dd><When at={r.created_at} /></dd>
                    {r.decided_at ? (
                      <>
                        <dt>{t('staff.common.decidedAt')}</dt>
                        <dd><When at={r.decided_at} /></dd>
                        <dt>{t('staff.common.reason')}</dt>
                        <dd>{r.decision_reason ?? '—'}</dd>
                      </>
                    ) : null}
                  </dl>
                  {r.status === 'open' ? (
                    <div class="grid two">
                      <ReasonAction
                        label={t('staff.transfers.approve')}
                        optional
                        reasonLabel={t('staff.transfers.approveReason')}
                        question={() => t('staff.transfers.approveQuestion', { client: r.client_id, from: r.from_agent_name || r.from_agent_id, to: r.to_agent_name || r.to_agent_id })}
                        send={(reason) => api.post(`/api/v1/transfer-requests/${encodePath(r.id)}/approve`, reason ? { reason } : {})}
                        onDone={() => loaded.reload()}
                      />
                      <ReasonAction
                        label={t('staff.transfers.decline')}
                        danger
                        question={(reason) => t('staff.transfers.declineQuestion', { client: r.client_id, reason })}
                        send={(reason) => api.post(`/api/v1/transfer-requests/${encodePath(r.id)}/decline`, { reason })}
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
