// One agent's record: profile and balances, tier history, evaluations with
// their explanations, the staff actions (manual commission, tier override,
// violation, termination, SIP trunk), agreements, certifications, people,
// clients, commissions and withdrawals.
import { useState } from 'preact/hooks';
import { api, encodePath, request } from '../app/api';
import { parseMoneyInput } from '../app/format';
import { money, t } from '../app/i18n';
import type { RouteProps } from '../app/router';
import { Card, ConfirmButton, Link, Money, Page, ProblemBox, Select, Show, StatusBadge, Table, TextArea, TextField, When } from '../ui/components';
import { useAction, useApi } from '../ui/hooks';
import { checkFigure, checksByTier, idempotencyKey, MANUAL_CATEGORIES, TIERS } from './model';
import { ConfirmAction, Evidence, localProblem, ReasonAction, stateLabel } from './parts';
import type { AgentRecord, Agreement, Certification, Check, Commission, Evaluation, Items, Person, Withdrawal } from './types';
import { RemittanceLink } from './withdrawals';

export function ChecksTable(props: { checks: Check[]; caption: string }) {
  return (
    <>
      {checksByTier(props.checks).map((group) => (
        <div key={group.tier}>
          <h4>{t('staff.evaluation.forTier', { tier: stateLabel('tier', group.tier) })}</h4>
          <Table
            caption={`${props.caption} — ${stateLabel('tier', group.tier)}`}
            rows={group.checks}
            rowKey={(c) => `${c.tier}/${c.requirement}`}
            columns={[
              { label: t('staff.evaluation.requirement'), cell: (c) => stateLabel('requirement', c.requirement) },
              { label: t('staff.evaluation.measured'), class: 'num', cell: (c) => checkFigure(c) },
              { label: t('staff.evaluation.met'), cell: (c) => <StatusBadge status={c.met ? 'verified' : 'rejected'} label={c.met ? t('staff.evaluation.yes') : t('staff.evaluation.no')} /> },
            ]}
          />
        </div>
      ))}
    </>
  );
}

function ManualCommission(props: { agentId: string; onDone: (message: string) => void }) {
  const [key, setKey] = useState(() => idempotencyKey());
  const [amount, setAmount] = useState('');
  const [category, setCategory] = useState<string>(MANUAL_CATEGORIES[0]);
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<ReturnType<typeof localProblem> | null>(null);
  const action = useAction();
  const parsed = parseMoneyInput(amount);
  const problem = local ?? action.problem;
  const check = () => {
    if (!parsed || parsed === '0.00') setLocal(localProblem('amount', t('staff.manual.amountInvalid')));
    else if (!reason.trim()) setLocal(localProblem('reason', t('staff.common.reasonRequired')));
  };
  const ready = parsed !== null && parsed !== '0.00' && reason.trim() !== '';
  return (
    <div class="form">
      <TextField label={t('staff.manual.amount')} name="amount" inputMode="decimal" value={amount} onValue={(v) => { setAmount(v); setLocal(null); }} problem={problem} hint={t('staff.manual.amountHint')} />
      <Select label={t('staff.manual.category')} name="category" value={category} onValue={setCategory} options={MANUAL_CATEGORIES.map((c) => ({ value: c, label: stateLabel('category', c) }))} problem={problem} />
      <TextArea label={t('staff.common.reason')} name="reason" value={reason} onValue={(v) => { setReason(v); setLocal(null); }} problem={problem} rows={2} required />
      <div class="button-row">
        {ready ? (
          <ConfirmButton
            label={action.busy ? t('common.working') : t('staff.manual.post')}
            question={t('staff.manual.question', { amount: money(parsed), agent: props.agentId, category: stateLabel('category', category) })}
            confirmLabel={t('staff.manual.post')}
            busy={action.busy}
            onConfirm={() =>
              action.run(
                () => request<{ id: string; amount: string }>('POST', `/api/v1/agents/${encodePath(props.agentId)}/manual-commissions`, { amount: parsed, category, reason: reason.trim() }, { headers: { 'Idempotency-Key': key } }),
                (data) => {
                  setAmount('');
                  setReason('');
                  setKey(idempotencyKey());
                  props.onDone(t('staff.manual.posted', { id: data.id, amount: money(data.amount) }));
                },
              )
            }
          />
        ) : (
          <button type="button" onClick={check}>{t('staff.manual.post')}</button>
        )}
      </div>
      {problem && !problem.errors?.some((e) => ['amount', 'reason', 'category'].includes(e.field)) ? <ProblemBox problem={problem} /> : null}
    </div>
  );
}

