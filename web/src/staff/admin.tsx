// Quarter-close dry run, scheduled jobs, the audit log, users and API keys.
import { useState } from 'preact/hooks';
import { api, encodePath, query } from '../app/api';
import { t } from '../app/i18n';
import { setSearch } from '../app/router';
import { Card, CopyButton, Form, Link, Page, Pager, Select, Show, StatusBadge, Table, TextField, When } from '../ui/components';
import { useAction, useApi } from '../ui/hooks';
import { ChecksTable } from './agent';
import { API_KEY_SCOPES, normaliseActor, normaliseOnBehalfOf, subjectHref, tierMove } from './model';
import { ConfirmAction, searchParam, stateLabel, Tabs } from './parts';
import type { ApiKey, AuditEntry, DryRun, Items, JobRun, UserRow } from './types';

export function AdminTabs() {
  return (
    <Tabs
      label={t('staff.tabs.admin')}
      items={[
        { href: '/staff/users', label: t('staff.nav.users') },
        { href: '/staff/api-keys', label: t('staff.nav.apiKeys') },
        { href: '/staff/audit', label: t('staff.nav.audit') },
        { href: '/staff/jobs', label: t('staff.nav.jobs') },
      ]}
    />
  );
}

export function StaffQuarterClose() {
  const loaded = useApi<DryRun>('/api/v1/quarter-close/dry-run');
  return (
    <Page title={t('staff.close.title')} actions={<button type="button" class="secondary" onClick={() => loaded.reload()}>{t('staff.close.rerun')}</button>}>
      <p class="muted">{t('staff.close.lead')}</p>
      <Show loaded={loaded}>
        {(d) => (
          <>
            <Card>
              <dl class="figures">
                <div>
                  <dt>{t('staff.close.quarter')}</dt>
                  <dd>{d.quarter}</dd>
                </div>
                <div>
                  <dt>{t('staff.close.closeAt')}</dt>
                  <dd><When at={d.close_at} /></dd>
                </div>
                <div>
                  <dt>{t('staff.close.evaluated')}</dt>
                  <dd>{d.agents_evaluated}</dd>
                </div>
                <div>
                  <dt>{t('staff.close.moving')}</dt>
                  <dd>{d.changes.length}</dd>
                </div>
              </dl>
              <p class="notice">{d.written ? t('staff.close.written') : t('staff.close.notWritten')}</p>
            </Card>
            <Card title={t('staff.close.changes')}>
              {d.changes.length === 0 ? (
                <p class="state empty">{t('staff.close.noChanges')}</p>
              ) : (
                d.changes.map((c) => (
                  <details key={c.agent_id} class="staff-details" open={d.changes.length <= 3}>
                    <summary>
                      {c.agent_id}: {stateLabel('tier', c.from)} → {stateLabel('tier', c.to)}{' '}
                      <StatusBadge status={tierMove(c.from, c.to) === 'down' ? 'rejected' : 'verified'} label={t(tierMove(c.from, c.to) === 'down' ? 'staff.close.down' : 'staff.close.up')} />
                    </summary>
                    <p>
                      <Link href={`/staff/agents/${encodePath(c.agent_id)}`}>{t('staff.close.openAgent', { agent: c.agent_id })}</Link>
                    </p>
                    <p class="muted">{t('staff.close.why')}</p>
                    <ChecksTable checks={c.checks} caption={c.agent_id} />
                  </details>
                ))
              )}
            </Card>
            <Card title={t('staff.close.reassignments')}>
              <Table
                caption={t('staff.close.reassignments')}
                rows={d.reassignments}
                rowKey={(r) => r.client_id}
                empty={t('staff.close.noReassignments')}
                columns={[
                  { label: t('staff.clients.client'), cell: (r) => <Link href={`/staff/clients/${encodePath(r.client_id)}`}>{r.client_id}</Link> },
                  { label: t('staff.transfers.from'), cell: (r) => r.from_agent },
                  { label: t('staff.transfers.to'), cell: (r) => r.to_agent ?? t('staff.close.toPool') },
                ]}
              />
            </Card>
          </>
        )}
      </Show>
    </Page>
  );
}

