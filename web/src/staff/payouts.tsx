// The finance desk's payouts (GET /api/v1/payouts/reconciliation): the month's
// withdrawals, or every open one (approved, not yet paid or failed), with what
// became of each — its status, channel and the server's note — and totals per
// status. A row opens to its M-Pesa parts, where staff record by hand the
// outcome of a part whose result never came (…/mpesa/{id}/resolve), with the
// callbacks M-Pesa sent for it; below, the bank transfers: make the transfer
// file of what waits, download it, import the bank's confirmation (CSV).
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { api, encodePath, query, request, type ApiResult, type Problem } from '../app/api';
import { eatMonth, isMonth, recentMonths } from '../app/format';
import { money, month, t } from '../app/i18n';
import { setSearch } from '../app/router';
import { Card, ConfirmButton, Field, Link, Money, Page, ProblemBox, Select, Show, Table, TextArea, TextField, When } from '../ui/components';
import { useAction, useApi } from '../ui/hooks';
import { awaitingBatches, isMpesaReceipt, normaliseReceipt, payoutGlyph, payoutTotals, resolveOutcomes, toggle } from './model';
import { ConfirmAction, localProblem, searchParam, stateLabel } from './parts';
import type { BankBatch, BankConfirmation, BankPayout, Items, MpesaPayment, PayoutCallback, PayoutItem, Reconciliation } from './types';
import { MoneyTabs, RemittanceLink } from './withdrawals';

const RECONCILIATION = '/api/v1/payouts/reconciliation';

// A status with a sign before its word: readable without the colour.
export function PayoutBadge(props: { group: string; status: string }) {
  return (
    <span class={`badge payout-badge status-${props.status.replace(/[^a-z_-]/gi, '')}`}>
      <span aria-hidden="true">{payoutGlyph(props.status)}</span> {stateLabel(props.group, props.status)}
    </span>
  );
}

// Which month (or the open payouts) the page shows, from the URL.
function usePeriod() {
  const open = searchParam('open') === 'true';
  const asked = searchParam('month');
  const badMonth = asked !== '' && !isMonth(asked);
  const chosen = asked && !badMonth ? asked : eatMonth(new Date());
  return { open, asked, badMonth, chosen, params: open ? { open: true } : { month: chosen } };
}

function PeriodFilter(props: { open: boolean; chosen: string }) {
  const months = recentMonths(new Date(), 24);
  if (!months.includes(props.chosen)) months.push(props.chosen);
  const id = useId();
  return (
    <div class="filters staff-filters payout-filters">
      <Select
        label={t('staff.payouts.month')}
        name="month"
        value={props.chosen}
        disabled={props.open}
        onValue={(m) => setSearch({ month: m, open: null })}
        options={months.map((m) => ({ value: m, label: month(m) }))}
      />
      <div class="field">
        <label class="check" for={id}>
          <input
            id={id}
            type="checkbox"
            name="open"
            checked={props.open}
            aria-describedby={`${id}-hint`}
            onChange={(e) => setSearch({ open: (e.currentTarget as HTMLInputElement).checked ? 'true' : null })}
          />
          {t('staff.payouts.openOnly')}
        </label>
        <small id={`${id}-hint`} class="hint">
          {t('staff.payouts.openHint')}
        </small>
      </div>
    </div>
  );
}

