// What the three panels' billing pages share: labels of the billing
// vocabularies, the invoice as a document (lines, VAT, totals, payments,
// credit notes; printable), lists of invoices, services and tickets, a
// ticket's thread (its files as downloads) with reply, a file and close,
// and a refusal said plainly.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api, encodePath, request, type Problem } from '../app/api';
import { ATTACHMENT_ACCEPT, attachmentHref, checkAttachment, formatFileSize, headerFileName, MAX_ATTACHMENT_BYTES } from '../app/attachments';
import { dueDay, vatPercent, type Invoice, type Service, type Ticket, type TicketAttachment } from '../app/billing';
import { date, language, money, t } from '../app/i18n';
import { Card, ConfirmButton, Field, Link, Loading, Money, ProblemBox, Table, TextArea, When } from './components';
import { useAction, useApi, type Loaded } from './hooks';

// The label of a billing code ("overdue" → "Overdue"), the code itself if unknown.
export function billingLabel(group: string, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '—';
  const key = `billing.${group}.${code}`;
  const text = t(key);
  return text === key ? code.replace(/_/g, ' ') : text;
}

// A state badge in the catalogue's own words (sentence case, not title-cased).
export function StateBadge(props: { status: string; label: string }) {
  return <span class={`badge as-written status-${props.status.replace(/[^a-z_-]/gi, '')}`}>{props.label}</span>;
}

export function InvoiceStatus(props: { status: string }) {
  return <StateBadge status={props.status} label={billingLabel('invoiceStatus', props.status)} />;
}

export function ServiceState(props: { state: string }) {
  return <StateBadge status={props.state} label={billingLabel('serviceState', props.state)} />;
}

export function TicketStatus(props: { status: string }) {
  return <StateBadge status={props.status} label={billingLabel('ticketStatus', props.status)} />;
}

export function DueDay(props: { at: string }) {
  return <time dateTime={dueDay(props.at)}>{date(dueDay(props.at))}</time>;
}

// A problem, a 403 said plainly with the server's own words (an agent signed
// in as the client without the permission, a role that may not do it).
export function BillingProblem(props: { problem: Problem | null | undefined; onRetry?: () => void }) {
  if (!props.problem) return null;
  if (props.problem.status === 403) {
    return (
      <div class="notice warn" role="alert">
        <strong>{t('billing.problem.forbiddenTitle')}</strong>
        <p>{t('billing.problem.forbidden')}</p>
        <p>
          {t('billing.problem.server')} <q>{props.problem.detail || props.problem.title}</q>
        </p>
      </div>
    );
  }
  return <ProblemBox problem={props.problem} {...(props.onRetry ? { onRetry: props.onRetry } : {})} />;
}

// Show() with refusals said plainly.
export function BillingShow<T>(props: { loaded: Loaded<T>; children: (data: T) => ComponentChildren }) {
  const { loaded } = props;
  if (loaded.state === 'loading') return <Loading />;
  if (loaded.state === 'error') return <BillingProblem problem={loaded.problem} onRetry={loaded.reload} />;
  return <>{props.children(loaded.data)}</>;
}

export function PrintButton() {
  return (
    <button type="button" class="secondary no-print" onClick={() => window.print()}>
      {t('billing.invoice.print')}
    </button>
  );
}

// The invoice as the server renders it (GET /api/v1/invoices/{id}?format=pdf,
// a download named after its number): a plain link, the session cookie signs it.
export function InvoicePdfLink(props: { invoice: Pick<Invoice, 'id' | 'number'> }) {
  const { invoice } = props;
  return (
    <a
      class="button secondary no-print"
      href={`/api/v1/invoices/${encodePath(invoice.id)}?format=pdf`}
      download={`${invoice.number}.pdf`}
      aria-label={t('billing.invoice.pdfLabel', { number: invoice.number })}
    >
      {t('billing.invoice.pdf')}
    </a>
  );
}