export function StaffJobs() {
  const loaded = useApi<Items<JobRun> & { engine: { clock: string; next_due: string | null } }>('/api/v1/jobs?limit=100');
  return (
    <Page title={t('staff.jobs.title')}>
      <AdminTabs />
      <Show loaded={loaded}>
        {(data) => (
          <>
            <Card>
              <dl class="figures">
                <div>
                  <dt>{t('staff.jobs.clock')}</dt>
                  <dd><When at={data.engine.clock} /></dd>
                </div>
                <div>
                  <dt>{t('staff.jobs.nextDue')}</dt>
                  <dd><When at={data.engine.next_due} /></dd>
                </div>
              </dl>
            </Card>
            <Table
              caption={t('staff.jobs.title')}
              rows={data.items}
              rowKey={(j) => `${j.job}-${j.started_at}-${j.due_at}`}
              empty={t('staff.jobs.empty')}
              columns={[
                { label: t('staff.jobs.job'), cell: (j) => <code>{j.job}</code> },
                { label: t('staff.jobs.due'), cell: (j) => <When at={j.due_at} /> },
                { label: t('staff.jobs.started'), cell: (j) => <When at={j.started_at} /> },
                { label: t('staff.jobs.finished'), cell: (j) => <When at={j.finished_at} /> },
                { label: t('staff.jobs.outcome'), cell: (j) => <StatusBadge status={j.outcome === 'ok' ? 'succeeded' : j.outcome} label={stateLabel('outcome', j.outcome)} /> },
                { label: t('staff.jobs.attempts'), class: 'num', cell: (j) => j.attempts },
                { label: t('staff.jobs.detail'), cell: (j) => j.detail || '—' },
              ]}
            />
          </>
        )}
      </Show>
    </Page>
  );
}

export function StaffAudit() {
  const actor = searchParam('actor');
  const action = searchParam('action');
  const subject = searchParam('subject');
  const onBehalfOf = searchParam('on_behalf_of');
  const cursor = searchParam('cursor') || null;
  const [form, setForm] = useState({ actor, action, subject, onBehalfOf });
  const loaded = useApi<Items<AuditEntry> & { next_cursor: string | null }>(`/api/v1/audit-log${query({ actor, action, subject, on_behalf_of: onBehalfOf, cursor, limit: 50 })}`);
  return (
    <Page title={t('staff.audit.title')}>
      <AdminTabs />
      <form
        class="filters staff-filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch({ actor: normaliseActor(form.actor), action: form.action.trim(), subject: form.subject.trim(), on_behalf_of: normaliseOnBehalfOf(form.onBehalfOf), cursor: null });
        }}
      >
        <TextField label={t('staff.audit.actor')} name="actor" value={form.actor} onValue={(v) => setForm({ ...form, actor: v })} hint={t('staff.audit.actorHint')} />
        <TextField label={t('staff.audit.action')} name="action" value={form.action} onValue={(v) => setForm({ ...form, action: v })} hint={t('staff.audit.actionHint')} />
        <TextField label={t('staff.audit.subject')} name="subject" value={form.subject} onValue={(v) => setForm({ ...form, subject: v })} hint={t('staff.audit.subjectHint')} />
        <TextField label={t('staff.audit.onBehalfOf')} name="on_behalf_of" value={form.onBehalfOf} onValue={(v) => setForm({ ...form, onBehalfOf: v })} hint={t('staff.audit.onBehalfOfHint')} />
        <div class="button-row">
          <button type="submit">{t('staff.audit.filter')}</button>
          <button type="button" class="secondary" onClick={() => { setForm({ actor: '', action: '', subject: '', onBehalfOf: '' }); setSearch({ actor: null, action: null, subject: null, on_behalf_of: null, cursor: null }); }}>
            {t('staff.audit.clear')}
          </button>
        </div>
      </form>
      <Show loaded={loaded}>
        {(data) => {
          const rows = data.items;
          return (
            <>
              <Table
                caption={t('staff.audit.title')}
                rows={rows}
                rowKey={(e) => String(e.seq)}
                empty={t('staff.audit.empty')}
                columns={[
                  { label: t('staff.audit.seq'), class: 'num', cell: (e) => e.seq },
                  { label: t('staff.audit.at'), cell: (e) => <When at={e.at} /> },
                  { label: t('staff.audit.actor'), cell: (e) => <code>{e.actor}</code> },
                  { label: t('staff.audit.onBehalfOf'), cell: (e) => (e.on_behalf_of ? <code>{e.on_behalf_of}</code> : '—') },
                  { label: t('staff.audit.action'), cell: (e) => <code>{e.action}</code> },
                  {
                    label: t('staff.audit.subject'),
                    cell: (e) => {
                      const href = subjectHref(e.subject);
                      return href ? <Link href={href}>{e.subject}</Link> : <code>{e.subject}</code>;
                    },
                  },
                  { label: t('staff.audit.ip'), cell: (e) => e.ip },
                  { label: t('staff.audit.detail'), cell: (e) => (Object.keys(e.detail ?? {}).length ? <code class="staff-detail">{JSON.stringify(e.detail)}</code> : '—') },
                ]}
              />
              <Pager nextCursor={data.next_cursor} cursor={cursor} onCursor={(c) => setSearch({ cursor: c })} />
            </>
          );
        }}
      </Show>
    </Page>
  );
}