function Totals(props: { view: Reconciliation }) {
  const totals = payoutTotals(props.view.totals);
  return (
    <Card title={t('staff.payouts.totals')}>
      {totals.length === 0 ? (
        <p class="muted">{t('staff.payouts.noTotals')}</p>
      ) : (
        <dl class="figures payout-totals">
          {totals.map(({ status, total }) => (
            <div key={status} data-testid={`payout-total-${status}`}>
              <dt>
                <PayoutBadge group="payout" status={status} />
              </dt>
              <dd>
                <span class="payout-count">{t('staff.payouts.count', { count: total.count })}</span>
                <small class="payout-sums">
                  {t('staff.payouts.sums', { gross: money(total.gross), net: money(total.net) })}
                </small>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </Card>
  );
}

// GET …/bank-batches/{id}?format=csv: the transfer file to upload to the bank.
function BatchLink(props: { id: string }) {
  return (
    <a href={`/api/v1/payouts/bank-batches/${encodePath(props.id)}?format=csv`} download={`${props.id}.csv`}>
      {t('staff.payouts.batchDownload', { id: props.id })}
    </a>
  );
}

// A payment's callback log, read when it is opened.
function CallbackLog(props: { payment: MpesaPayment }) {
  const { payment } = props;
  const [open, setOpen] = useState(false);
  const loaded = useApi<Items<PayoutCallback>>(open ? `/api/v1/payouts/mpesa/${encodePath(payment.id)}/callbacks` : null);
  const part = { part: payment.part, parts: payment.parts };
  return (
    <details class="staff-details payout-callbacks" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{t('staff.payouts.callbacks', part)}</summary>
      {open ? (
        <Show loaded={loaded}>
          {(data) => (
            <Table
              caption={t('staff.payouts.callbacks', part)}
              rows={data.items}
              rowKey={(c) => c.id}
              empty={t('staff.payouts.noCallbacks')}
              columns={[
                { label: t('staff.payouts.received'), cell: (c) => <When at={c.received_at} /> },
                { label: t('staff.payouts.kind'), cell: (c) => stateLabel('callbackKind', c.kind) },
                { label: t('staff.payouts.outcome'), cell: (c) => <PayoutBadge group="callback" status={c.outcome} /> },
                { label: t('staff.common.reason'), cell: (c) => (c.reason ? <span lang="en">{c.reason}</span> : '—') },
                { label: t('staff.payouts.from'), cell: (c) => <code>{c.ip}</code> },
                {
                  label: t('staff.payouts.body'),
                  cell: (c) => (
                    <details>
                      <summary>{t('staff.payouts.showBody')}</summary>
                      <pre class="snippet">{prettyBody(c.body)}</pre>
                    </details>
                  ),
                },
              ]}
            />
          )}
        </Show>
      ) : null}
    </details>
  );
}

// A callback's body as M-Pesa sent it, indented when it is JSON.
function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

// Staff record what they established of one part: paid with the M-Pesa
// receipt, or failed with why. Asked first; the withdrawal's status follows.
function ResolveForm(props: { item: PayoutItem; payment: MpesaPayment; outcomes: ('paid' | 'failed')[]; onResolved: (payment: MpesaPayment) => void }) {
  const { item, payment, outcomes } = props;
  const [outcome, setOutcome] = useState<'paid' | 'failed'>(outcomes[0] ?? 'paid');
  const [receipt, setReceipt] = useState('');
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Problem | null>(null);
  const action = useAction();
  const problem = local ?? action.problem;
  const name = useId();
  const part = { part: payment.part, parts: payment.parts };
  const typed = normaliseReceipt(receipt);
  const refusal =
    outcome === 'paid'
      ? isMpesaReceipt(typed)
        ? null
        : localProblem('receipt', typed ? t('staff.payouts.receiptBad') : t('staff.payouts.receiptRequired'))
      : reason.trim()
        ? null
        : localProblem('reason', t('staff.common.reasonRequired'));
  const figures = { ...part, withdrawal: item.withdrawal.id, amount: money(payment.amount), phone: payment.phone };
  const question =
    outcome === 'paid'
      ? t('staff.payouts.resolvePaidQuestion', { ...figures, receipt: typed })
      : t('staff.payouts.resolveFailedQuestion', { ...figures, reason: reason.trim() });
  const label = outcome === 'paid' ? t('staff.payouts.resolvePaid') : t('staff.payouts.resolveFailed');
  return (
    <fieldset class="staff-choices payout-resolve">
      <legend>{t('staff.payouts.resolve', part)}</legend>
      {outcomes.length > 1 ? (
        <div role="radiogroup" aria-label={t('staff.payouts.outcome')} class="payout-outcomes">
          {outcomes.map((o) => (
            <label key={o} class="check">
              <input
                type="radio"
                name={`outcome-${name}`}
                value={o}
                checked={outcome === o}
                onChange={() => {
                  setOutcome(o);
                  setLocal(null);
                  action.clear();
                }}
              />
              {o === 'paid' ? t('staff.payouts.outcomePaid') : t('staff.payouts.outcomeFailed')}
            </label>
          ))}
        </div>
      ) : (
        <p class="muted">{t('staff.payouts.paidOtherWay')}</p>
      )}
      {outcome === 'paid' ? (
        <TextField
          label={t('staff.payouts.receipt')}
          name="receipt"
          value={receipt}
          onValue={(v) => {
            setReceipt(v);
            setLocal(null);
          }}
          problem={problem}
          hint={t('staff.payouts.receiptHint')}
          autoComplete="off"
          autoCapitalize="characters"
          spellcheck={false}
        />
      ) : (
        <TextArea
          label={t('staff.payouts.failReason')}
          name="reason"
          value={reason}
          onValue={(v) => {
            setReason(v);
            setLocal(null);
          }}
          problem={problem}
          rows={2}
          required
        />
      )}
      <div class="button-row">
        {refusal ? (
          <button type="button" class={outcome === 'failed' ? 'danger' : ''} onClick={() => setLocal(refusal)}>
            {label}
          </button>
        ) : (
          <ConfirmButton
            label={action.busy ? t('common.working') : label}
            question={question}
            confirmLabel={label}
            busy={action.busy}
            {...(outcome === 'failed' ? { danger: true } : {})}
            onConfirm={() =>
              action.run(
                () =>
                  api.post<MpesaPayment>(
                    `/api/v1/payouts/mpesa/${encodePath(payment.id)}/resolve`,
                    outcome === 'paid' ? { outcome, receipt: typed } : { outcome, reason: reason.trim() },
                  ),
                (resolved) => {
                  setReceipt('');
                  setReason('');
                  props.onResolved(resolved);
                },
              )
            }
          />
        )}
      </div>
      {problem && !problem.errors?.some((e) => e.field === 'receipt' || e.field === 'reason') ? <ProblemBox problem={problem} /> : null}
    </fieldset>
  );
}

function PaymentPart(props: { item: PayoutItem; payment: MpesaPayment; onResolved: (payment: MpesaPayment) => void }) {
  const { item, payment } = props;
  const headingId = useId();
  const part = { part: payment.part, parts: payment.parts };
  const outcomes = item.withdrawal.state === 'paid' ? [] : resolveOutcomes(payment.state, item.status);
  return (
    <section class="payout-part" aria-labelledby={headingId}>
      <h4 id={headingId}>
        {t('staff.payouts.part', part)} · <Money amount={payment.amount} /> · <PayoutBadge group="mpesaPayment" status={payment.state} />
      </h4>
      <dl class="facts">
        <dt>{t('staff.common.phone')}</dt>
        <dd>{payment.phone}</dd>
        <dt>{t('staff.payouts.receipt')}</dt>
        <dd>{payment.receipt ? <code>{payment.receipt}</code> : '—'}</dd>
        <dt>{t('staff.payouts.result')}</dt>
        <dd>
          {payment.result_code ? <code>{payment.result_code}</code> : null} {payment.result_desc ? <span lang="en">{payment.result_desc}</span> : payment.result_code ? null : '—'}
        </dd>
        <dt>{t('staff.payouts.attempts')}</dt>
        <dd>{t('staff.payouts.attemptCounts', { sends: payment.send_attempts, queries: payment.status_queries })}</dd>
        {payment.conversation_id ? (
          <>
            <dt>{t('staff.payouts.conversation')}</dt>
            <dd>
              <code>{payment.conversation_id}</code>
            </dd>
          </>
        ) : null}
        <dt>{t('staff.payouts.updated')}</dt>
        <dd>
          <When at={payment.updated_at} />
        </dd>
      </dl>
      {outcomes.length ? (
        <ResolveForm
          item={item}
          payment={payment}
          outcomes={outcomes}
          onResolved={props.onResolved}
        />
      ) : null}
      <CallbackLog payment={payment} />
    </section>
  );
}

function BankFacts(props: { bank: BankPayout }) {
  const { bank } = props;
  return (
    <>
      <h3>
        {t('staff.payouts.bankTransfer')} · <PayoutBadge group="bankPayout" status={bank.state} />
      </h3>
      <dl class="facts">
        <dt>{t('staff.payouts.batch')}</dt>
        <dd>
          <code>{bank.batch_id}</code> <BatchLink id={bank.batch_id} />
        </dd>
        <dt>{t('staff.payouts.accountName')}</dt>
        <dd>{bank.account_name}</dd>
        <dt>{t('staff.payouts.account')}</dt>
        <dd>
          <code>
            {bank.bank_code} · {bank.account_number}
          </code>
        </dd>
        <dt>{t('staff.common.amount')}</dt>
        <dd>
          <Money amount={bank.amount} />
        </dd>
        <dt>{t('staff.payouts.exported')}</dt>
        <dd>
          <When at={bank.exported_at} />
        </dd>
        {bank.confirmed_at ? (
          <>
            <dt>{t('staff.payouts.confirmed')}</dt>
            <dd>
              <When at={bank.confirmed_at} />
            </dd>
          </>
        ) : null}
        {bank.bank_reference ? (
          <>
            <dt>{t('staff.payouts.bankReference')}</dt>
            <dd>
              <code>{bank.bank_reference}</code>
            </dd>
          </>
        ) : null}
        {bank.reason ? (
          <>
            <dt>{t('staff.common.reason')}</dt>
            <dd>{bank.reason}</dd>
          </>
        ) : null}
      </dl>
    </>
  );
}

// What a row opens to: the withdrawal's facts, its M-Pesa parts, its bank transfer.
function PayoutDetail(props: { item: PayoutItem; mpesaConfigured: boolean; onResolved: (payment: MpesaPayment) => void }) {
  const { item } = props;
  const w = item.withdrawal;
  const showParts = item.payments.length > 0 || item.channel === 'mpesa';
  return (
    <div class="payout-detail-body">
      <dl class="facts">
        <dt>{t('staff.withdrawals.id')}</dt>
        <dd>
          <code>{w.id}</code>
        </dd>
        <dt>{t('staff.payouts.state')}</dt>
        <dd>{stateLabel('withdrawal', w.state)}</dd>
        {w.paid_at ? (
          <>
            <dt>{t('staff.payouts.paidAt')}</dt>
            <dd>
              <When at={w.paid_at} />
            </dd>
          </>
        ) : null}
        {w.returned && w.returned !== '0.00' ? (
          <>
            <dt>{t('staff.payouts.returned')}</dt>
            <dd>
              <Money amount={w.returned} />
            </dd>
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
      {item.status === 'needs_attention' && item.payments.length === 0 ? (
        <p class="notice warn">
          {props.mpesaConfigured ? t('staff.payouts.byHand') : t('staff.payouts.byHandNoMpesa')}{' '}
          <Link href="/staff/withdrawals?state=approved">{t('staff.payouts.toWithdrawals')}</Link>
        </p>
      ) : null}
      {showParts ? (
        <>
          <h3>{t('staff.payouts.parts')}</h3>
          {item.payments.length === 0 ? (
            <p class="muted">{t('staff.payouts.noParts')}</p>
          ) : (
            <ol class="payout-parts">
              {item.payments.map((p) => (
                <li key={p.id}>
                  <PaymentPart item={item} payment={p} onResolved={props.onResolved} />
                </li>
              ))}
            </ol>
          )}
        </>
      ) : null}
      {item.bank ? <BankFacts bank={item.bank} /> : null}
      {!showParts && !item.bank && item.status !== 'needs_attention' ? <p class="muted">{t('staff.payouts.nothingSent')}</p> : null}
    </div>
  );
}

const COLUMNS = ['withdrawal', 'agent', 'requested', 'gross', 'tax', 'net', 'channel', 'status', 'reference'] as const;
const NUMERIC: ReadonlySet<string> = new Set(['gross', 'tax', 'net']);

function columnLabel(column: (typeof COLUMNS)[number]): string {
  switch (column) {
    case 'withdrawal':
      return t('staff.withdrawals.id');
    case 'agent':
      return t('staff.common.agent');
    case 'requested':
      return t('staff.withdrawals.requested');
    case 'gross':
      return t('staff.withdrawals.gross');
    case 'tax':
      return t('staff.withdrawals.tax');
    case 'net':
      return t('staff.withdrawals.net');
    case 'channel':
      return t('staff.payouts.channel');
    case 'status':
      return t('staff.common.status');
    case 'reference':
      return t('staff.withdrawals.reference');
  }
}

// One withdrawal's row and, when opened, the row below with its parts.
function PayoutRow(props: { item: PayoutItem; open: boolean; onToggle: () => void; mpesaConfigured: boolean; onResolved: (payment: MpesaPayment) => void }) {
  const { item, open } = props;
  const w = item.withdrawal;
  const detailId = useId();
  const cells: Record<(typeof COLUMNS)[number], ComponentChildren> = {
    withdrawal: (
      <div class="payout-id">
        <code>{w.id}</code>
        <button
          type="button"
          class="secondary small payout-toggle"
          aria-expanded={open}
          {...(open ? { 'aria-controls': detailId } : {})}
          onClick={props.onToggle}
        >
          {open ? t('staff.payouts.hideDetails') : t('staff.payouts.showDetails')}
          <span class="visually-hidden"> {w.id}</span>
        </button>
      </div>
    ),
    agent: <Link href={`/staff/agents/${encodePath(w.agent_id)}`}>{w.agent_id}</Link>,
    requested: <When at={w.requested_at} />,
    gross: <Money amount={w.gross} />,
    tax: w.tax_withheld ? <Money amount={w.tax_withheld} /> : '—',
    net: w.net ? <Money amount={w.net} /> : '—',
    channel: item.channel ? stateLabel('payoutChannel', item.channel) : '—',
    // The server's note says why (which part, which file, what to do next).
    status: (
      <div class="payout-status">
        <PayoutBadge group="payout" status={item.status} />
        {item.note ? (
          <span class="payout-note" lang="en">
            {item.note}
          </span>
        ) : null}
      </div>
    ),
    reference: w.reference ? <code>{w.reference}</code> : '—',
  };
  return (
    <>
      <tr class={`payout-row ${open ? 'open' : ''}`} data-withdrawal={w.id}>
        {COLUMNS.map((c) => (
          <td key={c} data-label={columnLabel(c)} class={NUMERIC.has(c) ? 'num' : undefined}>
            {cells[c]}
          </td>
        ))}
      </tr>
      {open ? (
        <tr class="payout-detail" id={detailId}>
          <td colSpan={COLUMNS.length}>
            <PayoutDetail item={item} mpesaConfigured={props.mpesaConfigured} onResolved={props.onResolved} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function PayoutTable(props: { view: Reconciliation; caption: string; empty: string; onResolved: (payment: MpesaPayment) => void }) {
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set());
  const { items } = props.view;
  if (items.length === 0) return <p class="state empty">{props.empty}</p>;
  return (
    <div class="table-wrap">
      <table class="payouts-table">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th scope="col" key={c} class={NUMERIC.has(c) ? 'num' : undefined}>
                {columnLabel(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <PayoutRow
              key={item.withdrawal.id}
              item={item}
              open={opened.has(item.withdrawal.id)}
              onToggle={() => setOpened((previous) => toggle(previous, item.withdrawal.id))}
              mpesaConfigured={props.view.mpesa_configured}
              onResolved={props.onResolved}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

// The bank's confirmation file, sent as it is (text/csv): every line is
// applied or none; a refusal lists each bad line.
function ImportConfirmation(props: { onDone: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const [local, setLocal] = useState<Problem | null>(null);
  const [done, setDone] = useState<(BankConfirmation & { name: string }) | null>(null);
  const action = useAction();
  const send = async (chosen: File): Promise<ApiResult<BankConfirmation>> => {
    let text: string;
    try {
      text = await chosen.text();
    } catch (error) {
      return { ok: false, problem: { type: '/problems/file', title: t('staff.payouts.fileUnreadable'), status: 0, detail: error instanceof Error ? error.message : String(error) } };
    }
    if (text.trim() === '') return { ok: false, problem: localProblem('file', t('staff.payouts.fileEmpty')) };
    return request<BankConfirmation>('POST', '/api/v1/payouts/bank-confirmations', new Blob([text], { type: 'text/csv' }), {
      headers: { 'Content-Type': 'text/csv' },
    });
  };
  const lineErrors = action.problem && !local && action.problem.status === 422 && action.problem.errors?.length ? action.problem.errors : null;
  return (
    <div class="payout-import">
      <p>{t('staff.payouts.importLead')}</p>
      <pre class="snippet">
        <code>reference,status,amount,bank_reference,reason</code>
      </pre>
      <ul class="payout-columns">
        <li>
          <code>reference</code> — {t('staff.payouts.columnReference')}
        </li>
        <li>
          <code>status</code> — {t('staff.payouts.columnStatus')}
        </li>
        <li>
          <code>amount</code> — {t('staff.payouts.columnAmount')}
        </li>
        <li>
          <code>bank_reference</code> — {t('staff.payouts.columnBankReference')}
        </li>
        <li>
          <code>reason</code> — {t('staff.payouts.columnReason')}
        </li>
      </ul>
      <p class="muted">{t('staff.payouts.importAllOrNothing')}</p>
      <div class="form">
        <Field label={t('staff.payouts.confirmationFile')} name="file" problem={local} hint={t('staff.payouts.confirmationHint')}>
          {(attributes) => (
            <input
              key={inputKey}
              {...attributes}
              type="file"
              accept=".csv,text/csv"
              onChange={(e) => {
                setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null);
                setLocal(null);
                setDone(null);
                action.clear();
              }}
            />
          )}
        </Field>
        <div class="form-actions">
          {file ? (
            <ConfirmButton
              label={action.busy ? t('common.working') : t('staff.payouts.import')}
              question={t('staff.payouts.importQuestion', { file: file.name })}
              confirmLabel={t('staff.payouts.import')}
              busy={action.busy}
              onConfirm={() =>
                action.run(
                  () => send(file),
                  (result) => {
                    setDone({ ...result, name: file.name });
                    setFile(null);
                    setInputKey((k) => k + 1);
                    props.onDone();
                  },
                )
              }
            />
          ) : (
            <button type="button" onClick={() => setLocal(localProblem('file', t('staff.payouts.fileRequired')))}>
              {t('staff.payouts.import')}
            </button>
          )}
        </div>
      </div>
      {done ? (
        <p class="notice good" role="status">
          {t('staff.payouts.imported', { file: done.name, paid: done.paid, failed: done.failed, unchanged: done.unchanged })}
        </p>
      ) : null}
      {lineErrors ? (
        <div class="problem payout-line-errors" role="alert">
          <strong>{t('staff.payouts.importRefused', { count: lineErrors.length })}</strong>
          <ul lang="en">
            {lineErrors.map((e, index) => (
              <li key={`${index}-${e.field}`}>
                <strong>{e.field}</strong>: {e.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : action.problem && !local ? (
        <ProblemBox problem={action.problem} />
      ) : null}
    </div>
  );
}

function BankTransfers(props: { view: Reconciliation; onChange: () => void }) {
  const [made, setMade] = useState<BankBatch | null>(null);
  const awaiting = awaitingBatches(props.view.items.map((i) => i.bank));
  return (
    <Card title={t('staff.payouts.bankTitle')} class="payout-bank">
      <p class="muted">{t('staff.payouts.bankLead')}</p>
      <h3>{t('staff.payouts.makeTitle')}</h3>
      <ConfirmAction
        label={t('staff.payouts.make')}
        question={t('staff.payouts.makeQuestion')}
        send={() => api.post<BankBatch>('/api/v1/payouts/bank-batches')}
        onDone={(batch) => {
          setMade(batch);
          props.onChange();
        }}
      />
      {made ? (
        made.id && made.count > 0 ? (
          <div class="notice good" role="status">
            <p>{t('staff.payouts.made', { id: made.id, count: made.count, total: money(made.total) })}</p>
            <p>
              <BatchLink id={made.id} />
            </p>
          </div>
        ) : (
          <p class="notice" role="status">
            {t('staff.payouts.nothingWaiting')}
          </p>
        )
      ) : null}
      {awaiting.length ? (
        <>
          <h3>{t('staff.payouts.awaitingTitle')}</h3>
          <ul class="staff-links payout-batches">
            {awaiting.map((b) => (
              <li key={b.id}>
                <BatchLink id={b.id} /> <span class="muted">{t('staff.payouts.batchFigures', { count: b.count, total: money(b.total) })}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>{t('staff.payouts.importTitle')}</h3>
      <ImportConfirmation onDone={props.onChange} />
    </Card>
  );
}

// A change said where it is read, and focused: the form that made it is gone.
function Notice(props: { text: string | null }) {
  const element = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (props.text) element.current?.focus();
  }, [props.text]);
  return (
    <p ref={element} class={props.text ? 'notice good' : 'visually-hidden'} role="status" tabIndex={-1}>
      {props.text ?? ''}
    </p>
  );
}

export function StaffPayouts() {
  const period = usePeriod();
  const path = `${RECONCILIATION}${query(period.params)}`;
  const csv = `${RECONCILIATION}${query({ ...period.params, format: 'csv' })}`;
  const loaded = useApi<Reconciliation>(path);
  // What changed since the page loaded (a resolve, a transfer file, an
  // import), read again without the loading state: open rows stay open.
  const [fresh, setFresh] = useState<{ base: Reconciliation; view: Reconciliation } | null>(null);
  // What the last recorded part did, said above the list: the row itself may
  // leave it (a settled withdrawal is no longer open).
  const [notice, setNotice] = useState<{ base: Reconciliation; text: string } | null>(null);
  const refresh = (base: Reconciliation, say?: (view: Reconciliation) => string) => {
    void api.get<Reconciliation>(path).then((answer) => {
      if (!answer.ok) {
        loaded.reload();
        return;
      }
      setFresh({ base, view: answer.data });
      if (say) setNotice({ base, text: say(answer.data) });
    });
  };
  const resolved = (base: Reconciliation) => (payment: MpesaPayment) =>
    refresh(base, (view) => {
      const text = t('staff.payouts.resolved', { part: payment.part, parts: payment.parts, withdrawal: payment.withdrawal_id, state: stateLabel('mpesaPayment', payment.state) });
      return view.items.some((i) => i.withdrawal.id === payment.withdrawal_id) ? text : `${text} ${t('staff.payouts.leftList', { withdrawal: payment.withdrawal_id })}`;
    });
  const caption = period.open ? t('staff.payouts.captionOpen') : t('staff.payouts.caption', { month: month(period.chosen) });
  return (
    <Page
      title={t('staff.payouts.title')}
      actions={
        <>
          <button type="button" class="secondary small" onClick={() => loaded.reload()}>
            {t('staff.payouts.refresh')}
          </button>
          <a class="button secondary small" href={csv} download={period.open ? 'payouts-open.csv' : `payouts-${period.chosen}.csv`} aria-label={t('staff.payouts.csvLabel', { what: caption })}>
            {t('staff.payouts.csv')}
          </a>
        </>
      }
    >
      <MoneyTabs />
      <p class="muted">{t('staff.payouts.lead')}</p>
      {period.badMonth ? (
        <p class="notice warn" role="alert">
          {t('staff.payouts.badMonth', { month: period.asked.slice(0, 40) })}
        </p>
      ) : null}
      <PeriodFilter open={period.open} chosen={period.chosen} />
      <Show loaded={loaded}>
        {(base) => {
          const view = fresh && fresh.base === base ? fresh.view : base;
          return (
            <>
              {view.mpesa_configured ? null : <p class="notice warn">{t('staff.payouts.mpesaOff')}</p>}
              <Totals view={view} />
              <Card title={period.open ? t('staff.payouts.openTitle') : t('staff.payouts.monthTitle', { month: month(period.chosen) })} class="payouts">
                <Notice text={notice && notice.base === base ? notice.text : null} />
                <PayoutTable view={view} caption={caption} empty={period.open ? t('staff.payouts.emptyOpen') : t('staff.payouts.empty')} onResolved={resolved(base)} />
              </Card>
              <BankTransfers view={view} onChange={() => refresh(base)} />
            </>
          );
        }}
      </Show>
    </Page>
  );
}
