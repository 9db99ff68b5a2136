// /agent/agreement: the program agreement, signed in the app (counts at once)
// or uploaded signed (counts once staff verify it). The owner signs.
import { useState } from 'preact/hooks';
import { api, type Problem } from '../app/api';
import { t } from '../app/i18n';
import { session } from '../app/session';
import { Card, Field, Form, Page, Select, StatusBadge, Table, TextField, When } from '../ui/components';
import { useAction, useApi } from '../ui/hooks';
import { agentPath, AgentShow, asFieldProblem, CompanyNav, FileField, label, localProblem, uploadFile, useOwner } from './common';
import type { Agreement, Items } from './types';

function Sign(props: { onDone: (a: Agreement) => void }) {
  const [method, setMethod] = useState('in_app');
  const [name, setName] = useState(session.value?.user.display_name ?? '');
  const [accept, setAccept] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const action = useAction();
  const shown = problem ?? action.problem;
  return (
    <Form
      busy={action.busy}
      problem={shown && !shown.errors?.length ? shown : null}
      submitLabel={method === 'in_app' ? t('agent.agreement.sign') : t('agent.agreement.upload')}
      onSubmit={() => {
        setProblem(null);
        if (method === 'in_app' && !accept) {
          setProblem(localProblem('accept', t('agent.agreement.acceptRequired')));
          return;
        }
        if (method === 'upload' && !file) {
          setProblem(localProblem('file_id', t('agent.agreement.fileRequired')));
          return;
        }
        void action.run(async () => {
          if (method === 'in_app') return api.post<Agreement>(agentPath('agreements'), { method, signer_name: name.trim(), accept: true });
          const uploaded = await uploadFile(file as File);
          if (!uploaded.ok) return { ok: false as const, problem: asFieldProblem(uploaded.problem, 'file_id') };
          return api.post<Agreement>(agentPath('agreements'), { method, signer_name: name.trim(), file_id: uploaded.data.id });
        }, props.onDone);
      }}
    >
      <Select
        label={t('agent.agreement.method')}
        name="method"
        value={method}
        onValue={setMethod}
        problem={shown}
        options={[
          { value: 'in_app', label: label('agreementMethod', 'in_app') },
          { value: 'upload', label: label('agreementMethod', 'upload') },
        ]}
      />
      <TextField label={t('agent.agreement.signerName')} name="signer_name" autoComplete="name" value={name} onValue={setName} problem={shown} />
      {method === 'in_app' ? (
        <Field label={t('agent.agreement.accept')} name="accept" problem={shown}>
          {(attributes) => <input {...attributes} type="checkbox" checked={accept} onChange={(e) => setAccept((e.currentTarget as HTMLInputElement).checked)} />}
        </Field>
      ) : (
        <FileField label={t('agent.agreement.file')} name="file_id" problem={shown} hint={t('agent.certifications.evidenceHint')} onFile={setFile} />
      )}
    </Form>
  );
}

export function AgentAgreement() {
  const list = useApi<Items<Agreement>>(agentPath('agreements'));
  const { owner } = useOwner();
  const [signed, setSigned] = useState<Agreement | null>(null);
  return (
    <Page title={t('agent.nav.agreement')}>
      <CompanyNav />
      <Card title={t('agent.agreement.list')}>
        <p class="muted">{t('agent.agreement.intro')}</p>
        <AgentShow loaded={list}>
          {(data) => (
            <>
              {data.items.some((a) => a.status === 'verified') ? (
                <p class="notice good">{t('agent.agreement.inForce')}</p>
              ) : (
                <p class="notice warn">{t('agent.agreement.notInForce')}</p>
              )}
              <Table<Agreement>
                caption={t('agent.agreement.list')}
                rows={data.items}
                rowKey={(a) => a.id}
                empty={t('agent.agreement.none')}
                columns={[
                  { label: t('agent.agreement.signedAt'), cell: (a) => <When at={a.signed_at} /> },
                  { label: t('agent.agreement.signerName'), cell: (a) => a.signer_name },
                  { label: t('agent.agreement.method'), cell: (a) => label('agreementMethod', a.method) },
                  {
                    label: t('agent.agreement.status'),
                    cell: (a) => (
                      <>
                        <StatusBadge status={a.status} label={label('certStatus', a.status)} />
                        {a.rejection_reason ? <span> {t('agent.certifications.rejectedBecause', { reason: a.rejection_reason })}</span> : null}
                      </>
                    ),
                  },
                ]}
              />
            </>
          )}
        </AgentShow>
      </Card>
      <Card title={t('agent.agreement.signTitle')}>
        {signed ? (
          <p class="notice good" role="status">
            {signed.status === 'verified' ? t('agent.agreement.signedNow') : t('agent.agreement.uploadedNow')}
          </p>
        ) : null}
        {owner === true ? (
          <Sign
            onDone={(a) => {
              setSigned(a);
              list.reload();
            }}
          />
        ) : owner === false ? (
          <p class="notice warn">{t('agent.agreement.ownerOnly')}</p>
        ) : null}
      </Card>
    </Page>
  );
}
