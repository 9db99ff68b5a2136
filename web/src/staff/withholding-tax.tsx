// The withholding-tax report of a month (GET /api/v1/reports/withholding-tax/{month}):
// every withdrawal paid in it with the payee's KRA PIN and residency, gross,
// rate, tax, net and reference, the day the tax is to be remitted by, and the
// month's totals — the figures of the iTax return; as CSV and as PDF too.
import { encodePath } from '../app/api';
import { eatMonth, isMonth, recentMonths } from '../app/format';
import { date, money, month, rate, t } from '../app/i18n';
import { setSearch } from '../app/router';
import { Card, Link, Money, Page, Select, Show, Table, When } from '../ui/components';
import { useApi } from '../ui/hooks';
import { sumMoney } from './model';
import { searchParam, stateLabel } from './parts';
import type { WithholdingTaxLine, WithholdingTaxReport } from './types';
import { MoneyTabs } from './withdrawals';

export function StaffWithholdingTax() {
  const asked = searchParam('month');
  const badMonth = asked !== '' && !isMonth(asked);
  const chosen = asked && !badMonth ? asked : eatMonth(new Date());
  const months = recentMonths(new Date(), 24);
  if (!months.includes(chosen)) months.push(chosen);
  const base = `/api/v1/reports/withholding-tax/${encodePath(chosen)}`;
  const loaded = useApi<WithholdingTaxReport>(base);
  const named = month(chosen);
  return (
    <Page
      title={t('staff.tax.title')}
      actions={
        <>
          <a class="button secondary small" href={`${base}?format=csv`} download={`withholding-tax-${chosen}.csv`} aria-label={t('staff.tax.csvLabel', { month: named })}>
            {t('staff.tax.csv')}
          </a>
          <a class="button secondary small" href={`${base}?format=pdf`} download={`withholding-tax-${chosen}.pdf`} aria-label={t('staff.tax.pdfLabel', { month: named })}>
            {t('staff.tax.pdf')}
          </a>
        </>
      }
    >
      <MoneyTabs />
      <p class="muted">{t('staff.tax.lead')}</p>
      {badMonth ? (
        <p class="notice warn" role="alert">
          {t('staff.payouts.badMonth', { month: asked.slice(0, 40) })}
        </p>
      ) : null}
      <div class="filters staff-filters">
        <Select label={t('staff.payouts.month')} name="month" value={chosen} onValue={(m) => setSearch({ month: m })} options={months.map((m) => ({ value: m, label: month(m) }))} />
      </div>
      <Show loaded={loaded}>
        {(report) => {
          const remitBy = report.items.map((l) => l.remit_by).sort()[0];
          return (
            <>
              <Card title={t('staff.tax.totals', { month: month(report.month) })}>
                <dl class="figures">
                  <div>
                    <dt>{t('staff.tax.payments')}</dt>
                    <dd data-testid="tax-count">{report.items.length}</dd>
                  </div>
                  <div>
                    <dt>{t('staff.withdrawals.gross')}</dt>
                    <dd data-testid="tax-gross">
                      <Money amount={report.totals.gross} />
                    </dd>
                  </div>
                  <div>
                    <dt>{t('staff.withdrawals.tax')}</dt>
                    <dd data-testid="tax-tax">
                      <Money amount={report.totals.tax} />
                    </dd>
                  </div>
                  <div>
                    <dt>{t('staff.withdrawals.net')}</dt>
                    <dd data-testid="tax-net">
                      <Money amount={sumMoney(report.items.map((l) => l.net))} />
                    </dd>
                  </div>
                  {remitBy ? (
                    <div>
                      <dt>{t('staff.tax.firstRemitBy')}</dt>
                      <dd>
                        <time dateTime={remitBy}>{date(remitBy)}</time>
                      </dd>
                    </div>
                  ) : null}
                </dl>
              </Card>
              <Card title={t('staff.tax.deductions')} class="staff-tax">
                <Table<WithholdingTaxLine>
                  caption={t('staff.tax.caption', { month: month(report.month) })}
                  rows={report.items}
                  rowKey={(l) => l.withdrawal_id}
                  empty={t('staff.tax.empty', { month: month(report.month) })}
                  columns={[
                    { label: t('staff.tax.paidAt'), cell: (l) => <When at={l.paid_at} /> },
                    { label: t('staff.tax.remitBy'), cell: (l) => <time dateTime={l.remit_by}>{date(l.remit_by)}</time> },
                    { label: t('staff.withdrawals.id'), cell: (l) => <code>{l.withdrawal_id}</code> },
                    {
                      label: t('staff.tax.payee'),
                      cell: (l) => (
                        <span>
                          <Link href={`/staff/agents/${encodePath(l.agent_id)}`}>{l.agent_name || l.agent_id}</Link>
                          {l.agent_name ? <small class="muted"> ({l.agent_id})</small> : null}
                        </span>
                      ),
                    },
                    { label: t('staff.tax.kraPin'), cell: (l) => (l.kra_pin ? <code>{l.kra_pin}</code> : '—') },
                    { label: t('staff.application.residency'), cell: (l) => stateLabel('residency', l.residency) },
                    { label: t('staff.withdrawals.gross'), class: 'num', cell: (l) => <Money amount={l.gross} /> },
                    { label: t('staff.tax.rate'), class: 'num nowrap', cell: (l) => rate(l.rate_bp) },
                    { label: t('staff.withdrawals.tax'), class: 'num', cell: (l) => <Money amount={l.tax} /> },
                    { label: t('staff.withdrawals.net'), class: 'num', cell: (l) => <Money amount={l.net} /> },
                    { label: t('staff.withdrawals.reference'), cell: (l) => (l.reference ? <code>{l.reference}</code> : '—') },
                  ]}
                />
                {report.items.length ? <p class="muted">{t('staff.tax.summary', { count: report.items.length, tax: money(report.totals.tax) })}</p> : null}
              </Card>
            </>
          );
        }}
      </Show>
    </Page>
  );
}
