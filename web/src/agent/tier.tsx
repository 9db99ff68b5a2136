// /agent/tier (what the tier gives, what the next one needs) and
// /agent/evaluations (each quarter's decision, requirement by requirement).
import { money, t } from '../app/i18n';
import { Card, Empty, Page, Table, When } from '../ui/components';
import { useApi } from '../ui/hooks';
import { agentPath, AgentShow, FigureText, label, NextTierCard, TierNav } from './common';
import type { Benefits, Evaluation, Items, Progress } from './types';

function yesNo(value: boolean): string {
  return value ? t('agent.common.yes') : t('agent.common.no');
}

export function AgentTier() {
  const benefits = useApi<Benefits>(agentPath('benefits'));
  const progress = useApi<Progress>(agentPath('progress'));
  return (
    <Page title={t('agent.nav.tier')}>
      <TierNav />
      <AgentShow loaded={benefits}>
        {(b) => (
          <Card title={t('agent.tier.current', { tier: label('tier', b.tier) })}>
            <dl class="figures">
              <div>
                <dt>{t('agent.tier.sipChannels')}</dt>
                <dd>{b.sip_channels}</dd>
              </div>
              <div>
                <dt>{t('agent.tier.didNumbers')}</dt>
                <dd>{b.did_numbers}</dd>
              </div>
              <div>
                <dt>{t('agent.tier.talkTime', { period: label('period', b.free_talk_time_period) })}</dt>
                <dd>{money(b.free_talk_time)}</dd>
              </div>
              <div>
                <dt>{t('agent.tier.leads')}</dt>
                <dd>{yesNo(b.sales_leads)}</dd>
              </div>
              <div>
                <dt>{t('agent.tier.listing')}</dt>
                <dd>{yesNo(b.website_listing)}</dd>
              </div>
              <div>
                <dt>{t('agent.tier.support')}</dt>
                <dd>{yesNo(b.premium_support)}</dd>
              </div>
            </dl>
          </Card>
        )}
      </AgentShow>
      <NextTierCard progress={progress} />
    </Page>
  );
}

type Check = Evaluation['checks'][number];

export function AgentEvaluations() {
  const list = useApi<Items<Evaluation>>(agentPath('evaluations'));
  return (
    <Page title={t('agent.nav.evaluations')}>
      <TierNav />
      <AgentShow loaded={list}>
        {(data) =>
          data.items.length ? (
            <>
              {data.items.map((e) => (
                <Card key={`${e.quarter}-${e.at}`} title={e.quarter === 'override' ? t('agent.evaluations.override') : t('agent.evaluations.quarter', { quarter: e.quarter })}>
                  <p>
                    {e.from === e.to
                      ? t('agent.evaluations.stayed', { tier: label('tier', e.to) })
                      : t('agent.evaluations.moved', { from: label('tier', e.from), to: label('tier', e.to) })}{' '}
                    <span class="muted">
                      <When at={e.at} />
                    </span>
                  </p>
                  {e.reason ? <p>{t('agent.evaluations.reason', { reason: e.reason })}</p> : null}
                  {e.checks.length ? (
                    <Table<Check>
                      caption={t('agent.evaluations.checks', { quarter: e.quarter })}
                      rows={e.checks}
                      rowKey={(c) => `${c.tier}-${c.requirement}`}
                      columns={[
                        { label: t('agent.evaluations.tier'), cell: (c) => label('tier', c.tier) },
                        { label: t('agent.evaluations.requirement'), cell: (c) => label('requirement', c.requirement) },
                        { label: t('agent.progress.measured'), cell: (c) => <FigureText value={c.measured} requirement={c.requirement} /> },
                        { label: t('agent.progress.threshold'), cell: (c) => <FigureText value={c.threshold} requirement={c.requirement} /> },
                        {
                          label: t('agent.evaluations.result'),
                          cell: (c) => <span class={`badge ${c.met ? 'status-approved' : 'status-rejected'}`}>{c.met ? t('agent.progress.met') : t('agent.progress.notMet')}</span>,
                        },
                      ]}
                    />
                  ) : null}
                </Card>
              ))}
            </>
          ) : (
            <Empty message={t('agent.evaluations.none')} />
          )
        }
      </AgentShow>
    </Page>
  );
}
