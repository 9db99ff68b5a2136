// The agent control panel: /agent/*.
import type { Panel } from '../app/panel';
import { AgentDashboard } from './dashboard';

export const agentPanel: Panel = {
  prefix: '/agent',
  allows: (role, impersonating) => role === 'agent' && !impersonating,
  nav: [{ href: '/agent', labelKey: 'agent.nav.dashboard' }],
  routes: [{ path: '/agent', component: AgentDashboard, titleKey: 'agent.nav.dashboard' }],
};
