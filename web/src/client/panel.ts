// The client area: /client/*. An agent signed in as the client sees it too, under a banner.
import type { Panel } from '../app/panel';
import { ClientHome } from './home';
import { ClientInvoice, ClientInvoices } from './invoices';
import { ClientQuote, ClientQuotes } from './quotes';
import { ClientOrder, ClientServices } from './services';
import { ClientTicket, ClientTickets } from './tickets';
import { TransferRequests } from './transfer-requests';

export const clientPanel: Panel = {
  prefix: '/client',
  allows: (role, impersonating) => role === 'client' || impersonating,
  nav: [
    { href: '/client', labelKey: 'client.nav.home' },
    { href: '/client/services', labelKey: 'client.nav.services' },
    { href: '/client/orders', labelKey: 'client.nav.orders' },
    { href: '/client/invoices', labelKey: 'client.nav.invoices' },
    { href: '/client/quotes', labelKey: 'client.nav.quotes' },
    { href: '/client/tickets', labelKey: 'client.nav.tickets' },
    { href: '/client/transfer-requests', labelKey: 'client.nav.transfers' },
  ],
  routes: [
    { path: '/client', component: ClientHome, titleKey: 'client.nav.home' },
    { path: '/client/transfer-requests', component: TransferRequests, titleKey: 'client.nav.transfers' },
    { path: '/client/services', component: ClientServices, titleKey: 'client.nav.services' },
    { path: '/client/orders', component: ClientOrder, titleKey: 'client.nav.orders' },
    { path: '/client/invoices', component: ClientInvoices, titleKey: 'client.nav.invoices' },
    { path: '/client/invoices/:id', component: ClientInvoice, titleKey: 'client.nav.invoices' },
    { path: '/client/tickets', component: ClientTickets, titleKey: 'client.nav.tickets' },
    { path: '/client/tickets/:id', component: ClientTicket, titleKey: 'client.nav.tickets' },
    { path: '/client/quotes', component: ClientQuotes, titleKey: 'client.nav.quotes' },
    { path: '/client/quotes/:id', component: ClientQuote, titleKey: 'client.nav.quotes' },
  ],
};
