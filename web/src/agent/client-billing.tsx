// One of the company's clients, read-only: its services (state, next due
// date) and invoices (GET /api/v1/clients/{id}/services and …/invoices, which
// answer a client's current agent), and one invoice as the client sees it.
import { useState } from 'preact/hooks';
import { encodePath, query } from '../app/api';
import type { Invoice, InvoicePage, Service } from '../app/billing';
import { t } from '../app/i18n';
import type { RouteProps } from '../app/router';
import { Card, Link, Page, Pager } from '../ui/components';
import { InvoiceDocument, InvoicePdfLink, InvoiceTable, PrintButton, ServiceTable } from '../ui/billing';
import { useApi } from '../ui/hooks';
import { agentPath, AgentShow } from './common';
import type { AgentClient, Items } from './types';

function clientHref(clientId: string): string {
  return `/agent/clients/${encodePath(clientId)}`;
}

export function AgentClientBilling(props: RouteProps) {
  const clientId = props.params.clientId ?? '';
  const base = `/api/v1/clients/${encodePath(clientId)}`;
  // The name from the company's client list (no GET /clients/{id} for agents).
  const clients = useApi<Items<AgentClient>>(agentPath('clients'));
  const services = useApi<Items<Service>>(`${base}/services`);
  const [cursor, setCursor] = useState<string | null>(null);
  const invoices = useApi<InvoicePage>(`${base}/invoices${query({ cursor, limit: 50 })}`);
  const name = clients.state === 'ready' ? (clients.data.items.find((c) => c.client_id === clientId)?.name ?? clientId) : clientId;
  return (
    <Page title={name} actions={<Link href="/agent/clients">{t('agent.clientBilling.back')}</Link>}>
      <p class="lead">{t('agent.clientBilling.lead')}</p>
      <Card title={t('agent.clientBilling.services')}>
        <AgentShow loaded={services}>{(data) => <ServiceTable services={data.items} caption={t('agent.clientBilling.services')} />}</AgentShow>
      </Card>
      <Card title={t('agent.clientBilling.invoices')}>
        <AgentShow loaded={invoices}>
          {(data) => (
            <>
              <InvoiceTable invoices={data.items} caption={t('agent.clientBilling.invoices')} hrefFor={(i) => `${clientHref(clientId)}/invoices/${encodePath(i.id)}`} />
              <Pager nextCursor={data.next_cursor} cursor={cursor} onCursor={setCursor} />
            </>
          )}
        </AgentShow>
      </Card>
    </Page>
  );
}

export function AgentClientInvoice(props: RouteProps) {
  const clientId = props.params.clientId ?? '';
  const id = props.params.invoiceId ?? '';
  const loaded = useApi<Invoice>(`/api/v1/invoices/${encodePath(id)}`);
  return (
    <Page
      title={loaded.state === 'ready' ? t('agent.clientBilling.invoiceTitle', { number: loaded.data.number }) : t('agent.clientBilling.invoice')}
      actions={
        <>
          <Link href={clientHref(clientId)} class="no-print">{t('agent.clientBilling.backToClient')}</Link>
          {loaded.state === 'ready' ? (
            <>
              <PrintButton />
              <InvoicePdfLink invoice={loaded.data} />
            </>
          ) : null}
        </>
      }
    >
      <AgentShow loaded={loaded}>{(invoice) => <InvoiceDocument invoice={invoice} />}</AgentShow>
    </Page>
  );
}
