// /agent/statements and /agent/statements/:month: opening and closing
// balances, the month's totals and every movement; CSV of the lines, and the
// statement as a PDF (the same URL, ?format=pdf).
import { Fragment } from 'preact';
import { encodePath } from '../app/api';
import { eatMonth } from '../app/format';
import { month, t } from '../app/i18n';
import { navigate, type RouteProps } from '../app/router';
import { Card, Money, Page, Select, Table, When } from '../ui/components';
import { useApi } from '../ui/hooks';
import { agentId, agentPath, AgentShow, label } from './common';
import { BALANCE_STATES } from './dashboard';
import { isMonth, recentMonths } from './logic';
import type { Statement } from './types';

const TOTALS = ['accrued', 'reversed', 'forfeited', 'paid_out_gross', 'tax_withheld', 'paid_out_net'] as const;

export function AgentStatements(props: RouteProps) {
  const asked = props.params.month;
  const badMonth = asked !== undefined && !isMonth(asked);
  const chosen = asked !== undefined && !badMonth ? asked : eatMonth(new Date());
  const months = recentMonths(new Date(), 24);
  if (!months.includes(chosen)) months.push(chosen);
  const statement = useApi<Statement>(agentPath(`statements/${encodePath(chosen)}`));
  const csv = agentPath(`statements/${encodePath(chosen)}?format=csv`);
  const pdf = agentPath(`statements/${encodePath(chosen)}?format=pdf`);
  return (
    <Page
      title={t('agent.nav.statements')}
      actions={
        <>
          <a class="button secondary small" href={csv} download={`statement-${chosen}.csv`}>
            {t('agent.common.downloadCsv')}
          </a>
          <a
            class="button secondary small"
            href={pdf}
            download={`statement-${agentId()}-${chosen}.pdf`}
            aria-label={t('agent.statements.pdfLabel', { month: month(chosen) })}
          >
            {t('agent.common.downloadPdf')}
          </a>
        </>
      }
    >
      {badMonth ? (
        <p class="notice warn" role="alert">
          {t('agent.statements.badMonth', { month: asked.slice(0, 40) })}
        </p>
      ) : null}
      <div class="filters">
        <Select
          label={t('agent.statements.month')}
          name="month"
          value={chosen}
          onValue={(m) => navigate(`/agent/statements/${m}`)}
          options={months.map((m) => ({ value: m, label: month(m) }))}
        />
      </div>
      <AgentShow loaded={statement}>
        {(s) => (
          <>
            <div class="grid two agent-fit">
              <Card title={t('agent.statements.balances', { month: month(s.month) })}>
                <Table<(typeof BALANCE_STATES)[number]>
                  caption={t('agent.statements.balances', { month: month(s.month) })}
                  rows={BALANCE_STATES}
                  rowKey={(b) => b}
                  columns={[
                    { label: t('agent.statements.balance'), cell: (b) => label('balance', b) },
                    { label: t('agent.statements.opening'), class: 'num', cell: (b) => <Money amount={s.opening[b]} /> },
                    { label: t('agent.statements.closing'), class: 'num', cell: (b) => <Money amount={s.closing[b]} /> },
                  ]}
                />
              </Card>
              <Card title={t('agent.statements.totals')}>
                <dl class="facts">
                  {TOTALS.map((key) => (
                    <Fragment key={key}>
                      <dt>{label('total', key)}</dt>
                      <dd>
                        <Money amount={s.totals[key]} />
                      </dd>
                    </Fragment>
                  ))}
                </dl>
              </Card>
            </div>
            <Card title={t('agent.statements.movements')}>
              <Table<Statement['lines'][number]>
                caption={t('agent.statements.movements')}
                rows={s.lines}
                rowKey={(l) => `${l.at}|${l.kind}|${l.reference}`}
                empty={t('agent.statements.noMovements')}
                columns={[
                  { label: t('agent.statements.at'), cell: (l) => <When at={l.at} /> },
                  { label: t('agent.statements.kind'), cell: (l) => label('movement', l.kind) },
                  { label: t('agent.statements.reference'), cell: (l) => <code>{l.reference}</code> },
                  { label: t('agent.common.amount'), class: 'num', cell: (l) => <Money amount={l.amount} /> },
                ]}
              />
            </Card>
          </>
        )}
      </AgentShow>
    </Page>
  );
}
