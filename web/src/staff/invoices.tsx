// Invoices for staff: the list by status (GET /api/v1/invoices, newest
// first, paged by cursor), one invoice with what staff may do to it: record
// its payment (POST …/payments: the whole total, an M-Pesa receipt or a bank
// reference), cancel it while unpaid (POST …/cancel with a reason), credit
// lines of a paid one (POST …/credit-notes: net amounts per line, a reason).
import { useState } from 'preact/hooks';
import { api, encodePath, query, type Problem } from '../app/api';
import { creditable, creditLeft, creditPlan, INVOICE_FILTERS, isPaymentReference, normaliseReference, payable, PAYMENT_METHODS, type Invoice, type InvoicePage, type Payment } from '../app/billing';
import { parseMoneyInput } from '../app/format';
import { money, t } from '../app/i18n';
import { setSearch, type RouteProps } from '../app/router';
import { Card, ConfirmButton, Link, Page, Pager, Select, TextArea, TextField } from '../ui/components';
import { billingLabel, BillingProblem, BillingShow, InvoiceDocument, InvoicePdfLink, InvoiceTable, PrintButton } from '../ui/billing';
import { useAction, useApi } from '../ui/hooks';
import { ClientFilter, localProblem, ReasonAction, searchParam, StatusFilter } from './parts';

export function StaffInvoices() {
  const status = searchParam('status');
  const client = searchParam('client_id');
  const cursor = searchParam('cursor');
  const loaded = useApi<InvoicePage>(`/api/v1/invoices${query({ status, client_id: client, cursor, limit: 50 })}`);
  return (
    <Page title={t('staff.invoices.title')}>
      <p class="muted">{t('staff.invoices.lead')}</p>
      <StatusFilter label={t('staff.common.status')} value={status} statuses={INVOICE_FILTERS} labelFor={(s) => billingLabel('invoiceStatus', s)} all={t('billing.invoice.allStatuses')} />
      <ClientFilter label={t('staff.invoices.byClient')} value={client} />
      <Card>
        <BillingShow loaded={loaded}>
          {(data) => (
            <>
              <InvoiceTable
                invoices={data.items}
                caption={t('staff.invoices.title')}
                hrefFor={(i) => `/staff/invoices/${encodePath(i.id)}`}
                empty={t('staff.invoices.empty')}
                showClient={(i) => <Link href={`/staff/clients/${encodePath(i.client_id)}`}>{i.client_id}</Link>}
              />
              <Pager nextCursor={data.next_cursor} cursor={cursor || null} onCursor={(next) => setSearch({ cursor: next })} />
            </>
          )}
        </BillingShow>
      </Card>
    </Page>
  );
}

