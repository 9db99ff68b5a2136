// Overview: what needs staff's attention now, each count linking to its queue.
import { t } from '../app/i18n';
import { Card, Link, Loading, Page } from '../ui/components';
import { useApi } from '../ui/hooks';
import { attentionList, totalAttention } from './model';
import type { Items, Paged } from './types';

function count(loaded: { state: string; data?: unknown }, paged = false): number | null {
  if (loaded.state !== 'ready') return loaded.state === 'loading' ? null : -1;
  const data = loaded.data as Items<unknown> | Paged<unknown>;
  return paged ? (data as Paged<unknown>).total : data.items.length;
}

export function StaffHome() {
  const applications = useApi<Items<unknown>>('/api/v1/agent-applications?status=pending');
  const certifications = useApi<Items<unknown>>('/api/v1/certifications?status=submitted');
  const withdrawals = useApi<Items<unknown>>('/api/v1/withdrawals?state=requested');
  const flags = useApi<Items<unknown>>('/api/v1/fraud-flags?status=open');
  const transfers = useApi<Items<unknown>>('/api/v1/transfer-requests?status=open');
  const unassigned = useApi<Paged<unknown>>('/api/v1/clients?unassigned=true&limit=1');
  const tickets = useApi<Items<unknown>>('/api/v1/tickets?status=open');
  const overdue = useApi<Items<unknown>>('/api/v1/invoices?status=overdue&limit=500');
  const counts = {
    applications: count(applications),
    certifications: count(certifications),
    withdrawals: count(withdrawals),
    fraudFlags: count(flags),
    transferRequests: count(transfers),
    unassigned: count(unassigned, true),
    openTickets: count(tickets),
    overdueInvoices: count(overdue),
  };
  const items = attentionList(counts);
  const loading = Object.values(counts).some((c) => c === null);
  const total = totalAttention(items);
  return (
    <Page title={t('staff.home.title')}>
      <p class="lead">{t('staff.home.lead')}</p>
      {loading ? <Loading /> : total === 0 ? <p class="notice good">{t('staff.home.allClear')}</p> : null}
      <Card title={t('staff.home.needsAttention')}>
        <ul class="staff-attention">
          {items.map((item) => (
            <li key={item.key} class={item.count !== null && item.count > 0 ? 'busy' : ''}>
              <Link href={item.href}>
                <span class="staff-count">{item.count === null ? '…' : item.count < 0 ? '!' : item.count}</span>
                <span>{t(`staff.home.queue.${item.key}`)}</span>
              </Link>
              {item.count !== null && item.count < 0 ? <small class="error"> {t('staff.home.countFailed')}</small> : null}
            </li>
          ))}
        </ul>
      </Card>
      <Card title={t('staff.home.more')}>
        <ul class="staff-links">
          <li><Link href="/staff/agents">{t('staff.nav.agents')}</Link></li>
          <li><Link href="/staff/products">{t('staff.nav.catalogue')}</Link></li>
          <li><Link href="/staff/invoices">{t('staff.nav.invoices')}</Link></li>
          <li><Link href="/staff/reversible-commissions">{t('staff.nav.reversible')}</Link></li>
          <li><Link href="/staff/payouts/withholding-tax">{t('staff.nav.withholdingTax')}</Link></li>
          <li><Link href="/staff/quarter-close">{t('staff.nav.quarterClose')}</Link></li>
          <li><Link href="/staff/jobs">{t('staff.nav.jobs')}</Link></li>
          <li><Link href="/staff/audit">{t('staff.nav.audit')}</Link></li>
          <li><Link href="/staff/api-keys">{t('staff.nav.apiKeys')}</Link></li>
        </ul>
      </Card>
    </Page>
  );
}
