// /agent/payout-method: where withdrawals are paid, M-Pesa or bank, and every
// method the company had. The owner's alone: others get the API's 403, said plainly.
import { useState } from 'preact/hooks';
import { api } from '../app/api';
import { t } from '../app/i18n';
import { Card, Form, Page, Select, Table, TextField, When } from '../ui/components';
import { useAction, useApi } from '../ui/hooks';
import { agentPath, AgentShow, CompanyNav } from './common';
import type { PayoutMethod } from './types';

interface PayoutAnswer {
  current: PayoutMethod | null;
  history: PayoutMethod[];
}

function describe(m: PayoutMethod): string {
  return m.method === 'mpesa' ? `M-Pesa ${m.mpesa_number ?? ''}` : `${t('agent.payout.bank')} ${m.bank_code ?? ''} · ${m.account_number ?? ''}`;
}

function SetMethod(props: { current: PayoutMethod | null; onDone: (a: PayoutAnswer) => void }) {
  const [method, setMethod] = useState(props.current?.method ?? 'mpesa');
  const [number, setNumber] = useState('');
  const [bank, setBank] = useState('');
  const [account, setAccount] = useState('');
  const action = useAction();
  return (
    <Form
      busy={action.busy}
      problem={action.problem && !action.problem.errors?.length ? action.problem : null}
      submitLabel={t('agent.payout.save')}
      onSubmit={() =>
        void action.run(
          () =>
            api.put<PayoutAnswer>(
              agentPath('payout-method'),
              method === 'mpesa' ? { method, mpesa_number: number.trim() } : { method, bank_code: bank.trim(), account_number: account.trim() },
            ),
          props.onDone,
        )
      }
    >
      <Select
        label={t('agent.payout.method')}
        name="method"
        value={method}
        onValue={setMethod}
        problem={action.problem}
        options={[
          { value: 'mpesa', label: 'M-Pesa' },
          { value: 'bank', label: t('agent.payout.bank') },
        ]}
      />
      {method === 'mpesa' ? (
        <TextField
          label={t('agent.payout.mpesaNumber')}
          name="mpesa_number"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          placeholder="+254712345678"
          value={number}
          onValue={setNumber}
          problem={action.problem}
          hint={t('agent.payout.mpesaHint')}
        />
      ) : (
        <>
          <TextField label={t('agent.payout.bankCode')} name="bank_code" value={bank} onValue={setBank} problem={action.problem} hint={t('agent.payout.bankCodeHint')} />
          <TextField label={t('agent.payout.account')} name="account_number" inputMode="numeric" value={account} onValue={setAccount} problem={action.problem} />
        </>
      )}
    </Form>
  );
}

export function AgentPayoutMethod() {
  const loaded = useApi<PayoutAnswer>(agentPath('payout-method'));
  const [saved, setSaved] = useState(false);
  return (
    <Page title={t('agent.nav.payoutMethod')}>
      <CompanyNav />
      <AgentShow loaded={loaded}>
        {(data) => (
          <>
            <Card title={t('agent.payout.current')}>
              {data.current ? <p class="lead">{describe(data.current)}</p> : <p class="notice warn">{t('agent.payout.noneYet')}</p>}
              {saved ? (
                <p class="notice good" role="status">
                  {t('agent.payout.saved')}
                </p>
              ) : null}
            </Card>
            <Card title={t('agent.payout.change')}>
              <SetMethod
                current={data.current}
                onDone={() => {
                  setSaved(true);
                  loaded.reload();
                }}
              />
            </Card>
            <Card title={t('agent.payout.history')}>
              <Table<PayoutMethod>
                caption={t('agent.payout.history')}
                rows={data.history}
                rowKey={(m) => m.id}
                empty={t('agent.payout.noHistory')}
                columns={[
                  { label: t('agent.payout.method'), cell: (m) => describe(m) },
                  { label: t('agent.payout.from'), cell: (m) => <When at={m.created_at} /> },
                  { label: t('agent.payout.until'), cell: (m) => (m.ended_at ? <When at={m.ended_at} /> : t('agent.payout.inUse')) },
                ]}
              />
            </Card>
          </>
        )}
      </AgentShow>
    </Page>
  );
}
