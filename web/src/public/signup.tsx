// A business signs up (POST /api/v1/client-signups), usually arriving through an
// agent's referral link (/r/<referral id>?to=/signup set the wakala_ref cookie,
// which the server reads: attribution needs nothing from this page). The API does
// not sign in, so the page signs in with the same email and password after.
import { useState } from 'preact/hooks';
import { api, type Problem } from '../app/api';
import { t } from '../app/i18n';
import { location, navigate } from '../app/router';
import { loadSession } from '../app/session';
import { Form, Link, Page, Select, TextField } from '../ui/components';
import { useAction } from '../ui/hooks';
import { passwordProblem, safeNext, signupBody, type SignupForm } from './logic';

const EMPTY: SignupForm = {
  company: '',
  contact_name: '',
  email: '',
  phone: '',
  kra_pin: '',
  registration_number: '',
  password: '',
  payment: 'none',
  mpesa_number: '',
  bank_code: '',
  account_number: '',
};

export function passwordRuleProblem(password: string): Problem | null {
  const wrong = passwordProblem(password);
  if (!wrong) return null;
  return {
    type: '/problems/validation',
    title: t('public.password.invalid'),
    status: 422,
    detail: '',
    errors: [{ field: 'password', reason: t(`public.password.${wrong}`) }],
  };
}

export function SignUp() {
  const [form, setForm] = useState<SignupForm>(EMPTY);
  const [local, setLocal] = useState<Problem | null>(null);
  const action = useAction();
  const next = safeNext(location.value.search.get('next'));
  const set = <K extends keyof SignupForm>(key: K) => (value: SignupForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const p = local ?? action.problem;
  return (
    <Page title={t('public.signup.title')}>
      <p class="lead">{t('public.signup.lead')}</p>
      <Form
        busy={action.busy}
        problem={p}
        submitLabel={t('public.signup.submit')}
        onSubmit={() => {
          const wrong = passwordRuleProblem(form.password);
          setLocal(wrong);
          if (wrong) return;
          void action.run(
            async () => {
              const created = await api.post<{ client_id: string }>('/api/v1/client-signups', signupBody(form));
              if (!created.ok) return created;
              const signedIn = await api.post('/api/v1/auth/login', { email: form.email.trim(), password: form.password });
              if (!signedIn.ok) {
                // An email that has an account already answers 201 and creates nothing (its owner is emailed).
                return { ok: false as const, problem: { ...signedIn.problem, title: t('public.signup.notSignedIn'), detail: t('public.signup.notSignedInDetail') } };
              }
              return signedIn;
            },
            async () => {
              await loadSession();
              navigate(next ?? '/client', { replace: true });
            },
          );
        }}
      >
        <TextField label={t('public.signup.company')} name="company" required autoComplete="organization" value={form.company} onValue={set('company')} problem={p} />
        <TextField label={t('public.signup.contactName')} name="contact_name" required autoComplete="name" value={form.contact_name} onValue={set('contact_name')} problem={p} />
        <TextField label={t('public.field.email')} name="email" type="email" required autoComplete="email" value={form.email} onValue={set('email')} problem={p} />
        <TextField label={t('public.field.phone')} name="phone" type="tel" required autoComplete="tel" hint={t('public.field.phoneHint')} value={form.phone} onValue={set('phone')} problem={p} />
        <TextField label={t('public.signup.kraPin')} name="kra_pin" hint={t('public.field.kraPinHint')} value={form.kra_pin} onValue={set('kra_pin')} problem={p} />
        <TextField label={t('public.signup.registration')} name="registration_number" value={form.registration_number} onValue={set('registration_number')} problem={p} />
        <Select
          label={t('public.signup.payment')}
          name="payment_method/method"
          value={form.payment}
          onValue={(v) => set('payment')(v === 'mpesa' || v === 'bank' ? v : 'none')}
          options={[
            { value: 'none', label: t('public.signup.payment.none') },
            { value: 'mpesa', label: t('public.signup.payment.mpesa') },
            { value: 'bank', label: t('public.signup.payment.bank') },
          ]}
          problem={p}
        />
        {form.payment === 'mpesa' ? (
          <TextField label={t('public.signup.mpesaNumber')} name="payment_method/mpesa_number" type="tel" hint={t('public.field.phoneHint')} value={form.mpesa_number} onValue={set('mpesa_number')} problem={p} />
        ) : null}
        {form.payment === 'bank' ? (
          <>
            <TextField label={t('public.signup.bankCode')} name="payment_method/bank_code" hint={t('public.signup.bankCodeHint')} value={form.bank_code} onValue={set('bank_code')} problem={p} />
            <TextField label={t('public.signup.accountNumber')} name="payment_method/account_number" inputMode="numeric" value={form.account_number} onValue={set('account_number')} problem={p} />
          </>
        ) : null}
        <NewPasswordField value={form.password} onValue={set('password')} problem={p} />
      </Form>
      <p>
        {t('public.signup.haveAccount')} <Link href={next ? `/signin?next=${encodeURIComponent(next)}` : '/signin'}>{t('common.signIn')}</Link>
      </p>
    </Page>
  );
}

// A new account's password, with the rules it must follow (signup, a prospect's quote).
export function NewPasswordField(props: { value: string; onValue: (value: string) => void; problem: Problem | null }) {
  return (
    <TextField
      label={t('public.field.newPassword')}
      name="password"
      type="password"
      required
      autoComplete="new-password"
      hint={t('public.password.rules')}
      value={props.value}
      onValue={props.onValue}
      problem={props.problem}
    />
  );
}
