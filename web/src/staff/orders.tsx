// Orders for staff: every order newest first (GET /api/v1/orders, paged by
// cursor, optionally one client's), with who placed it (and for whom, when an
// agent signed in as the client did), its quote and its invoice's state.
import { encodePath, query } from '../app/api';
import { t } from '../app/i18n';
import { setSearch } from '../app/router';
import { Card, Link, Money, Page, Pager, Table, When } from '../ui/components';
import { BillingShow } from '../ui/billing';
import { useApi } from '../ui/hooks';
import { ClientFilter, searchParam } from './parts';

export interface OrderSummary {
  id: string;
  client_id: string;
  placed_by: string;
  on_behalf_of: string | null;
  placed_at: string;
  quote_id: string | null;
  invoice_id: string;
  invoice_number: string;
  total: string;
  invoice_paid: boolean;
  invoice_cancelled: boolean;
}

interface OrderPage {
  items: OrderSummary[];
  next_cursor: string | null;
}

// What the order's invoice says, in the words of the invoice list.
export function orderInvoiceState(order: OrderSummary): 'paid' | 'cancelled' | 'unpaid' {
  if (order.invoice_paid) return 'paid';
  if (order.invoice_cancelled) return 'cancelled';
  return 'unpaid';
}

export function StaffOrders() {
  const client = searchParam('client_id');
  const cursor = searchParam('cursor');
  const loaded = useApi<OrderPage>(`/api/v1/orders${query({ client_id: client, cursor, limit: 50 })}`);
  return (
    <Page title={t('staff.orders.title')}>
      <p class="muted">{t('staff.orders.lead')}</p>
      <ClientFilter label={t('staff.orders.byClient')} value={client} />
      <Card>
        <BillingShow loaded={loaded}>
          {(data) => (
            <>
              <Table
                caption={t('staff.orders.title')}
                rows={data.items}
                rowKey={(o) => o.id}
                empty={t('staff.orders.empty')}
                columns={[
                  { label: t('staff.orders.placed'), cell: (o) => <When at={o.placed_at} /> },
                  { label: t('staff.orders.client'), cell: (o) => <Link href={`/staff/clients/${encodePath(o.client_id)}`}>{o.client_id}</Link> },
                  {
                    label: t('staff.orders.placedBy'),
                    cell: (o) => (
                      <>
                        {o.placed_by}
                        {o.on_behalf_of ? <><br /><span class="muted">{t('staff.orders.onBehalfOf', { client: o.on_behalf_of })}</span></> : null}
                        {o.quote_id ? <><br /><span class="muted">{t('staff.orders.fromQuote')}</span></> : null}
                      </>
                    ),
                  },
                  { label: t('staff.orders.invoice'), cell: (o) => <Link href={`/staff/invoices/${encodePath(o.invoice_id)}`}>{o.invoice_number}</Link> },
                  { label: t('staff.orders.state'), cell: (o) => t(`staff.orders.invoiceState.${orderInvoiceState(o)}`) },
                  { label: t('staff.orders.total'), class: 'num', cell: (o) => <Money amount={o.total} /> },
                ]}
              />
              <Pager nextCursor={data.next_cursor} cursor={cursor || null} onCursor={(next) => setSearch({ cursor: next })} />
            </>
          )}
        </BillingShow>
      </Card>
    </Page>
  );
}
