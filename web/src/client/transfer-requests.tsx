// The client's transfer requests and staff's decisions:
// GET /api/v1/service-manager/transfer-requests. Made from a service-manager link.
import { t } from '../app/i18n';
import { session } from '../app/session';
import { Card, Page, Show, StatusBadge, Table, When } from '../ui/components';
import { useApi } from '../ui/hooks';
import { orderTransferRequests, type TransferRequestItem } from './logic';

function statusLabel(status: string): string {
  if (status === 'open' || status === 'approved' || status === 'declined') return t(`client.transfer.status.${status}`);
  return status;
}

function Requests() {
  const loaded = useApi<{ items: TransferRequestItem[] }>('/api/v1/service-manager/transfer-requests');
  return (
    <Show loaded={loaded}>
      {(data) => (
        <Table
          caption={t('client.transfer.title')}
          rows={orderTransferRequests(data.items)}
          rowKey={(r) => r.id}
          empty={t('client.transfer.none')}
          columns={[
            { label: t('client.transfer.made'), cell: (r) => <When at={r.created_at} /> },
            { label: t('client.transfer.from'), cell: (r) => r.from_agent_name || r.from_agent_id },
            { label: t('client.transfer.to'), cell: (r) => r.to_agent_name || r.to_agent_id },
            { label: t('client.transfer.message'), cell: (r) => r.message || '—' },
            { label: t('client.transfer.status'), cell: (r) => <StatusBadge status={r.status} label={statusLabel(r.status)} /> },
            { label: t('client.transfer.decided'), cell: (r) => (r.decided_at ? <When at={r.decided_at} /> : '—') },
            { label: t('client.transfer.reason'), cell: (r) => r.decision_reason || '—' },
          ]}
        />
      )}
    </Show>
  );
}

export function TransferRequests() {
  const impersonating = Boolean(session.value?.impersonating);
  return (
    <Page title={t('client.transfer.title')}>
      <p class="lead">{t('client.transfer.lead')}</p>
      {impersonating ? (
        <p class="notice warn">{t('client.transfer.notForAgent')}</p>
      ) : (
        <Card>
          <Requests />
        </Card>
      )}
    </Page>
  );
}
