// The client's home: what waits for it (unpaid invoices, open tickets) and
// "My Service Manager": GET /api/v1/clients/{id}/service-manager
// (contact, what the manager may do, the sign-in-as-client history), revoke with
// confirmation (POST …/service-manager/revoke). An agent signed in as the client
// sees the same, without revoke (the API refuses it: managing the association is
// never granted).
import { useState } from 'preact/hooks';
import { api, encodePath } from '../app/api';
import { amountDue, openTickets, unpaidInvoices, type InvoicePage, type Ticket } from '../app/billing';
import { money, t } from '../app/i18n';
import { session } from '../app/session';
import { Card, ConfirmButton, Empty, Link, Page, ProblemBox, Show, Table, When } from '../ui/components';
import { BillingShow, InvoiceTable, TicketTable } from '../ui/billing';
import { useAction, useApi } from '../ui/hooks';
import { END_REASONS, isKnown, NEVER_GRANTED } from '../public/logic';
import { ContactFacts, permissionLabel } from '../public/service-manager';
import { impersonationRows, type ImpersonationRecord } from './logic';

interface ManagerView {
  client_id: string;
  service_manager: { agent_id: string; name: string; email: string; phone: string; referral_id: string } | null;
  source: string | null;
  since: string | null;
  reversible: boolean;
  permissions: string[];
  impersonations: ImpersonationRecord[];
}

export function currentClientId(): string | null {
  const current = session.value;
  if (!current) return null;
  if (current.impersonating) return current.impersonation?.client_id ?? null;
  return current.user.client_id;
}

function sourceLabel(source: string | null): string {
  if (source === 'referral_link' || source === 'service_manager_link' || source === 'staff_assignment' || source === 'reassignment' || source === 'quote') return t(`client.source.${source}`);
  return source ?? '';
}

function endLabel(reason: string | null, endedAt: string | null, expiresAt: string, now: Date): string {
  if (!endedAt) return new Date(expiresAt) > now ? t('client.history.open') : t('client.end.expired');
  if (isKnown(END_REASONS, reason)) return t(`client.end.${reason}`);
  return reason ?? '';
}

function MyServiceManager(props: { clientId: string }) {
  const loaded = useApi<ManagerView>(`/api/v1/clients/${encodeURIComponent(props.clientId)}/service-manager`);
  const action = useAction();
  const [revoked, setRevoked] = useState(false);
  const impersonating = Boolean(session.value?.impersonating);
  return (
    <Show loaded={loaded}>
      {(view) => {
        const manager = view.service_manager;
        const rows = impersonationRows(view.impersonations, manager);
        return (
          <>
            {revoked ? (
              <p class="notice good" role="status">
                {t('client.sm.revoked')}
              </p>
            ) : null}
            <Card title={t('client.sm.title')} class="service-manager">
              {manager ? (
                <>
                  <ContactFacts contact={manager}>
                    <dt>{t('client.sm.since')}</dt>
                    <dd>
                      <When at={view.since} />
                    </dd>
                    <dt>{t('client.sm.how')}</dt>
                    <dd>{sourceLabel(view.source)}</dd>
                  </ContactFacts>
                  <h3>{t('client.sm.mayDo')}</h3>
                  {view.permissions.length ? (
                    <ul class="permissions">
                      {view.permissions.map((p) => (
                        <li key={p}>{permissionLabel(p)}</li>
                      ))}
                    </ul>
                  ) : (
                    <p class="muted">{t('client.sm.noPermissions')}</p>
                  )}
                  <details>
                    <summary>{t('client.sm.never')}</summary>
                    <ul>
                      {NEVER_GRANTED.map((p) => (
                        <li key={p}>{permissionLabel(p)}</li>
                      ))}
                    </ul>
                  </details>
                  <div class="button-row">
                    {impersonating ? (
                      <p class="notice warn">{t('client.sm.revokeNotForAgent')}</p>
                    ) : (
                      <ConfirmButton
                        danger
                        label={t('client.sm.revoke')}
                        question={t('client.sm.revokeQuestion', { agent: manager.name })}
                        confirmLabel={t('client.sm.revokeConfirm')}
                        busy={action.busy}
                        onConfirm={() =>
                          action.run(
                            () => api.post(`/api/v1/clients/${encodeURIComponent(props.clientId)}/service-manager/revoke`),
                            () => {
                              setRevoked(true);
                              loaded.reload();
                            },
                          )
                        }
                      />
                    )}
                  </div>
                  <ProblemBox problem={action.problem} />
                </>
              ) : (
                <>
                  <Empty message={t('client.sm.none')} />
                  <p>
                    {t('client.sm.findOne')} <Link href="/directory">{t('client.sm.directory')}</Link>
                  </p>
                </>
              )}
            </Card>
            <Card title={t('client.history.title')}>
              <p class="muted">{t('client.history.lead')}</p>
              <Table
                caption={t('client.history.title')}
                rows={rows}
                rowKey={(r) => r.id}
                empty={t('client.history.none')}
                columns={[
                  { label: t('client.history.who'), cell: (r) => r.who },
                  { label: t('client.history.started'), cell: (r) => <When at={r.started_at} /> },
                  { label: t('client.history.ended'), cell: (r) => (r.ended_at ? <When at={r.ended_at} /> : '—') },
                  { label: t('client.history.how'), cell: (r) => endLabel(r.end_reason, r.ended_at, r.expires_at, new Date()) },
                  { label: t('client.history.permissions'), cell: (r) => r.permissions.map(permissionLabel).join(', ') || '—' },
                ]}
              />
            </Card>
          </>
        );
      }}
    </Show>
  );
}

