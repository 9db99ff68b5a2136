// /agent/withdrawals: preview (gross, withholding tax, net), a request with the
// password again and an Idempotency-Key made when the form opens, the history
// (a paid one with its remittance advice and withholding-tax statement, PDF).
import { useState } from 'preact/hooks';
import { encodePath, request, type Problem } from '../app/api';
import { parseMoneyInput } from '../app/format';
import { money, t } from '../app/i18n';
import { Card, ConfirmButton, Money, Page, ProblemBox, StatusBadge, Table, TextField, When } from '../ui/components';
import { useAction, useApi } from '../ui/hooks';
import { agentPath, AgentShow, AgentProblem, label } from './common';
import { newIdempotencyKey, ratePercent } from './logic';
import type { Items, Withdrawal, WithdrawalPreview } from './types';

// GET /api/v1/withdrawals/{id}/remittance: only a paid withdrawal has one.
function RemittanceLink(props: { w: Withdrawal }) {
  const { w } = props;
  return (
    <a
      href={`/api/v1/withdrawals/${encodePath(w.id)}/remittance`}
      download={`remittance-${w.id}.pdf`}
      aria-label={t('agent.withdrawals.remittanceLabel', { reference: w.reference ?? w.id })}
    >
      {t('agent.withdrawals.remittance')}
    </a>
  );
}

function fieldError(field: string, reason: string): Problem {
  return { type: '/problems/validation', title: t('agent.withdrawals.checkAmount'), status: 422, detail: '', errors: [{ field, reason }] };
}

