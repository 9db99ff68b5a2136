import { useState } from 'preact/hooks';
import { api } from '../app/api';
import { t } from '../app/i18n';
import { location, navigate } from '../app/router';
import { homeFor, loadSession, sessionEnded } from '../app/session';
import { Form, Link, Page, TextField } from '../ui/components';
import { useAction } from '../ui/hooks';

import { safeNext } from './logic';

export { safeNext };

export function SignIn() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction();
  const next = safeNext(location.value.search.get('next'));
  return (
    <Page title={t('public.signIn.title')}>
      {sessionEnded.value ? <p class="notice warn">{t('public.signIn.sessionEnded')}</p> : null}
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
      <p class="muted">
        {t('public.signIn.noAccount')} <Link href={next ? `/signup?next=${encodeURIComponent(next)}` : '/signup'}>{t('public.signIn.signUp')}</Link> ·{' '}
        <Link href="/apply">{t('public.signIn.apply')}</Link>
      </p>
    </Page>
  );
}
