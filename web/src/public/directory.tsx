// The public agent directory (GET /api/v1/directory/agents): agents whose tier lists them.
import { useState } from 'preact/hooks';
import { t } from '../app/i18n';
import { Card, Empty, Page, Show, StatusBadge, TextField } from '../ui/components';
import { useApi } from '../ui/hooks';
import { filterDirectory, type DirectoryAgent } from './directory-logic';

export function Directory() {
  const loaded = useApi<{ items: DirectoryAgent[] }>('/api/v1/directory/agents');
  const [search, setSearch] = useState('');
  return (
    <Page title={t('public.directory.title')}>
      <p class="lead">{t('public.directory.lead')}</p>
      <Show loaded={loaded}>
        {(data) => {
          const shown = filterDirectory(data.items, search);
          return (
            <>
              {data.items.length > 0 ? (
                <div class="filters">
                  <TextField label={t('public.directory.search')} name="q" type="search" value={search} onValue={setSearch} />
                </div>
              ) : null}
              {shown.length === 0 ? (
                <Empty message={data.items.length === 0 ? t('public.directory.none') : t('public.directory.noMatch')} />
              ) : (
                <div class="grid two directory">
                  {shown.map((agent) => (
                    <Card key={agent.id} title={agent.name}>
                      <p>
                        <StatusBadge status={`tier-${agent.tier}`} label={t('public.directory.tier', { tier: agent.tier })} />{' '}
                        {agent.town ? <span class="muted">{agent.town}</span> : null}
                      </p>
                      <dl class="facts">
                        {agent.email ? (
                          <>
                            <dt>{t('public.field.email')}</dt>
                            <dd>
                              <a href={`mailto:${agent.email}`}>{agent.email}</a>
                            </dd>
                          </>
                        ) : null}
                        {agent.phone ? (
                          <>
                            <dt>{t('public.field.phone')}</dt>
                            <dd>
                              <a href={`tel:${agent.phone}`}>{agent.phone}</a>
                            </dd>
                          </>
                        ) : null}
                        {agent.website ? (
                          <>
                            <dt>{t('public.apply.website')}</dt>
                            <dd>
                              <a href={agent.website} rel="noopener noreferrer">
                                {agent.website}
                              </a>
                            </dd>
                          </>
                        ) : null}
                        <dt>{t('public.directory.certifications')}</dt>
                        <dd>{agent.certifications.length ? agent.certifications.join(', ') : '—'}</dd>
                      </dl>
                    </Card>
                  ))}
                </div>
              )}
            </>
          );
        }}
      </Show>
    </Page>
  );
}
