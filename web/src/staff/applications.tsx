// The vetting queue and one application: approve, or reject with a reason the applicant sees.
import { api, encodePath, query } from '../app/api';
import { date, t } from '../app/i18n';
import type { RouteProps } from '../app/router';
import { Card, Link, Page, Show, StatusBadge, Table, When } from '../ui/components';
import { useApi } from '../ui/hooks';
import { APPLICATION_STATUSES } from './model';
import { ConfirmAction, ReasonAction, searchParam, stateLabel, StatusFilter } from './parts';
import type { Application, Items } from './types';

export function StaffApplications() {
  const status = searchParam('status', 'pending');
  const loaded = useApi<Items<Application>>(`/api/v1/agent-applications${query({ status })}`);
  return (
    <Page title={t('staff.applications.title')}>
      <StatusFilter label={t('staff.common.status')} value={status} statuses={APPLICATION_STATUSES} labelFor={(s) => stateLabel('application', s)} />
      <Show loaded={loaded}>
        {(data) => (
          <Table
            caption={t('staff.applications.title')}
            rows={data.items}
            rowKey={(a) => a.id}
            empty={t('staff.applications.empty')}
            columns={[
              { label: t('staff.applications.name'), cell: (a) => <Link href={`/staff/applications/${encodePath(a.id)}`}>{a.name}</Link> },
              { label: t('staff.applications.kind'), cell: (a) => stateLabel('kind', a.kind) },
              { label: t('staff.applications.contact'), cell: (a) => <>{a.contact_name}<br /><span class="muted">{a.email}</span></> },
              { label: t('staff.applications.town'), cell: (a) => a.town || '—' },
              { label: t('staff.applications.appliedAt'), cell: (a) => <When at={a.applied_at} /> },
              { label: t('staff.common.status'), cell: (a) => <StatusBadge status={a.status} label={stateLabel('application', a.status)} /> },
            ]}
          />
        )}
      </Show>
    </Page>
  );
}

export function StaffApplication(props: RouteProps) {
  const id = props.params.id ?? '';
  const loaded = useApi<Application>(`/api/v1/agent-applications/${encodePath(id)}`);
  return (
    <Page title={t('staff.application.title')} actions={<Link href="/staff/applications">{t('staff.application.back')}</Link>}>
      <Show loaded={loaded}>
        {(a) => (
          <div class="grid two">
            <Card title={a.name}>
              <dl class="facts">
                <dt>{t('staff.common.status')}</dt>
                <dd><StatusBadge status={a.status} label={stateLabel('application', a.status)} /></dd>
                <dt>{t('staff.applications.kind')}</dt>
                <dd>{stateLabel('kind', a.kind)}</dd>
                <dt>{t('staff.applications.contact')}</dt>
                <dd>{a.contact_name}</dd>
                <dt>{t('staff.common.email')}</dt>
                <dd>{a.email}</dd>
                <dt>{t('staff.common.phone')}</dt>
                <dd>{a.phone}</dd>
                <dt>{t('staff.application.kraPin')}</dt>
                <dd><code>{a.kra_pin}</code></dd>
                <dt>{t('staff.application.registration')}</dt>
                <dd>{a.registration_number || '—'}</dd>
                <dt>{t('staff.application.residency')}</dt>
                <dd>{stateLabel('residency', a.residency)}</dd>
                <dt>{t('staff.applications.town')}</dt>
                <dd>{a.town || '—'}</dd>
                <dt>{t('staff.application.website')}</dt>
                <dd>{a.website || '—'}</dd>
                <dt>{t('staff.application.certifications')}</dt>
                <dd>{a.certifications.length ? a.certifications.join(', ') : '—'}</dd>
                <dt>{t('staff.applications.appliedAt')}</dt>
                <dd><When at={a.applied_at} /></dd>
                <dt>{t('staff.application.terms')}</dt>
                <dd><When at={a.terms_accepted_at} /></dd>
                {a.decided_at ? (
                  <>
                    <dt>{t('staff.common.decidedAt')}</dt>
                    <dd><When at={a.decided_at} /></dd>
                  </>
                ) : null}
                {a.rejection_reason ? (
                  <>
                    <dt>{t('staff.common.reason')}</dt>
                    <dd>{a.rejection_reason}</dd>
                  </>
                ) : null}
                {a.agent_id ? (
                  <>
                    <dt>{t('staff.common.agent')}</dt>
                    <dd><Link href={`/staff/agents/${encodePath(a.agent_id)}`}>{a.agent_id}</Link></dd>
                  </>
                ) : null}
              </dl>
            </Card>
            {a.status === 'pending' ? (
              <Card title={t('staff.application.decide')}>
                <p class="muted">{t('staff.application.approveHint', { date: date(new Date().toISOString()) })}</p>
                <ConfirmAction
                  label={t('staff.application.approve')}
                  question={t('staff.application.approveQuestion', { name: a.name })}
                  send={() => api.post<Application>(`/api/v1/agent-applications/${encodePath(a.id)}/approve`)}
                  onDone={() => loaded.reload()}
                />
                <h3>{t('staff.application.reject')}</h3>
                <ReasonAction
                  label={t('staff.application.reject')}
                  reasonLabel={t('staff.application.rejectReason')}
                  danger
                  question={(reason) => t('staff.application.rejectQuestion', { name: a.name, reason })}
                  send={(reason) => api.post<Application>(`/api/v1/agent-applications/${encodePath(a.id)}/reject`, { reason })}
                  onDone={() => loaded.reload()}
                />
              </Card>
            ) : null}
          </div>
        )}
      </Show>
    </Page>
  );
}
