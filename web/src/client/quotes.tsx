// The client's quotes from its service manager (GET /api/v1/clients/{id}/quotes:
// sent ones and their outcomes, never drafts) and one quote (GET
// /api/v1/quotes/{id}) with Accept (confirmed: POST …/accept places the order
// at the quoted prices and issues its invoice, which the page then links) and
// Decline (an optional reason, confirmed). An agent signed in as the client
// sees the same; what its grant does not allow the server refuses, and the
// page says so in the server's words.
import { useState } from 'preact/hooks';
import { api, encodePath } from '../app/api';
import { t } from '../app/i18n';
import { decidable, type AcceptedQuote, type Quote, type QuoteList } from '../app/quotes';
import type { RouteProps } from '../app/router';
import { session } from '../app/session';
import { Card, ConfirmButton, Empty, Link, Page } from '../ui/components';
import { BillingProblem, BillingShow } from '../ui/billing';
import { useAction, useApi } from '../ui/hooks';
import { acceptQuestion, DeclineQuote, QuoteDecision, QuoteDocument, QuoteTable } from '../ui/quotes';
import { currentClientId } from './home';
import { clientPath } from './services';

function quoteHref(quote: Pick<Quote, 'id'>): string {
  return `/client/quotes/${encodePath(quote.id ?? '')}`;
}

export function ClientQuotes() {
  const clientId = currentClientId();
  const loaded = useApi<QuoteList>(clientId ? clientPath(clientId, 'quotes') : null);
  return (
    <Page title={t('client.quotes.title')}>
      <p class="lead">{t('client.quotes.lead')}</p>
      {clientId ? (
        <Card>
          <BillingShow loaded={loaded}>
            {(data) => <QuoteTable quotes={data.items} caption={t('client.quotes.title')} hrefFor={quoteHref} empty={t('client.quotes.none')} />}
          </BillingShow>
        </Card>
      ) : (
        <Empty message={t('client.home.noClient')} />
      )}
    </Page>
  );
}

function invoiceHref(invoiceId: string): string {
  return `/client/invoices/${encodePath(invoiceId)}`;
}

export function ClientQuote(props: RouteProps) {
  const id = props.params.id ?? '';
  const loaded = useApi<Quote>(`/api/v1/quotes/${encodePath(id)}`);
  const [accepted, setAccepted] = useState<AcceptedQuote | null>(null);
  const [declined, setDeclined] = useState<Quote | null>(null);
  const accept = useAction();
  const acting = Boolean(session.value?.impersonating);
  const original = loaded.state === 'ready' ? loaded.data : null;
  const decided = accepted?.quote ?? declined;
  const quote = original && decided ? { ...decided, agent_name: decided.agent_name ?? original.agent_name } : original;
  const path = `/api/v1/quotes/${encodePath(id)}`;
  return (
    <Page title={quote ? t('client.quote.title', { number: quote.number }) : t('client.quote.loadingTitle')} actions={<Link href="/client/quotes">{t('client.quote.back')}</Link>}>
      <BillingShow loaded={loaded}>
        {() =>
          quote ? (
            <>
              {accepted ? (
                <div class="notice good" role="status">
                  <p>{t('client.quote.acceptedNow', { number: quote.number, invoice: accepted.invoice_number })}</p>
                  <p>
                    <Link href={invoiceHref(accepted.invoice_id)}>{t('client.quote.seeInvoice', { invoice: accepted.invoice_number })}</Link>
                  </p>
                </div>
              ) : declined ? (
                <p class="notice" role="status">
                  {t('client.quote.declinedNow', { number: quote.number })}
                </p>
              ) : null}
              {accepted ? null : <QuoteDecision quote={quote}>{quote.status === 'accepted' ? <p><Link href="/client/invoices">{t('client.quote.invoices')}</Link></p> : null}</QuoteDecision>}
              <QuoteDocument quote={quote} />
              {decidable(quote.status) && !decided ? (
                <div class="grid two no-print">
                  <Card title={t('client.quote.acceptTitle')}>
                    <p class="muted">{acting ? t('client.quote.acceptAsAgent') : t('client.quote.acceptLead')}</p>
                    <div class="button-row">
                      <ConfirmButton
                        label={accept.busy ? t('common.working') : t('client.quote.accept')}
                        question={acceptQuestion(quote)}
                        confirmLabel={t('client.quote.accept')}
                        busy={accept.busy}
                        onConfirm={() => accept.run(() => api.post<AcceptedQuote>(`${path}/accept`), setAccepted)}
                      />
                    </div>
                    <BillingProblem problem={accept.problem} />
                  </Card>
                  <Card title={t('client.quote.declineTitle')}>
                    <DeclineQuote quote={quote} send={(reason) => api.post<Quote>(`${path}/decline`, reason ? { reason } : {})} onDone={setDeclined} />
                  </Card>
                </div>
              ) : null}
            </>
          ) : null
        }
      </BillingShow>
    </Page>
  );
}
