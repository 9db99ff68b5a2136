// Pieces the staff pages share: related-page tabs, a status filter kept in
// the URL, an action that needs a reason and a confirmation, the evidence viewer.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ApiResult, Problem } from '../app/api';
import { t } from '../app/i18n';
import { location, setSearch } from '../app/router';
import { ConfirmButton, Link, ProblemBox, Select, TextArea, TextField } from '../ui/components';
import { useAction } from '../ui/hooks';
import { evidenceKind } from './model';

// Links between pages that belong together (withdrawals ↔ reversible commissions, ...).
export function Tabs(props: { label: string; items: { href: string; label: string }[] }) {
  const path = location.value.path;
  return (
    <nav class="staff-tabs" aria-label={props.label}>
      {props.items.map((item) => (
        <Link key={item.href} href={item.href} aria-current={path === item.href.split('?')[0] ? 'page' : undefined}>
          {item.label}
        </Link>
      ))}
    </nav>
  );
}

export function searchParam(name: string, fallback = ''): string {
  return location.value.search.get(name) ?? fallback;
}

// A status filter whose value lives in the URL (?status=...), so a queue can be linked to.
export function StatusFilter(props: { name?: string; label: string; value: string; statuses: readonly string[]; labelFor: (status: string) => string; all?: string }) {
  const name = props.name ?? 'status';
  const options = [...(props.all ? [{ value: '', label: props.all }] : []), ...props.statuses.map((s) => ({ value: s, label: props.labelFor(s) }))];
  return (
    <div class="filters staff-filters">
      <Select label={props.label} name={name} value={props.value} onValue={(v) => setSearch({ [name]: v, cursor: null, offset: null })} options={options} />
    </div>
  );
}

export function localProblem(field: string, reason: string): Problem {
  return { type: '/problems/validation', title: t('staff.common.checkFields'), status: 422, detail: '', errors: [{ field, reason }] };
}

// An action that needs a reason (reject, decline, terminate, ...): the reason
// is asked for first, then a confirmation, then the request runs once. A
// blank reason is refused next to its field without asking.
export function ReasonAction<T>(props: {
  label: string;
  question: (reason: string) => string;
  reasonLabel?: string;
  optional?: boolean;
  danger?: boolean;
  send: (reason: string) => Promise<ApiResult<T>>;
  onDone: (data: T) => void;
  children?: ComponentChildren;
}) {
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Problem | null>(null);
  const action = useAction();
  const problem = local ?? action.problem;
  const blank = !props.optional && reason.trim() === '';
  return (
    <div class="staff-action">
      <TextArea label={props.reasonLabel ?? t('staff.common.reason')} name="reason" value={reason} onValue={(v) => { setReason(v); setLocal(null); }} problem={problem} rows={2} required={!props.optional} />
      {props.children}
      <div class="button-row">
        {blank ? (
          <button type="button" class={props.danger ? 'danger' : ''} onClick={() => setLocal(localProblem('reason', t('staff.common.reasonRequired')))}>
            {props.label}
          </button>
        ) : (
          <ConfirmButton
            label={action.busy ? t('common.working') : props.label}
            question={props.question(reason.trim())}
            confirmLabel={props.label}
            busy={action.busy}
            {...(props.danger ? { danger: true } : {})}
            onConfirm={() => action.run(() => props.send(reason.trim()), (data) => { setReason(''); props.onDone(data); })}
          />
        )}
      </div>
      {problem && !problem.errors?.some((e) => e.field === 'reason') ? <ProblemBox problem={problem} /> : null}
    </div>
  );
}

// A confirmed action with no input (approve, verify, revoke).
export function ConfirmAction<T>(props: { label: string; question: string; danger?: boolean; send: () => Promise<ApiResult<T>>; onDone: (data: T) => void; children?: ComponentChildren }) {
  const action = useAction();
  return (
    <div class="staff-action">
      <ConfirmButton
        label={action.busy ? t('common.working') : props.label}
        question={props.question}
        confirmLabel={props.label}
        busy={action.busy}
        {...(props.danger ? { danger: true } : {})}
        onConfirm={() => action.run(props.send, props.onDone)}
      >
        {props.children}
      </ConfirmButton>
      <ProblemBox problem={action.problem} />
    </div>
  );
}

// The evidence viewer: an image is shown inline (img-src 'self' allows it),
// a PDF opens in a new tab; no frames (the CSP refuses them).
export function Evidence(props: { fileId: string | null | undefined; label: string }) {
  const [kind, setKind] = useState<'loading' | 'image' | 'pdf' | 'other' | 'missing'>('loading');
  const fileId = props.fileId;
  const href = fileId ? `/api/v1/files/${encodeURIComponent(fileId)}` : '';
  useEffect(() => {
    if (!fileId) {
      setKind('missing');
      return undefined;
    }
    let live = true;
    setKind('loading');
    void fetch(href, { method: 'GET', credentials: 'same-origin' })
      .then((response) => {
        if (!live) return;
        if (!response.ok) setKind('missing');
        else setKind(evidenceKind(response.headers.get('Content-Type')));
        void response.body?.cancel();
      })
      .catch(() => live && setKind('missing'));
    return () => {
      live = false;
    };
  }, [fileId]);
  if (!fileId || kind === 'missing') return <p class="muted">{t('staff.evidence.missing')}</p>;
  return (
    <figure class="staff-evidence">
      {kind === 'image' ? <img src={href} alt={props.label} /> : null}
      <figcaption>
        <a href={href} target="_blank" rel="noopener" download={kind === 'image' ? undefined : fileId}>
          {kind === 'pdf' ? t('staff.evidence.openPdf') : t('staff.evidence.open')}
        </a>{' '}
        <span class="muted">({props.label})</span>
      </figcaption>
    </figure>
  );
}

// The label of a state through the catalogue, or the state itself for one it does not know.
export function stateLabel(group: string, state: string | null | undefined): string {
  if (state === null || state === undefined || state === '') return '—';
  const key = `staff.state.${group}.${state}`;
  const text = t(key);
  return text === key ? state.replace(/_/g, ' ') : text;
}

// A list's "one client only" search (?client_id=…); a new search starts the paging again.
export function ClientFilter(props: { label: string; value: string }) {
  const [text, setText] = useState(props.value);
  return (
    <form
      class="filters staff-filters"
      role="search"
      aria-label={props.label}
      onSubmit={(e) => {
        e.preventDefault();
        setSearch({ client_id: text.trim(), cursor: null });
      }}
    >
      <TextField label={t('staff.invoices.clientId')} name="client_id" value={text} onValue={setText} autoComplete="off" />
      <div class="button-row">
        <button type="submit" class="secondary">{t('staff.invoices.filter')}</button>
      </div>
    </form>
  );
}
