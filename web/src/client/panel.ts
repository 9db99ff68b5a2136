// The client area: /client/*. An agent signed in as the client sees it too, under a banner.
import { createElement } from 'preact';
import { t } from '../app/i18n';
import type { Panel } from '../app/panel';
import { Coming } from '../ui/components';
import { ClientHome } from './home';
import { TransferRequests } from './transfer-requests';

const coming = (key: string) => () => createElement(Coming, { what: t(key) });

const ComingServices = coming('client.nav.services');
const ComingInvoices = coming('client.nav.invoices');
const ComingQuotes = coming('client.nav.quotes');
const ComingOrders = coming('client.nav.orders');
const ComingTickets = coming('client.nav.tickets');

export const clientPanel: Panel = {
  prefix: '/client',
  allows: (role, impersonating) => role === 'client' || impersonating,
  nav: [
    { href: '/client', labelKey: 'client.nav.home' },
    { href: '/client/transfer-requests', labelKey: 'client.nav.transfers' },
    { href: '/client/services', labelKey: 'client.nav.services', coming: true },
    { href: '/client/invoices', labelKey: 'client.nav.invoices', coming: true },
    { href: '/client/quotes', labelKey: 'client.nav.quotes', coming: true },
    { href: '/client/orders', labelKey: 'client.nav.orders', coming: true },
    { href: '/client/tickets', labelKey: 'client.nav.tickets', coming: true },
  ],
  routes: [
    { path: '/client', component: ClientHome, titleKey: 'client.nav.home' },
    { path: '/client/transfer-requests', component: TransferRequests, titleKey: 'client.nav.transfers' },
    { path: '/client/services', component: ComingServices, titleKey: 'client.nav.services' },
    { path: '/client/invoices', component: ComingInvoices, titleKey: 'client.nav.invoices' },
    { path: '/client/quotes', component: ComingQuotes, titleKey: 'client.nav.quotes' },
    { path: '/client/orders', component: ComingOrders, titleKey: 'client.nav.orders' },
    { path: '/client/tickets', component: ComingTickets, titleKey: 'client.nav.tickets' },
  ],
};
