import { useState } from 'preact/hooks';
import { api } from '../app/api';
import { t } from '../app/i18n';
import { location, navigate } from '../app/router';
import { homeFor, loadSession } from '../app/session';
import { Form, Page, TextField } from '../ui/components';
import { useAction } from '../ui/hooks';

// Only a path on this site: never an open redirect.
export function safeNext(next: string | null): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  return next;
}

export function SignIn() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction();
  const next = safeNext(location.value.search.get('next'));
  return (
    <Page title={t('public.signIn.title')}>
      <Form
        busy={action.busy}
        problem={action.problem}
        submitLabel={t('common.signIn')}
        onSubmit={() =>
          action.run(
            () => api.post('/api/v1/auth/login', { email, password }),
            async () => {
              const current = await loadSession();
              navigate(next ?? homeFor(current), { replace: true });
            },
          )
        }
      >
        <TextField label={t('public.signIn.email')} name="email" type="email" autoComplete="username" required value={email} onValue={setEmail} problem={action.problem} />
        <TextField
          label={t('public.signIn.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onValue={setPassword}
          problem={action.problem}
        />
      </Form>
    </Page>
  );
}
