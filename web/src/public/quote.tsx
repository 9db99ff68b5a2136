// /quote#<secret>: the page a prospect's email links to. The secret is read
// from the URL's fragment, which browsers never send, and POSTed in a JSON
// body (POST /api/v1/quote-links/lookup, …/accept, …/decline), so it reaches
// no path, query or server log. The prospect reads the quote, accepts it by
// creating its client account (the quote's email; phone and password, the
// company and contact prefilled from the quote), or declines it with an
// optional reason. A quote already decided, withdrawn or expired shows its
// state and nothing to press.
import { useEffect, useState } from 'preact/hooks';
import { api, type ApiResult, type Problem } from '../app/api';
import { money, t } from '../app/i18n';
import { decidable, quoteSecretFromHash, type AcceptedQuote, type Quote } from '../app/quotes';
import { Card, Form, Link, Loading, Page, ProblemBox, TextField } from '../ui/components';
import { useAction } from '../ui/hooks';
import { DeclineQuote, QuoteDecision, QuoteDocument } from '../ui/quotes';
import { phoneToE164 } from './logic';
import { NewPasswordField, passwordRuleProblem } from './signup';

// Where the new client goes after signing in: its invoices.
export const AFTER_SIGN_IN = '/signin?next=%2Fclient%2Finvoices';

