// A small history router: paths are the panels' URLs (/agent/clients), the
// server answers every such path with index.html.
import { signal } from '@preact/signals';
import type { ComponentType } from 'preact';

export interface Location {
  path: string;
  search: URLSearchParams;
}

function current(): Location {
  return { path: window.location.pathname, search: new URLSearchParams(window.location.search) };
}

export const location = signal<Location>(typeof window === 'undefined' ? { path: '/', search: new URLSearchParams() } : current());

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  location.value = current();
  window.scrollTo(0, 0);
}

// Query parameters changed in place (filters, paging): no new history entry per keystroke.
export function setSearch(params: Record<string, string | null | undefined>): void {
  const search = new URLSearchParams(window.location.search);
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') search.delete(key);
    else search.set(key, value);
  }
  const text = search.toString();
  navigate(`${window.location.pathname}${text ? `?${text}` : ''}`, { replace: true });
}

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => {
    location.value = current();
  });
}

export interface RouteProps {
  params: Record<string, string>;
}

export interface Route {
  path: string; // "/agent/clients/:clientId"
  component: ComponentType<RouteProps>;
  titleKey: string;
}

// The params of `path` under `pattern`, or null when it does not match.
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const patternParts = pattern.split('/').filter(Boolean);
  const pathParts = path.replace(/\/+$/, '').split('/').filter(Boolean);
  if (patternParts.length !== pathParts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < patternParts.length; i += 1) {
    const want = patternParts[i] as string;
    const have = pathParts[i] as string;
    if (want.startsWith(':')) {
      try {
        params[want.slice(1)] = decodeURIComponent(have);
      } catch {
        return null;
      }
    } else if (want !== have) {
      return null;
    }
  }
  return params;
}

export function findRoute(routes: readonly Route[], path: string): { route: Route; params: Record<string, string> } | null {
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return null;
}
