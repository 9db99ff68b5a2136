// The company's quotes: the list by status (GET /api/v1/agents/{id}/quotes,
// ?status=), a new quote (POST …/quotes: for one of the company's clients or
// a prospect; catalogue lines at the price in force and lines of the agent's
// own, with a live preview whose VAT is worked out per line as the server
// will), and one quote (GET /api/v1/quotes/{id}) with Send and Withdraw, each
// confirmed first, and the client's decision once there is one.
import { useRef, useState } from 'preact/hooks';
import { api, encodePath, query, type Problem } from '../app/api';
import { billingLabel, BillingProblem } from '../ui/billing';
import { vatPercent, type Product } from '../app/billing';
import { money, t } from '../app/i18n';
import { planQuote, QUOTE_STATUSES, quoteParty, sendable, withdrawable, FREE_LINE_CATEGORIES, type LineForm, type Quote, type QuoteForm, type QuoteFormProblem, type QuoteList } from '../app/quotes';
import { location, navigate, setSearch, type RouteProps } from '../app/router';
import { Card, ConfirmButton, Empty, Link, Loading, Money, Page, Select, Table, TextArea, TextField } from '../ui/components';
import { useAction, useApi } from '../ui/hooks';
import { QuoteDecision, QuoteDocument, QuoteTable, QuoteTotals } from '../ui/quotes';
import { agentPath, AgentShow } from './common';
import type { AgentClient, Items } from './types';

function quoteHref(quote: Pick<Quote, 'id'>): string {
  return `/agent/quotes/${encodePath(quote.id ?? '')}`;
}

// The company's clients by id, for naming whom a quote is for.
function useClientNames(): { clients: AgentClient[]; names: Record<string, string | null> } {
  const loaded = useApi<Items<AgentClient>>(agentPath('clients'));
  const clients = loaded.state === 'ready' ? loaded.data.items : [];
  return { clients, names: Object.fromEntries(clients.map((c) => [c.client_id, c.name])) };
}

export function AgentQuotes() {
  const status = location.value.search.get('status') ?? '';
  const list = useApi<QuoteList>(agentPath(`quotes${query({ status })}`));
  const { names } = useClientNames();
  return (
    <Page title={t('agent.quotes.title')} actions={<Link class="button small" href="/agent/quotes/new">{t('agent.quotes.new')}</Link>}>
      <p class="lead">{t('agent.quotes.lead')}</p>
      <div class="filters">
        <Select
          label={t('agent.quotes.status')}
          name="status"
          value={status}
          onValue={(v) => setSearch({ status: v })}
          options={[{ value: '', label: t('agent.quotes.allStatuses') }, ...QUOTE_STATUSES.map((s) => ({ value: s, label: billingLabel('quoteStatus', s) }))]}
        />
      </div>
      <Card>
        <AgentShow loaded={list}>
          {(data) => (
            <QuoteTable
              quotes={data.items}
              caption={t('agent.quotes.title')}
              hrefFor={quoteHref}
              empty={status ? t('agent.quotes.noneInStatus') : t('agent.quotes.none')}
              party={(q) => quoteParty(q, names)}
            />
          )}
        </AgentShow>
      </Card>
    </Page>
  );
}

// ---- a new quote ----

const EMPTY_FORM: QuoteForm = {
  recipient: 'prospect',
  clientId: '',
  prospectName: '',
  prospectCompany: '',
  prospectEmail: '',
  validUntil: '',
  note: '',
  lines: [],
};

function problemReason(p: QuoteFormProblem): string {
  return t(`agent.quoteForm.problem.${p.code}`);
}

// The fields the form shows; the server's other problems go in the box below it.
function onForm(field: string, lineCount: number): boolean {
  if (['client_id', 'prospect/name', 'prospect/company', 'prospect/email', 'valid_until', 'note'].includes(field)) return true;
  const match = /^lines\/(\d+)\/(product_id|quantity|description|category|unit_price|vat_bp)$/.exec(field);
  return match !== null && Number(match[1]) < lineCount;
}