function RecordPayment(props: { invoice: Invoice; onDone: (invoice: Invoice) => void }) {
  const [method, setMethod] = useState<string>('mpesa');
  const [reference, setReference] = useState('');
  const [amount, setAmount] = useState(props.invoice.total);
  const [local, setLocal] = useState<Problem | null>(null);
  const action = useAction();
  const problem = local ?? action.problem;
  const ref = normaliseReference(method, reference);
  const parsed = parseMoneyInput(amount);
  const refusal = !isPaymentReference(method, ref)
    ? localProblem('reference', method === 'mpesa' ? t('staff.payment.mpesaInvalid') : t('staff.payment.bankInvalid'))
    : parsed === null
      ? localProblem('amount', t('staff.catalogue.moneyInvalid'))
      : parsed !== props.invoice.total
        ? localProblem('amount', t('staff.payment.wholeTotal', { total: money(props.invoice.total) }))
        : null;
  return (
    <div class="staff-action">
      <Select label={t('staff.payment.method')} name="method" value={method} onValue={(v) => { setMethod(v); setLocal(null); }} options={PAYMENT_METHODS.map((m) => ({ value: m, label: billingLabel('method', m) }))} problem={problem} />
      <TextField
        label={t('staff.payment.reference')}
        name="reference"
        value={reference}
        onValue={(v) => { setReference(v); setLocal(null); }}
        problem={problem}
        hint={method === 'mpesa' ? t('staff.payment.mpesaHint') : t('staff.payment.bankHint')}
        autoComplete="off"
      />
      <TextField label={t('staff.payment.amount')} name="amount" value={amount} onValue={(v) => { setAmount(v); setLocal(null); }} problem={problem} inputMode="decimal" hint={t('staff.payment.amountHint', { total: money(props.invoice.total) })} autoComplete="off" />
      <div class="button-row">
        {refusal ? (
          <button type="button" onClick={() => setLocal(refusal)}>{t('staff.payment.record')}</button>
        ) : (
          <ConfirmButton
            label={action.busy ? t('common.working') : t('staff.payment.record')}
            question={t('staff.payment.question', { method: billingLabel('method', method), reference: ref, amount: money(parsed ?? ''), number: props.invoice.number })}
            confirmLabel={t('staff.payment.record')}
            busy={action.busy}
            onConfirm={() =>
              action.run(
                () => api.post<{ payment: Payment; invoice: Invoice; replayed: boolean }>(`/api/v1/invoices/${encodePath(props.invoice.id)}/payments`, { method, reference: ref, amount: parsed }),
                (answer) => props.onDone(answer.invoice),
              )
            }
          />
        )}
      </div>
      {problem && !problem.errors?.some((e) => ['reference', 'amount', 'method'].includes(e.field)) ? <BillingProblem problem={problem} /> : null}
    </div>
  );
}

function creditField(lineId: string): string {
  return `credit-${lineId}`;
}

function CreditNoteForm(props: { invoice: Invoice; onDone: (invoice: Invoice) => void }) {
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Problem | null>(null);
  const action = useAction();
  const lines = props.invoice.lines.filter((l) => creditLeft(l) !== '0.00');
  const plan = creditPlan(lines, typed);
  const leftOf = (id: string) => money(creditLeft(lines.find((l) => l.id === id) ?? { net: '0.00', credited: '0.00' }));
  const typing = Object.entries(plan.problems).map(([line, kind]) => ({
    field: creditField(line),
    reason: kind === 'tooMuch' ? t('staff.credit.tooMuch', { left: leftOf(line) }) : t('staff.catalogue.moneyInvalid'),
  }));
  const validation = (errors: { field: string; reason: string }[]): Problem => ({ type: '/problems/validation', title: t('staff.common.checkFields'), status: 422, detail: '', errors });
  // The server names a line by its place in the request ("lines/0/amount"): shown at that line's field.
  const server: Problem | null = action.problem
    ? {
        ...action.problem,
        errors: action.problem.errors?.map((e) => {
          const match = /^lines\/(\d+)\//.exec(e.field);
          const line = match ? plan.lines[Number(match[1])]?.line : undefined;
          return line ? { field: creditField(line), reason: e.reason } : e;
        }),
      }
    : null;
  // What the fields show: amounts wrong as typed, else the refusal of the last click, else the server's answer.
  const shown: Problem | null = typing.length ? validation(typing) : (local ?? server);
  const refusal = typing.length
    ? validation(typing)
    : plan.lines.length === 0
      ? localProblem(creditField(lines[0]?.id ?? ''), t('staff.credit.pickLine'))
      : reason.trim() === ''
        ? localProblem('reason', t('staff.common.reasonRequired'))
        : null;
  const onForm = (field: string) => field.startsWith('credit-') || field === 'reason';
  return (
    <div class="staff-action">
      {lines.map((l) => (
        <TextField
          key={l.id}
          label={t('staff.credit.lineLabel', { line: l.id, description: l.description })}
          name={creditField(l.id)}
          value={typed[l.id] ?? ''}
          onValue={(v) => {
            setLocal(null);
            action.clear();
            setTyped({ ...typed, [l.id]: v });
          }}
          problem={shown}
          inputMode="decimal"
          autoComplete="off"
          hint={t('staff.credit.lineHint', { left: money(creditLeft(l)) })}
        />
      ))}
      <TextArea label={t('staff.credit.reason')} name="reason" value={reason} onValue={(v) => { setReason(v); setLocal(null); }} problem={shown} rows={2} required />
      <p aria-live="polite">
        <strong>{t('staff.credit.summary', { net: money(plan.net), vat: money(plan.vat), total: money(plan.total) })}</strong>
      </p>
      <div class="button-row">
        {refusal ? (
          <button type="button" class="danger" onClick={() => setLocal(refusal)}>{t('staff.credit.issue')}</button>
        ) : (
          <ConfirmButton
            danger
            label={action.busy ? t('common.working') : t('staff.credit.issue')}
            question={t('staff.credit.question', { total: money(plan.total), number: props.invoice.number, reason: reason.trim() })}
            confirmLabel={t('staff.credit.issue')}
            busy={action.busy}
            onConfirm={() =>
              action.run(
                () => api.post<Invoice>(`/api/v1/invoices/${encodePath(props.invoice.id)}/credit-notes`, { reason: reason.trim(), lines: plan.lines }),
                (invoice) => {
                  setTyped({});
                  setReason('');
                  props.onDone(invoice);
                },
              )
            }
          />
        )}
      </div>
      {shown && !shown.errors?.some((e) => onForm(e.field)) ? <BillingProblem problem={shown} /> : null}
    </div>
  );
}

