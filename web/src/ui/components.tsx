// The building blocks every page uses: states, fields bound to problem+json
// errors, buttons that submit once, confirmations, tables, copy, paging.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { fieldProblem, type Problem } from '../app/api';
import { dateTime, money, t } from '../app/i18n';
import { navigate } from '../app/router';

export function Page(props: { title: string; children: ComponentChildren; actions?: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} · Cloud One`;
  }, [props.title]);
  return (
    <section class="page" aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title" ref={heading} tabIndex={-1}>
          {props.title}
        </h1>
        {props.actions ? <div class="page-actions">{props.actions}</div> : null}
      </div>
      {props.children}
    </section>
  );
}

export function Card(props: { title?: string; children: ComponentChildren; class?: string }) {
  return (
    <section class={`card ${props.class ?? ''}`}>
      {props.title ? <h2>{props.title}</h2> : null}
      {props.children}
    </section>
  );
}

export function Loading() {
  return (
    <p class="state loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" /> {t('common.loading')}
    </p>
  );
}

export function Empty(props: { message?: string }) {
  return <p class="state empty">{props.message ?? t('common.empty')}</p>;
}

export function ProblemBox(props: { problem: Problem | null | undefined; onRetry?: () => void }) {
  if (!props.problem) return null;
  const { problem } = props;
  const unnamed = problem.errors?.length ? problem.errors : [];
  return (
    <div class="problem" role="alert">
      <strong>{problem.status === 0 ? t('common.networkError') : problem.title}</strong>
      {problem.detail ? <p>{problem.detail}</p> : null}
      {problem.retryAfterSeconds ? <p>{t('common.retryAfter', { seconds: problem.retryAfterSeconds })}</p> : null}
      {unnamed.length ? (
        <ul>
          {unnamed.map((e) => (
            <li key={e.field}>
              <code>{e.field}</code> {e.reason}
            </li>
          ))}
        </ul>
      ) : null}
      {props.onRetry ? (
        <button type="button" class="secondary" onClick={props.onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}

// Renders loading / error / ready for a useApi() result.
export function Show<T>(props: {
  loaded: { state: 'loading' } | { state: 'error'; problem: Problem; reload: () => void } | { state: 'ready'; data: T };
  children: (data: T) => ComponentChildren;
}) {
  const { loaded } = props;
  if (loaded.state === 'loading') return <Loading />;
  if (loaded.state === 'error') return <ProblemBox problem={loaded.problem} onRetry={loaded.reload} />;
  return <>{props.children(loaded.data)}</>;
}

interface FieldProps {
  label: string;
  name: string;
  problem?: Problem | null;
  hint?: string;
  children: (attributes: { id: string; name: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ComponentChildren;
}

// A labelled control with its hint and the problem+json error that names it.
export function Field(props: FieldProps) {
  const id = useId();
  const error = fieldProblem(props.problem, props.name);
  const described = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field ${error ? 'invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      {props.children({ id, name: props.name, 'aria-invalid': Boolean(error), ...(described ? { 'aria-describedby': described } : {}) })}
      {props.hint ? (
        <small id={`${id}-hint`} class="hint">
          {props.hint}
        </small>
      ) : null}
      {error ? (
        <small id={`${id}-error`} class="error">
          {error}
        </small>
      ) : null}
    </div>
  );
}

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'value' | 'onInput' | 'name'> & {
  label: string;
  name: string;
  value: string;
  onValue: (value: string) => void;
  problem?: Problem | null;
  hint?: string;
};

export function TextField(props: InputProps) {
  const { label, name, value, onValue, problem, hint, ...rest } = props;
  return (
    <Field label={label} name={name} problem={problem ?? null} {...(hint ? { hint } : {})}>
      {(attributes) => (
        <input {...rest} {...attributes} value={value} onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)} />
      )}
    </Field>
  );
}

export function TextArea(props: { label: string; name: string; value: string; onValue: (v: string) => void; problem?: Problem | null; required?: boolean; rows?: number }) {
  return (
    <Field label={props.label} name={props.name} problem={props.problem ?? null}>
      {(attributes) => (
        <textarea
          {...attributes}
          rows={props.rows ?? 3}
          required={props.required}
          value={props.value}
          onInput={(e) => props.onValue((e.currentTarget as HTMLTextAreaElement).value)}
        />
      )}
    </Field>
  );
}

export function Select(props: {
  label: string;
  name: string;
  value: string;
  onValue: (v: string) => void;
  options: { value: string; label: string }[];
  problem?: Problem | null;
  disabled?: boolean;
}) {
  return (
    <Field label={props.label} name={props.name} problem={props.problem ?? null}>
      {(attributes) => (
        <select {...attributes} value={props.value} disabled={props.disabled} onChange={(e) => props.onValue((e.currentTarget as HTMLSelectElement).value)}>
          {props.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

// A form that submits once per click and says when it is busy.
export function Form(props: {
  onSubmit: () => void;
  busy: boolean;
  submitLabel: string;
  problem?: Problem | null;
  children: ComponentChildren;
  class?: string;
}) {
  return (
    <form
      class={`form ${props.class ?? ''}`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!props.busy) props.onSubmit();
      }}
    >
      {props.children}
      <ProblemBox problem={props.problem} />
      <div class="form-actions">
        <button type="submit" disabled={props.busy} aria-busy={props.busy}>
          {props.busy ? t('common.working') : props.submitLabel}
        </button>
      </div>
    </form>
  );
}

// A button that asks first (money moves, an association ends) and then runs
// `onConfirm` once. The dialog is a native <dialog>: focus is trapped and Esc cancels.
export function ConfirmButton(props: {
  label: string;
  question: string;
  confirmLabel?: string;
  onConfirm: () => void | Promise<void>;
  busy?: boolean;
  danger?: boolean;
  class?: string;
  children?: ComponentChildren;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const titleId = useId();
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <>
      <button type="button" class={`${props.danger ? 'danger' : ''} ${props.class ?? ''}`} disabled={props.busy} onClick={() => setOpen(true)}>
        {props.label}
      </button>
      <dialog ref={dialog} aria-labelledby={titleId} onClose={() => setOpen(false)} class="confirm">
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            setOpen(false);
            void props.onConfirm();
          }}
        >
          <p id={titleId}>{props.question}</p>
          {props.children}
          <div class="form-actions">
            <button type="button" class="secondary" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
            <button type="submit" class={props.danger ? 'danger' : ''}>
              {props.confirmLabel ?? t('common.confirm')}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}

export interface Column<T> {
  label: string;
  cell: (row: T) => ComponentChildren;
  class?: string;
}

// A table that becomes labelled cards on a phone (CSS reads data-label).
export function Table<T>(props: { caption: string; columns: Column<T>[]; rows: T[]; rowKey: (row: T) => string; empty?: string }) {
  if (props.rows.length === 0) return <Empty {...(props.empty ? { message: props.empty } : {})} />;
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th scope="col" key={c.label} class={c.class}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={props.rowKey(row)}>
              {props.columns.map((c) => (
                <td key={c.label} data-label={c.label} class={c.class}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Money(props: { amount: string | null | undefined }) {
  return <span class="money">{money(props.amount)}</span>;
}

export function When(props: { at: string | null | undefined }) {
  if (!props.at) return <span>—</span>;
  return <time dateTime={props.at}>{dateTime(props.at)}</time>;
}

export function StatusBadge(props: { status: string; label?: string }) {
  return <span class={`badge status-${props.status.replace(/[^a-z_-]/gi, '')}`}>{props.label ?? props.status.replace(/_/g, ' ')}</span>;
}

export function CopyButton(props: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      class="secondary small"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(props.text);
        } catch {
          // Clipboard refused (no permission, plain HTTP): select the text instead.
          const area = document.createElement('textarea');
          area.value = props.text;
          document.body.append(area);
          area.select();
          document.execCommand('copy');
          area.remove();
        }
        setCopied(true);
        window.setTimeout(() => setCopied(false), 2000);
      }}
    >
      <span aria-live="polite">{copied ? t('common.copied') : (props.label ?? t('common.copy'))}</span>
    </button>
  );
}

// A link inside the app: no page reload.
export function Link(props: JSX.HTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { href, onClick, ...rest } = props;
  return (
    <a
      {...rest}
      href={href}
      onClick={(e) => {
        if (onClick) (onClick as (event: MouseEvent) => void)(e);
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(href);
      }}
    />
  );
}

// Cursor paging as the API does it: "next" carries next_cursor, "first" drops it.
export function Pager(props: { nextCursor: string | null | undefined; cursor: string | null; onCursor: (cursor: string | null) => void }) {
  if (!props.nextCursor && !props.cursor) return null;
  return (
    <nav class="pager" aria-label={t('common.paging')}>
      <button type="button" class="secondary" disabled={!props.cursor} onClick={() => props.onCursor(null)}>
        {t('common.firstPage')}
      </button>
      <button type="button" class="secondary" disabled={!props.nextCursor} onClick={() => props.onCursor(props.nextCursor ?? null)}>
        {t('common.nextPage')}
      </button>
    </nav>
  );
}

// Progress toward a target, with the figures in words for screen readers.
export function ProgressBar(props: { label: string; percent: number; detail: string }) {
  return (
    <div class="progress">
      <div class="progress-label">
        <span>{props.label}</span>
        <span>{props.detail}</span>
      </div>
      <div class="progress-track" role="progressbar" aria-label={props.label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={props.percent} aria-valuetext={props.detail}>
        {/* Set through the CSSOM, which the Content-Security-Policy allows (no inline style attribute). */}
        <div class="progress-fill" style={{ width: `${Math.max(0, Math.min(100, props.percent))}%` }} />
      </div>
    </div>
  );
}

// "Coming" places in the navigation (features of a later release).
export function Coming(props: { what: string }) {
  return (
    <Page title={props.what}>
      <p class="state empty">{t('common.coming')}</p>
    </Page>
  );
}
