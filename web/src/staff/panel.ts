// The staff back office: /staff/*.
import type { Panel } from '../app/panel';
import { StaffHome } from './home';

export const staffPanel: Panel = {
  prefix: '/staff',
  allows: (role, impersonating) => role === 'staff' && !impersonating,
  nav: [{ href: '/staff', labelKey: 'staff.nav.home' }],
  routes: [{ path: '/staff', component: StaffHome, titleKey: 'staff.nav.home' }],
};