export function StaffInvoice(props: RouteProps) {
  const id = props.params.id ?? '';
  const loaded = useApi<Invoice>(`/api/v1/invoices/${encodePath(id)}`);
  const [changed, setChanged] = useState<{ invoice: Invoice; what: string } | null>(null);
  const invoice = changed?.invoice.id === id ? changed.invoice : loaded.state === 'ready' ? loaded.data : null;
  const done = (what: string) => (next: Invoice) => setChanged({ invoice: next, what });
  return (
    <Page
      title={invoice ? t('staff.invoice.title', { number: invoice.number }) : t('staff.invoice.loadingTitle')}
      actions={
        <>
          <Link href="/staff/invoices" class="no-print">{t('staff.invoice.back')}</Link>
          {invoice ? (
            <>
              <PrintButton />
              <InvoicePdfLink invoice={invoice} />
            </>
          ) : null}
        </>
      }
    >
      <BillingShow loaded={loaded}>
        {() =>
          invoice ? (
            <>
              {changed?.invoice.id === id ? (
                <p class="notice good no-print" role="status">
                  {t(`staff.invoice.done.${changed.what}`, { number: invoice.number })}
                </p>
              ) : null}
              <p class="no-print">
                <Link href={`/staff/clients/${encodePath(invoice.client_id)}`}>{t('staff.invoice.clientLink', { client: invoice.client_id })}</Link>
              </p>
              <InvoiceDocument invoice={invoice} />
              {payable(invoice) ? (
                <div class="grid two no-print">
                  <Card title={t('staff.payment.title')}>
                    <p class="muted">{t('staff.payment.lead')}</p>
                    <RecordPayment key={`pay-${invoice.id}`} invoice={invoice} onDone={done('paid')} />
                  </Card>
                  <Card title={t('staff.invoice.cancelTitle')} class="staff-danger">
                    <p class="muted">{t('staff.invoice.cancelLead')}</p>
                    <ReasonAction
                      label={t('staff.invoice.cancel')}
                      danger
                      reasonLabel={t('staff.invoice.cancelReason')}
                      question={(reason) => t('staff.invoice.cancelQuestion', { number: invoice.number, reason })}
                      send={(reason) => api.post<Invoice>(`/api/v1/invoices/${encodePath(invoice.id)}/cancel`, { reason })}
                      onDone={done('cancelled')}
                    />
                  </Card>
                </div>
              ) : null}
              {creditable(invoice) ? (
                <Card title={t('staff.credit.title')} class="no-print">
                  <p class="muted">{t('staff.credit.lead')}</p>
                  <CreditNoteForm key={`credit-${invoice.id}-${invoice.credit_notes.length}`} invoice={invoice} onDone={done('credited')} />
                </Card>
              ) : null}
            </>
          ) : null
        }
      </BillingShow>
    </Page>
  );
}
