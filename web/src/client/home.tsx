import { t } from '../app/i18n';
import { Page } from '../ui/components';

export function ClientHome() {
  return <Page title={t('client.nav.home')}>{null}</Page>;
}