function LineFields(props: { line: LineForm; index: number; products: Product[]; problem: Problem | null; onLine: (line: LineForm) => void; onRemove: () => void }) {
  const { line, index } = props;
  const where = `lines/${index}`;
  const number = index + 1;
  return (
    <fieldset class="quote-line">
      <legend>{line.kind === 'product' ? t('agent.quoteForm.catalogueLine', { number }) : t('agent.quoteForm.freeLine', { number })}</legend>
      {line.kind === 'product' ? (
        <Select
          label={t('agent.quoteForm.product')}
          name={`${where}/product_id`}
          value={line.productId}
          onValue={(v) => props.onLine({ ...line, productId: v })}
          problem={props.problem}
          options={[
            { value: '', label: t('agent.quoteForm.chooseProduct') },
            ...props.products.map((p) => ({
              value: p.id,
              label: t('agent.quoteForm.productOption', { name: p.name, price: money(p.price), per: billingLabel('per', p.cycle) }),
            })),
          ]}
        />
      ) : (
        <>
          <TextField label={t('agent.quoteForm.description')} name={`${where}/description`} value={line.description} onValue={(v) => props.onLine({ ...line, description: v })} problem={props.problem} autoComplete="off" />
          <Select
            label={t('agent.quoteForm.category')}
            name={`${where}/category`}
            value={line.category}
            onValue={(v) => props.onLine({ ...line, category: v })}
            problem={props.problem}
            options={[{ value: '', label: t('agent.quoteForm.chooseCategory') }, ...FREE_LINE_CATEGORIES.map((c) => ({ value: c, label: billingLabel('category', c) }))]}
          />
          <TextField
            label={t('agent.quoteForm.unitPrice')}
            name={`${where}/unit_price`}
            value={line.unitPrice}
            onValue={(v) => props.onLine({ ...line, unitPrice: v })}
            problem={props.problem}
            inputMode="decimal"
            autoComplete="off"
          />
          <TextField
            label={t('agent.quoteForm.vat')}
            name={`${where}/vat_bp`}
            value={line.vat}
            onValue={(v) => props.onLine({ ...line, vat: v })}
            problem={props.problem}
            inputMode="decimal"
            autoComplete="off"
            hint={t('agent.quoteForm.vatHint')}
          />
        </>
      )}
      <TextField
        label={t('agent.quoteForm.quantity')}
        name={`${where}/quantity`}
        value={line.quantity}
        onValue={(v) => props.onLine({ ...line, quantity: v })}
        problem={props.problem}
        inputMode="numeric"
        autoComplete="off"
      />
      <div class="button-row">
        <button type="button" class="secondary small" onClick={props.onRemove}>
          {t('agent.quoteForm.removeLine', { number })}
        </button>
      </div>
    </fieldset>
  );
}

