// The catalogue: every product (staff also see those withdrawn from sale),
// a new product (POST /api/v1/products), one product with its price history,
// a price from a date (POST …/prices: never in the past) and withdrawing it
// from sale or putting it back (PATCH {active}).
import { useState } from 'preact/hooks';
import { api, encodePath, type Problem } from '../app/api';
import { CATEGORIES, CYCLES, effectiveFrom, parseVatPercent, priceAt, vatPercent, type Product } from '../app/billing';
import { parseMoneyInput } from '../app/format';
import { money, t } from '../app/i18n';
import type { RouteProps } from '../app/router';
import { Card, Form, Link, Money, Page, Select, Table, TextArea, TextField, When } from '../ui/components';
import { billingLabel, BillingShow, StateBadge } from '../ui/billing';
import { useAction, useApi } from '../ui/hooks';
import { ConfirmAction } from './parts';
import type { Items } from './types';

function checkProblem(errors: { field: string; reason: string }[]): Problem | null {
  return errors.length ? { type: '/problems/validation', title: t('staff.common.checkFields'), status: 422, detail: '', errors } : null;
}

function OnSale(props: { active: boolean }) {
  return props.active ? <StateBadge status="active" label={t('staff.catalogue.onSale')} /> : <StateBadge status="withdrawn" label={t('staff.catalogue.withdrawn')} />;
}

const blank = { name: '', description: '', category: 'managed_subscription', cycle: 'monthly', vat: '16', price: '', setupFee: '' };

function NewProduct(props: { onDone: (product: Product) => void }) {
  const [form, setForm] = useState(blank);
  const [local, setLocal] = useState<Problem | null>(null);
  const action = useAction();
  const problem = local ?? action.problem;
  const set = (field: keyof typeof blank) => (value: string) => {
    setLocal(null);
    setForm({ ...form, [field]: value });
  };
  return (
    <Form
      busy={action.busy}
      problem={problem}
      submitLabel={t('staff.catalogue.create')}
      onSubmit={() => {
        const price = parseMoneyInput(form.price);
        const setupFee = form.setupFee.trim() === '' ? '0.00' : parseMoneyInput(form.setupFee);
        const vat = parseVatPercent(form.vat);
        const refused = checkProblem([
          ...(form.name.trim() ? [] : [{ field: 'name', reason: t('staff.catalogue.nameRequired') }]),
          ...(price === null ? [{ field: 'price', reason: t('staff.catalogue.moneyInvalid') }] : []),
          ...(setupFee === null ? [{ field: 'setup_fee', reason: t('staff.catalogue.moneyInvalid') }] : []),
          ...(vat === null ? [{ field: 'vat_bp', reason: t('staff.catalogue.vatInvalid') }] : []),
        ]);
        if (refused) {
          setLocal(refused);
          return;
        }
        void action.run(
          () =>
            api.post<Product>('/api/v1/products', {
              name: form.name.trim(),
              description: form.description.trim(),
              category: form.category,
              cycle: form.cycle,
              vat_bp: vat,
              price,
              setup_fee: setupFee,
            }),
          (product) => {
            setForm(blank);
            props.onDone(product);
          },
        );
      }}
    >
      <TextField label={t('staff.catalogue.name')} name="name" value={form.name} onValue={set('name')} problem={problem} maxLength={200} autoComplete="off" />
      <TextArea label={t('staff.catalogue.description')} name="description" value={form.description} onValue={set('description')} problem={problem} rows={2} />
      <Select label={t('staff.catalogue.category')} name="category" value={form.category} onValue={set('category')} problem={problem} options={CATEGORIES.map((c) => ({ value: c, label: billingLabel('category', c) }))} />
      <Select label={t('staff.catalogue.cycle')} name="cycle" value={form.cycle} onValue={set('cycle')} problem={problem} options={CYCLES.map((c) => ({ value: c, label: billingLabel('cycle', c) }))} />
      <TextField label={t('staff.catalogue.vat')} name="vat_bp" value={form.vat} onValue={set('vat')} problem={problem} inputMode="decimal" hint={t('staff.catalogue.vatHint')} autoComplete="off" />
      <TextField label={t('staff.catalogue.price')} name="price" value={form.price} onValue={set('price')} problem={problem} inputMode="decimal" hint={t('staff.catalogue.priceHint')} autoComplete="off" />
      <TextField label={t('staff.catalogue.setupFee')} name="setup_fee" value={form.setupFee} onValue={set('setupFee')} problem={problem} inputMode="decimal" hint={t('staff.catalogue.setupFeeHint')} autoComplete="off" />
    </Form>
  );
}

