import { t } from '../app/i18n';
import { session, homeFor } from '../app/session';
import { Link, Page } from '../ui/components';

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
    </Page>
  );
}
