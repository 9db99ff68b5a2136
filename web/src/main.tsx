// Boot: read the session, then render the panel the URL names.
import { render } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { agentPanel } from './agent/panel';
import { clientPanel } from './client/panel';
import { applyLanguage, language, t } from './app/i18n';
import type { Panel } from './app/panel';
import { findRoute, location, navigate } from './app/router';
import { homeFor, loadSession, session } from './app/session';
import { publicRoutes } from './public/routes';
import { staffPanel } from './staff/panel';
import { Loading, Page } from './ui/components';
import { ImpersonationBanner, Shell } from './ui/shell';
import { useClientName } from './client/name';
import './styles.css';

const panels: Panel[] = [agentPanel, clientPanel, staffPanel];

function NotFound() {
  return (
    <Page title={t('common.notFound.title')}>
      <p>{t('common.notFound.body')}</p>
    </Page>
  );
}

function Redirect(props: { to: string }) {
  useEffect(() => navigate(props.to, { replace: true }), [props.to]);
  return <Loading />;
}

function ClientBanner() {
  const acting = session.value?.impersonation;
  const name = useClientName(acting?.client_id ?? null);
  return acting ? <ImpersonationBanner clientName={name ?? acting.client_id} /> : null;
}

// After an in-app navigation (not the first load), focus the new page's
// heading, so that a screen reader announces the page change and the keyboard
// starts from the top of the new page; <main> when the page has no heading yet.
function useFocusOnNavigation(path: string) {
  const previous = useRef(path);
  useEffect(() => {
    if (previous.current === path) return undefined;
    previous.current = path;
    const timer = window.setTimeout(() => {
      const target = document.getElementById('page-title') ?? document.getElementById('main');
      target?.focus({ preventScroll: true });
    }, 0);
    return () => window.clearTimeout(timer);
  }, [path]);
}

function App() {
  const { path } = location.value;
  const current = session.value;
  useFocusOnNavigation(path);
  if (current === undefined) return <Loading />;
  const panel = panels.find((p) => path === p.prefix || path.startsWith(`${p.prefix}/`)) ?? null;
  if (panel) {
    if (!current) return <Redirect to={`/signin?next=${encodeURIComponent(path + window.location.search)}`} />;
    if (!panel.allows(current.user.role, current.impersonating)) return <Redirect to={homeFor(current)} />;
    const found = findRoute(panel.routes, path);
    const banner = current.impersonating ? <ClientBanner /> : null;
    return (
      <Shell panel={panel} banner={banner}>
        {found ? <found.route.component params={found.params} /> : <NotFound />}
      </Shell>
    );
  }
  const found = findRoute(publicRoutes, path);
  return <Shell panel={null}>{found ? <found.route.component params={found.params} /> : <NotFound />}</Shell>;
}

applyLanguage(language.value);
const root = document.getElementById('app');
if (root) render(<App />, root);
void loadSession();