export function StaffCatalogue() {
  const loaded = useApi<Items<Product>>('/api/v1/products');
  const [created, setCreated] = useState<Product | null>(null);
  return (
    <Page title={t('staff.catalogue.title')}>
      <p class="muted">{t('staff.catalogue.lead')}</p>
      {created ? (
        <p class="notice good" role="status">
          {t('staff.catalogue.created', { name: created.name })} <Link href={`/staff/products/${encodePath(created.id)}`}>{t('staff.catalogue.openIt')}</Link>
        </p>
      ) : null}
      <Card>
        <BillingShow loaded={loaded}>
          {(data) => (
            <Table
              caption={t('staff.catalogue.title')}
              rows={data.items}
              rowKey={(p) => p.id}
              empty={t('staff.catalogue.empty')}
              columns={[
                { label: t('staff.catalogue.name'), cell: (p) => <><Link href={`/staff/products/${encodePath(p.id)}`}>{p.name}</Link><br /><code class="muted">{p.id}</code></> },
                { label: t('staff.catalogue.category'), cell: (p) => billingLabel('category', p.category) },
                { label: t('staff.catalogue.cycle'), cell: (p) => billingLabel('cycle', p.cycle) },
                { label: t('staff.catalogue.vatShort'), class: 'num', cell: (p) => `${vatPercent(p.vat_bp)}%` },
                { label: t('staff.catalogue.priceShort'), class: 'num', cell: (p) => (p.price ? <Money amount={p.price} /> : '—') },
                { label: t('staff.catalogue.setupFeeShort'), class: 'num', cell: (p) => (p.setup_fee ? <Money amount={p.setup_fee} /> : '—') },
                { label: t('staff.common.status'), cell: (p) => <OnSale active={p.active} /> },
              ]}
            />
          )}
        </BillingShow>
      </Card>
      <Card title={t('staff.catalogue.newTitle')}>
        <NewProduct
          onDone={(product) => {
            setCreated(product);
            loaded.reload();
          }}
        />
      </Card>
    </Page>
  );
}

function NewPrice(props: { product: Product; onDone: (product: Product) => void }) {
  const [price, setPrice] = useState('');
  const [setupFee, setSetupFee] = useState('');
  const [from, setFrom] = useState('');
  const [local, setLocal] = useState<Problem | null>(null);
  const [done, setDone] = useState(false);
  const action = useAction();
  const problem = local ?? action.problem;
  return (
    <Form
      busy={action.busy}
      problem={problem}
      submitLabel={t('staff.product.changePrice')}
      onSubmit={() => {
        setDone(false);
        const parsed = parseMoneyInput(price);
        const setup = setupFee.trim() === '' ? '0.00' : parseMoneyInput(setupFee);
        const at = effectiveFrom(from);
        const refused = checkProblem([
          ...(parsed === null ? [{ field: 'price', reason: t('staff.catalogue.moneyInvalid') }] : []),
          ...(setup === null ? [{ field: 'setup_fee', reason: t('staff.catalogue.moneyInvalid') }] : []),
          ...(at === undefined ? [{ field: 'effective_from', reason: t('staff.product.dateInvalid') }] : []),
        ]);
        if (refused) {
          setLocal(refused);
          return;
        }
        void action.run(
          () => api.post<Product>(`/api/v1/products/${encodePath(props.product.id)}/prices`, { price: parsed, setup_fee: setup, ...(at ? { effective_from: at } : {}) }),
          (product) => {
            setPrice('');
            setSetupFee('');
            setFrom('');
            setDone(true);
            props.onDone(product);
          },
        );
      }}
    >
      <TextField label={t('staff.catalogue.price')} name="price" value={price} onValue={(v) => { setPrice(v); setLocal(null); }} problem={problem} inputMode="decimal" autoComplete="off" />
      <TextField label={t('staff.catalogue.setupFee')} name="setup_fee" value={setupFee} onValue={(v) => { setSetupFee(v); setLocal(null); }} problem={problem} inputMode="decimal" hint={t('staff.catalogue.setupFeeHint')} autoComplete="off" />
      <TextField label={t('staff.product.from')} name="effective_from" type="date" value={from} onValue={(v) => { setFrom(v); setLocal(null); }} problem={problem} hint={t('staff.product.fromHint')} />
      {done ? <p class="notice good" role="status">{t('staff.product.priceAdded')}</p> : null}
    </Form>
  );
}

