// The email outbox (GET /api/v1/emails, newest first): what waits, what left,
// what failed and why, by status and by recipient, older messages by "Load
// more" (next_cursor); a failed message goes back in the queue after
// confirming (POST …/{id}/retry). Bodies are never shown: they carry the links
// people set passwords with.
import { useState } from 'preact/hooks';
import { api, encodePath, query } from '../app/api';
import { t } from '../app/i18n';
import { setSearch } from '../app/router';
import { Card, Page, ProblemBox, Show, StatusBadge, Table, TextField, When } from '../ui/components';
import { useAction, useApi } from '../ui/hooks';
import { afterRetry, appendPage, EMAIL_STATUSES, emailBadge } from './model';
import { ConfirmAction, searchParam, stateLabel, StatusFilter } from './parts';
import type { OutboxEmail, OutboxPage } from './types';

const PAGE_SIZE = 50;

// "Messages to one address" (?recipient=…); a new search starts the list again.
function RecipientFilter(props: { value: string }) {
  const [text, setText] = useState(props.value);
  return (
    <form
      class="filters staff-filters"
      role="search"
      aria-label={t('staff.emails.byRecipient')}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setSearch({ recipient: text.trim(), cursor: null });
      }}
    >
      <TextField label={t('staff.emails.recipient')} name="recipient" type="email" value={text} onValue={setText} autoComplete="off" hint={t('staff.emails.recipientHint')} />
      <div class="button-row">
        <button type="submit" class="secondary">{t('staff.emails.filter')}</button>
        {props.value ? (
          <button
            type="button"
            class="secondary"
            onClick={() => {
              setText('');
              setSearch({ recipient: null, cursor: null });
            }}
          >
            {t('staff.emails.clear')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

// When a message left, or when the next try is due while it waits.
function WhenSent(props: { email: OutboxEmail }) {
  const { email } = props;
  if (email.sent_at) return <When at={email.sent_at} />;
  if (email.next_attempt_at) {
    return (
      <>
        <span class="muted">{t('staff.emails.nextTry')}</span> <When at={email.next_attempt_at} />
      </>
    );
  }
  return <>—</>;
}

function Counts(props: { counts: OutboxPage['counts'] }) {
  return (
    <Card title={t('staff.emails.summary')}>
      <dl class="figures">
        {(['queued', 'sending', 'failed'] as const).map((status) => (
          <div key={status}>
            <dt>{stateLabel('email', status)}</dt>
            <dd data-testid={`email-count-${status}`}>{props.counts[status]}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

export function StaffEmails() {
  const status = searchParam('status');
  const recipient = searchParam('recipient');
  const pathFor = (cursor: string | null) => `/api/v1/emails${query({ status, recipient, limit: PAGE_SIZE, cursor })}`;
  const loaded = useApi<OutboxPage>(pathFor(null));
  // What "Load more" and retries changed, for the first page it grew from:
  // a new filter or a refresh is a new first page, and starts again.
  const [grown, setGrown] = useState<{ base: OutboxPage; view: OutboxPage } | null>(null);
  // Whom the last retry was for, said while that list is shown.
  const [retried, setRetried] = useState<{ base: OutboxPage; recipient: string } | null>(null);
  const more = useAction();
  const change = (base: OutboxPage, step: (view: OutboxPage) => OutboxPage) =>
    setGrown((previous) => ({ base, view: step(previous && previous.base === base ? previous.view : base) }));
  return (
    <Page
      title={t('staff.emails.title')}
      actions={
        <button type="button" class="secondary" onClick={() => loaded.reload()}>
          {t('staff.emails.refresh')}
        </button>
      }
    >
      <p class="muted">{t('staff.emails.lead')}</p>
      <StatusFilter label={t('staff.common.status')} value={status} statuses={EMAIL_STATUSES} labelFor={(s) => stateLabel('email', s)} all={t('staff.common.all')} />
      <RecipientFilter value={recipient} />
      <Show loaded={loaded}>
        {(base) => {
          const view = grown && grown.base === base ? grown.view : base;
          return (
            <>
              {view.delivery_configured ? null : <p class="notice warn">{t('staff.emails.notConfigured')}</p>}
              <Counts counts={view.counts} />
              {retried && retried.base === base ? (
                <p class="notice good" role="status">
                  {t('staff.emails.retried', { recipient: retried.recipient })}
                </p>
              ) : null}
              <Card class="staff-emails">
                <Table
                  caption={t('staff.emails.caption')}
                  rows={view.items}
                  rowKey={(e) => e.id}
                  empty={t('staff.emails.empty')}
                  columns={[
                    { label: t('staff.emails.created'), cell: (e) => <When at={e.created_at} /> },
                    { label: t('staff.emails.recipient'), class: 'anywhere', cell: (e) => e.recipient },
                    { label: t('staff.emails.subject'), cell: (e) => e.subject },
                    { label: t('staff.emails.template'), cell: (e) => stateLabel('emailTemplate', e.template) },
                    { label: t('staff.emails.language'), cell: (e) => <span lang={e.language}>{stateLabel('language', e.language)}</span> },
                    { label: t('staff.common.status'), cell: (e) => <StatusBadge status={emailBadge(e.status)} label={stateLabel('email', e.status)} /> },
                    { label: t('staff.emails.attempts'), class: 'num', cell: (e) => e.attempts },
                    { label: t('staff.emails.lastError'), class: 'anywhere', cell: (e) => e.last_error || '—' },
                    { label: t('staff.emails.when'), cell: (e) => <WhenSent email={e} /> },
                    {
                      label: t('staff.emails.action'),
                      cell: (e) =>
                        e.status === 'failed' ? (
                          <ConfirmAction
                            label={t('staff.emails.retry')}
                            question={t('staff.emails.retryQuestion', { recipient: e.recipient, subject: e.subject })}
                            send={() => api.post<OutboxEmail>(`/api/v1/emails/${encodePath(e.id)}/retry`)}
                            onDone={(email) => {
                              change(base, (v) => afterRetry(v, email));
                              setRetried({ base, recipient: email.recipient });
                            }}
                          />
                        ) : (
                          '—'
                        ),
                    },
                  ]}
                />
                {view.items.length ? <p class="muted" role="status">{t('staff.emails.shown', { count: view.items.length })}</p> : null}
                {view.next_cursor ? (
                  <div class="button-row">
                    <button
                      type="button"
                      class="secondary"
                      disabled={more.busy}
                      aria-busy={more.busy}
                      onClick={() => {
                        const cursor = view.next_cursor;
                        void more.run(
                          () => api.get<OutboxPage>(pathFor(cursor)),
                          (page) => change(base, (v) => appendPage(v, page)),
                        );
                      }}
                    >
                      {more.busy ? t('common.working') : t('staff.emails.loadMore')}
                    </button>
                  </div>
                ) : null}
                <ProblemBox problem={more.problem} />
              </Card>
            </>
          );
        }}
      </Show>
    </Page>
  );
}
