// /agent/clients: the company's clients (each with a link to its services and
// invoices, read-only), what each would like to hear about,
// and signing in as one of them (the client's grant decides; a 403 says so,
// and a 404 that the client is no longer the agent's, e.g. it revoked it).
import { useState } from 'preact/hooks';
import { api, encodePath } from '../app/api';
import { date, t } from '../app/i18n';
import { navigate } from '../app/router';
import { loadSession } from '../app/session';
import { rememberActingFor } from '../client/name';
import { Card, Empty, Link, Money, Page, ProblemBox, StatusBadge } from '../ui/components';
import { useAction, useApi } from '../ui/hooks';
import { agentPath, AgentShow, label } from './common';
import type { AgentClient, Items, NotificationChoices } from './types';

const CHOICES: (keyof NotificationChoices)[] = ['service_changes', 'invoice_issued', 'invoice_paid', 'invoice_overdue', 'ticket_opened'];

function Notifications(props: { client: AgentClient }) {
  const [choices, setChoices] = useState<NotificationChoices>(props.client.notifications);
  const [saved, setSaved] = useState(false);
  const action = useAction();
  const name = props.client.name ?? props.client.client_id;
  return (
    <form
      class="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        void action.run(
          () => api.put<NotificationChoices>(agentPath(`clients/${encodePath(props.client.client_id)}/notifications`), choices),
          (answer) => {
            setChoices(answer);
            setSaved(true);
          },
        );
      }}
    >
      <fieldset>
        <legend>{t('agent.clients.notifyLegend', { client: name })}</legend>
        {CHOICES.map((c) => (
          <label key={c} class="check">
            <input
              type="checkbox"
              name={c}
              checked={choices[c]}
              onChange={(e) => {
                setSaved(false);
                setChoices({ ...choices, [c]: (e.currentTarget as HTMLInputElement).checked });
              }}
            />{' '}
            {label('notify', c)}
          </label>
        ))}
      </fieldset>
      <ProblemBox problem={action.problem} />
      <div class="form-actions">
        <button type="submit" class="secondary" disabled={action.busy} aria-busy={action.busy}>
          {action.busy ? t('common.working') : t('agent.clients.saveChoices')}
        </button>
        {saved ? (
          <span role="status" class="muted">
            {t('agent.clients.saved')}
          </span>
        ) : null}
      </div>
    </form>
  );
}

function SignInAs(props: { client: AgentClient }) {
  const action = useAction();
  const name = props.client.name ?? props.client.client_id;
  const forbidden = action.problem?.status === 403;
  const gone = action.problem?.status === 404;
  return (
    <div>
      <div class="button-row">
        <button
          type="button"
          disabled={action.busy}
          aria-busy={action.busy}
          onClick={() =>
            void action.run(
              async () => {
                const answer = await api.post<unknown>(`/api/v1/clients/${encodePath(props.client.client_id)}/impersonations`);
                if (answer.ok) {
                  rememberActingFor(props.client.client_id, name);
                  await loadSession();
                }
                return answer;
              },
              () => navigate('/client'),
            )
          }
        >
          {action.busy ? t('common.working') : t('agent.clients.signInAs', { client: name })}
        </button>
      </div>
      {forbidden ? (
        <div class="notice warn" role="alert">
          <strong>{t('agent.clients.noPermissionTitle')}</strong>
          <p>{t('agent.clients.noPermission', { client: name })}</p>
        </div>
      ) : gone ? (
        <div class="notice warn" role="alert">
          <strong>{t('agent.clients.notYoursTitle')}</strong>
          <p>{t('agent.clients.notYours', { client: name })}</p>
        </div>
      ) : (
        <ProblemBox problem={action.problem} />
      )}
    </div>
  );
}

function ClientCard(props: { client: AgentClient }) {
  const c = props.client;
  return (
    <Card title={c.name ?? c.client_id} class="agent-client">
      <dl class="facts">
        <dt>{t('agent.clients.id')}</dt>
        <dd>
          <code>{c.client_id}</code>
        </dd>
        <dt>{t('agent.clients.status')}</dt>
        <dd>
          <StatusBadge status={c.status} label={label('clientStatus', c.status)} />
        </dd>
        <dt>{t('agent.clients.since')}</dt>
        <dd>{t('agent.clients.sinceVia', { date: date(c.since), source: label('source', c.source) })}</dd>
        <dt>{t('agent.clients.subscriptions')}</dt>
        <dd>{c.services.subscriptions.length ? c.services.subscriptions.join(', ') : '—'}</dd>
        <dt>{t('agent.clients.invoicesPaid')}</dt>
        <dd>{c.services.invoices_paid}</dd>
        <dt>{t('agent.clients.lastInvoice')}</dt>
        <dd>
          {c.last_invoice ? (
            <>
              <code>{c.last_invoice.id}</code> · <Money amount={c.last_invoice.total} /> · {date(c.last_invoice.paid_at)}
            </>
          ) : (
            '—'
          )}
        </dd>
        <dt>{t('agent.clients.earned')}</dt>
        <dd>
          <Money amount={c.commissions_earned} />
        </dd>
      </dl>
      <p>
        <Link href={`/agent/clients/${encodePath(c.client_id)}`}>{t('agent.clients.billing', { client: c.name ?? c.client_id })}</Link>
      </p>
      <SignInAs client={c} />
      <details class="agent-details">
        <summary>{t('agent.clients.notifications')}</summary>
        <Notifications client={c} />
      </details>
    </Card>
  );
}

export function AgentClients() {
  const clients = useApi<Items<AgentClient>>(agentPath('clients'));
  return (
    <Page title={t('agent.nav.clients')}>
      <p class="lead">{t('agent.clients.intro')}</p>
      <AgentShow loaded={clients}>
        {(data) =>
          data.items.length ? (
            <div class="grid two agent-fit">
              {data.items.map((c) => (
                <ClientCard key={c.client_id} client={c} />
              ))}
            </div>
          ) : (
            <Empty message={t('agent.clients.none')} />
          )
        }
      </AgentShow>
    </Page>
  );
}
