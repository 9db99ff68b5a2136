import { t } from '../app/i18n';
import { Page } from '../ui/components';

export function StaffHome() {
  return <Page title={t('staff.nav.home')}>{null}</Page>;
}
