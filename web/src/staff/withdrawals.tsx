// The withdrawal queue by state: approve, pay with the payout reference,
// reject with a reason; each confirmed, showing gross, tax and net; a paid one
// links its remittance advice and withholding-tax statement (PDF).
import { useState } from 'preact/hooks';
import { api, encodePath, query } from '../app/api';
import { money, t } from '../app/i18n';
import { setSearch } from '../app/router';
import { Card, Link, Money, Page, Show, StatusBadge, TextField, When } from '../ui/components';
import { useApi } from '../ui/hooks';
import { sumMoney, WITHDRAWAL_STATES } from './model';
import { ConfirmAction, localProblem, ReasonAction, searchParam, stateLabel, StatusFilter, Tabs } from './parts';
import type { Items, Withdrawal } from './types';
import { ConfirmButton, ProblemBox } from '../ui/components';
import { useAction } from '../ui/hooks';

export function MoneyTabs() {
  return (
    <Tabs
      label={t('staff.tabs.money')}
      items={[
        { href: '/staff/withdrawals', label: t('staff.nav.withdrawals') },
        { href: '/staff/reversible-commissions', label: t('staff.nav.reversible') },
        { href: '/staff/payouts', label: t('staff.nav.payouts') },
        { href: '/staff/payouts/withholding-tax', label: t('staff.nav.withholdingTax') },
      ]}
    />
  );
}

// GET /api/v1/withdrawals/{id}/remittance (a PDF): only a paid withdrawal has one.
export function RemittanceLink(props: { w: Pick<Withdrawal, 'id' | 'agent_id'> }) {
  const { w } = props;
  return (
    <a
      href={`/api/v1/withdrawals/${encodePath(w.id)}/remittance`}
      download={`remittance-${w.id}.pdf`}
      aria-label={t('staff.withdrawals.remittanceLabel', { id: w.id, agent: w.agent_id })}
    >
      {t('staff.withdrawals.remittance')}
    </a>
  );
}

function Pay(props: { w: Withdrawal; onDone: (next: string) => void }) {
  const [reference, setReference] = useState('');
  const [local, setLocal] = useState<ReturnType<typeof localProblem> | null>(null);
  const action = useAction();
  const problem = local ?? action.problem;
  const figures = t('staff.withdrawals.figures', { gross: money(props.w.gross), tax: money(props.w.tax_withheld ?? ''), net: money(props.w.net ?? '') });
  return (
    <div class="staff-action">
      <TextField label={t('staff.withdrawals.reference')} name="reference" value={reference} onValue={(v) => { setReference(v); setLocal(null); }} problem={problem} hint={t('staff.withdrawals.referenceHint')} autoComplete="off" />
      <div class="button-row">
        {reference.trim() ? (
          <ConfirmButton
            label={action.busy ? t('common.working') : t('staff.withdrawals.pay')}
            question={t('staff.withdrawals.payQuestion', { agent: props.w.agent_id, reference: reference.trim(), figures })}
            confirmLabel={t('staff.withdrawals.pay')}
            busy={action.busy}
            onConfirm={() => action.run(() => api.post(`/api/v1/withdrawals/${encodePath(props.w.id)}/pay`, { reference: reference.trim() }), () => props.onDone('paid'))}
          />
        ) : (
          <button type="button" onClick={() => setLocal(localProblem('reference', t('staff.withdrawals.referenceRequired')))}>{t('staff.withdrawals.pay')}</button>
        )}
      </div>
      {problem && !problem.errors?.some((e) => e.field === 'reference') ? <ProblemBox problem={problem} /> : null}
    </div>
  );
}