// compact: number, due day, status and total only (the client's home).
export function InvoiceTable(props: { invoices: Invoice[]; hrefFor: (invoice: Invoice) => string; caption: string; empty?: string; showClient?: (invoice: Invoice) => ComponentChildren; compact?: boolean }) {
  const columns = [
    { label: t('billing.invoice.number'), cell: (i: Invoice) => <Link href={props.hrefFor(i)}>{i.number}</Link> },
    ...(props.showClient ? [{ label: t('billing.invoice.client'), cell: props.showClient }] : []),
    ...(props.compact
      ? []
      : [
          { label: t('billing.invoice.kind'), cell: (i: Invoice) => billingLabel('invoiceKind', i.kind) },
          { label: t('billing.invoice.issued'), cell: (i: Invoice) => <When at={i.issued_at} /> },
        ]),
    { label: t('billing.invoice.due'), cell: (i: Invoice) => <DueDay at={i.due_at} /> },
    { label: t('billing.invoice.status'), cell: (i: Invoice) => <InvoiceStatus status={i.status} /> },
    { label: t('billing.invoice.total'), class: 'num', cell: (i: Invoice) => <Money amount={i.total} /> },
  ];
  return <Table caption={props.caption} rows={props.invoices} rowKey={(i) => i.id} empty={props.empty ?? t('billing.invoice.none')} columns={columns} />;
}

export function ServiceTable(props: { services: Service[]; caption: string; empty?: string }) {
  return (
    <Table
      caption={props.caption}
      rows={props.services}
      rowKey={(s) => s.id}
      empty={props.empty ?? t('billing.service.none')}
      columns={[
        { label: t('billing.service.description'), cell: (s) => <>{s.description}<br /><span class="muted">{billingLabel('category', s.category)}</span></> },
        { label: t('billing.service.quantity'), class: 'num', cell: (s) => s.quantity },
        { label: t('billing.service.cycle'), cell: (s) => billingLabel('cycle', s.cycle) },
        { label: t('billing.service.state'), cell: (s) => <ServiceState state={s.state} /> },
        { label: t('billing.service.nextDue'), cell: (s) => (s.next_due ? <time dateTime={s.next_due}>{date(s.next_due)}</time> : t('billing.service.notRecurring')) },
        { label: t('billing.service.since'), cell: (s) => (s.activated_at ? <When at={s.activated_at} /> : '—') },
      ]}
    />
  );
}

// compact: without the department (the client's home).
export function TicketTable(props: { tickets: Ticket[]; hrefFor: (ticket: Ticket) => string; caption: string; empty?: string; showClient?: (ticket: Ticket) => ComponentChildren; compact?: boolean }) {
  const columns = [
    { label: t('billing.ticket.number'), cell: (k: Ticket) => <Link href={props.hrefFor(k)}>{k.number}</Link> },
    ...(props.showClient ? [{ label: t('billing.ticket.client'), cell: props.showClient }] : []),
    { label: t('billing.ticket.subject'), cell: (k: Ticket) => k.subject },
    ...(props.compact ? [] : [{ label: t('billing.ticket.department'), cell: (k: Ticket) => billingLabel('department', k.department) }]),
    { label: t('billing.ticket.status'), cell: (k: Ticket) => <TicketStatus status={k.status} /> },
    { label: t('billing.ticket.updated'), cell: (k: Ticket) => <When at={k.updated_at} /> },
  ];
  return <Table caption={props.caption} rows={props.tickets} rowKey={(k) => k.id} empty={props.empty ?? t('billing.ticket.none')} columns={columns} />;
}

