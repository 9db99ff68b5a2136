// /agent/referrals: the referral link and the service-manager link with copy
// buttons, the banners with their HTML, and what the link brought in.
import { t } from '../app/i18n';
import { Card, CopyButton, Page } from '../ui/components';
import { useApi } from '../ui/hooks';
import { agentPath, AgentShow } from './common';
import type { Banners, LinkFigures, ReferralStats } from './types';

const FIGURES: (keyof LinkFigures)[] = ['clicks', 'signups', 'clicks_logged', 'self_referral_flags'];

function CopyRow(props: { label: string; text: string; id: string }) {
  return (
    <div class="agent-copy">
      <h3 id={props.id}>{props.label}</h3>
      <pre class="snippet">{props.text}</pre>
      <CopyButton text={props.text} label={t('agent.referrals.copyNamed', { what: props.label })} />
    </div>
  );
}

function Figures(props: { title: string; figures: LinkFigures }) {
  return (
    <div>
      <h3>{props.title}</h3>
      <dl class="figures">
        {FIGURES.map((f) => (
          <div key={f}>
            <dt>{t(`agent.referrals.figure.${f}`)}</dt>
            <dd>{props.figures[f]}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

// The preview image from this site (the page's CSP allows only 'self'),
// whatever public address the server writes into the banner's HTML.
function sameOrigin(url: string): string {
  try {
    const parsed = new URL(url, window.location.origin);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}

export function AgentReferrals() {
  const banners = useApi<Banners>(agentPath('banners'));
  const stats = useApi<ReferralStats>(agentPath('referral-stats'));
  return (
    <Page title={t('agent.nav.referrals')}>
      <AgentShow loaded={banners}>
        {(b) => {
          const manager = `${window.location.origin}/service-manager?agent=${encodeURIComponent(b.referral_id)}`;
          return (
            <>
              <Card title={t('agent.referrals.links')}>
                <CopyRow id="referral-link" label={t('agent.referrals.referralLink')} text={b.link} />
                <p class="muted">{t('agent.referrals.referralHint')}</p>
                <CopyRow id="manager-link" label={t('agent.referrals.managerLink')} text={manager} />
                <p class="muted">{t('agent.referrals.managerHint')}</p>
              </Card>
              <Card title={t('agent.referrals.figures')}>
                <AgentShow loaded={stats}>
                  {(s) => (
                    <div class="grid two agent-fit">
                      <Figures title={t('agent.referrals.last30')} figures={s.last_30_days} />
                      <Figures title={t('agent.referrals.allTime')} figures={s.all_time} />
                    </div>
                  )}
                </AgentShow>
              </Card>
              <Card title={t('agent.referrals.banners')}>
                <p class="muted">{t('agent.referrals.bannersHint')}</p>
                {b.items.map((banner) => (
                  <div key={banner.size} class="agent-banner">
                    <h3>{t('agent.referrals.bannerSize', { size: banner.size })}</h3>
                    <img src={sameOrigin(banner.image_url)} alt={t('agent.referrals.bannerAlt', { size: banner.size })} style={{ maxWidth: '100%', height: 'auto' }} />
                    <pre class="snippet">{banner.html}</pre>
                    <CopyButton text={banner.html} label={t('agent.referrals.copyHtml', { size: banner.size })} />
                  </div>
                ))}
              </Card>
            </>
          );
        }}
      </AgentShow>
    </Page>
  );
}
