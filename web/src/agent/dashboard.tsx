import { t } from '../app/i18n';
import { Page } from '../ui/components';

export function AgentDashboard() {
  return <Page title={t('agent.nav.dashboard')}>{null}</Page>;
}
