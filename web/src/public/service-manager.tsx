// The service-manager link an agent shares: /service-manager?agent=<referral id>.
// A stranger is asked to sign in or sign up (coming back here); a client sees the
// agent's contact details and confirms it with the permissions it grants, or, with
// a manager already, asks staff for a transfer.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../app/api';
import { t } from '../app/i18n';
import { location, navigate } from '../app/router';
import { session } from '../app/session';
import { Card, Form, Link, Page, ProblemBox, Show, TextArea } from '../ui/components';
import { useAction, useApi } from '../ui/hooks';
import { CheckGroup, toggled } from './checks';
import { chosenPermissions, NEVER_GRANTED, withNext } from './logic';

interface Contact {
  agent_id: string;
  name: string;
  email: string;
  phone: string;
  referral_id: string;
}

interface LinkView {
  agent: Contact;
  permissions: string[];
  current_service_manager: Contact | null;
  can_confirm: boolean;
}

export function ContactFacts(props: { contact: Contact; children?: ComponentChildren }) {
  const c = props.contact;
  return (
    <dl class="facts">
      <dt>{t('public.sm.company')}</dt>
      <dd class="sm-name">{c.name}</dd>
      <dt>{t('public.field.email')}</dt>
      <dd>
        <a href={`mailto:${c.email}`}>{c.email}</a>
      </dd>
      <dt>{t('public.field.phone')}</dt>
      <dd>
        <a href={`tel:${c.phone}`}>{c.phone}</a>
      </dd>
      {props.children}
    </dl>
  );
}

export function permissionLabel(permission: string): string {
  return t(`public.permission.${permission}`);
}

function Confirm(props: { referral: string; view: LinkView }) {
  const [ticked, setTicked] = useState<Set<string>>(new Set(props.view.permissions));
  const [done, setDone] = useState(false);
  const action = useAction();
  if (done) {
    return (
      <div class="notice good" role="status">
        <p>{t('public.sm.confirmed', { agent: props.view.agent.name })}</p>
        <Link class="button" href="/client">
          {t('public.sm.openClient')}
        </Link>
      </div>
    );
  }
  const chosen = chosenPermissions(props.view.permissions, ticked);
  return (
    <Card title={t('public.sm.confirmTitle')}>
      <Form
        busy={action.busy}
        problem={action.problem}
        submitLabel={t('public.sm.confirm', { agent: props.view.agent.name })}
        onSubmit={() => action.run(() => api.post('/api/v1/service-manager/confirm', { referral_id: props.referral, permissions: chosen }), () => setDone(true))}
      >
        <CheckGroup
          legend={t('public.sm.permissions')}
          hint={t('public.sm.permissionsHint')}
          name="permissions"
          options={props.view.permissions.map((p) => ({ value: p, label: permissionLabel(p) }))}
          chosen={ticked}
          onToggle={(value, on) => setTicked(toggled(ticked, value, on))}
          problem={action.problem}
        />
        {chosen.length === 0 ? <p class="notice warn">{t('public.sm.noPermissions')}</p> : null}
        <details>
          <summary>{t('public.sm.never')}</summary>
          <ul>
            {NEVER_GRANTED.map((p) => (
              <li key={p}>{permissionLabel(p)}</li>
            ))}
          </ul>
        </details>
      </Form>
    </Card>
  );
}

function TransferRequest(props: { referral: string; view: LinkView }) {
  const [message, setMessage] = useState('');
  const [done, setDone] = useState(false);
  const action = useAction();
  const current = props.view.current_service_manager;
  if (current && current.agent_id === props.view.agent.agent_id) {
    return <p class="notice good">{t('public.sm.already', { agent: current.name })}</p>;
  }
  if (done) {
    return (
      <div class="notice good" role="status">
        <p>{t('public.sm.transferSent')}</p>
        <Link class="button" href="/client/transfer-requests">
          {t('public.sm.seeRequests')}
        </Link>
      </div>
    );
  }
  return (
    <Card title={t('public.sm.transferTitle')}>
      <p>{t('public.sm.hasManager', { current: current?.name ?? '' })}</p>
      <Form
        busy={action.busy}
        problem={action.problem}
        submitLabel={t('public.sm.requestTransfer')}
        onSubmit={() =>
          action.run(
            () => api.post('/api/v1/service-manager/transfer-requests', message.trim() ? { referral_id: props.referral, message: message.trim() } : { referral_id: props.referral }),
            () => setDone(true),
          )
        }
      >
        <TextArea label={t('public.sm.message')} name="message" value={message} onValue={setMessage} problem={action.problem} />
      </Form>
    </Card>
  );
}

function ForClient(props: { referral: string }) {
  const loaded = useApi<LinkView>(`/api/v1/service-manager?agent=${encodeURIComponent(props.referral)}`);
  return (
    <Show loaded={loaded}>
      {(view) => (
        <>
          <Card title={t('public.sm.agentTitle')}>
            <ContactFacts contact={view.agent} />
          </Card>
          {view.can_confirm ? <Confirm referral={props.referral} view={view} /> : <TransferRequest referral={props.referral} view={view} />}
        </>
      )}
    </Show>
  );
}

// Whose link it is, before the visitor signs in (the agent's public contact).
function StrangerContact(props: { referral: string }) {
  const loaded = useApi<Contact>(`/api/v1/service-manager/agents/${encodeURIComponent(props.referral)}`);
  return (
    <Card title={t('public.sm.agentTitle')}>
      {loaded.state === 'error' && loaded.problem.status === 404 ? (
        <p class="notice warn">{t('public.sm.unknownAgent')}</p>
      ) : (
        <Show loaded={loaded}>{(contact) => <ContactFacts contact={contact} />}</Show>
      )}
    </Card>
  );
}

export function ServiceManagerLink() {
  const referral = location.value.search.get('agent')?.trim() ?? '';
  const here = `/service-manager?agent=${encodeURIComponent(referral)}`;
  const current = session.value;
  let body;
  if (!referral) {
    body = <ProblemBox problem={{ type: '/problems/validation', title: t('public.sm.noAgent'), status: 422, detail: t('public.sm.noAgentDetail') }} />;
  } else if (!current) {
    body = (
      <>
        <StrangerContact referral={referral} />
      <Card title={t('public.sm.strangerTitle')}>
        <p>{t('public.sm.stranger')}</p>
        <div class="button-row">
          <Link class="button" href={withNext('/signin', here)}>
            {t('public.sm.signIn')}
          </Link>
          <Link class="button secondary" href={withNext('/signup', here)}>
            {t('public.sm.signUp')}
          </Link>
        </div>
      </Card>
      </>
    );
  } else if (current.user.role !== 'client' && !current.impersonating) {
    body = (
      <div class="notice warn">
        <p>{t('public.sm.notClient')}</p>
        <button type="button" class="secondary" onClick={() => navigate('/')}>
          {t('public.sm.home')}
        </button>
      </div>
    );
  } else if (current.impersonating) {
    body = <p class="notice warn">{t('public.sm.impersonating')}</p>;
  } else {
    body = <ForClient referral={referral} />;
  }
  return (
    <Page title={t('public.sm.title')}>
      <p class="lead">{t('public.sm.lead')}</p>
      {body}
    </Page>
  );
}
