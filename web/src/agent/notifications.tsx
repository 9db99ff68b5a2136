// /agent/notifications: what the company was told about its clients.
import { t } from '../app/i18n';
import { Card, Page, Table, When } from '../ui/components';
import { useApi } from '../ui/hooks';
import { agentPath, AgentShow, label } from './common';
import type { AgentNotification, Items } from './types';

// The notification's detail as short "key: value" text.
export function detailText(detail: unknown): string {
  if (detail === null || detail === undefined) return '';
  if (typeof detail !== 'object') return String(detail);
  return Object.entries(detail as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
    .map(([k, v]) => `${k.replace(/_/g, ' ')}: ${String(v)}`)
    .join(' · ');
}

export function AgentNotifications() {
  const list = useApi<Items<AgentNotification>>(agentPath('notifications'));
  return (
    <Page title={t('agent.nav.notifications')}>
      <p class="lead">{t('agent.notifications.intro')}</p>
      <Card>
        <AgentShow loaded={list}>
          {(data) => (
            <Table<AgentNotification>
              caption={t('agent.nav.notifications')}
              rows={data.items}
              rowKey={(n) => n.id}
              empty={t('agent.notifications.none')}
              columns={[
                { label: t('agent.notifications.at'), cell: (n) => <When at={n.at} /> },
                { label: t('agent.notifications.kind'), cell: (n) => label('notification', n.kind) },
                { label: t('agent.notifications.client'), cell: (n) => n.client_id ?? '—' },
                { label: t('agent.notifications.detail'), cell: (n) => detailText(n.detail) || '—' },
              ]}
            />
          )}
        </AgentShow>
      </Card>
    </Page>
  );
}
