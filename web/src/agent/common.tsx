// What the agent pages share: the company's API paths, the owner check, a
// 403 shown as a clear message, sub-navigation for grouped pages, figures.
import type { ComponentChildren } from 'preact';
import { encodePath, request, type Problem } from '../app/api';
import { money, t } from '../app/i18n';
import { location } from '../app/router';
import { session } from '../app/session';
import { Card, Field, Link, Loading, ProblemBox } from '../ui/components';
import { useApi, type Loaded } from '../ui/hooks';
import { figure, headerFileName, isOwner } from './logic';
import type { Items, Person, Progress, Requirement } from './types';

export function agentId(): string {
  return session.value?.user.agent_id ?? '';
}

// "/api/v1/agents/AG-1/<rest>"
export function agentPath(rest: string): string {
  return `/api/v1/agents/${encodePath(agentId())}/${rest}`;
}

// Whether the signed-in user owns the company: true, false, or null while unknown.
export function useOwner(): { owner: boolean | null; people: Loaded<Items<Person>> } {
  const people = useApi<Items<Person>>(agentPath('people'));
  const owner = people.state === 'ready' ? isOwner(people.data.items, session.value?.user.id) : null;
  return { owner, people };
}

// A problem, with a 403 said plainly: this person's role may not do it.
export function AgentProblem(props: { problem: Problem | null | undefined; onRetry?: () => void }) {
  if (!props.problem) return null;
  if (props.problem.status === 403) {
    return (
      <div class="notice warn" role="alert">
        <strong>{t('agent.common.forbiddenTitle')}</strong>
        <p>{t('agent.common.forbidden')}</p>
        {props.problem.detail ? <p class="muted">{props.problem.detail}</p> : null}
      </div>
    );
  }
  return <ProblemBox problem={props.problem} {...(props.onRetry ? { onRetry: props.onRetry } : {})} />;
}

// Show() for agent pages: loading, error (403 said plainly) or ready.
export function AgentShow<T>(props: { loaded: Loaded<T>; children: (data: T) => ComponentChildren }) {
  const { loaded } = props;
  if (loaded.state === 'loading') return <Loading />;
  if (loaded.state === 'error') return <AgentProblem problem={loaded.problem} onRetry={loaded.reload} />;
  return <>{props.children(loaded.data)}</>;
}

// Tabs between the pages of one group (Company, Tier).
export function SubNav(props: { label: string; items: { href: string; labelKey: string }[] }) {
  const path = location.value.path;
  return (
    <nav class="button-row agent-subnav" aria-label={props.label}>
      {props.items.map((item) => (
        <Link key={item.href} href={item.href} class={`button small ${path === item.href ? '' : 'secondary'}`} aria-current={path === item.href ? 'page' : undefined}>
          {t(item.labelKey)}
        </Link>
      ))}
    </nav>
  );
}

export const COMPANY_PAGES = [
  { href: '/agent/people', labelKey: 'agent.nav.people' },
  { href: '/agent/certifications', labelKey: 'agent.nav.certifications' },
  { href: '/agent/agreement', labelKey: 'agent.nav.agreement' },
  { href: '/agent/payout-method', labelKey: 'agent.nav.payoutMethod' },
];

export const TIER_PAGES = [
  { href: '/agent/tier', labelKey: 'agent.nav.tier' },
  { href: '/agent/evaluations', labelKey: 'agent.nav.evaluations' },
];

export function CompanyNav() {
  return <SubNav label={t('agent.nav.company')} items={COMPANY_PAGES} />;
}

export function TierNav() {
  return <SubNav label={t('agent.nav.tierGroup')} items={TIER_PAGES} />;
}

// Translated name of a code ("sale" → "Sale"), the code itself if unknown.
export function label(group: string, code: string | null | undefined): string {
  if (!code) return '—';
  const key = `agent.${group}.${code}`;
  const text = t(key);
  return text === key ? code.replace(/_/g, ' ') : text;
}

export function FigureText(props: { value: string | null | undefined; requirement: string }) {
  const f = figure(props.value, props.requirement);
  if (f.type === 'yes') return <>{t('agent.common.yes')}</>;
  if (f.type === 'no') return <>{t('agent.common.no')}</>;
  if (f.type === 'money') return <>{money(f.value)}</>;
  return <>{label('level', f.value)}</>;
}

// Each requirement of the next tier: measured against the threshold, met or the gap.
export function RequirementList(props: { requirements: Requirement[] }) {
  return (
    <ul class="agent-requirements">
      {props.requirements.map((r) => (
        <li key={r.requirement} class={r.met ? 'met' : 'missing'}>
          <span class={`badge ${r.met ? 'status-approved' : 'status-pending'}`}>{r.met ? t('agent.progress.met') : t('agent.progress.missing')}</span>{' '}
          <strong>{label('requirement', r.requirement)}</strong>
          <span class="muted">
            {' '}
            {t('agent.progress.measured')}: <FigureText value={r.measured} requirement={r.requirement} /> · {t('agent.progress.threshold')}:{' '}
            <FigureText value={r.threshold} requirement={r.requirement} />
          </span>
          {!r.met && r.gap ? (
            <span>
              {' '}
              · {t('agent.progress.gap')}: <FigureText value={r.gap} requirement={r.requirement} />
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export interface UploadedFile {
  id: string;
  original_name: string;
  content_type: string;
  size_bytes: number;
}

// POST files: the raw file as the body, its type and name in headers.
export function uploadFile(file: File) {
  return request<UploadedFile>('POST', agentPath('files'), file, {
    headers: { 'Content-Type': file.type || 'application/octet-stream', 'X-File-Name': headerFileName(file.name) },
  });
}

// A labelled file input (PDF, PNG or JPEG) with the error that names `name`.
export function FileField(props: { label: string; name: string; problem: Problem | null; hint?: string; onFile: (file: File | null) => void }) {
  return (
    <Field label={props.label} name={props.name} problem={props.problem} {...(props.hint ? { hint: props.hint } : {})}>
      {(attributes) => (
        <input
          {...attributes}
          type="file"
          accept="application/pdf,image/png,image/jpeg"
          onChange={(e) => props.onFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)}
        />
      )}
    </Field>
  );
}

// A problem+json-shaped error for one field, made in the page (nothing sent).
export function localProblem(field: string, reason: string): Problem {
  return { type: '/problems/validation', title: t('agent.common.checkForm'), status: 422, detail: '', errors: [{ field, reason }] };
}

// An upload's problem renamed to the form's field, so it shows there.
export function asFieldProblem(problem: Problem, field: string): Problem {
  return { ...problem, errors: [{ field, reason: problem.detail || problem.title }] };
}

// "Next tier": what the next tier still needs, requirement by requirement, with
// the days left in the quarter (the dashboard and the tier page).
export function NextTierCard(props: { progress: Loaded<Progress> }) {
  return (
    <Card title={t('agent.dashboard.nextTier')}>
      <AgentShow loaded={props.progress}>
        {(p) =>
          p.next_tier ? (
            <>
              <p>
                {t('agent.progress.toward', { tier: label('tier', p.next_tier), quarter: p.quarter })}{' '}
                <strong>{t('agent.progress.daysLeft', { days: p.days_left_in_quarter })}</strong>
              </p>
              <RequirementList requirements={p.requirements} />
            </>
          ) : (
            <p class="notice good">{t('agent.progress.topTier')}</p>
          )
        }
      </AgentShow>
    </Card>
  );
}
