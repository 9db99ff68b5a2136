import { t } from '../app/i18n';
import { session, homeFor } from '../app/session';
import { Card, Link, Page } from '../ui/components';

export function Landing() {
  const current = session.value;
  return (
    <Page title={t('public.landing.title')}>
      <p class="lead">{t('public.landing.lead')}</p>
      <div class="button-row">
        {current ? (
          <Link class="button" href={homeFor(current)}>
            {t('public.landing.openPanel')}
          </Link>
        ) : (
          <Link class="button" href="/signin">
            {t('common.signIn')}
          </Link>
        )}
      </div>
      <div class="grid three landing-cards">
        <Card title={t('public.landing.agentsTitle')}>
          <p>{t('public.landing.agents')}</p>
          <Link class="button secondary" href="/apply">
            {t('public.landing.apply')}
          </Link>
        </Card>
        <Card title={t('public.landing.businessTitle')}>
          <p>{t('public.landing.business')}</p>
          <Link class="button secondary" href="/signup">
            {t('public.landing.signup')}
          </Link>
        </Card>
        <Card title={t('public.landing.directoryTitle')}>
          <p>{t('public.landing.directory')}</p>
          <Link class="button secondary" href="/directory">
            {t('public.landing.openDirectory')}
          </Link>
        </Card>
      </div>
    </Page>
  );
}
