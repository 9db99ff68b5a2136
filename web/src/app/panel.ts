// A panel: its URL prefix, who may open it, its navigation and its pages.
import type { Role } from './session';
import type { Route } from './router';

export interface NavItem {
  href: string;
  labelKey: string;
  coming?: boolean; // a place kept for a later release, shown as "coming"
}

export interface Panel {
  prefix: string;
  // Who may open it; 'impersonating' is an agent signed in as a client.
  allows: (role: Role, impersonating: boolean) => boolean;
  nav: NavItem[];
  routes: Route[];
}