function WithdrawalCard(props: { w: Withdrawal; onDone: (next: string) => void }) {
  const { w } = props;
  const figures = t('staff.withdrawals.figures', { gross: money(w.gross), tax: money(w.tax_withheld ?? ''), net: money(w.net ?? '') });
  return (
    <Card class="staff-withdrawal">
      <h2>
        <Link href={`/staff/agents/${encodePath(w.agent_id)}`}>{w.agent_id}</Link> · <StatusBadge status={w.state} label={stateLabel('withdrawal', w.state)} />
      </h2>
      <dl class="figures">
        <div>
          <dt>{t('staff.withdrawals.gross')}</dt>
          <dd><Money amount={w.gross} /></dd>
        </div>
        <div>
          <dt>{t('staff.withdrawals.tax')}</dt>
          <dd>{w.tax_withheld ? <Money amount={w.tax_withheld} /> : '—'}</dd>
        </div>
        <div>
          <dt>{t('staff.withdrawals.net')}</dt>
          <dd>{w.net ? <Money amount={w.net} /> : '—'}</dd>
        </div>
      </dl>
      <dl class="facts">
        <dt>{t('staff.withdrawals.id')}</dt>
        <dd><code>{w.id}</code></dd>
        <dt>{t('staff.withdrawals.requested')}</dt>
        <dd><When at={w.requested_at} /></dd>
        {w.reference ? (
          <>
            <dt>{t('staff.withdrawals.reference')}</dt>
            <dd><code>{w.reference}</code></dd>
          </>
        ) : null}
        {w.reason ? (
          <>
            <dt>{t('staff.common.reason')}</dt>
            <dd>{w.reason}</dd>
          </>
        ) : null}
      </dl>
      {w.state === 'paid' ? (
        <p>
          <RemittanceLink w={w} />
        </p>
      ) : null}
      {w.state === 'requested' ? (
        <div class="grid two">
          <ConfirmAction label={t('staff.withdrawals.approve')} question={t('staff.withdrawals.approveQuestion', { agent: w.agent_id, figures })} send={() => api.post(`/api/v1/withdrawals/${encodePath(w.id)}/approve`)} onDone={() => props.onDone('approved')} />
          <ReasonAction label={t('staff.withdrawals.reject')} danger question={(reason) => t('staff.withdrawals.rejectQuestion', { agent: w.agent_id, amount: money(w.gross), reason })} send={(reason) => api.post(`/api/v1/withdrawals/${encodePath(w.id)}/reject`, { reason })} onDone={() => props.onDone('rejected')} />
        </div>
      ) : null}
      {w.state === 'approved' ? (
        <div class="grid two">
          <Pay w={w} onDone={props.onDone} />
          <ReasonAction label={t('staff.withdrawals.reject')} danger question={(reason) => t('staff.withdrawals.rejectQuestion', { agent: w.agent_id, amount: money(w.gross), reason })} send={(reason) => api.post(`/api/v1/withdrawals/${encodePath(w.id)}/reject`, { reason })} onDone={() => props.onDone('rejected')} />
        </div>
      ) : null}
    </Card>
  );
}

export function StaffWithdrawals() {
  const state = searchParam('state', 'requested');
  const loaded = useApi<Items<Withdrawal>>(`/api/v1/withdrawals${query({ state })}`);
  return (
    <Page title={t('staff.withdrawals.title')}>
      <MoneyTabs />
      <StatusFilter name="state" label={t('staff.common.status')} value={state} statuses={WITHDRAWAL_STATES} labelFor={(s) => stateLabel('withdrawal', s)} />
      <Show loaded={loaded}>
        {(data) =>
          data.items.length === 0 ? (
            <p class="state empty">{t('staff.withdrawals.empty')}</p>
          ) : (
            <>
              <p class="muted">{t('staff.withdrawals.summary', { count: data.items.length, gross: money(sumMoney(data.items.map((w) => w.gross))) })}</p>
              {data.items.map((w) => (
                <WithdrawalCard key={w.id} w={w} onDone={(next) => (next === state ? loaded.reload() : setSearch({ state: next }))} />
              ))}
            </>
          )
        }
      </Show>
    </Page>
  );
}
