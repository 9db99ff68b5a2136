// The client area: /client/*. An agent signed in as the client sees it too, under a banner.
import type { Panel } from '../app/panel';
import { ClientHome } from './home';

export const clientPanel: Panel = {
  prefix: '/client',
  allows: (role, impersonating) => role === 'client' || impersonating,
  nav: [{ href: '/client', labelKey: 'client.nav.home' }],
  routes: [{ path: '/client', component: ClientHome, titleKey: 'client.nav.home' }],
};
