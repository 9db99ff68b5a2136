// The agent control panel: /agent/*.
import type { Panel } from '../app/panel';
import { AgentAgreement } from './agreement';
import { AgentCertifications } from './certifications';
import { AgentClientBilling, AgentClientInvoice } from './client-billing';
import { AgentClients } from './clients';
import { AgentCommissions } from './commissions';
import { AgentDashboard } from './dashboard';
import { AgentNotifications } from './notifications';
import { AgentPayoutMethod } from './payout';
import { AgentPeople } from './people';
import { AgentNewQuote, AgentQuote, AgentQuotes } from './quotes';
import { AgentReferrals } from './referrals';
import { AgentStatements } from './statements';
import { AgentEvaluations, AgentTier } from './tier';
import { AgentWithdrawals } from './withdrawals';

export const agentPanel: Panel = {
  prefix: '/agent',
  allows: (role, impersonating) => role === 'agent' && !impersonating,
  // Grouped: Company holds people, certifications, agreement and payout method; Tier holds evaluations.
  nav: [
    { href: '/agent', labelKey: 'agent.nav.dashboard' },
    { href: '/agent/clients', labelKey: 'agent.nav.clients' },
    { href: '/agent/quotes', labelKey: 'agent.nav.quotes' },
    { href: '/agent/commissions', labelKey: 'agent.nav.commissions' },
    { href: '/agent/statements', labelKey: 'agent.nav.statements' },
    { href: '/agent/withdrawals', labelKey: 'agent.nav.withdrawals' },
    { href: '/agent/referrals', labelKey: 'agent.nav.referrals' },
    { href: '/agent/tier', labelKey: 'agent.nav.tierGroup' },
    { href: '/agent/people', labelKey: 'agent.nav.company' },
    { href: '/agent/notifications', labelKey: 'agent.nav.notifications' },
  ],
  routes: [
    { path: '/agent', component: AgentDashboard, titleKey: 'agent.nav.dashboard' },
    { path: '/agent/clients', component: AgentClients, titleKey: 'agent.nav.clients' },
    { path: '/agent/clients/:clientId', component: AgentClientBilling, titleKey: 'agent.nav.clients' },
    { path: '/agent/clients/:clientId/invoices/:invoiceId', component: AgentClientInvoice, titleKey: 'agent.nav.clients' },
    { path: '/agent/quotes', component: AgentQuotes, titleKey: 'agent.nav.quotes' },
    { path: '/agent/quotes/new', component: AgentNewQuote, titleKey: 'agent.nav.quotes' },
    { path: '/agent/quotes/:id', component: AgentQuote, titleKey: 'agent.nav.quotes' },
    { path: '/agent/commissions', component: AgentCommissions, titleKey: 'agent.nav.commissions' },
    { path: '/agent/statements', component: AgentStatements, titleKey: 'agent.nav.statements' },
    { path: '/agent/statements/:month', component: AgentStatements, titleKey: 'agent.nav.statements' },
    { path: '/agent/withdrawals', component: AgentWithdrawals, titleKey: 'agent.nav.withdrawals' },
    { path: '/agent/referrals', component: AgentReferrals, titleKey: 'agent.nav.referrals' },
    { path: '/agent/tier', component: AgentTier, titleKey: 'agent.nav.tier' },
    { path: '/agent/evaluations', component: AgentEvaluations, titleKey: 'agent.nav.evaluations' },
    { path: '/agent/people', component: AgentPeople, titleKey: 'agent.nav.people' },
    { path: '/agent/certifications', component: AgentCertifications, titleKey: 'agent.nav.certifications' },
    { path: '/agent/agreement', component: AgentAgreement, titleKey: 'agent.nav.agreement' },
    { path: '/agent/payout-method', component: AgentPayoutMethod, titleKey: 'agent.nav.payoutMethod' },
    { path: '/agent/notifications', component: AgentNotifications, titleKey: 'agent.nav.notifications' },
  ],
};
