// Set the first password from an invitation link: POST /api/v1/invitations/accept
// signs in like a login, then the person lands in its panel.
import { useState } from 'preact/hooks';
import { api, type Problem } from '../app/api';
import { t } from '../app/i18n';
import { navigate, type RouteProps } from '../app/router';
import { homeFor, loadSession } from '../app/session';
import { Form, Link, Page, TextField } from '../ui/components';
import { useAction } from '../ui/hooks';
import { passwordRuleProblem } from './signup';

export function Invitation(props: RouteProps) {
  const token = props.params.token ?? '';
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [local, setLocal] = useState<Problem | null>(null);
  const action = useAction();
  const p = local ?? action.problem;
  const expired = action.problem?.status === 401;
  return (
    <Page title={t('public.invitation.title')}>
      <p class="lead">{t('public.invitation.lead')}</p>
      <div class="notice">
        <strong>{t('public.password.rulesTitle')}</strong>
        <ul>
          <li>{t('public.password.rule.length')}</li>
          <li>{t('public.password.rule.notEmail')}</li>
          <li>{t('public.password.rule.notCommon')}</li>
          <li>{t('public.password.rule.noControl')}</li>
        </ul>
      </div>
      <Form
        busy={action.busy}
        problem={p}
        submitLabel={t('public.invitation.submit')}
        onSubmit={() => {
          let wrong = passwordRuleProblem(password);
          if (!wrong && password !== again) {
            wrong = { type: '/problems/validation', title: t('public.password.invalid'), status: 422, detail: '', errors: [{ field: 'password_again', reason: t('public.password.mismatch') }] };
          }
          setLocal(wrong);
          if (wrong) return;
          void action.run(
            () => api.post('/api/v1/invitations/accept', { token, password }),
            async () => {
              const current = await loadSession();
              navigate(homeFor(current), { replace: true });
            },
          );
        }}
      >
        <TextField label={t('public.field.newPassword')} name="password" type="password" required autoComplete="new-password" value={password} onValue={setPassword} problem={p} />
        <TextField label={t('public.invitation.again')} name="password_again" type="password" required autoComplete="new-password" value={again} onValue={setAgain} problem={p} />
      </Form>
      {expired ? (
        <p class="notice warn">
          {t('public.invitation.expired')} <Link href="/signin">{t('common.signIn')}</Link>
        </p>
      ) : null}
    </Page>
  );
}