// The invoice as the client would print it.
export function InvoiceDocument(props: { invoice: Invoice; clientName?: string | null }) {
  const i = props.invoice;
  const anyCredited = i.lines.some((l) => l.credited !== '0.00');
  return (
    <article class="card invoice-doc" aria-label={`${t('billing.invoice.number')} ${i.number}`}>
      <div class="invoice-head">
        <div>
          <h2>
            {t('billing.invoice.number')} {i.number}
          </h2>
          <p class="muted">{t('billing.invoice.seller')}</p>
        </div>
        <InvoiceStatus status={i.status} />
      </div>
      <dl class="facts">
        <dt>{t('billing.invoice.client')}</dt>
        <dd>{props.clientName ? `${props.clientName} (${i.client_id})` : i.client_id}</dd>
        <dt>{t('billing.invoice.kind')}</dt>
        <dd>{billingLabel('invoiceKind', i.kind)}</dd>
        <dt>{t('billing.invoice.issued')}</dt>
        <dd><When at={i.issued_at} /></dd>
        <dt>{t('billing.invoice.due')}</dt>
        <dd><DueDay at={i.due_at} /></dd>
        {i.paid_at ? (
          <>
            <dt>{t('billing.invoice.paidAt')}</dt>
            <dd><When at={i.paid_at} /></dd>
          </>
        ) : null}
        {i.cancelled_at ? (
          <>
            <dt>{t('billing.invoice.cancelledAt')}</dt>
            <dd><When at={i.cancelled_at} /></dd>
          </>
        ) : null}
      </dl>
      <h3>{t('billing.invoice.lines')}</h3>
      <Table
        caption={t('billing.invoice.lines')}
        rows={i.lines}
        rowKey={(l) => l.id}
        columns={[
          { label: t('billing.invoice.line'), cell: (l) => l.id },
          { label: t('billing.invoice.description'), cell: (l) => <>{l.description}<br /><span class="muted">{billingLabel('category', l.category)}</span></> },
          { label: t('billing.invoice.quantity'), class: 'num', cell: (l) => l.quantity },
          { label: t('billing.invoice.unitPrice'), class: 'num', cell: (l) => <Money amount={l.unit_price} /> },
          { label: t('billing.invoice.net'), class: 'num', cell: (l) => <Money amount={l.net} /> },
          { label: t('billing.invoice.vat'), class: 'num', cell: (l) => <><Money amount={l.vat} /> <span class="muted">({t('billing.invoice.percent', { rate: vatPercent(l.vat_bp) })})</span></> },
          { label: t('billing.invoice.gross'), class: 'num', cell: (l) => <Money amount={l.gross} /> },
          ...(anyCredited ? [{ label: t('billing.invoice.credited'), class: 'num', cell: (l: Invoice['lines'][number]) => <Money amount={l.credited} /> }] : []),
        ]}
      />
      <dl class="figures invoice-totals" aria-label={t('billing.invoice.totals')}>
        <div>
          <dt>{t('billing.invoice.netTotal')}</dt>
          <dd><Money amount={i.net} /></dd>
        </div>
        <div>
          <dt>{t('billing.invoice.vatTotal')}</dt>
          <dd><Money amount={i.vat} /></dd>
        </div>
        <div>
          <dt>{t('billing.invoice.grandTotal')}</dt>
          <dd data-testid="invoice-total"><Money amount={i.total} /></dd>
        </div>
        {i.credited !== '0.00' ? (
          <div>
            <dt>{t('billing.invoice.creditedTotal')}</dt>
            <dd><Money amount={i.credited} /></dd>
          </div>
        ) : null}
      </dl>
      <h3>{t('billing.invoice.payments')}</h3>
      <Table
        caption={t('billing.invoice.payments')}
        rows={i.payments}
        rowKey={(p) => p.id}
        empty={t('billing.invoice.noPayments')}
        columns={[
          { label: t('billing.invoice.paidAt'), cell: (p) => <When at={p.paid_at} /> },
          { label: t('billing.invoice.method'), cell: (p) => billingLabel('method', p.method) },
          { label: t('billing.invoice.reference'), cell: (p) => <code>{p.reference}</code> },
          { label: t('billing.invoice.amount'), class: 'num', cell: (p) => <Money amount={p.amount} /> },
        ]}
      />
      <h3>{t('billing.invoice.creditNotes')}</h3>
      <Table
        caption={t('billing.invoice.creditNotes')}
        rows={i.credit_notes}
        rowKey={(n) => n.id}
        empty={t('billing.invoice.noCreditNotes')}
        columns={[
          { label: t('billing.invoice.creditNote'), cell: (n) => n.number },
          { label: t('billing.invoice.issued'), cell: (n) => <When at={n.issued_at} /> },
          { label: t('billing.invoice.reason'), cell: (n) => n.reason },
          {
            label: t('billing.invoice.creditLines'),
            cell: (n) => (
              <ul class="plain">
                {n.lines.map((l) => (
                  <li key={l.line}>{t('billing.invoice.creditLine', { line: l.line, net: money(l.net), vat: money(l.vat) })}</li>
                ))}
              </ul>
            ),
          },
          { label: t('billing.invoice.total'), class: 'num', cell: (n) => <Money amount={n.total} /> },
        ]}
      />
    </article>
  );
}

