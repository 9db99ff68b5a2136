// The ticket queue (GET /api/v1/tickets?status=…) and one ticket: its
// thread, a reply (a staff reply answers it) and close.
import { encodePath, query } from '../app/api';
import { TICKET_STATUSES, type Ticket } from '../app/billing';
import { t } from '../app/i18n';
import type { RouteProps } from '../app/router';
import { Card, Link, Page } from '../ui/components';
import { billingLabel, BillingShow, TicketActions, TicketTable, TicketThread, useTicket } from '../ui/billing';
import { useApi } from '../ui/hooks';
import { searchParam, StatusFilter } from './parts';
import type { Items } from './types';

// "all" stands for no filter (a blank value would fall back to the default, open).
const FILTERS = [...TICKET_STATUSES, 'all'] as const;

export function StaffTickets() {
  const status = searchParam('status', 'open');
  const loaded = useApi<Items<Ticket>>(`/api/v1/tickets${query({ status: status === 'all' ? '' : status })}`);
  return (
    <Page title={t('staff.tickets.title')}>
      <p class="muted">{t('staff.tickets.lead')}</p>
      <StatusFilter label={t('staff.common.status')} value={status} statuses={FILTERS} labelFor={(s) => (s === 'all' ? t('staff.tickets.all') : billingLabel('ticketStatus', s))} />
      <Card>
        <BillingShow loaded={loaded}>
          {(data) => (
            <TicketTable
              tickets={data.items}
              caption={t('staff.tickets.title')}
              hrefFor={(k) => `/staff/tickets/${encodePath(k.id)}`}
              empty={t('staff.tickets.empty')}
              showClient={(k) => <Link href={`/staff/clients/${encodePath(k.client_id)}`}>{k.client_id}</Link>}
            />
          )}
        </BillingShow>
      </Card>
    </Page>
  );
}

export function StaffTicket(props: RouteProps) {
  const id = props.params.id ?? '';
  const { loaded, ticket, setTicket } = useTicket(id);
  return (
    <Page title={ticket ? t('staff.ticket.title', { number: ticket.number, subject: ticket.subject }) : t('staff.ticket.loadingTitle')} actions={<Link href="/staff/tickets">{t('staff.ticket.back')}</Link>}>
      <BillingShow loaded={loaded}>
        {() =>
          ticket ? (
            <>
              <p>
                <Link href={`/staff/clients/${encodePath(ticket.client_id)}`}>{t('staff.invoice.clientLink', { client: ticket.client_id })}</Link>
              </p>
              <TicketThread ticket={ticket} />
              <TicketActions ticket={ticket} onChange={setTicket} />
            </>
          ) : null
        }
      </BillingShow>
    </Page>
  );
}