// Unpaid (and overdue) invoices with what is due in all, and tickets not closed.
function WaitingForYou(props: { clientId: string }) {
  const base = `/api/v1/clients/${encodePath(props.clientId)}`;
  const invoices = useApi<InvoicePage>(`${base}/invoices?status=unpaid&limit=50`);
  const tickets = useApi<{ items: Ticket[] }>(`${base}/tickets`);
  return (
    <div class="grid two agent-fit">
      <Card title={t('client.home.unpaid')} class="home-unpaid">
        <BillingShow loaded={invoices}>
          {(data) => {
            const unpaid = unpaidInvoices(data.items);
            return unpaid.length === 0 ? (
              <p class="state empty">{t('client.home.noUnpaid')}</p>
            ) : (
              <>
                <p>
                  <strong>{t('client.home.due', { count: unpaid.length, amount: money(amountDue(unpaid)) })}</strong>
                </p>
                <InvoiceTable compact invoices={unpaid} caption={t('client.home.unpaid')} hrefFor={(i) => `/client/invoices/${encodePath(i.id)}`} />
              </>
            );
          }}
        </BillingShow>
        <p>
          <Link href="/client/invoices">{t('client.home.allInvoices')}</Link>
        </p>
      </Card>
      <Card title={t('client.home.openTickets')} class="home-tickets">
        <BillingShow loaded={tickets}>
          {(data) => {
            const open = openTickets(data.items);
            return open.length === 0 ? (
              <p class="state empty">{t('client.home.noOpenTickets')}</p>
            ) : (
              <TicketTable compact tickets={open} caption={t('client.home.openTickets')} hrefFor={(k) => `/client/tickets/${encodePath(k.id)}`} />
            );
          }}
        </BillingShow>
        <p>
          <Link href="/client/tickets">{t('client.home.allTickets')}</Link>
        </p>
      </Card>
    </div>
  );
}

export function ClientHome() {
  const clientId = currentClientId();
  const current = session.value;
  return (
    <Page title={t('client.home.title')}>
      {current && !current.impersonating ? <p class="lead">{t('client.home.welcome', { name: current.user.display_name || current.user.email })}</p> : null}
      {clientId ? (
        <>
          <WaitingForYou clientId={clientId} />
          <MyServiceManager clientId={clientId} />
        </>
      ) : (
        <Empty message={t('client.home.noClient')} />
      )}
    </Page>
  );
}
