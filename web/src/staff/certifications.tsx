// Certifications by status: verify, or reject with a reason, with the evidence viewer.
import { query } from '../app/api';
import { t } from '../app/i18n';
import { Page, Show } from '../ui/components';
import { useApi } from '../ui/hooks';
import { CertificationItem } from './agent';
import { CERTIFICATION_STATUSES } from './model';
import { searchParam, stateLabel, StatusFilter } from './parts';
import type { Certification, Items } from './types';

export function StaffCertifications() {
  const status = searchParam('status', 'submitted');
  const loaded = useApi<Items<Certification>>(`/api/v1/certifications${query({ status })}`);
  return (
    <Page title={t('staff.certifications.title')}>
      <p class="muted">{t('staff.certifications.lead')}</p>
      <StatusFilter label={t('staff.common.status')} value={status} statuses={CERTIFICATION_STATUSES} labelFor={(s) => stateLabel('certification', s)} />
      <Show loaded={loaded}>
        {(data) =>
          data.items.length === 0 ? (
            <p class="state empty">{t('staff.certifications.empty')}</p>
          ) : (
            <ul class="staff-list cards">
              {data.items.map((c) => (
                <CertificationItem key={c.id} c={c} showAgent onChange={() => loaded.reload()} />
              ))}
            </ul>
          )
        }
      </Show>
    </Page>
  );
}
