// The agent application (POST /api/v1/agent-applications) and the status page
// the applicant bookmarks (GET …/{id}/status with X-Application-Token).
import { useEffect, useState } from 'preact/hooks';
import { api, request, type ApiResult, type Problem } from '../app/api';
import { language, t } from '../app/i18n';
import { location, navigate } from '../app/router';
import type { RouteProps } from '../app/router';
import { Card, CopyButton, Form, Link, Loading, Page, ProblemBox, Select, StatusBadge, TextField, When } from '../ui/components';
import { useAction } from '../ui/hooks';
import { CheckBox, CheckGroup, toggled } from './checks';
import { applicationBody, CERTIFICATIONS, statusPagePath, type ApplicationForm } from './logic';

interface Submitted {
  id: string;
  status: string;
  status_token: string;
}

interface ApplicationStatus {
  id: string;
  status: 'pending' | 'approved' | 'rejected';
  applied_at: string;
  decided_at: string | null;
  rejection_reason: string | null;
}

const EMPTY: ApplicationForm = {
  kind: 'company',
  name: '',
  contact_name: '',
  email: '',
  phone: '',
  kra_pin: '',
  registration_number: '',
  residency: 'resident',
  website: '',
  town: '',
  certifications: [],
  accept_terms: false,
};

export function Apply() {
  const [form, setForm] = useState<ApplicationForm>(EMPTY);
  const action = useAction();
  const set = <K extends keyof ApplicationForm>(key: K) => (value: ApplicationForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const chosen = new Set(form.certifications);
  const p = action.problem;
  return (
    <Page title={t('public.apply.title')}>
      <p class="lead">{t('public.apply.lead')}</p>
      <Form
        busy={action.busy}
        problem={p}
        submitLabel={t('public.apply.submit')}
        onSubmit={() =>
          action.run(
            () => api.post<Submitted>('/api/v1/agent-applications', applicationBody(form, language.value)),
            (submitted) => navigate(statusPagePath(submitted.id, submitted.status_token)),
          )
        }
      >
        <Select
          label={t('public.apply.kind')}
          name="kind"
          value={form.kind}
          onValue={(v) => set('kind')(v === 'professional' ? 'professional' : 'company')}
          options={[
            { value: 'company', label: t('public.apply.kind.company') },
            { value: 'professional', label: t('public.apply.kind.professional') },
          ]}
          problem={p}
        />
        <TextField label={form.kind === 'company' ? t('public.apply.companyName') : t('public.apply.professionalName')} name="name" required autoComplete="organization" value={form.name} onValue={set('name')} problem={p} />
        <TextField label={t('public.apply.contactName')} name="contact_name" required autoComplete="name" value={form.contact_name} onValue={set('contact_name')} problem={p} />
        <TextField label={t('public.field.email')} name="email" type="email" required autoComplete="email" value={form.email} onValue={set('email')} problem={p} />
        <TextField label={t('public.field.phone')} name="phone" type="tel" required autoComplete="tel" hint={t('public.field.phoneHint')} value={form.phone} onValue={set('phone')} problem={p} />
        <TextField label={t('public.field.kraPin')} name="kra_pin" required hint={t('public.field.kraPinHint')} value={form.kra_pin} onValue={set('kra_pin')} problem={p} />
        {form.kind === 'company' ? (
          <TextField label={t('public.field.registration')} name="registration_number" required hint={t('public.field.registrationHint')} value={form.registration_number} onValue={set('registration_number')} problem={p} />
        ) : null}
        <Select
          label={t('public.apply.residency')}
          name="residency"
          value={form.residency}
          onValue={(v) => set('residency')(v === 'non_resident' ? 'non_resident' : 'resident')}
          options={[
            { value: 'resident', label: t('public.apply.residency.resident') },
            { value: 'non_resident', label: t('public.apply.residency.nonResident') },
          ]}
          problem={p}
        />
        <TextField label={t('public.apply.website')} name="website" type="url" autoComplete="url" hint={t('public.apply.websiteHint')} value={form.website} onValue={set('website')} problem={p} />
        <TextField label={t('public.apply.town')} name="town" autoComplete="address-level2" value={form.town} onValue={set('town')} problem={p} />
        <CheckGroup
          legend={t('public.apply.certifications')}
          hint={t('public.apply.certificationsHint')}
          name="certifications"
          options={CERTIFICATIONS.map((c) => ({ value: c, label: t(`public.certification.${c}`) }))}
          chosen={chosen}
          onToggle={(value, on) => set('certifications')([...toggled(chosen, value, on)])}
          problem={p}
        />
        <CheckBox label={t('public.apply.acceptTerms')} name="accept_terms" checked={form.accept_terms} onValue={set('accept_terms')} problem={p} />
      </Form>
    </Page>
  );
}

function statusLabel(status: string): string {
  if (status === 'pending' || status === 'approved' || status === 'rejected') return t(`public.status.${status}`);
  return status;
}

export function ApplicationStatusPage(props: RouteProps) {
  const id = props.params.id ?? '';
  const token = location.value.search.get('token') ?? '';
  const [result, setResult] = useState<ApiResult<ApplicationStatus> | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!token) return undefined;
    let live = true;
    setResult(null);
    void request<ApplicationStatus>('GET', `/api/v1/agent-applications/${encodeURIComponent(id)}/status`, undefined, {
      headers: { 'X-Application-Token': token },
    }).then((answer) => {
      if (live) setResult(answer);
    });
    return () => {
      live = false;
    };
  }, [id, token, version]);
  const here = typeof window === 'undefined' ? '' : window.location.href;
  let body;
  if (!token) body = <ProblemBox problem={{ type: '/problems/unauthenticated', title: t('public.status.noToken'), status: 401, detail: '' } as Problem} />;
  else if (result === null) body = <Loading />;
  else if (!result.ok) body = <ProblemBox problem={result.problem} onRetry={() => setVersion((v) => v + 1)} />;
  else {
    const s = result.data;
    body = (
      <>
        <Card title={t('public.status.application', { id: s.id })}>
          <dl class="facts">
            <dt>{t('public.status.state')}</dt>
            <dd>
              <StatusBadge status={s.status} label={statusLabel(s.status)} />
            </dd>
            <dt>{t('public.status.appliedAt')}</dt>
            <dd>
              <When at={s.applied_at} />
            </dd>
            {s.decided_at ? (
              <>
                <dt>{t('public.status.decidedAt')}</dt>
                <dd>
                  <When at={s.decided_at} />
                </dd>
              </>
            ) : null}
            {s.rejection_reason ? (
              <>
                <dt>{t('public.status.reason')}</dt>
                <dd class="rejection-reason">{s.rejection_reason}</dd>
              </>
            ) : null}
          </dl>
        </Card>
        <p class={`notice ${s.status === 'approved' ? 'good' : s.status === 'rejected' ? 'warn' : ''}`}>{t(`public.status.explain.${s.status === 'approved' || s.status === 'rejected' ? s.status : 'pending'}`)}</p>
        {s.status === 'rejected' ? (
          <div class="button-row">
            <Link class="button secondary" href="/apply">
              {t('public.status.applyAgain')}
            </Link>
          </div>
        ) : null}
      </>
    );
  }
  return (
    <Page title={t('public.status.title')}>
      <p class="notice warn">{t('public.status.bookmark')}</p>
      <div class="copy-row">
        <code>{here}</code>
        <CopyButton text={here} label={t('public.status.copyLink')} />
      </div>
      {body}
    </Page>
  );
}