function NewQuoteForm(props: { products: Product[]; clients: AgentClient[] }) {
  const onSale = props.products.filter((p) => p.active && p.price !== null);
  const keys = useRef(0);
  const nextKey = () => {
    keys.current += 1;
    return `line-${keys.current}`;
  };
  const [form, setForm] = useState<QuoteForm>(() => ({
    ...EMPTY_FORM,
    lines: onSale.length ? [{ key: 'line-0', kind: 'product', productId: '', quantity: '1' }] : [],
  }));
  const [attempted, setAttempted] = useState(false);
  const action = useAction();
  const plan = planQuote(form, onSale);
  const set = (change: Partial<QuoteForm>) => {
    action.clear();
    setForm({ ...form, ...change });
  };
  const setLine = (index: number, line: LineForm) => set({ lines: form.lines.map((l, i) => (i === index ? line : l)) });
  const shownLocal = plan.problems.filter((p) => attempted || p.typed);
  const local: Problem | null = shownLocal.length
    ? { type: '/problems/validation', title: t('agent.common.checkForm'), status: 422, detail: '', errors: shownLocal.map((p) => ({ field: p.field, reason: problemReason(p) })) }
    : null;
  const problem = local ?? action.problem;
  const linesProblem = attempted ? plan.problems.find((p) => p.field === 'lines') : undefined;
  const activeClients = props.clients.filter((c) => c.status === 'active');
  return (
    <form
      class="form quote-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setAttempted(true);
        if (!plan.body || action.busy) return;
        void action.run(
          () => api.post<Quote>(agentPath('quotes'), plan.body),
          (quote) => navigate(`${quoteHref(quote)}?drafted=1`),
        );
      }}
    >
      <fieldset class="quote-recipient">
        <legend>{t('agent.quoteForm.forWhom')}</legend>
        <label class="check">
          <input type="radio" name="recipient" value="prospect" checked={form.recipient === 'prospect'} onChange={() => set({ recipient: 'prospect' })} /> {t('agent.quoteForm.prospect')}
        </label>
        <label class="check">
          <input type="radio" name="recipient" value="client" checked={form.recipient === 'client'} onChange={() => set({ recipient: 'client' })} /> {t('agent.quoteForm.client')}
        </label>
      </fieldset>
      {form.recipient === 'client' ? (
        activeClients.length ? (
          <Select
            label={t('agent.quoteForm.whichClient')}
            name="client_id"
            value={form.clientId}
            onValue={(v) => set({ clientId: v })}
            problem={problem}
            options={[{ value: '', label: t('agent.quoteForm.chooseClient') }, ...activeClients.map((c) => ({ value: c.client_id, label: c.name ? `${c.name} (${c.client_id})` : c.client_id }))]}
          />
        ) : (
          <p class="notice warn">{t('agent.quoteForm.noClients')}</p>
        )
      ) : (
        <>
          <TextField label={t('agent.quoteForm.prospectName')} name="prospect/name" value={form.prospectName} onValue={(v) => set({ prospectName: v })} problem={problem} autoComplete="off" />
          <TextField label={t('agent.quoteForm.prospectCompany')} name="prospect/company" value={form.prospectCompany} onValue={(v) => set({ prospectCompany: v })} problem={problem} autoComplete="off" />
          <TextField
            label={t('agent.quoteForm.prospectEmail')}
            name="prospect/email"
            type="email"
            value={form.prospectEmail}
            onValue={(v) => set({ prospectEmail: v })}
            problem={problem}
            autoComplete="off"
            hint={t('agent.quoteForm.prospectEmailHint')}
          />
        </>
      )}

      <h2>{t('agent.quoteForm.lines')}</h2>
      {form.lines.length === 0 ? <p class="muted">{t('agent.quoteForm.noLinesYet')}</p> : null}
      {form.lines.map((line, i) => (
        <LineFields key={line.key} line={line} index={i} products={onSale} problem={problem} onLine={(l) => setLine(i, l)} onRemove={() => set({ lines: form.lines.filter((_, j) => j !== i) })} />
      ))}
      {linesProblem ? (
        <p class="error-text" role="alert">
          {problemReason(linesProblem)}
        </p>
      ) : null}
      <div class="button-row">
        {onSale.length ? (
          <button type="button" class="secondary" onClick={() => set({ lines: [...form.lines, { key: nextKey(), kind: 'product', productId: '', quantity: '1' }] })}>
            {t('agent.quoteForm.addProduct')}
          </button>
        ) : null}
        <button type="button" class="secondary" onClick={() => set({ lines: [...form.lines, { key: nextKey(), kind: 'free', description: '', category: '', unitPrice: '', quantity: '1', vat: '' }] })}>
          {t('agent.quoteForm.addFree')}
        </button>
      </div>
      {onSale.length === 0 ? <p class="muted">{t('agent.quoteForm.noProducts')}</p> : null}

      <TextField
        label={t('agent.quoteForm.validUntil')}
        name="valid_until"
        type="date"
        value={form.validUntil}
        onValue={(v) => set({ validUntil: v })}
        problem={problem}
        hint={t('agent.quoteForm.validUntilHint')}
      />
      <TextArea label={t('agent.quoteForm.note')} name="note" value={form.note} onValue={(v) => set({ note: v })} problem={problem} rows={3} />

      <Card title={t('agent.quoteForm.preview')} class="order-preview quote-preview">
        {plan.lines.length === 0 ? (
          <p class="muted">{t('agent.quoteForm.previewEmpty')}</p>
        ) : (
          <>
            <Table
              caption={t('agent.quoteForm.preview')}
              rows={plan.lines}
              rowKey={(l) => l.key}
              columns={[
                { label: t('billing.invoice.description'), cell: (l) => (l.setup ? t('agent.quoteForm.setupLine', { product: l.description }) : l.description) },
                { label: t('billing.invoice.quantity'), class: 'num', cell: (l) => l.quantity },
                { label: t('billing.invoice.unitPrice'), class: 'num', cell: (l) => <Money amount={l.unitPrice} /> },
                { label: t('billing.invoice.net'), class: 'num', cell: (l) => <Money amount={l.net} /> },
                { label: t('billing.invoice.vat'), class: 'num', cell: (l) => <><Money amount={l.vat} /> <span class="muted">({t('billing.invoice.percent', { rate: vatPercent(l.vatBp) })})</span></> },
                { label: t('billing.invoice.gross'), class: 'num', cell: (l) => <Money amount={l.gross} /> },
              ]}
            />
            <QuoteTotals net={plan.net} vat={plan.vat} total={plan.total} testId="quote-preview-total" live />
          </>
        )}
      </Card>

      {attempted && local ? (
        <p class="error-text" role="alert">
          {t('agent.quoteForm.checkFields')}
        </p>
      ) : null}
      {action.problem && !action.problem.errors?.every((e) => onForm(e.field, form.lines.length)) ? <BillingProblem problem={action.problem} /> : null}
      <div class="form-actions">
        <button type="submit" disabled={action.busy} aria-busy={action.busy}>
          {action.busy ? t('common.working') : t('agent.quoteForm.save')}
        </button>
        <Link href="/agent/quotes">{t('common.cancel')}</Link>
      </div>
    </form>
  );
}

