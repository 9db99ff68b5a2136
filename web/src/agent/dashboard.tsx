// /agent: this month against the tier's targets, the next tier's gaps, balances,
// twelve months of commissions, what matures next and the newest commissions.
import { date, money, t } from '../app/i18n';
import { moneyPercent, percentOf } from '../app/progress';
import { Card, Empty, Link, Money, Page, ProgressBar, StatusBadge, Table, When } from '../ui/components';
import { useApi } from '../ui/hooks';
import { CommissionChart } from './chart';
import { agentPath, AgentShow, label, NextTierCard } from './common';
import { commissionSource } from './logic';
import type { Balances, Commission, Dashboard, Progress } from './types';

export const BALANCE_STATES: (keyof Balances)[] = ['pending', 'available', 'withdrawing', 'paid_out', 'tax_withheld', 'reversed', 'forfeited'];

export function BalanceFigures(props: { balances: Balances }) {
  return (
    <dl class="figures">
      {BALANCE_STATES.map((state) => (
        <div key={state}>
          <dt>{label('balance', state)}</dt>
          <dd>
            <Money amount={props.balances[state]} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function CommissionTable(props: { rows: Commission[]; caption: string }) {
  return (
    <Table<Commission>
      caption={props.caption}
      rows={props.rows}
      rowKey={(c) => c.id}
      empty={t('agent.commissions.none')}
      columns={[
        { label: t('agent.commissions.created'), cell: (c) => <When at={c.created_at} /> },
        { label: t('agent.commissions.source'), cell: (c) => <code>{commissionSource(c)}</code> },
        { label: t('agent.commissions.client'), cell: (c) => c.client ?? '—' },
        { label: t('agent.commissions.kind'), cell: (c) => label('kind', c.kind) },
        { label: t('agent.common.amount'), class: 'num', cell: (c) => <Money amount={c.amount} /> },
        { label: t('agent.commissions.state'), cell: (c) => <StatusBadge status={c.state} label={label('state', c.state)} /> },
      ]}
    />
  );
}

function ThisMonth(props: { data: Dashboard }) {
  const m = props.data.this_month;
  return (
    <Card title={t('agent.dashboard.thisMonth')}>
      <p class="muted">{t('agent.dashboard.tierTargets', { tier: label('tier', props.data.tier) })}</p>
      <ProgressBar
        label={t('agent.dashboard.sales')}
        percent={moneyPercent(m.sales, m.target_sales)}
        detail={t('agent.dashboard.ofTarget', { current: money(m.sales), target: money(m.target_sales) })}
      />
      <ProgressBar
        label={t('agent.dashboard.signups')}
        percent={percentOf(BigInt(m.signups), BigInt(m.target_signups))}
        detail={t('agent.dashboard.ofTarget', { current: String(m.signups), target: String(m.target_signups) })}
      />
    </Card>
  );
}

function NextTier() {
  return <NextTierCard progress={useApi<Progress>(agentPath('progress'))} />;
}

// The server's twelve EAT months (its program time decides which month is this one).
function TwelveMonths(props: { months: Dashboard['last_twelve_months'] }) {
  return (
    <Card title={t('agent.dashboard.chartTitle')}>
      <CommissionChart months={props.months.map((m) => m.month)} totals={props.months.map((m) => m.amount)} />
    </Card>
  );
}

export function AgentDashboard() {
  const dashboard = useApi<Dashboard>(agentPath('dashboard'));
  return (
    <Page title={t('agent.nav.dashboard')}>
      <AgentShow loaded={dashboard}>
        {(d) => (
          <>
            <div class="grid two agent-fit">
              <ThisMonth data={d} />
              <NextTier />
            </div>
            <Card title={t('agent.dashboard.balances')}>
              <BalanceFigures balances={d.balances} />
              <p>
                <Link href="/agent/withdrawals">{t('agent.dashboard.withdrawLink')}</Link>
              </p>
            </Card>
            <div class="grid two agent-fit">
              <TwelveMonths months={d.last_twelve_months} />
              <Card title={t('agent.dashboard.maturations')}>
                {d.next_maturations.length ? (
                  <ul class="agent-plain-list">
                    {d.next_maturations.map((n) => (
                      <li key={n.date}>
                        <time dateTime={n.date}>{date(n.date)}</time>: <Money amount={n.amount} />
                      </li>
                    ))}
                  </ul>
                ) : (
                  <Empty message={t('agent.dashboard.noMaturations')} />
                )}
              </Card>
            </div>
            <Card title={t('agent.dashboard.recent')}>
              <CommissionTable rows={d.recent_commissions} caption={t('agent.dashboard.recent')} />
              <p>
                <Link href="/agent/commissions">{t('agent.dashboard.allCommissions')}</Link>
              </p>
            </Card>
          </>
        )}
      </AgentShow>
    </Page>
  );
}
