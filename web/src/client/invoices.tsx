// The client's invoices (GET /api/v1/clients/{id}/invoices, newest first,
// paged by cursor) and one invoice as a printable document
// (GET /api/v1/invoices/{id}: lines, VAT, totals, payments, credit notes).
import { useState } from 'preact/hooks';
import { encodePath, query } from '../app/api';
import type { Invoice, InvoicePage } from '../app/billing';
import { t } from '../app/i18n';
import { location, type RouteProps } from '../app/router';
import { Card, Empty, Link, Page, Pager } from '../ui/components';
import { BillingShow, DueDay, InvoiceDocument, InvoicePdfLink, InvoiceTable, PrintButton } from '../ui/billing';
import { useApi } from '../ui/hooks';
import { currentClientId } from './home';
import { clientPath } from './services';

export function ClientInvoices() {
  const clientId = currentClientId();
  const [cursor, setCursor] = useState<string | null>(null);
  const loaded = useApi<InvoicePage>(clientId ? clientPath(clientId, `invoices${query({ cursor, limit: 50 })}`) : null);
  return (
    <Page title={t('client.invoices.title')}>
      <p class="lead">{t('client.invoices.lead')}</p>
      {clientId ? (
        <Card>
          <BillingShow loaded={loaded}>
            {(data) => (
              <>
                <InvoiceTable invoices={data.items} caption={t('client.invoices.title')} hrefFor={(i) => `/client/invoices/${encodePath(i.id)}`} empty={t('client.invoices.none')} />
                <Pager nextCursor={data.next_cursor} cursor={cursor} onCursor={setCursor} />
              </>
            )}
          </BillingShow>
        </Card>
      ) : (
        <Empty message={t('client.home.noClient')} />
      )}
    </Page>
  );
}

export function ClientInvoice(props: RouteProps) {
  const id = props.params.id ?? '';
  const loaded = useApi<Invoice>(`/api/v1/invoices/${encodePath(id)}`);
  const ordered = location.value.search.get('ordered') === '1';
  const title = loaded.state === 'ready' ? t('client.invoice.title', { number: loaded.data.number }) : t('client.invoice.loadingTitle');
  return (
    <Page
      title={title}
      actions={
        <>
          <Link href="/client/invoices" class="no-print">{t('client.invoice.back')}</Link>
          {loaded.state === 'ready' ? (
            <>
              <PrintButton />
              <InvoicePdfLink invoice={loaded.data} />
            </>
          ) : null}
        </>
      }
    >
      <BillingShow loaded={loaded}>
        {(invoice) => (
          <>
            {ordered ? (
              <p class="notice good no-print" role="status">
                {t('client.invoice.ordered', { number: invoice.number })}
              </p>
            ) : null}
            {invoice.status === 'unpaid' || invoice.status === 'overdue' ? (
              <p class={`notice no-print ${invoice.status === 'overdue' ? 'warn' : ''}`}>
                {invoice.status === 'overdue' ? t('client.invoice.overdue') : t('client.invoice.payBy')} <DueDay at={invoice.due_at} />
              </p>
            ) : null}
            <InvoiceDocument invoice={invoice} />
          </>
        )}
      </BillingShow>
    </Page>
  );
}
