// What the three places that show quotes share (the agent's pages, the client
// area, the prospect's /quote page): the status badge, the quote as a
// document (lines, VAT, totals, validity), its decision in words, lists, and
// declining with an optional reason after a confirmation.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { ApiResult } from '../app/api';
import { vatPercent } from '../app/billing';
import { date, money, t } from '../app/i18n';
import type { Quote } from '../app/quotes';
import { billingLabel, BillingProblem, StateBadge } from './billing';
import { ConfirmButton, Link, Money, Table, TextArea, When } from './components';
import { useAction } from './hooks';

export function QuoteStatus(props: { status: string }) {
  return <StateBadge status={props.status} label={billingLabel('quoteStatus', props.status)} />;
}

export function ValidUntil(props: { day: string }) {
  return <time dateTime={props.day}>{date(props.day)}</time>;
}

function lineDescription(line: Quote['lines'][number]) {
  return (
    <>
      {line.description}
      <br />
      <span class="muted">{billingLabel('category', line.category)}</span>
    </>
  );
}

// The quote as the client and the prospect read it; `party` names whom it is
// for, `facts` adds rows (the agent's own: who drafted it, the order).
export function QuoteDocument(props: { quote: Quote; party?: string | null; facts?: ComponentChildren }) {
  const q = props.quote;
  return (
    <article class="card invoice-doc quote-doc" aria-label={t('billing.quote.titled', { number: q.number })}>
      <div class="invoice-head">
        <div>
          <h2>{t('billing.quote.titled', { number: q.number })}</h2>
          {q.agent_name ? <p class="muted">{t('billing.quote.from', { agent: q.agent_name })}</p> : null}
        </div>
        <QuoteStatus status={q.status} />
      </div>
      <dl class="facts">
        {props.party ? (
          <>
            <dt>{t('billing.quote.for')}</dt>
            <dd>{props.party}</dd>
          </>
        ) : null}
        <dt>{t('billing.quote.validUntil')}</dt>
        <dd>
          <ValidUntil day={q.valid_until} />
        </dd>
        <dt>{t('billing.quote.created')}</dt>
        <dd>
          <When at={q.created_at} />
        </dd>
        {q.sent_at ? (
          <>
            <dt>{t('billing.quote.sent')}</dt>
            <dd>
              <When at={q.sent_at} />
            </dd>
          </>
        ) : null}
        {q.decided_at ? (
          <>
            <dt>{t('billing.quote.decided')}</dt>
            <dd>
              <When at={q.decided_at} />
            </dd>
          </>
        ) : null}
        {props.facts}
      </dl>
      {q.note ? (
        <>
          <h3>{t('billing.quote.note')}</h3>
          <p class="quote-note">{q.note}</p>
        </>
      ) : null}
      <h3>{t('billing.invoice.lines')}</h3>
      <Table
        caption={t('billing.quote.linesOf', { number: q.number })}
        rows={q.lines}
        rowKey={(l) => l.id}
        columns={[
          { label: t('billing.invoice.description'), cell: lineDescription },
          { label: t('billing.invoice.quantity'), class: 'num', cell: (l) => l.quantity },
          { label: t('billing.invoice.unitPrice'), class: 'num', cell: (l) => <Money amount={l.unit_price} /> },
          { label: t('billing.invoice.net'), class: 'num', cell: (l) => <Money amount={l.net} /> },
          { label: t('billing.invoice.vat'), class: 'num', cell: (l) => <><Money amount={l.vat} /> <span class="muted">({t('billing.invoice.percent', { rate: vatPercent(l.vat_bp) })})</span></> },
          { label: t('billing.invoice.gross'), class: 'num', cell: (l) => <Money amount={l.gross} /> },
        ]}
      />
      <QuoteTotals net={q.net} vat={q.vat} total={q.total} testId="quote-total" />
      {q.lines.some((l) => l.kind === 'product') ? <p class="muted">{t('billing.quote.renewalNote')}</p> : null}
    </article>
  );
}