export function AgentNewQuote() {
  const products = useApi<Items<Product>>('/api/v1/products');
  const clients = useApi<Items<AgentClient>>(agentPath('clients'));
  return (
    <Page title={t('agent.quoteForm.title')} actions={<Link href="/agent/quotes">{t('agent.quote.back')}</Link>}>
      <p class="lead">{t('agent.quoteForm.lead')}</p>
      {/* Without the client list (a role that may not read it) the form still quotes prospects. */}
      <AgentShow loaded={products}>{(p) => (clients.state === 'loading' ? <Loading /> : <NewQuoteForm products={p.items} clients={clients.state === 'ready' ? clients.data.items : []} />)}</AgentShow>
    </Page>
  );
}

// ---- one quote ----

function sendQuestion(quote: Quote, party: string): string {
  if (quote.prospect) return t('agent.quote.sendProspectQuestion', { number: quote.number, name: quote.prospect.name, email: quote.prospect.email, total: money(quote.total) });
  return t('agent.quote.sendClientQuestion', { number: quote.number, client: party, total: money(quote.total) });
}

export function AgentQuote(props: RouteProps) {
  const id = props.params.id ?? '';
  const loaded = useApi<Quote>(`/api/v1/quotes/${encodePath(id)}`);
  const { names } = useClientNames();
  const [changed, setChanged] = useState<{ quote: Quote; what: 'sent' | 'withdrawn' } | null>(null);
  const send = useAction();
  const withdraw = useAction();
  const drafted = location.value.search.get('drafted') === '1';
  const quote = changed && changed.quote.id === id ? changed.quote : loaded.state === 'ready' ? loaded.data : null;
  const path = `/api/v1/quotes/${encodePath(id)}`;
  return (
    <Page title={quote ? t('agent.quote.title', { number: quote.number }) : t('agent.quote.loadingTitle')} actions={<Link href="/agent/quotes">{t('agent.quote.back')}</Link>}>
      <AgentShow loaded={loaded}>
        {() => {
          if (!quote) return <Empty />;
          const party = quoteParty(quote, names);
          const keep = (what: 'sent' | 'withdrawn') => (next: Quote) => setChanged({ quote: { ...next, agent_name: next.agent_name ?? quote.agent_name }, what });
          return (
            <>
              {changed ? (
                <p class="notice good" role="status">
                  {changed.what === 'sent' ? (quote.prospect ? t('agent.quote.sentToProspect', { number: quote.number, email: quote.prospect.email }) : t('agent.quote.sentToClient', { number: quote.number, client: party })) : t('agent.quote.withdrawnDone', { number: quote.number })}
                </p>
              ) : drafted && quote.status === 'draft' ? (
                <p class="notice good" role="status">
                  {t('agent.quote.drafted', { number: quote.number })}
                </p>
              ) : null}
              <QuoteDecision quote={quote}>
                {quote.status === 'accepted' && quote.order_id ? (
                  <p>
                    {t('agent.quote.order')} <code>{quote.order_id}</code>
                    {quote.client_id ? (
                      <>
                        {' · '}
                        <Link href={`/agent/clients/${encodePath(quote.client_id)}`}>{t('agent.quote.clientBilling', { client: party })}</Link>
                      </>
                    ) : null}
                  </p>
                ) : null}
                {quote.status === 'sent' ? <p>{t('agent.quote.waiting')}</p> : null}
                {quote.status === 'draft' ? <p>{t('agent.quote.draftNote')}</p> : null}
              </QuoteDecision>
              <QuoteDocument quote={quote} party={party} />
              {sendable(quote.status) || withdrawable(quote.status) ? (
                <Card title={t('agent.quote.actions')} class="no-print">
                  <div class="button-row">
                    {sendable(quote.status) ? (
                      <ConfirmButton
                        label={send.busy ? t('common.working') : t('agent.quote.send')}
                        question={sendQuestion(quote, party)}
                        confirmLabel={t('agent.quote.send')}
                        busy={send.busy}
                        onConfirm={() => send.run(() => api.post<Quote>(`${path}/send`), keep('sent'))}
                      />
                    ) : null}
                    {withdrawable(quote.status) ? (
                      <ConfirmButton
                        danger
                        label={withdraw.busy ? t('common.working') : t('agent.quote.withdraw')}
                        question={t('agent.quote.withdrawQuestion', { number: quote.number })}
                        confirmLabel={t('agent.quote.withdraw')}
                        busy={withdraw.busy}
                        onConfirm={() => withdraw.run(() => api.post<Quote>(`${path}/withdraw`), keep('withdrawn'))}
                      />
                    ) : null}
                  </div>
                  <BillingProblem problem={send.problem ?? withdraw.problem} />
                </Card>
              ) : null}
            </>
          );
        }}
      </AgentShow>
    </Page>
  );
}
