// The client's services (GET /api/v1/clients/{id}/services: state and next
// due date) and ordering from the catalogue (GET /api/v1/products, POST
// /api/v1/clients/{id}/orders): quantities, a preview with each line's VAT
// worked out as the server will, then the invoice the order issued.
import { useState } from 'preact/hooks';
import { api, encodePath, type Problem } from '../app/api';
import { orderLines, orderPreview, parseQuantity, vatPercent, type PlacedOrder, type Product, type Service } from '../app/billing';
import { money, t } from '../app/i18n';
import { navigate } from '../app/router';
import { session } from '../app/session';
import { Card, ConfirmButton, Empty, Link, Money, Page, Table, TextField } from '../ui/components';
import { billingLabel, BillingProblem, BillingShow, ServiceTable } from '../ui/billing';
import { useAction, useApi } from '../ui/hooks';
import { currentClientId } from './home';

interface Items<T> {
  items: T[];
}

export function clientPath(clientId: string, rest: string): string {
  return `/api/v1/clients/${encodePath(clientId)}/${rest}`;
}

export function ClientServices() {
  const clientId = currentClientId();
  const loaded = useApi<Items<Service>>(clientId ? clientPath(clientId, 'services') : null);
  return (
    <Page title={t('client.services.title')} actions={<Link class="button small" href="/client/orders">{t('client.services.order')}</Link>}>
      <p class="lead">{t('client.services.lead')}</p>
      {clientId ? (
        <Card>
          <BillingShow loaded={loaded}>{(data) => <ServiceTable services={data.items} caption={t('client.services.title')} empty={t('client.services.none')} />}</BillingShow>
        </Card>
      ) : (
        <Empty message={t('client.home.noClient')} />
      )}
    </Page>
  );
}

function quantityField(productId: string): string {
  return `quantity-${productId}`;
}

function ProductChoice(props: { product: Product; value: string; onValue: (v: string) => void; problem: Problem | null }) {
  const p = props.product;
  const hasSetup = p.setup_fee !== null && p.setup_fee !== '0.00';
  return (
    <li class="card product-choice">
      <h3>{p.name}</h3>
      {p.description ? <p>{p.description}</p> : null}
      <p class="muted">
        {billingLabel('category', p.category)} · {billingLabel('cycle', p.cycle)} · {t('client.order.vatRate', { rate: vatPercent(p.vat_bp) })}
      </p>
      <p class="product-price">
        <strong>
          <Money amount={p.price} />
        </strong>{' '}
        {billingLabel('per', p.cycle)}
        {hasSetup ? (
          <>
            {' '}
            · {t('client.order.setupFee')} <Money amount={p.setup_fee} />
          </>
        ) : null}
        <span class="muted"> {t('client.order.netOfVat')}</span>
      </p>
      <TextField
        label={t('client.order.quantityOf', { product: p.name })}
        name={quantityField(p.id)}
        value={props.value}
        onValue={props.onValue}
        problem={props.problem}
        inputMode="numeric"
        autoComplete="off"
        hint={t('client.order.quantityHint')}
      />
    </li>
  );
}

function localProblem(errors: { field: string; reason: string }[]): Problem {
  return { type: '/problems/validation', title: t('client.order.checkTitle'), status: 422, detail: '', errors };
}