export function QuoteTotals(props: { net: string; vat: string; total: string; testId: string; live?: boolean }) {
  return (
    <dl class="figures invoice-totals" aria-label={t('billing.invoice.totals')} {...(props.live ? { 'aria-live': 'polite' as const } : {})}>
      <div>
        <dt>{t('billing.invoice.netTotal')}</dt>
        <dd><Money amount={props.net} /></dd>
      </div>
      <div>
        <dt>{t('billing.invoice.vatTotal')}</dt>
        <dd><Money amount={props.vat} /></dd>
      </div>
      <div>
        <dt>{t('billing.invoice.grandTotal')}</dt>
        <dd data-testid={props.testId}><Money amount={props.total} /></dd>
      </div>
    </dl>
  );
}

// Where a quote stands, in a sentence: accepted, declined (and why), withdrawn
// or expired; `children` adds what the page knows more (the order, a link).
export function QuoteDecision(props: { quote: Quote; children?: ComponentChildren }) {
  const q = props.quote;
  switch (q.status) {
    case 'accepted':
      return (
        <div class="notice good quote-decision" role="status">
          <p>{t('billing.quote.acceptedOn', { day: date(q.decided_at) })}</p>
          {props.children}
        </div>
      );
    case 'declined':
      return (
        <div class="notice warn quote-decision" role="status">
          <p>{t('billing.quote.declinedOn', { day: date(q.decided_at) })}</p>
          <p>
            {t('billing.quote.declineReason')} {q.decline_reason ? <q>{q.decline_reason}</q> : <span class="muted">{t('billing.quote.noReason')}</span>}
          </p>
          {props.children}
        </div>
      );
    case 'withdrawn':
      return (
        <div class="notice quote-decision" role="status">
          <p>{t('billing.quote.withdrawnOn', { day: date(q.decided_at) })}</p>
          {props.children}
        </div>
      );
    case 'expired':
      return (
        <div class="notice warn quote-decision" role="status">
          <p>{t('billing.quote.expiredOn', { day: date(q.valid_until) })}</p>
          {props.children}
        </div>
      );
    default:
      return props.children ? <div class="notice quote-decision">{props.children}</div> : null;
  }
}

export function QuoteTable(props: { quotes: Quote[]; hrefFor: (quote: Quote) => string; caption: string; empty: string; party?: (quote: Quote) => ComponentChildren }) {
  return (
    <Table
      caption={props.caption}
      rows={props.quotes}
      rowKey={(q) => q.id ?? q.number}
      empty={props.empty}
      columns={[
        { label: t('billing.quote.number'), cell: (q) => <Link href={props.hrefFor(q)}>{q.number}</Link> },
        ...(props.party ? [{ label: t('billing.quote.for'), cell: props.party }] : []),
        { label: t('billing.quote.status'), cell: (q: Quote) => <QuoteStatus status={q.status} /> },
        { label: t('billing.quote.validUntil'), cell: (q: Quote) => <ValidUntil day={q.valid_until} /> },
        { label: t('billing.quote.created'), cell: (q: Quote) => <When at={q.created_at} /> },
        { label: t('billing.invoice.total'), class: 'num', cell: (q: Quote) => <Money amount={q.total} /> },
      ]}
    />
  );
}

// Declining: an optional reason the agent reads, then a confirmation.
export function DeclineQuote<T>(props: { quote: Quote; send: (reason: string) => Promise<ApiResult<T>>; onDone: (data: T) => void }) {
  const [reason, setReason] = useState('');
  const action = useAction();
  const trimmed = reason.trim();
  return (
    <div class="quote-decline">
      <TextArea label={t('billing.quote.declineLabel')} name="reason" value={reason} onValue={(v) => { setReason(v); action.clear(); }} problem={action.problem} rows={2} />
      <div class="button-row">
        <ConfirmButton
          danger
          label={action.busy ? t('common.working') : t('billing.quote.decline')}
          question={trimmed ? t('billing.quote.declineQuestionWhy', { number: props.quote.number, reason: trimmed }) : t('billing.quote.declineQuestion', { number: props.quote.number })}
          confirmLabel={t('billing.quote.decline')}
          busy={action.busy}
          onConfirm={() => action.run(() => props.send(trimmed), props.onDone)}
        />
      </div>
      {action.problem && !action.problem.errors?.some((e) => e.field === 'reason') ? <BillingProblem problem={action.problem} /> : null}
    </div>
  );
}

// The question before accepting: what it issues.
export function acceptQuestion(quote: Quote): string {
  return t('billing.quote.acceptQuestion', { number: quote.number, total: money(quote.total) });
}