export function StaffProduct(props: RouteProps) {
  const id = props.params.id ?? '';
  const loaded = useApi<Product>(`/api/v1/products/${encodePath(id)}`);
  const [changed, setChanged] = useState<Product | null>(null);
  const product = changed?.id === id ? changed : loaded.state === 'ready' ? loaded.data : null;
  return (
    <Page title={product?.name ?? t('staff.product.title')} actions={<Link href="/staff/products">{t('staff.product.back')}</Link>}>
      <BillingShow loaded={loaded}>
        {() => {
          if (!product) return null;
          const now = new Date();
          const inForce = priceAt(product.prices, now);
          return (
            <>
              <Card title={t('staff.product.details')}>
                <dl class="facts">
                  <dt>{t('staff.product.id')}</dt>
                  <dd><code>{product.id}</code></dd>
                  <dt>{t('staff.catalogue.category')}</dt>
                  <dd>{billingLabel('category', product.category)}</dd>
                  <dt>{t('staff.catalogue.cycle')}</dt>
                  <dd>{billingLabel('cycle', product.cycle)}</dd>
                  <dt>{t('staff.catalogue.vatShort')}</dt>
                  <dd>{vatPercent(product.vat_bp)}%</dd>
                  <dt>{t('staff.catalogue.priceShort')}</dt>
                  <dd>{product.price ? <><Money amount={product.price} /> {billingLabel('per', product.cycle)}</> : '—'}</dd>
                  <dt>{t('staff.catalogue.setupFeeShort')}</dt>
                  <dd>{product.setup_fee ? <Money amount={product.setup_fee} /> : '—'}</dd>
                  <dt>{t('staff.common.status')}</dt>
                  <dd><OnSale active={product.active} /></dd>
                  <dt>{t('staff.product.created')}</dt>
                  <dd><When at={product.created_at} /></dd>
                </dl>
                {product.description ? <p>{product.description}</p> : null}
              </Card>
              <Card title={t('staff.product.prices')}>
                <Table
                  caption={t('staff.product.prices')}
                  rows={[...product.prices].reverse()}
                  rowKey={(p) => p.effective_from}
                  columns={[
                    { label: t('staff.product.from'), cell: (p) => <When at={p.effective_from} /> },
                    { label: t('staff.catalogue.priceShort'), class: 'num', cell: (p) => <Money amount={p.price} /> },
                    { label: t('staff.catalogue.setupFeeShort'), class: 'num', cell: (p) => <Money amount={p.setup_fee} /> },
                    {
                      label: t('staff.common.status'),
                      cell: (p) =>
                        p === inForce ? (
                          <StateBadge status="active" label={t('staff.product.inForce')} />
                        ) : new Date(p.effective_from) > now ? (
                          <StateBadge status="pending" label={t('staff.product.upcoming')} />
                        ) : (
                          <span class="muted">{t('staff.product.past')}</span>
                        ),
                    },
                  ]}
                />
              </Card>
              <div class="grid two">
                <Card title={t('staff.product.newPrice')}>
                  <p class="muted">{t('staff.product.newPriceLead')}</p>
                  <NewPrice product={product} onDone={setChanged} />
                </Card>
                <Card title={product.active ? t('staff.product.withdrawTitle') : t('staff.product.restoreTitle')}>
                  <p class="muted">{product.active ? t('staff.product.withdrawLead') : t('staff.product.restoreLead')}</p>
                  <ConfirmAction
                    label={product.active ? t('staff.product.withdraw') : t('staff.product.restore')}
                    {...(product.active ? { danger: true } : {})}
                    question={product.active ? t('staff.product.withdrawQuestion', { name: product.name }) : t('staff.product.restoreQuestion', { name: product.name, price: money(product.price ?? '') })}
                    send={() => api.patch<Product>(`/api/v1/products/${encodePath(product.id)}`, { active: !product.active })}
                    onDone={setChanged}
                  />
                </Card>
              </div>
            </>
          );
        }}
      </BillingShow>
    </Page>
  );
}
