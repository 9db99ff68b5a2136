// The staff back office: /staff/*.
import type { Panel } from '../app/panel';
import { StaffApiKeys, StaffAudit, StaffJobs, StaffQuarterClose, StaffUsers } from './admin';
import { StaffAgent } from './agent';
import { StaffAgents } from './agents';
import { StaffApplication, StaffApplications } from './applications';
import { StaffCatalogue, StaffProduct } from './catalogue';
import { StaffCertifications } from './certifications';
import { StaffClient, StaffClients, StaffTransferRequests } from './clients';
import { StaffEmails } from './emails';
import { StaffHome } from './home';
import { StaffInvoice, StaffInvoices } from './invoices';
import { StaffFraudFlags, StaffReversible } from './money-pages';
import { StaffTicket, StaffTickets } from './tickets';
import { StaffOrders } from './orders';
import { StaffPayouts } from './payouts';
import { StaffWithdrawals } from './withdrawals';
import { StaffWithholdingTax } from './withholding-tax';

export const staffPanel: Panel = {
  prefix: '/staff',
  allows: (role, impersonating) => role === 'staff' && !impersonating,
  // Grouped: transfer requests sit with clients, reversible commissions with
  // withdrawals, the withholding-tax report with payouts (under /staff/payouts,
  // so that Payouts stays marked), API keys and jobs with users (tabs on those pages).
  nav: [
    { href: '/staff', labelKey: 'staff.nav.home' },
    { href: '/staff/applications', labelKey: 'staff.nav.applications' },
    { href: '/staff/agents', labelKey: 'staff.nav.agents' },
    { href: '/staff/certifications', labelKey: 'staff.nav.certifications' },
    { href: '/staff/clients', labelKey: 'staff.nav.clients' },
    { href: '/staff/products', labelKey: 'staff.nav.catalogue' },
    { href: '/staff/orders', labelKey: 'staff.nav.orders' },
    { href: '/staff/invoices', labelKey: 'staff.nav.invoices' },
    { href: '/staff/tickets', labelKey: 'staff.nav.tickets' },
    { href: '/staff/fraud-flags', labelKey: 'staff.nav.fraudFlags' },
    { href: '/staff/withdrawals', labelKey: 'staff.nav.withdrawals' },
    { href: '/staff/payouts', labelKey: 'staff.nav.payouts' },
    { href: '/staff/quarter-close', labelKey: 'staff.nav.quarterClose' },
    { href: '/staff/emails', labelKey: 'staff.nav.emails' },
    { href: '/staff/users', labelKey: 'staff.nav.admin' },
  ],
  routes: [
    { path: '/staff', component: StaffHome, titleKey: 'staff.nav.home' },
    { path: '/staff/applications', component: StaffApplications, titleKey: 'staff.nav.applications' },
    { path: '/staff/applications/:id', component: StaffApplication, titleKey: 'staff.application.title' },
    { path: '/staff/agents', component: StaffAgents, titleKey: 'staff.nav.agents' },
    { path: '/staff/agents/:id', component: StaffAgent, titleKey: 'staff.agent.title' },
    { path: '/staff/certifications', component: StaffCertifications, titleKey: 'staff.nav.certifications' },
    { path: '/staff/clients', component: StaffClients, titleKey: 'staff.nav.clients' },
    { path: '/staff/clients/:id', component: StaffClient, titleKey: 'staff.nav.clients' },
    { path: '/staff/products', component: StaffCatalogue, titleKey: 'staff.nav.catalogue' },
    { path: '/staff/products/:id', component: StaffProduct, titleKey: 'staff.nav.catalogue' },
    { path: '/staff/orders', component: StaffOrders, titleKey: 'staff.nav.orders' },
    { path: '/staff/invoices', component: StaffInvoices, titleKey: 'staff.nav.invoices' },
    { path: '/staff/invoices/:id', component: StaffInvoice, titleKey: 'staff.nav.invoices' },
    { path: '/staff/tickets', component: StaffTickets, titleKey: 'staff.nav.tickets' },
    { path: '/staff/tickets/:id', component: StaffTicket, titleKey: 'staff.nav.tickets' },
    { path: '/staff/transfer-requests', component: StaffTransferRequests, titleKey: 'staff.nav.transferRequests' },
    { path: '/staff/fraud-flags', component: StaffFraudFlags, titleKey: 'staff.nav.fraudFlags' },
    { path: '/staff/reversible-commissions', component: StaffReversible, titleKey: 'staff.nav.reversible' },
    { path: '/staff/withdrawals', component: StaffWithdrawals, titleKey: 'staff.nav.withdrawals' },
    { path: '/staff/payouts', component: StaffPayouts, titleKey: 'staff.nav.payouts' },
    { path: '/staff/payouts/withholding-tax', component: StaffWithholdingTax, titleKey: 'staff.nav.withholdingTax' },
    { path: '/staff/quarter-close', component: StaffQuarterClose, titleKey: 'staff.nav.quarterClose' },
    { path: '/staff/emails', component: StaffEmails, titleKey: 'staff.nav.emails' },
    { path: '/staff/jobs', component: StaffJobs, titleKey: 'staff.nav.jobs' },
    { path: '/staff/audit', component: StaffAudit, titleKey: 'staff.nav.audit' },
    { path: '/staff/users', component: StaffUsers, titleKey: 'staff.nav.users' },
    { path: '/staff/api-keys', component: StaffApiKeys, titleKey: 'staff.nav.apiKeys' },
  ],
};