function authorLine(message: Ticket['messages'][number]): string {
  const role = billingLabel('role', message.author_role);
  const name = message.author_name || message.author;
  return message.on_behalf_of ? t('billing.ticket.forClient', { name, role }) : t('billing.ticket.by', { name, role });
}

// "48 bytes", "1.5 KB" in the language shown.
function fileSize(bytes: number): string {
  return formatFileSize(bytes, language.value);
}

function fileTypeLabel(contentType: string): string {
  if (contentType === 'application/pdf') return t('billing.file.type.pdf');
  if (contentType === 'image/png') return t('billing.file.type.png');
  if (contentType === 'image/jpeg') return t('billing.file.type.jpeg');
  return contentType;
}

// The file saved under its own name: the server names its download after the
// attachment's id (Content-Disposition: attachment; filename="att_…"), which
// a browser prefers to the link's download attribute, so the page fetches it
// and saves it from a blob with the name it was sent with.
async function saveAttachment(href: string, name: string): Promise<Problem | null> {
  let answer: Response;
  try {
    answer = await fetch(href, { credentials: 'same-origin' });
  } catch (error) {
    return { type: '/problems/network', title: t('common.networkError'), status: 0, detail: error instanceof Error ? error.message : String(error) };
  }
  if (!answer.ok) {
    const text = await answer.text().catch(() => '');
    let parsed: Partial<Problem> = {};
    try {
      const value: unknown = JSON.parse(text);
      if (value && typeof value === 'object') parsed = value as Partial<Problem>;
    } catch {
      // Not problem+json: the status says it.
    }
    return { type: parsed.type ?? '/problems/http', title: parsed.title ?? (answer.statusText || 'Error'), status: answer.status, detail: parsed.detail ?? '' };
  }
  const blob = await answer.blob();
  const local = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = local;
  anchor.download = name;
  anchor.hidden = true;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // After the click has handed the blob to the download.
  setTimeout(() => URL.revokeObjectURL(local), 60_000);
  return null;
}

// A message's files: each a download link (the API's URL, so opening it in a
// new tab or copying it works too) with its type and size.
function AttachmentList(props: { files: TicketAttachment[] }) {
  const [problem, setProblem] = useState<Problem | null>(null);
  return (
    <>
      <ul class="ticket-files" aria-label={t('billing.file.list')}>
        {props.files.map((f) => {
          const href = attachmentHref(f.url);
          return (
            <li key={f.id}>
              {href ? (
                <a
                  href={href}
                  download={f.name}
                  onClick={(e) => {
                    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
                    e.preventDefault();
                    setProblem(null);
                    void saveAttachment(href, f.name).then(setProblem);
                  }}
                >
                  {f.name}
                </a>
              ) : (
                <span>{f.name}</span>
              )}{' '}
              <span class="muted">({fileTypeLabel(f.content_type)}, {fileSize(f.size_bytes)})</span>
            </li>
          );
        })}
      </ul>
      <BillingProblem problem={problem} />
    </>
  );
}