function CreateUser(props: { onDone: () => void }) {
  const blank = { email: '', display_name: '', role: 'staff', agent_id: '', client_id: '', password: '' };
  const [form, setForm] = useState(blank);
  const [created, setCreated] = useState<string | null>(null);
  const action = useAction();
  return (
    <Form
      busy={action.busy}
      problem={action.problem}
      submitLabel={t('staff.users.create')}
      onSubmit={() =>
        void action.run(
          () =>
            api.post<UserRow>('/api/v1/users', {
              email: form.email.trim(),
              display_name: form.display_name.trim(),
              role: form.role,
              password: form.password,
              ...(form.role === 'agent' ? { agent_id: form.agent_id.trim() } : {}),
              ...(form.role === 'client' ? { client_id: form.client_id.trim() } : {}),
            }),
          (user) => {
            setCreated(user.email);
            setForm(blank);
            props.onDone();
          },
        )
      }
    >
      <TextField label={t('staff.common.email')} name="email" type="email" autoComplete="off" value={form.email} onValue={(v) => setForm({ ...form, email: v })} problem={action.problem} />
      <TextField label={t('staff.common.name')} name="display_name" value={form.display_name} onValue={(v) => setForm({ ...form, display_name: v })} problem={action.problem} />
      <Select
        label={t('staff.users.role')}
        name="role"
        value={form.role}
        onValue={(v) => setForm({ ...form, role: v })}
        problem={action.problem}
        options={['staff', 'agent', 'client'].map((r) => ({ value: r, label: stateLabel('role', r) }))}
      />
      {form.role === 'agent' ? <TextField label={t('staff.users.agentId')} name="agent_id" value={form.agent_id} onValue={(v) => setForm({ ...form, agent_id: v })} problem={action.problem} /> : null}
      {form.role === 'client' ? <TextField label={t('staff.users.clientId')} name="client_id" value={form.client_id} onValue={(v) => setForm({ ...form, client_id: v })} problem={action.problem} /> : null}
      <TextField label={t('staff.users.password')} name="password" type="password" autoComplete="new-password" value={form.password} onValue={(v) => setForm({ ...form, password: v })} problem={action.problem} hint={t('staff.users.passwordHint')} />
      {created ? <p class="notice good" role="status">{t('staff.users.created', { email: created })}</p> : null}
    </Form>
  );
}

export function StaffUsers() {
  const loaded = useApi<Items<UserRow>>('/api/v1/users');
  const [role, setRole] = useState('');
  return (
    <Page title={t('staff.users.title')}>
      <AdminTabs />
      <div class="filters staff-filters">
        <Select label={t('staff.users.role')} name="role_filter" value={role} onValue={setRole} options={[{ value: '', label: t('staff.common.all') }, ...['staff', 'agent', 'client'].map((r) => ({ value: r, label: stateLabel('role', r) }))]} />
      </div>
      <Show loaded={loaded}>
        {(data) => (
          <Table
            caption={t('staff.users.title')}
            rows={data.items.filter((u) => !role || u.role === role)}
            rowKey={(u) => u.id}
            empty={t('staff.users.empty')}
            columns={[
              { label: t('staff.common.name'), cell: (u) => <>{u.display_name}<br /><span class="muted">{u.email}</span></> },
              { label: t('staff.users.role'), cell: (u) => stateLabel('role', u.role) },
              { label: t('staff.users.of'), cell: (u) => (u.agent_id ? <Link href={`/staff/agents/${encodePath(u.agent_id)}`}>{u.agent_id}</Link> : u.client_id ? <Link href={`/staff/clients/${encodePath(u.client_id)}`}>{u.client_id}</Link> : '—') },
              { label: t('staff.common.status'), cell: (u) => <StatusBadge status={u.active ? 'active' : 'revoked'} label={u.active ? t('staff.users.active') : t('staff.users.inactive')} /> },
              {
                label: t('staff.users.change'),
                cell: (u) => (
                  <ConfirmAction
                    label={u.active ? t('staff.users.deactivate') : t('staff.users.activate')}
                    danger={u.active}
                    question={u.active ? t('staff.users.deactivateQuestion', { email: u.email }) : t('staff.users.activateQuestion', { email: u.email })}
                    send={() => api.patch(`/api/v1/users/${encodePath(u.id)}`, { active: !u.active })}
                    onDone={() => loaded.reload()}
                  />
                ),
              },
            ]}
          />
        )}
      </Show>
      <Card title={t('staff.users.createTitle')}>
        <CreateUser onDone={() => loaded.reload()} />
      </Card>
    </Page>
  );
}

