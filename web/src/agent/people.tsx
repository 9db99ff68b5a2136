// /agent/people: the company's people; the owner invites colleagues (sales or
// technical) and removes them (confirmed). Others see the list and why not.
import { useState } from 'preact/hooks';
import { api, encodePath } from '../app/api';
import { date, t } from '../app/i18n';
import { session } from '../app/session';
import { Card, ConfirmButton, Form, Page, ProblemBox, Select, Table, TextField } from '../ui/components';
import { useAction } from '../ui/hooks';
import { agentPath, AgentShow, CompanyNav, label, useOwner } from './common';
import type { Person } from './types';

function Invite(props: { onDone: (p: Person) => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState('sales');
  const action = useAction();
  return (
    <Form
      busy={action.busy}
      problem={action.problem}
      submitLabel={t('agent.people.invite')}
      onSubmit={() =>
        void action.run(
          () => api.post<Person>(agentPath('people'), { email: email.trim(), display_name: name.trim(), agent_role: role }),
          (p) => {
            setEmail('');
            setName('');
            props.onDone(p);
          },
        )
      }
    >
      <TextField label={t('agent.people.email')} name="email" type="email" autoComplete="off" value={email} onValue={setEmail} problem={action.problem} />
      <TextField label={t('agent.people.name')} name="display_name" value={name} onValue={setName} problem={action.problem} />
      <Select
        label={t('agent.people.role')}
        name="agent_role"
        value={role}
        onValue={setRole}
        problem={action.problem}
        options={[
          { value: 'sales', label: label('role', 'sales') },
          { value: 'technical', label: label('role', 'technical') },
        ]}
      />
    </Form>
  );
}

function Remove(props: { person: Person; onDone: () => void }) {
  const action = useAction();
  return (
    <>
      <ConfirmButton
        danger
        class="small"
        busy={action.busy}
        label={t('agent.people.remove')}
        question={t('agent.people.removeQuestion', { name: props.person.display_name })}
        confirmLabel={t('agent.people.removeConfirm')}
        onConfirm={() => action.run(() => api.delete(agentPath(`people/${encodePath(props.person.user_id)}`)), props.onDone)}
      />
      <ProblemBox problem={action.problem} />
    </>
  );
}

export function AgentPeople() {
  const { owner, people } = useOwner();
  const [invited, setInvited] = useState<Person | null>(null);
  const me = session.value?.user.id;
  return (
    <Page title={t('agent.nav.people')}>
      <CompanyNav />
      <Card title={t('agent.people.list')}>
        <AgentShow loaded={people}>
          {(data) => (
            <Table<Person>
              caption={t('agent.people.list')}
              rows={data.items}
              rowKey={(p) => p.user_id}
              columns={[
                { label: t('agent.people.name'), cell: (p) => p.display_name },
                { label: t('agent.people.email'), cell: (p) => p.email },
                { label: t('agent.people.role'), cell: (p) => label('role', p.agent_role) },
                { label: t('agent.people.added'), cell: (p) => date(p.added_at) },
                {
                  label: t('agent.people.actions'),
                  cell: (p) =>
                    owner && p.agent_role !== 'owner' && p.user_id !== me ? (
                      <Remove
                        person={p}
                        onDone={() => {
                          setInvited(null);
                          people.reload();
                        }}
                      />
                    ) : (
                      '—'
                    ),
                },
              ]}
            />
          )}
        </AgentShow>
        {invited ? (
          <p class="notice good" role="status">
            {t('agent.people.invited', { name: invited.display_name, email: invited.email })}
          </p>
        ) : null}
      </Card>
      {owner === true ? (
        <Card title={t('agent.people.inviteTitle')}>
          <p class="muted">{t('agent.people.inviteHint')}</p>
          <Invite
            onDone={(p) => {
              setInvited(p);
              people.reload();
            }}
          />
        </Card>
      ) : owner === false ? (
        <p class="notice warn">{t('agent.people.ownerOnly')}</p>
      ) : null}
    </Page>
  );
}
