// /agent/certifications: the company's certifications with their status and
// expiry, and a new one submitted with its evidence (uploaded first).
import { useState } from 'preact/hooks';
import { api, type Problem } from '../app/api';
import { date, t } from '../app/i18n';
import { session } from '../app/session';
import { Card, Form, Page, Select, StatusBadge, Table, TextField } from '../ui/components';
import { useAction, useApi } from '../ui/hooks';
import { agentPath, AgentShow, asFieldProblem, CompanyNav, FileField, label, localProblem, uploadFile, useOwner } from './common';
import { eatToday, expiry } from './logic';
import type { Certification, Items, Person } from './types';

const KINDS = ['sales', '3cx', 'yeastar', 'yealink'];
const LEVELS = ['basic', 'intermediate', 'advanced'];

function Submit(props: { people: Person[]; onDone: (c: Certification) => void }) {
  const [person, setPerson] = useState(session.value?.user.id ?? props.people[0]?.user_id ?? '');
  const [kind, setKind] = useState('sales');
  const [level, setLevel] = useState('basic');
  const [issued, setIssued] = useState('');
  const [until, setUntil] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const action = useAction();
  const levelled = kind === '3cx' || kind === 'yeastar';
  const shown = problem ?? action.problem;
  return (
    <Form
      busy={action.busy}
      problem={shown && !shown.errors?.length ? shown : null}
      submitLabel={t('agent.certifications.submit')}
      onSubmit={() => {
        setProblem(null);
        if (!file) {
          setProblem(localProblem('evidence_file_id', t('agent.certifications.fileRequired')));
          return;
        }
        void action.run(
          async () => {
            const uploaded = await uploadFile(file);
            if (!uploaded.ok) return { ok: false as const, problem: asFieldProblem(uploaded.problem, 'evidence_file_id') };
            return api.post<Certification>(agentPath('certifications'), {
              person_id: person,
              kind,
              ...(levelled ? { level } : {}),
              issued_on: issued,
              valid_until: until,
              evidence_file_id: uploaded.data.id,
            });
          },
          (c) => props.onDone(c),
        );
      }}
    >
      <Select
        label={t('agent.certifications.person')}
        name="person_id"
        value={person}
        onValue={setPerson}
        problem={shown}
        options={props.people.map((p) => ({ value: p.user_id, label: p.display_name }))}
      />
      <Select label={t('agent.certifications.kind')} name="kind" value={kind} onValue={setKind} problem={shown} options={KINDS.map((k) => ({ value: k, label: label('certKind', k) }))} />
      {levelled ? (
        <Select label={t('agent.certifications.level')} name="level" value={level} onValue={setLevel} problem={shown} options={LEVELS.map((l) => ({ value: l, label: label('level', l) }))} />
      ) : null}
      <TextField label={t('agent.certifications.issuedOn')} name="issued_on" type="date" value={issued} onValue={setIssued} problem={shown} />
      <TextField label={t('agent.certifications.validUntil')} name="valid_until" type="date" value={until} onValue={setUntil} problem={shown} />
      <FileField label={t('agent.certifications.evidence')} name="evidence_file_id" problem={shown} hint={t('agent.certifications.evidenceHint')} onFile={setFile} />
    </Form>
  );
}

export function AgentCertifications() {
  const list = useApi<Items<Certification>>(agentPath('certifications'));
  const { people } = useOwner();
  const [submitted, setSubmitted] = useState<Certification | null>(null);
  const [formKey, setFormKey] = useState(0);
  const today = eatToday(new Date());
  const names = new Map(people.state === 'ready' ? people.data.items.map((p) => [p.user_id, p.display_name]) : []);
  return (
    <Page title={t('agent.nav.certifications')}>
      <CompanyNav />
      <Card title={t('agent.certifications.list')}>
        <AgentShow loaded={list}>
          {(data) => (
            <Table<Certification>
              caption={t('agent.certifications.list')}
              rows={data.items}
              rowKey={(c) => c.id}
              empty={t('agent.certifications.none')}
              columns={[
                { label: t('agent.certifications.person'), cell: (c) => names.get(c.person_id) ?? c.person_id },
                { label: t('agent.certifications.kind'), cell: (c) => `${label('certKind', c.kind)}${c.level ? ` · ${label('level', c.level)}` : ''}` },
                { label: t('agent.certifications.issuedOn'), cell: (c) => date(c.issued_on) },
                {
                  label: t('agent.certifications.validUntil'),
                  cell: (c) => {
                    const standing = expiry(c.valid_until, today);
                    return (
                      <>
                        {date(c.valid_until)}
                        {standing === 'expired' ? <span class="badge status-rejected">{t('agent.certifications.expired')}</span> : null}
                        {standing === 'soon' ? <span class="badge status-pending">{t('agent.certifications.expiresSoon')}</span> : null}
                      </>
                    );
                  },
                },
                {
                  label: t('agent.certifications.status'),
                  cell: (c) => (
                    <>
                      <StatusBadge status={c.status} label={label('certStatus', c.status)} />
                      {c.rejection_reason ? (
                        <span>
                          {' '}
                          {t('agent.certifications.rejectedBecause', { reason: c.rejection_reason })}
                        </span>
                      ) : null}
                    </>
                  ),
                },
              ]}
            />
          )}
        </AgentShow>
        {list.state === 'ready' && list.data.items.some((c) => c.status !== 'rejected' && expiry(c.valid_until, today) !== 'valid') ? (
          <p class="notice warn">{t('agent.certifications.expiryWarning')}</p>
        ) : null}
      </Card>
      <Card title={t('agent.certifications.new')}>
        {submitted ? (
          <p class="notice good" role="status">
            {t('agent.certifications.submitted', { kind: label('certKind', submitted.kind) })}
          </p>
        ) : null}
        <AgentShow loaded={people}>
          {(data) => (
            <Submit
              key={formKey}
              people={data.items}
              onDone={(c) => {
                setSubmitted(c);
                setFormKey(formKey + 1);
                list.reload();
              }}
            />
          )}
        </AgentShow>
      </Card>
    </Page>
  );
}