// POST …/attachments: the raw file as the body, its type and name in headers.
function uploadTicketFile(ticketId: string, file: File, contentType: string) {
  return request<Ticket>('POST', `/api/v1/tickets/${encodePath(ticketId)}/attachments`, file, {
    headers: { 'Content-Type': contentType, 'X-File-Name': headerFileName(file.name) },
  });
}

function fileProblem(reason: string): Problem {
  return { type: '/problems/validation', title: reason, status: 422, detail: '', errors: [{ field: 'file', reason }] };
}

// The server's refusal of the file itself (too large, not the type it says)
// shows at the file field in its words; anything else (403, 409 on a ticket
// closed meanwhile, the network) in the box below.
function serverFileProblem(problem: Problem): Problem {
  if (problem.status === 413) return fileProblem(t('billing.file.serverTooLarge'));
  if (problem.status === 415 || problem.status === 422) {
    return fileProblem(t('billing.file.serverRefused', { reason: problem.errors?.[0]?.reason || problem.detail || problem.title }));
  }
  return problem;
}

// "Attach a file": checked here (type, empty, size) before anything is sent;
// the file becomes a message of its own.
function TicketAttach(props: { ticket: Ticket; onChange: (ticket: Ticket) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [local, setLocal] = useState<Problem | null>(null);
  const [sent, setSent] = useState(false);
  // A new key renders a new, empty input after a file was sent.
  const [inputKey, setInputKey] = useState(0);
  const upload = useAction();
  const problem = local ?? (upload.problem ? serverFileProblem(upload.problem) : null);
  const limit = fileSize(MAX_ATTACHMENT_BYTES);
  const judge = (chosen: File): Problem | null => {
    const check = checkAttachment(chosen);
    if (check.ok) return null;
    if (check.reason === 'type') return fileProblem(t('billing.file.wrongType', { name: chosen.name }));
    if (check.reason === 'empty') return fileProblem(t('billing.file.empty', { name: chosen.name }));
    return fileProblem(t('billing.file.tooLarge', { name: chosen.name, size: fileSize(chosen.size), limit }));
  };
  return (
    <form
      class="form ticket-attach"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setSent(false);
        if (!file) {
          setLocal(fileProblem(t('billing.file.required')));
          return;
        }
        const check = checkAttachment(file);
        if (!check.ok) {
          setLocal(judge(file));
          return;
        }
        void upload.run(
          () => uploadTicketFile(props.ticket.id, file, check.contentType),
          (answer) => {
            setFile(null);
            setInputKey((k) => k + 1);
            setSent(true);
            props.onChange(answer);
          },
        );
      }}
    >
      <Field label={t('billing.file.label')} name="file" problem={problem} hint={t('billing.file.hint', { size: limit })}>
        {(attributes) => (
          <input
            key={inputKey}
            {...attributes}
            type="file"
            accept={ATTACHMENT_ACCEPT}
            onChange={(e) => {
              const chosen = (e.currentTarget as HTMLInputElement).files?.[0] ?? null;
              setFile(chosen);
              setSent(false);
              upload.clear();
              setLocal(chosen ? judge(chosen) : null);
            }}
          />
        )}
      </Field>
      {problem && !problem.errors?.some((e) => e.field === 'file') ? <BillingProblem problem={problem} /> : null}
      <div class="form-actions">
        <button type="submit" class="secondary" disabled={upload.busy} aria-busy={upload.busy}>
          {upload.busy ? t('common.working') : t('billing.file.send')}
        </button>
        {sent ? (
          <span role="status" class="muted">
            {t('billing.file.sent')}
          </span>
        ) : null}
      </div>
    </form>
  );
}