function OrderForm(props: { clientId: string; products: Product[] }) {
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [local, setLocal] = useState<Problem | null>(null);
  const action = useAction();
  const onSale = props.products.filter((p) => p.active && p.price !== null);
  const quantities: Record<string, number> = {};
  const errors: { field: string; reason: string }[] = [];
  for (const p of onSale) {
    const q = parseQuantity(typed[p.id] ?? '');
    if (q === null) errors.push({ field: quantityField(p.id), reason: t('client.order.quantityInvalid') });
    else quantities[p.id] = q;
  }
  const preview = orderPreview(onSale, quantities);
  const lines = orderLines(onSale, quantities);
  const typing = errors.length ? localProblem(errors) : null;
  const problem = local ?? typing;
  if (onSale.length === 0) return <Empty message={t('client.order.noProducts')} />;
  return (
    <>
      <ul class="product-list">
        {onSale.map((p) => (
          <ProductChoice
            key={p.id}
            product={p}
            value={typed[p.id] ?? ''}
            onValue={(v) => {
              setLocal(null);
              action.clear();
              setTyped({ ...typed, [p.id]: v });
            }}
            problem={problem}
          />
        ))}
      </ul>
      <Card title={t('client.order.preview')} class="order-preview">
        {preview.lines.length === 0 ? (
          <p class="muted">{t('client.order.pickOne')}</p>
        ) : (
          <>
            <Table
              caption={t('client.order.preview')}
              rows={preview.lines}
              rowKey={(l) => l.key}
              columns={[
                { label: t('billing.invoice.description'), cell: (l) => (l.setup ? t('client.order.setupLine', { product: l.description }) : l.description) },
                { label: t('billing.invoice.quantity'), class: 'num', cell: (l) => l.quantity },
                { label: t('billing.invoice.unitPrice'), class: 'num', cell: (l) => <Money amount={l.unitPrice} /> },
                { label: t('billing.invoice.net'), class: 'num', cell: (l) => <Money amount={l.net} /> },
                { label: t('billing.invoice.vat'), class: 'num', cell: (l) => <Money amount={l.vat} /> },
                { label: t('billing.invoice.gross'), class: 'num', cell: (l) => <Money amount={l.gross} /> },
              ]}
            />
            <dl class="figures" aria-live="polite">
              <div>
                <dt>{t('billing.invoice.netTotal')}</dt>
                <dd><Money amount={preview.net} /></dd>
              </div>
              <div>
                <dt>{t('billing.invoice.vatTotal')}</dt>
                <dd><Money amount={preview.vat} /></dd>
              </div>
              <div>
                <dt>{t('billing.invoice.grandTotal')}</dt>
                <dd data-testid="order-total"><Money amount={preview.total} /></dd>
              </div>
            </dl>
            <p class="muted">{t('client.order.renewalNote')}</p>
          </>
        )}
        <div class="button-row">
          {lines.length === 0 || typing ? (
            <button
              type="button"
              onClick={() => setLocal(typing ?? localProblem([{ field: 'lines', reason: t('client.order.pickOne') }]))}
            >
              {t('client.order.place')}
            </button>
          ) : (
            <ConfirmButton
              label={action.busy ? t('common.working') : t('client.order.place')}
              question={t('client.order.question', { count: lines.length, total: money(preview.total) })}
              confirmLabel={t('client.order.place')}
              busy={action.busy}
              onConfirm={() =>
                action.run(
                  () => api.post<PlacedOrder>(clientPath(props.clientId, 'orders'), { lines }),
                  (placed) => navigate(`/client/invoices/${encodePath(placed.invoice.id)}?ordered=1`),
                )
              }
            />
          )}
        </div>
        {local && local.errors?.some((e) => e.field === 'lines') ? <p class="error-text" role="alert">{t('client.order.pickOne')}</p> : null}
        <BillingProblem problem={action.problem} />
      </Card>
    </>
  );
}

export function ClientOrder() {
  const clientId = currentClientId();
  const products = useApi<Items<Product>>('/api/v1/products');
  const acting = session.value?.impersonating;
  return (
    <Page title={t('client.order.title')}>
      <p class="lead">{t('client.order.lead')}</p>
      {acting ? <p class="notice">{t('client.order.asAgent')}</p> : null}
      {clientId ? <BillingShow loaded={products}>{(data) => <OrderForm clientId={clientId} products={data.items} />}</BillingShow> : <Empty message={t('client.home.noClient')} />}
    </Page>
  );
}