export function AgentWithdrawals() {
  const history = useApi<Items<Withdrawal>>(agentPath('withdrawals'));
  const [amountText, setAmountText] = useState('');
  const [password, setPassword] = useState('');
  const [key, setKey] = useState(() => newIdempotencyKey());
  const [preview, setPreview] = useState<WithdrawalPreview | null>(null);
  const [localProblem, setLocalProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<Withdrawal | null>(null);
  const previewAction = useAction();
  const requestAction = useAction();
  const amount = parseMoneyInput(amountText);
  const problem = localProblem ?? requestAction.problem ?? previewAction.problem;
  const refusal = preview && !preview.allowed && preview.refusal ? fieldError('amount', preview.refusal) : null;

  const runPreview = () => {
    setDone(null);
    if (!amount) {
      setLocalProblem(fieldError('amount', t('agent.withdrawals.amountInvalid')));
      return;
    }
    setLocalProblem(null);
    requestAction.clear();
    void previewAction.run(
      () => request<WithdrawalPreview>('POST', agentPath('withdrawals/preview'), { amount }),
      (p) => setPreview(p),
    );
  };

  const runRequest = () => {
    if (!amount) {
      setLocalProblem(fieldError('amount', t('agent.withdrawals.amountInvalid')));
      return;
    }
    if (!password) {
      setLocalProblem(fieldError('password', t('agent.withdrawals.passwordRequired')));
      return;
    }
    setLocalProblem(null);
    void requestAction.run(
      () => request<Withdrawal>('POST', agentPath('withdrawals'), { amount, password }, { headers: { 'Idempotency-Key': key } }),
      (w) => {
        setDone(w);
        setPassword('');
        setAmountText('');
        setPreview(null);
        setKey(newIdempotencyKey());
        history.reload();
      },
    );
  };

  const ready = preview && preview.allowed && preview.gross === amount;
  return (
    <Page title={t('agent.nav.withdrawals')}>
      <Card title={t('agent.withdrawals.request')}>
        <p class="muted">{t('agent.withdrawals.intro')}</p>
        <form
          class="form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!previewAction.busy) runPreview();
          }}
        >
          <TextField
            label={t('agent.withdrawals.amount')}
            name="amount"
            inputMode="decimal"
            autoComplete="off"
            value={amountText}
            onValue={(v) => {
              setAmountText(v);
              setPreview(null);
              setLocalProblem(null);
            }}
            problem={problem ?? refusal}
            hint={t('agent.withdrawals.amountHint')}
          />
          <div class="form-actions">
            <button type="submit" class="secondary" disabled={previewAction.busy} aria-busy={previewAction.busy}>
              {previewAction.busy ? t('common.working') : t('agent.withdrawals.preview')}
            </button>
          </div>
          {preview ? (
            <div class={`notice ${preview.allowed ? 'good' : 'warn'}`} aria-live="polite">
              <dl class="figures agent-preview">
                <div>
                  <dt>{t('agent.withdrawals.gross')}</dt>
                  <dd>
                    <Money amount={preview.gross} />
                  </dd>
                </div>
                <div>
                  <dt>{t('agent.withdrawals.tax', { rate: ratePercent(preview.withholding_rate_bp) })}</dt>
                  <dd>
                    <Money amount={preview.tax_withheld} />
                  </dd>
                </div>
                <div>
                  <dt>{t('agent.withdrawals.net')}</dt>
                  <dd>
                    <Money amount={preview.net} />
                  </dd>
                </div>
                <div>
                  <dt>{t('agent.withdrawals.available')}</dt>
                  <dd>
                    <Money amount={preview.available} />
                  </dd>
                </div>
              </dl>
              <p>{preview.allowed ? t('agent.withdrawals.allowed') : t('agent.withdrawals.refused', { reason: preview.refusal ?? '' })}</p>
            </div>
          ) : null}
        </form>
        {ready ? (
          <div>
            <form class="form" noValidate onSubmit={(e) => e.preventDefault()}>
              <TextField
                label={t('agent.withdrawals.password')}
                name="password"
                type="password"
                autoComplete="current-password"
                value={password}
                onValue={setPassword}
                problem={problem}
                hint={t('agent.withdrawals.passwordHint')}
              />
            </form>
              <div class="form-actions">
                <ConfirmButton
                  label={requestAction.busy ? t('common.working') : t('agent.withdrawals.submit')}
                  busy={requestAction.busy}
                  question={t('agent.withdrawals.confirm', { gross: money(preview.gross), net: money(preview.net) })}
                  confirmLabel={t('agent.withdrawals.confirmButton')}
                  onConfirm={runRequest}
                />
              </div>
          </div>
        ) : null}
        {problem && !problem.errors?.length ? <AgentProblem problem={problem} /> : null}
        {problem && problem.errors?.length && problem.status !== 422 ? <ProblemBox problem={problem} /> : null}
        {done ? (
          <p class="notice good" role="status">
            {t('agent.withdrawals.done', { gross: money(done.gross), net: money(done.net) })}
          </p>
        ) : null}
      </Card>
      <Card title={t('agent.withdrawals.history')}>
        <AgentShow loaded={history}>
          {(data) => (
            <Table<Withdrawal>
              caption={t('agent.withdrawals.history')}
              rows={data.items}
              rowKey={(w) => w.id}
              empty={t('agent.withdrawals.none')}
              columns={[
                { label: t('agent.withdrawals.requestedAt'), cell: (w) => <When at={w.requested_at} /> },
                { label: t('agent.withdrawals.gross'), class: 'num', cell: (w) => <Money amount={w.gross} /> },
                { label: t('agent.withdrawals.taxShort'), class: 'num', cell: (w) => <Money amount={w.tax_withheld} /> },
                { label: t('agent.withdrawals.net'), class: 'num', cell: (w) => <Money amount={w.net} /> },
                { label: t('agent.withdrawals.state'), cell: (w) => <StatusBadge status={w.state} label={label('withdrawal', w.state)} /> },
                {
                  label: t('agent.withdrawals.details'),
                  cell: (w) => (
                    <>
                      {w.reason ? (
                        <span>
                          {t('agent.withdrawals.reason')}: {w.reason}
                        </span>
                      ) : w.reference ? (
                        <span>
                          {t('agent.withdrawals.reference')}: <code>{w.reference}</code>
                        </span>
                      ) : (
                        '—'
                      )}
                      {w.state === 'paid' ? (
                        <>
                          <br />
                          <RemittanceLink w={w} />
                        </>
                      ) : null}
                    </>
                  ),
                },
              ]}
            />
          )}
        </AgentShow>
      </Card>
    </Page>
  );
}
