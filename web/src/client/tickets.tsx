// The client's support tickets: the list and a new one (GET and POST
// /api/v1/clients/{id}/tickets), one ticket's thread with reply and close
// (/api/v1/tickets/{id}, …/replies, …/close). An agent signed in as the
// client writes as itself, for the client (the server keeps both names).
import { useState } from 'preact/hooks';
import { api, encodePath, type Problem } from '../app/api';
import { DEPARTMENTS, type Ticket } from '../app/billing';
import { t } from '../app/i18n';
import { navigate, type RouteProps } from '../app/router';
import { Card, Empty, Form, Link, Page, Select, TextArea, TextField } from '../ui/components';
import { billingLabel, BillingProblem, BillingShow, TicketActions, TicketTable, TicketThread, useTicket } from '../ui/billing';
import { useAction, useApi } from '../ui/hooks';
import { currentClientId } from './home';
import { clientPath } from './services';

interface Items<T> {
  items: T[];
}

function NewTicket(props: { clientId: string }) {
  const [department, setDepartment] = useState<string>('support');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [local, setLocal] = useState<Problem | null>(null);
  const action = useAction();
  const problem = local ?? action.problem;
  return (
    <Form
      busy={action.busy}
      submitLabel={t('client.tickets.open')}
      onSubmit={() => {
        const errors = [
          ...(subject.trim() ? [] : [{ field: 'subject', reason: t('client.tickets.subjectRequired') }]),
          ...(body.trim() ? [] : [{ field: 'body', reason: t('client.tickets.bodyRequired') }]),
        ];
        if (errors.length) {
          setLocal({ type: '/problems/validation', title: t('client.order.checkTitle'), status: 422, detail: '', errors });
          return;
        }
        void action.run(
          () => api.post<Ticket>(clientPath(props.clientId, 'tickets'), { department, subject: subject.trim(), body }),
          (ticket) => navigate(`/client/tickets/${encodePath(ticket.id)}`),
        );
      }}
    >
      <Select
        label={t('client.tickets.department')}
        name="department"
        value={department}
        onValue={setDepartment}
        options={DEPARTMENTS.map((d) => ({ value: d, label: billingLabel('department', d) }))}
        problem={problem}
      />
      <TextField label={t('client.tickets.subject')} name="subject" value={subject} onValue={(v) => { setSubject(v); setLocal(null); }} problem={problem} maxLength={200} autoComplete="off" />
      <TextArea label={t('client.tickets.message')} name="body" value={body} onValue={(v) => { setBody(v); setLocal(null); }} problem={problem} rows={5} required />
      {problem && !problem.errors?.length ? <BillingProblem problem={problem} /> : null}
    </Form>
  );
}

export function ClientTickets() {
  const clientId = currentClientId();
  const loaded = useApi<Items<Ticket>>(clientId ? clientPath(clientId, 'tickets') : null);
  return (
    <Page title={t('client.tickets.title')}>
      <p class="lead">{t('client.tickets.lead')}</p>
      {clientId ? (
        <>
          <Card title={t('client.tickets.yours')}>
            <BillingShow loaded={loaded}>
              {(data) => <TicketTable tickets={data.items} caption={t('client.tickets.yours')} hrefFor={(k) => `/client/tickets/${encodePath(k.id)}`} empty={t('client.tickets.none')} />}
            </BillingShow>
          </Card>
          <Card title={t('client.tickets.new')}>
            <NewTicket clientId={clientId} />
          </Card>
        </>
      ) : (
        <Empty message={t('client.home.noClient')} />
      )}
    </Page>
  );
}

export function ClientTicket(props: RouteProps) {
  const id = props.params.id ?? '';
  const { loaded, ticket, setTicket } = useTicket(id);
  return (
    <Page title={ticket ? t('client.ticket.title', { number: ticket.number, subject: ticket.subject }) : t('client.ticket.loadingTitle')} actions={<Link href="/client/tickets">{t('client.ticket.back')}</Link>}>
      <BillingShow loaded={loaded}>
        {() =>
          ticket ? (
            <>
              <TicketThread ticket={ticket} />
              <TicketActions ticket={ticket} onChange={setTicket} />
            </>
          ) : null
        }
      </BillingShow>
    </Page>
  );
}