// A ticket page's ticket: as loaded, or as the last action answered it.
export function useTicket(id: string): { loaded: Loaded<Ticket>; ticket: Ticket | null; setTicket: (ticket: Ticket) => void } {
  const loaded = useApi<Ticket>(`/api/v1/tickets/${encodePath(id)}`);
  const [changed, setTicket] = useState<Ticket | null>(null);
  const ticket = changed?.id === id ? changed : loaded.state === 'ready' ? loaded.data : null;
  return { loaded, ticket, setTicket };
}

export function TicketThread(props: { ticket: Ticket }) {
  const k = props.ticket;
  return (
    <Card title={t('billing.ticket.thread')}>
      <dl class="facts">
        <dt>{t('billing.ticket.department')}</dt>
        <dd>{billingLabel('department', k.department)}</dd>
        <dt>{t('billing.ticket.status')}</dt>
        <dd><TicketStatus status={k.status} /></dd>
        <dt>{t('billing.ticket.opened')}</dt>
        <dd><When at={k.created_at} /></dd>
      </dl>
      <ol class="ticket-thread">
        {k.messages.map((m) => (
          <li key={m.id} class={`ticket-message from-${m.author_role}`}>
            <p class="ticket-author">
              <strong>{authorLine(m)}</strong> · <When at={m.at} />
            </p>
            {m.body ? <p class="ticket-body">{m.body}</p> : null}
            {m.attachments?.length ? <AttachmentList files={m.attachments} /> : null}
          </li>
        ))}
      </ol>
    </Card>
  );
}

// Reply (a staff reply answers the ticket, the client's reopens it) and close.
export function TicketActions(props: { ticket: Ticket; onChange: (ticket: Ticket) => void }) {
  const [body, setBody] = useState('');
  const [sent, setSent] = useState(false);
  const [local, setLocal] = useState<Problem | null>(null);
  const reply = useAction();
  const close = useAction();
  const k = props.ticket;
  if (k.status === 'closed') return <p class="notice">{t('billing.ticket.closed')}</p>;
  const problem = local ?? reply.problem;
  const path = `/api/v1/tickets/${encodePath(k.id)}`;
  return (
    <Card title={t('billing.ticket.reply')} class="no-print">
      <form
        class="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setSent(false);
          if (!body.trim()) {
            setLocal({ type: '/problems/validation', title: t('billing.ticket.replyRequired'), status: 422, detail: '', errors: [{ field: 'body', reason: t('billing.ticket.replyRequired') }] });
            return;
          }
          void reply.run(
            () => api.post<Ticket>(`${path}/replies`, { body }),
            (answer) => {
              setBody('');
              setSent(true);
              props.onChange(answer);
            },
          );
        }}
      >
        <TextArea label={t('billing.ticket.replyLabel')} name="body" value={body} onValue={(v) => { setBody(v); setLocal(null); setSent(false); }} problem={problem} rows={4} required />
        {problem && !problem.errors?.some((e) => e.field === 'body') ? <BillingProblem problem={problem} /> : null}
        <div class="form-actions">
          <button type="submit" disabled={reply.busy} aria-busy={reply.busy}>
            {reply.busy ? t('common.working') : t('billing.ticket.send')}
          </button>
          {sent ? <span role="status" class="muted">{t('billing.ticket.sent')}</span> : null}
        </div>
      </form>
      <TicketAttach ticket={k} onChange={props.onChange} />
      <div class="button-row ticket-close">
        <ConfirmButton
          label={close.busy ? t('common.working') : t('billing.ticket.close')}
          question={t('billing.ticket.closeQuestion', { number: k.number })}
          confirmLabel={t('billing.ticket.close')}
          busy={close.busy}
          class="secondary"
          onConfirm={() => close.run(() => api.post<Ticket>(`${path}/close`), props.onChange)}
        />
      </div>
      <BillingProblem problem={close.problem} />
    </Card>
  );
}