function TierOverride(props: { agent: AgentRecord; onDone: (message: string) => void }) {
  const [tier, setTier] = useState<string>(TIERS.find((x) => x !== props.agent.tier) ?? 'bronze');
  return (
    <>
      <Select label={t('staff.override.tier')} name="tier" value={tier} onValue={setTier} options={TIERS.filter((x) => x !== props.agent.tier).map((x) => ({ value: x, label: stateLabel('tier', x) }))} />
      <ReasonAction
        label={t('staff.override.submit')}
        question={(reason) => t('staff.override.question', { from: stateLabel('tier', props.agent.tier), to: stateLabel('tier', tier), reason })}
        send={(reason) => api.post<{ to: string }>(`/api/v1/agents/${encodePath(props.agent.id)}/tier-override`, { tier, reason })}
        onDone={(data) => props.onDone(t('staff.override.done', { tier: stateLabel('tier', data.to) }))}
      />
    </>
  );
}

function Violation(props: { agentId: string; onDone: (message: string) => void }) {
  const [mode, setMode] = useState<'all_unpaid' | 'named'>('all_unpaid');
  const [ids, setIds] = useState('');
  const named = ids.split(/[\s,]+/).filter(Boolean);
  return (
    <>
      <p class="notice warn">{t('staff.violation.warning')}</p>
      <Select
        label={t('staff.violation.what')}
        name="mode"
        value={mode}
        onValue={(v) => setMode(v === 'named' ? 'named' : 'all_unpaid')}
        options={[
          { value: 'all_unpaid', label: t('staff.violation.allUnpaid') },
          { value: 'named', label: t('staff.violation.named') },
        ]}
      />
      {mode === 'named' ? <TextArea label={t('staff.violation.ids')} name="commission_ids" value={ids} onValue={setIds} rows={2} /> : null}
      <ReasonAction
        label={t('staff.violation.submit')}
        danger
        question={(reason) => (mode === 'all_unpaid' ? t('staff.violation.questionAll', { reason }) : t('staff.violation.questionNamed', { count: named.length, reason }))}
        send={(reason) => api.post<{ forfeited_total: string }>(`/api/v1/agents/${encodePath(props.agentId)}/violations`, mode === 'all_unpaid' ? { reason, all_unpaid: true } : { reason, commission_ids: named })}
        onDone={(data) => {
          setIds('');
          props.onDone(t('staff.violation.done', { amount: money(data.forfeited_total) }));
        }}
      />
    </>
  );
}

// The engine's value now (provisioning or staff set it); a change shows at once.
function SipTrunk(props: { agentId: string; active: boolean }) {
  const [state, setState] = useState<boolean>(props.active);
  const action = useAction();
  const set = (active: boolean) =>
    action.run(
      () => api.put<{ sip_trunk_active: boolean }>(`/api/v1/agents/${encodePath(props.agentId)}/sip-trunk`, { active }),
      (data) => setState(data.sip_trunk_active),
    );
  return (
    <>
      <p>{state ? t('staff.sip.active') : t('staff.sip.inactive')}</p>
      <div class="button-row">
        <button type="button" class="secondary" disabled={action.busy} onClick={() => void set(true)}>{t('staff.sip.setActive')}</button>
        <button type="button" class="secondary" disabled={action.busy} onClick={() => void set(false)}>{t('staff.sip.setInactive')}</button>
      </div>
      <ProblemBox problem={action.problem} />
    </>
  );
}