export function StaffApiKeys() {
  const loaded = useApi<Items<ApiKey>>('/api/v1/api-keys');
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Set<string>>(new Set());
  const [created, setCreated] = useState<ApiKey | null>(null);
  const action = useAction();
  return (
    <Page title={t('staff.keys.title')}>
      <AdminTabs />
      {created?.key ? (
        <div class="notice warn staff-secret" role="alert">
          <strong>{t('staff.keys.once')}</strong>
          <p>{t('staff.keys.keyLabel', { name: created.name })}</p>
          <div class="copy-row">
            <code data-testid="new-key">{created.key}</code>
            <CopyButton text={created.key} />
          </div>
          {created.signing_secret ? (
            <>
              <p>{t('staff.keys.secretLabel')}</p>
              <div class="copy-row">
                <code>{created.signing_secret}</code>
                <CopyButton text={created.signing_secret} />
              </div>
            </>
          ) : null}
          <button type="button" class="secondary" onClick={() => setCreated(null)}>{t('staff.keys.stored')}</button>
        </div>
      ) : null}
      <Show loaded={loaded}>
        {(data) => (
          <Table
            caption={t('staff.keys.title')}
            rows={data.items}
            rowKey={(k) => k.id}
            empty={t('staff.keys.empty')}
            columns={[
              { label: t('staff.common.name'), cell: (k) => <>{k.name}<br /><code class="muted">{k.id}</code></> },
              { label: t('staff.keys.scopes'), cell: (k) => k.scopes.join(', ') },
              { label: t('staff.keys.created'), cell: (k) => <When at={k.created_at} /> },
              { label: t('staff.common.status'), cell: (k) => (k.revoked_at ? <><StatusBadge status="revoked" label={t('staff.keys.revoked')} /> <When at={k.revoked_at} /></> : <StatusBadge status="active" label={t('staff.users.active')} />) },
              {
                label: t('staff.users.change'),
                cell: (k) =>
                  k.revoked_at ? '—' : (
                    <ConfirmAction label={t('staff.keys.revoke')} danger question={t('staff.keys.revokeQuestion', { name: k.name })} send={() => api.delete(`/api/v1/api-keys/${encodePath(k.id)}`)} onDone={() => loaded.reload()} />
                  ),
              },
            ]}
          />
        )}
      </Show>
      <Card title={t('staff.keys.createTitle')}>
        <Form
          busy={action.busy}
          problem={action.problem}
          submitLabel={t('staff.keys.create')}
          onSubmit={() =>
            void action.run(
              () => api.post<ApiKey>('/api/v1/api-keys', { name: name.trim(), scopes: API_KEY_SCOPES.filter((s) => scopes.has(s)) }),
              (key) => {
                setCreated(key);
                setName('');
                setScopes(new Set());
                loaded.reload();
              },
            )
          }
        >
          <TextField label={t('staff.common.name')} name="name" value={name} onValue={setName} problem={action.problem} />
          <fieldset class="staff-choices">
            <legend>{t('staff.keys.scopes')}</legend>
            {API_KEY_SCOPES.map((s) => (
              <label key={s} class="check">
                <input
                  type="checkbox"
                  checked={scopes.has(s)}
                  onChange={() => {
                    const next = new Set(scopes);
                    if (next.has(s)) next.delete(s);
                    else next.add(s);
                    setScopes(next);
                  }}
                />
                <code>{s}</code> <span class="muted">{stateLabel('scope', s)}</span>
              </label>
            ))}
          </fieldset>
        </Form>
      </Card>
    </Page>
  );
}
