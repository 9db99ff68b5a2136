// On the staff client page: the client's services with a state change
// (POST /api/v1/services/{id}/state, a reason required; only the moves the
// lifecycle allows are offered), its invoices and its tickets.
import { useState } from 'preact/hooks';
import { api, encodePath } from '../app/api';
import { nextServiceStates, type InvoicePage, type Service, type Ticket } from '../app/billing';
import { t } from '../app/i18n';
import { Card, Link, Select } from '../ui/components';
import { billingLabel, BillingShow, InvoiceTable, ServiceTable, TicketTable } from '../ui/billing';
import { useApi } from '../ui/hooks';
import { ReasonAction } from './parts';
import type { Items } from './types';

function ChangeState(props: { services: Service[]; onDone: (service: Service) => void }) {
  const movable = props.services.filter((s) => nextServiceStates(s.state).length > 0);
  const [serviceId, setServiceId] = useState(movable[0]?.id ?? '');
  const service = movable.find((s) => s.id === serviceId) ?? movable[0];
  const targets = service ? nextServiceStates(service.state) : [];
  const [target, setTarget] = useState('');
  const to = targets.includes(target) ? target : (targets[0] ?? '');
  if (!service) return <p class="muted">{t('staff.services.nothingToChange')}</p>;
  const name = (s: Service) => `${s.description} × ${s.quantity} (${billingLabel('serviceState', s.state)})`;
  return (
    <div class="staff-action">
      <Select label={t('staff.services.service')} name="service_id" value={service.id} onValue={setServiceId} options={movable.map((s) => ({ value: s.id, label: name(s) }))} />
      <Select label={t('staff.services.to')} name="state" value={to} onValue={setTarget} options={targets.map((s) => ({ value: s, label: billingLabel('serviceState', s) }))} />
      <ReasonAction
        label={t('staff.services.change')}
        {...(to === 'cancelled' || to === 'suspended' ? { danger: true } : {})}
        question={(reason) =>
          t('staff.services.question', { service: service.description, from: billingLabel('serviceState', service.state), to: billingLabel('serviceState', to), reason })
        }
        send={(reason) => api.post<Service>(`/api/v1/services/${encodePath(service.id)}/state`, { state: to, reason })}
        onDone={props.onDone}
      />
    </div>
  );
}

export function StaffClientBilling(props: { clientId: string }) {
  const base = `/api/v1/clients/${encodePath(props.clientId)}`;
  const services = useApi<Items<Service>>(`${base}/services`);
  const invoices = useApi<InvoicePage>(`${base}/invoices?limit=50`);
  const tickets = useApi<Items<Ticket>>(`${base}/tickets`);
  const [changed, setChanged] = useState<Service | null>(null);
  return (
    <>
      <Card title={t('staff.services.title')}>
        {changed ? (
          <p class="notice good" role="status">
            {t('staff.services.changed', { service: changed.description, state: billingLabel('serviceState', changed.state) })}
          </p>
        ) : null}
        <BillingShow loaded={services}>
          {(data) => (
            <>
              <ServiceTable services={data.items} caption={t('staff.services.title')} />
              {data.items.length ? (
                <>
                  <h3>{t('staff.services.changeTitle')}</h3>
                  <ChangeState
                    key={data.items.map((s) => `${s.id}:${s.state}`).join(',')}
                    services={data.items}
                    onDone={(service) => {
                      setChanged(service);
                      services.reload();
                    }}
                  />
                </>
              ) : null}
            </>
          )}
        </BillingShow>
      </Card>
      <Card title={t('staff.clientBilling.invoices')}>
        <BillingShow loaded={invoices}>
          {(data) => <InvoiceTable invoices={data.items} caption={t('staff.clientBilling.invoices')} hrefFor={(i) => `/staff/invoices/${encodePath(i.id)}`} />}
        </BillingShow>
        <p>
          <Link href={`/staff/invoices?client_id=${encodeURIComponent(props.clientId)}`}>{t('staff.clientBilling.allInvoices')}</Link>
        </p>
      </Card>
      <Card title={t('staff.clientBilling.tickets')}>
        <BillingShow loaded={tickets}>
          {(data) => <TicketTable tickets={data.items} caption={t('staff.clientBilling.tickets')} hrefFor={(k) => `/staff/tickets/${encodePath(k.id)}`} />}
        </BillingShow>
      </Card>
    </>
  );
}