function Agreements(props: { agentId: string }) {
  const loaded = useApi<Items<Agreement>>(`/api/v1/agents/${encodePath(props.agentId)}/agreements`);
  return (
    <Show loaded={loaded}>
      {(data) =>
        data.items.length === 0 ? (
          <p class="state empty">{t('staff.agreements.empty')}</p>
        ) : (
          <ul class="staff-list">
            {data.items.map((a) => (
              <li key={a.id}>
                <p>
                  <StatusBadge status={a.status} label={stateLabel('agreement', a.status)} /> {stateLabel('method', a.method)} · {a.signer_name} · <When at={a.signed_at} />
                </p>
                {a.rejection_reason ? <p class="muted">{t('staff.common.reason')}: {a.rejection_reason}</p> : null}
                {a.file_id ? <Evidence fileId={a.file_id} label={t('staff.agreements.file', { name: a.signer_name })} /> : null}
                {a.status === 'submitted' ? (
                  <div class="grid two">
                    <ConfirmAction label={t('staff.agreements.verify')} question={t('staff.agreements.verifyQuestion', { name: a.signer_name })} send={() => api.post(`/api/v1/agreements/${encodePath(a.id)}/verify`)} onDone={() => loaded.reload()} />
                    <ReasonAction label={t('staff.agreements.reject')} danger question={(reason) => t('staff.agreements.rejectQuestion', { reason })} send={(reason) => api.post(`/api/v1/agreements/${encodePath(a.id)}/reject`, { reason })} onDone={() => loaded.reload()} />
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )
      }
    </Show>
  );
}

export function CertificationItem(props: { c: Certification; onChange: () => void; showAgent?: boolean }) {
  const { c } = props;
  return (
    <li>
      <p>
        <StatusBadge status={c.status} label={stateLabel('certification', c.status)} /> <strong>{stateLabel('certKind', c.kind)}</strong>
        {c.level ? ` · ${stateLabel('level', c.level)}` : ''}
        {props.showAgent ? (
          <>
            {' · '}
            <Link href={`/staff/agents/${encodePath(c.agent_id)}`}>{c.agent_id}</Link>
          </>
        ) : null}
      </p>
      <dl class="facts">
        <dt>{t('staff.certifications.person')}</dt>
        <dd><code>{c.person_id}</code></dd>
        <dt>{t('staff.certifications.valid')}</dt>
        <dd>{t('staff.certifications.validRange', { from: c.issued_on, to: c.valid_until })}</dd>
        <dt>{t('staff.certifications.submittedAt')}</dt>
        <dd><When at={c.submitted_at} /></dd>
        {c.rejection_reason ? (
          <>
            <dt>{t('staff.common.reason')}</dt>
            <dd>{c.rejection_reason}</dd>
          </>
        ) : null}
      </dl>
      <Evidence fileId={c.evidence_file_id} label={t('staff.certifications.evidenceOf', { kind: stateLabel('certKind', c.kind) })} />
      {c.status === 'submitted' ? (
        <div class="grid two">
          <ConfirmAction label={t('staff.certifications.verify')} question={t('staff.certifications.verifyQuestion', { kind: stateLabel('certKind', c.kind), agent: c.agent_id })} send={() => api.post(`/api/v1/certifications/${encodePath(c.id)}/verify`)} onDone={props.onChange} />
          <ReasonAction label={t('staff.certifications.reject')} danger question={(reason) => t('staff.certifications.rejectQuestion', { reason })} send={(reason) => api.post(`/api/v1/certifications/${encodePath(c.id)}/reject`, { reason })} onDone={props.onChange} />
        </div>
      ) : null}
    </li>
  );
}

function Certifications(props: { agentId: string }) {
  const loaded = useApi<Items<Certification>>(`/api/v1/agents/${encodePath(props.agentId)}/certifications`);
  return (
    <Show loaded={loaded}>
      {(data) =>
        data.items.length === 0 ? (
          <p class="state empty">{t('staff.certifications.none')}</p>
        ) : (
          <ul class="staff-list">
            {data.items.map((c) => (
              <CertificationItem key={c.id} c={c} onChange={() => loaded.reload()} />
            ))}
          </ul>
        )
      }
    </Show>
  );
}

function People(props: { agentId: string }) {
  const loaded = useApi<Items<Person>>(`/api/v1/agents/${encodePath(props.agentId)}/people`);
  return (
    <Show loaded={loaded}>
      {(data) => (
        <Table
          caption={t('staff.agent.people')}
          rows={data.items}
          rowKey={(p) => p.user_id}
          empty={t('staff.agent.noPeople')}
          columns={[
            { label: t('staff.common.name'), cell: (p) => p.display_name },
            { label: t('staff.common.email'), cell: (p) => p.email },
            { label: t('staff.agent.role'), cell: (p) => stateLabel('agentRole', p.agent_role) },
            { label: t('staff.agent.added'), cell: (p) => <When at={p.added_at} /> },
          ]}
        />
      )}
    </Show>
  );
}

function Commissions(props: { agentId: string; version: number }) {
  const loaded = useApi<{ total_count: number; total_amount: string; items: Commission[] }>(`/api/v1/agents/${encodePath(props.agentId)}/commissions?limit=10&v=${props.version}`);
  return (
    <Show loaded={loaded}>
      {(data) => (
        <>
          <p class="muted">{t('staff.agent.commissionsTotal', { count: data.total_count, amount: money(data.total_amount) })}</p>
          <Table
            caption={t('staff.agent.commissions')}
            rows={data.items}
            rowKey={(c) => c.id}
            empty={t('staff.agent.noCommissions')}
            columns={[
              { label: t('staff.agent.commission'), cell: (c) => <><code>{c.id}</code><br /><span class="muted">{stateLabel('category', c.category)}</span></> },
              { label: t('staff.common.status'), cell: (c) => <StatusBadge status={c.state} label={stateLabel('commission', c.state)} /> },
              { label: t('staff.agent.created'), cell: (c) => <When at={c.created_at} /> },
              { label: t('staff.common.amount'), class: 'num', cell: (c) => <Money amount={c.amount} /> },
            ]}
          />
          <p>
            <a href={`/api/v1/agents/${encodePath(props.agentId)}/commissions?format=csv`} download>{t('staff.agent.commissionsCsv')}</a>
          </p>
        </>
      )}
    </Show>
  );
}

function Withdrawals(props: { agentId: string }) {
  const loaded = useApi<Items<Withdrawal>>(`/api/v1/agents/${encodePath(props.agentId)}/withdrawals`);
  return (
    <Show loaded={loaded}>
      {(data) => (
        <Table
          caption={t('staff.agent.withdrawals')}
          rows={data.items}
          rowKey={(w) => w.id}
          empty={t('staff.agent.noWithdrawals')}
          columns={[
            { label: t('staff.withdrawals.requested'), cell: (w) => <When at={w.requested_at} /> },
            { label: t('staff.common.status'), cell: (w) => <StatusBadge status={w.state} label={stateLabel('withdrawal', w.state)} /> },
            { label: t('staff.withdrawals.gross'), class: 'num', cell: (w) => <Money amount={w.gross} /> },
            { label: t('staff.withdrawals.tax'), class: 'num', cell: (w) => <Money amount={w.tax_withheld} /> },
            { label: t('staff.withdrawals.net'), class: 'num', cell: (w) => <Money amount={w.net} /> },
            {
              label: t('staff.withdrawals.reference'),
              cell: (w) =>
                w.state === 'paid' ? (
                  <>
                    {w.reference ?? '—'}
                    <br />
                    <RemittanceLink w={w} />
                  </>
                ) : (
                  (w.reference ?? w.reason ?? '—')
                ),
            },
          ]}
        />
      )}
    </Show>
  );
}

function Evaluations(props: { agentId: string; version: number }) {
  const loaded = useApi<{ items: Evaluation[] }>(`/api/v1/agents/${encodePath(props.agentId)}/evaluations?v=${props.version}`);
  return (
    <Show loaded={loaded}>
      {(data) =>
        data.items.length === 0 ? (
          <p class="state empty">{t('staff.evaluation.none')}</p>
        ) : (
          <>
            {data.items.map((e) => (
              <details key={`${e.quarter}-${e.at}`} class="staff-details">
                <summary>
                  {e.quarter === 'override' ? t('staff.evaluation.override') : e.quarter}: {stateLabel('tier', e.from)} → {stateLabel('tier', e.to)} · <When at={e.at} />
                </summary>
                {e.reason ? <p>{t('staff.common.reason')}: {e.reason}</p> : null}
                {e.checks?.length ? <ChecksTable checks={e.checks} caption={e.quarter} /> : <p class="muted">{t('staff.evaluation.noChecks')}</p>}
              </details>
            ))}
          </>
        )
      }
    </Show>
  );
}

export function StaffAgent(props: RouteProps) {
  const id = props.params.id ?? '';
  const loaded = useApi<AgentRecord>(`/api/v1/agents/${encodePath(id)}`);
  const [version, setVersion] = useState(0);
  // What the last action did: kept here, above the record, while the record reloads.
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = (message?: string) => {
    setNotice(message ?? null);
    setVersion((v) => v + 1);
    loaded.reload();
  };
  return (
    <Page title={loaded.state === 'ready' ? (loaded.data.name ?? loaded.data.id) : t('staff.agent.title')} actions={<Link href="/staff/agents">{t('staff.agent.back')}</Link>}>
      {notice ? (
        <p class="notice good" role="status">
          {notice}
        </p>
      ) : null}
      <Show loaded={loaded}>
        {(a) => {
          const terminated = a.status === 'terminated';
          const b = a.balances;
          return (
            <>
              <Card title={t('staff.agent.profile')}>
                <dl class="facts">
                  <dt>{t('staff.agent.id')}</dt>
                  <dd><code>{a.id}</code></dd>
                  <dt>{t('staff.common.status')}</dt>
                  <dd><StatusBadge status={a.status} label={stateLabel('agent', a.status)} /></dd>
                  <dt>{t('staff.agents.tier')}</dt>
                  <dd data-testid="agent-tier">{stateLabel('tier', a.tier)}</dd>
                  <dt>{t('staff.common.email')}</dt>
                  <dd>{a.email ?? '—'}</dd>
                  <dt>{t('staff.common.phone')}</dt>
                  <dd>{a.phone ?? '—'}</dd>
                  <dt>{t('staff.applications.town')}</dt>
                  <dd>{a.town ?? '—'}</dd>
                  <dt>{t('staff.agent.referral')}</dt>
                  <dd><code>{a.referral_id ?? '—'}</code></dd>
                  <dt>{t('staff.agent.activated')}</dt>
                  <dd><When at={a.activated_at} /></dd>
                  {a.affiliate_clock ? (
                    <>
                      <dt>{t('staff.agents.clock')}</dt>
                      <dd>{a.affiliate_clock.sale_made ? t('staff.agent.saleMade') : t('staff.agents.daysLeft', { days: a.affiliate_clock.days_left })}</dd>
                    </>
                  ) : null}
                  {a.application_id ? (
                    <>
                      <dt>{t('staff.agent.application')}</dt>
                      <dd><Link href={`/staff/applications/${encodePath(a.application_id)}`}>{a.application_id}</Link></dd>
                    </>
                  ) : null}
                </dl>
              </Card>
              <Card title={t('staff.agent.balances')}>
                <dl class="figures">
                  {(['pending', 'available', 'withdrawing', 'paid_out', 'tax_withheld', 'reversed', 'forfeited'] as const).map((k) =>
                    b[k] !== undefined ? (
                      <div key={k}>
                        <dt>{t(`staff.balance.${k}`)}</dt>
                        <dd><Money amount={b[k]} /></dd>
                      </div>
                    ) : null,
                  )}
                </dl>
                <p class="muted">{t('staff.agent.asOf')} <When at={a.as_of} /></p>
              </Card>
              {a.termination ? (
                <div class="notice warn" role="status">
                  <strong>{t('staff.agent.terminatedAt')}</strong> <When at={a.termination.at} /> — {a.termination.reason} · {t('staff.agent.forfeited', { amount: money(a.termination.forfeited_total) })}
                </div>
              ) : null}
              <div class="grid two">
                <Card title={t('staff.manual.title')}>
                  {terminated ? <p class="muted">{t('staff.agent.terminatedNoActions')}</p> : <ManualCommission agentId={a.id} onDone={refresh} />}
                </Card>
                <Card title={t('staff.override.title')}>
                  <p class="muted">{t('staff.override.current', { tier: stateLabel('tier', a.tier) })}</p>
                  {terminated ? <p class="muted">{t('staff.agent.terminatedNoActions')}</p> : <TierOverride agent={a} onDone={refresh} />}
                </Card>
              </div>
              <Card title={t('staff.agent.tierHistory')}>
                <Table
                  caption={t('staff.agent.tierHistory')}
                  rows={a.tier_history}
                  rowKey={(h) => `${h.quarter}-${h.at}`}
                  empty={t('staff.agent.noHistory')}
                  columns={[
                    { label: t('staff.agent.quarter'), cell: (h) => (h.quarter === 'override' ? t('staff.evaluation.override') : h.quarter) },
                    { label: t('staff.agent.when'), cell: (h) => <When at={h.at} /> },
                    { label: t('staff.agent.change'), cell: (h) => `${stateLabel('tier', h.from)} → ${stateLabel('tier', h.to)}` },
                    { label: t('staff.common.reason'), cell: (h) => h.reason ?? '—' },
                  ]}
                />
              </Card>
              <Card title={t('staff.agent.evaluations')}>
                <Evaluations agentId={a.id} version={version} />
              </Card>
              <div class="grid two">
                <Card title={t('staff.sip.title')}>
                  <SipTrunk agentId={a.id} active={a.sip_trunk_active} />
                </Card>
                <Card title={t('staff.agent.clients')}>
                  <Table
                    caption={t('staff.agent.clients')}
                    rows={a.associations}
                    rowKey={(x) => `${x.client}-${x.created_at}`}
                    empty={t('staff.agent.noClients')}
                    columns={[
                      { label: t('staff.clients.client'), cell: (x) => <Link href={`/staff/clients/${encodePath(x.client)}`}>{x.client}</Link> },
                      { label: t('staff.clients.source'), cell: (x) => stateLabel('source', x.source) },
                      { label: t('staff.clients.since'), cell: (x) => <When at={x.created_at} /> },
                      { label: t('staff.clients.ended'), cell: (x) => <When at={x.ended_at} /> },
                    ]}
                  />
                </Card>
              </div>
              <Card title={t('staff.agent.agreements')}>
                <Agreements agentId={a.id} />
              </Card>
              <Card title={t('staff.agent.certifications')}>
                <Certifications agentId={a.id} />
              </Card>
              <Card title={t('staff.agent.people')}>
                <People agentId={a.id} />
              </Card>
              <Card title={t('staff.agent.commissions')}>
                <Commissions agentId={a.id} version={version} />
              </Card>
              <Card title={t('staff.agent.withdrawals')}>
                <Withdrawals agentId={a.id} />
              </Card>
              <Card title={t('staff.agent.violations')}>
                <Table
                  caption={t('staff.agent.violations')}
                  rows={a.violations}
                  rowKey={(v) => `${v.at}-${v.reason}`}
                  empty={t('staff.agent.noViolations')}
                  columns={[
                    { label: t('staff.agent.when'), cell: (v) => <When at={v.at} /> },
                    { label: t('staff.common.reason'), cell: (v) => v.reason },
                    { label: t('staff.violation.scope'), cell: (v) => (v.all_unpaid ? t('staff.violation.allUnpaid') : v.commission_ids.join(', ')) },
                    { label: t('staff.violation.forfeitedTotal'), class: 'num', cell: (v) => <Money amount={v.forfeited_total} /> },
                  ]}
                />
                {terminated ? null : (
                  <>
                    <h3>{t('staff.violation.title')}</h3>
                    <Violation agentId={a.id} onDone={refresh} />
                  </>
                )}
              </Card>
              {terminated ? null : (
                <Card title={t('staff.terminate.title')} class="staff-danger">
                  <p class="notice warn">{t('staff.terminate.warning')}</p>
                  <ReasonAction
                    label={t('staff.terminate.submit')}
                    danger
                    question={(reason) => t('staff.terminate.question', { agent: a.name ?? a.id, reason })}
                    send={(reason) => api.post(`/api/v1/agents/${encodePath(a.id)}/terminate`, { reason })}
                    onDone={() => refresh(t('staff.terminate.done'))}
                  />
                </Card>
              )}
            </>
          );
        }}
      </Show>
    </Page>
  );
}