function useSecret(): string | null {
  const read = () => (typeof window === 'undefined' ? null : quoteSecretFromHash(window.location.hash));
  const [secret, setSecret] = useState(read);
  useEffect(() => {
    const changed = () => setSecret(read());
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return secret;
}

interface AccountForm {
  company: string;
  contact_name: string;
  phone: string;
  kra_pin: string;
  registration_number: string;
  password: string;
}

function acceptBody(token: string, form: AccountForm): Record<string, unknown> {
  const body: Record<string, unknown> = { token, phone: phoneToE164(form.phone), password: form.password };
  if (form.company.trim()) body.company = form.company.trim();
  if (form.contact_name.trim()) body.contact_name = form.contact_name.trim();
  if (form.kra_pin.trim()) body.kra_pin = form.kra_pin.trim().toUpperCase();
  if (form.registration_number.trim()) body.registration_number = form.registration_number.trim().toUpperCase();
  return body;
}

function AcceptForm(props: { token: string; quote: Quote; onDone: (accepted: AcceptedQuote) => void }) {
  const prospect = props.quote.prospect;
  const [form, setForm] = useState<AccountForm>({ company: prospect?.company ?? '', contact_name: prospect?.name ?? '', phone: '', kra_pin: '', registration_number: '', password: '' });
  const [local, setLocal] = useState<Problem | null>(null);
  const action = useAction();
  const set = (key: keyof AccountForm) => (value: string) => {
    setLocal(null);
    action.clear();
    setForm((f) => ({ ...f, [key]: value }));
  };
  const p = local ?? action.problem;
  return (
    <Form
      busy={action.busy}
      problem={p}
      submitLabel={t('public.quote.acceptSubmit')}
      onSubmit={() => {
        const missing = !form.phone.trim()
          ? { type: '/problems/validation', title: t('public.quote.checkForm'), status: 422, detail: '', errors: [{ field: 'phone', reason: t('public.quote.phoneRequired') }] }
          : null;
        const wrong = missing ?? passwordRuleProblem(form.password);
        setLocal(wrong);
        if (wrong) return;
        void action.run(() => api.post<AcceptedQuote>('/api/v1/quote-links/accept', acceptBody(props.token, form)), props.onDone);
      }}
    >
      <p>
        {t('public.quote.accountEmail')} <strong>{prospect?.email}</strong>
      </p>
      <TextField label={t('public.signup.company')} name="company" autoComplete="organization" value={form.company} onValue={set('company')} problem={p} />
      <TextField label={t('public.signup.contactName')} name="contact_name" autoComplete="name" value={form.contact_name} onValue={set('contact_name')} problem={p} />
      <TextField label={t('public.field.phone')} name="phone" type="tel" required autoComplete="tel" hint={t('public.field.phoneHint')} value={form.phone} onValue={set('phone')} problem={p} />
      <TextField label={t('public.signup.kraPin')} name="kra_pin" hint={t('public.field.kraPinHint')} value={form.kra_pin} onValue={set('kra_pin')} problem={p} />
      <TextField label={t('public.signup.registration')} name="registration_number" value={form.registration_number} onValue={set('registration_number')} problem={p} />
      <NewPasswordField value={form.password} onValue={set('password')} problem={p} />
    </Form>
  );
}

export function QuoteLink() {
  const secret = useSecret();
  const [found, setFound] = useState<ApiResult<Quote> | null>(null);
  const [version, setVersion] = useState(0);
  const [accepted, setAccepted] = useState<AcceptedQuote | null>(null);
  const [declined, setDeclined] = useState<Quote | null>(null);
  useEffect(() => {
    if (!secret) return undefined;
    let live = true;
    setFound(null);
    void api.post<Quote>('/api/v1/quote-links/lookup', { token: secret }).then((answer) => {
      if (live) setFound(answer);
    });
    return () => {
      live = false;
    };
  }, [secret, version]);

  if (!secret) {
    return (
      <Page title={t('public.quote.title')}>
        <p class="notice warn">{t('public.quote.noSecret')}</p>
      </Page>
    );
  }
  if (found === null) {
    return (
      <Page title={t('public.quote.title')}>
        <Loading />
      </Page>
    );
  }
  if (!found.ok) {
    return (
      <Page title={t('public.quote.title')}>
        {found.problem.status === 404 ? (
          <div class="notice warn" role="alert">
            <strong>{t('public.quote.notFoundTitle')}</strong>
            <p>{t('public.quote.notFound')}</p>
          </div>
        ) : (
          <ProblemBox problem={found.problem} onRetry={() => setVersion((v) => v + 1)} />
        )}
      </Page>
    );
  }
  const original = found.data;
  const changed = accepted?.quote ?? declined;
  // The answers to accept and decline name the agent and the prospect no more
  // (an accepted quote is the new client's): what the lookup said stays.
  const quote: Quote = changed ? { ...changed, agent_name: changed.agent_name ?? original.agent_name, prospect: changed.prospect ?? original.prospect } : original;
  const party = quote.prospect ? (quote.prospect.company ? `${quote.prospect.company} (${quote.prospect.name})` : quote.prospect.name) : null;
  return (
    <Page title={quote.agent_name ? t('public.quote.titleFrom', { number: quote.number, agent: quote.agent_name }) : t('public.quote.titleOf', { number: quote.number })}>
      {accepted ? (
        <div class="notice good" role="status">
          <p>
            <strong>{t('public.quote.acceptedTitle')}</strong>
          </p>
          <p>{t('public.quote.acceptedBody', { email: quote.prospect?.email ?? '', invoice: accepted.invoice_number, total: money(accepted.total) })}</p>
          <p>
            <Link class="button" href={AFTER_SIGN_IN}>{t('public.quote.signIn')}</Link>
          </p>
        </div>
      ) : declined ? (
        <p class="notice" role="status">
          {t('public.quote.declinedNow')}
        </p>
      ) : (
        <>
          {decidable(quote.status) ? <p class="lead">{t('public.quote.lead', { agent: quote.agent_name ?? '' })}</p> : null}
          <QuoteDecision quote={quote}>
            {quote.status === 'accepted' ? (
              <p>
                {t('public.quote.acceptedAlready')} <Link href={AFTER_SIGN_IN}>{t('public.quote.signIn')}</Link>
              </p>
            ) : quote.status === 'expired' || quote.status === 'withdrawn' ? (
              <p>{t('public.quote.askAgain', { agent: quote.agent_name ?? '' })}</p>
            ) : null}
          </QuoteDecision>
        </>
      )}
      <QuoteDocument quote={quote} party={party} />
      {decidable(quote.status) && !changed ? (
        <>
          <Card title={t('public.quote.acceptTitle')}>
            <p class="muted">{t('public.quote.acceptLead')}</p>
            <AcceptForm token={secret} quote={quote} onDone={setAccepted} />
          </Card>
          <Card title={t('public.quote.declineTitle')}>
            <DeclineQuote quote={quote} send={(reason) => api.post<Quote>('/api/v1/quote-links/decline', { token: secret, reason })} onDone={setDeclined} />
          </Card>
        </>
      ) : null}
    </Page>
  );
}
