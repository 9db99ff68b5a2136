// The frame around every page: skip link, header with the panel's navigation,
// language switch and sign-out, the sign-in-as-client banner, and the page.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../app/api';
import { LANGUAGES, language, setLanguage, t, type Language } from '../app/i18n';
import type { Panel } from '../app/panel';
import { location, navigate } from '../app/router';
import { loadSession, session, signOut } from '../app/session';
import { Link } from './components';

export function LanguageSwitch() {
  return (
    <div class="language-switch" role="group" aria-label={t('common.language')}>
      {LANGUAGES.map((code: Language) => (
        <button
          key={code}
          type="button"
          class={`small ${language.value === code ? 'active' : 'secondary'}`}
          aria-pressed={language.value === code}
          lang={code}
          onClick={() => setLanguage(code)}
        >
          {code === 'en' ? 'English' : 'Kiswahili'}
        </button>
      ))}
    </div>
  );
}

// While an agent acts for a client: who, for whom, and the way back.
export function ImpersonationBanner(props: { clientName: string }) {
  const acting = session.value?.impersonation;
  const [ending, setEnding] = useState(false);
  if (!acting) return null;
  return (
    <div class="impersonation-banner" role="region" aria-label={t('common.impersonation.region')}>
      <span>
        {t('common.impersonation.banner', { client: props.clientName, agent: acting.agent_user_name })}
      </span>
      <button
        type="button"
        class="small"
        disabled={ending}
        onClick={async () => {
          if (ending) return;
          setEnding(true);
          const ended = await api.delete('/api/v1/impersonations/current');
          await loadSession();
          setEnding(false);
          if (ended.ok || session.value?.user.role === 'agent') navigate('/agent/clients');
        }}
      >
        {t('common.impersonation.end')}
      </button>
    </div>
  );
}

export function Shell(props: { panel: Panel | null; children: ComponentChildren; banner?: ComponentChildren }) {
  const [menuOpen, setMenuOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const current = session.value;
  const path = location.value.path;
  // The phone menu closes on any page change (a link, Back, a redirect).
  useEffect(() => setMenuOpen(false), [path]);
  return (
    <>
      <a class="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      {props.banner}
      <header class="top">
        <div class="top-row">
          <Link class="brand" href={props.panel ? props.panel.prefix : '/'}>
            <img src="/favicon.svg" alt="" width={28} height={28} />
            <span>{t('common.brand')}</span>
          </Link>
          <div class="top-tools">
            <LanguageSwitch />
            {current ? (
              <button
                type="button"
                class="secondary small"
                onClick={async () => {
                  await signOut();
                  navigate('/signin');
                }}
              >
                {t('common.signOut')}
              </button>
            ) : (
              <Link class="button small" href="/signin">
                {t('common.signIn')}
              </Link>
            )}
          </div>
          {/* Last in the row, so that the menu it opens is next in the tab order. */}
          {props.panel ? (
            <button
              ref={toggle}
              type="button"
              class="menu-toggle secondary small"
              aria-expanded={menuOpen}
              aria-controls="panel-nav"
              onClick={() => setMenuOpen(!menuOpen)}
            >
              {t('common.menu')}
            </button>
          ) : null}
        </div>
        {props.panel ? (
          <nav
            id="panel-nav"
            class={`panel-nav ${menuOpen ? 'open' : ''}`}
            aria-label={t('common.navigation')}
            onKeyDown={(e) => {
              // Esc closes the open phone menu and gives focus back to its button.
              if (e.key === 'Escape' && menuOpen) {
                setMenuOpen(false);
                toggle.current?.focus();
              }
            }}
          >
            <ul>
              {props.panel.nav.map((item) => {
                const active = item.href === props.panel?.prefix ? path === item.href : path === item.href || path.startsWith(`${item.href}/`);
                return (
                  <li key={item.href}>
                    <Link href={item.href} aria-current={active ? 'page' : undefined} onClick={() => setMenuOpen(false)}>
                      {t(item.labelKey)}
                      {item.coming ? <span class="badge coming">{t('common.comingBadge')}</span> : null}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
        ) : null}
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
      <footer class="bottom">
        <span>{t('common.footer')}</span>
        {current ? <span>{t('common.signedInAs', { name: current.user.display_name || current.user.email })}</span> : null}
      </footer>
    </>
  );
}
