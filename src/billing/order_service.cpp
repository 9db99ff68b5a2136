#include "billing/order_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>

#include "agents/audit.hpp"
#include "clients/agent_notices.hpp"
#include "core/calendar.hpp"
#include "core/field_checks.hpp"
#include "core/secure_random.hpp"

namespace wakala::billing {

namespace json = boost::json;
using accounts::Principal;
using accounts::Role;
using agents::AuditOf;

namespace {

Error NoService(const std::string& id) {
  return Error::NotFound("no service " + id);
}

std::optional<std::string> AgentOfClient(Journal& journal, const std::string& client) {
  std::optional<std::string> agent;
  journal.Read([&](const engine::Engine& engine) { agent = engine.AgentOf(client); });
  return agent;
}

}  // namespace

Result<void> NotifyAgent(Stores& stores, const std::optional<std::string>& agent, const std::string& client,
                         const std::string& kind, const std::string& event_id, const std::string& detail_json,
                         Timestamp at, const std::string& public_url) {
  if (!agent) return {};
  const auto preferences = stores.clients.Preferences(*agent, client);
  const bool wanted = kind == "service_state_changed" ? preferences.service_changes
                      : kind == "invoice_overdue"     ? preferences.invoice_overdue
                      : kind == "invoice_paid"        ? preferences.invoice_paid
                      : kind == "invoice_issued"      ? preferences.invoice_issued
                                                      : preferences.ticket_opened;
  if (!wanted) return {};
  return clients::TellAgent(
      stores,
      clients::AgentNotification{"ntf-" + kind + "-" + event_id, *agent, client, kind, detail_json, at, at},
      public_url);
}

std::string InvoiceNotice(const Invoice& invoice) {
  return json::serialize(json::object{{"invoice", invoice.number},
                                      {"total", TotalsOf(invoice.lines).gross.ToString()},
                                      {"due", FormatEat(invoice.due_at)}});
}

Result<void> EmailClient(Stores& stores, const std::string& client, const std::string& template_name,
                         notify::Params params, const std::string& public_url, const std::string& path,
                         Timestamp at) {
  params["link"] = public_url + path;
  const auto users = stores.accounts.ListUsers(std::nullopt, client);
  // The account's billing address if it has one (read in the language of its
  // user, or of the account's first user), else each of its active users.
  std::vector<std::pair<std::string, std::string>> recipients;  // address, language
  if (const auto record = stores.clients.FindClient(client); record && !record->email.empty()) {
    std::string language = users.empty() ? "en" : users.front().language;
    for (const auto& user : users) {
      if (user.email == record->email) language = user.language;
    }
    recipients.emplace_back(record->email, language);
  } else {
    for (const auto& user : users) {
      if (user.active) recipients.emplace_back(user.email, user.language);
    }
  }
  for (const auto& [recipient, language] : recipients) {
    auto email = notify::Compose(template_name, language, params);
    if (!email) return Fail(email.error());
    stores.agents.QueueEmail(agents::OutboundEmail::To(recipient, std::move(*email), at));
  }
  return {};
}

void StartPaidServices(Stores& stores, const Invoice& invoice, Timestamp paid_at) {
  const auto paid_day = EatDate(paid_at);
  if (invoice.order) {
    for (auto service : stores.billing.ServicesOfOrder(*invoice.order)) {
      if (service.state != ServiceState::kPending) continue;
      service.state = ServiceState::kActive;
      service.activated_at = paid_at;
      service.next_due = NextDueDate(paid_day, service.cycle);
      stores.billing.UpdateService(service, ServiceState::kPending);
    }
  }
  for (const auto& renewal : stores.billing.RenewalsOfInvoice(invoice.id)) {
    auto service = stores.billing.FindService(renewal.service);
    if (!service || service->state == ServiceState::kCancelled) continue;
    const ServiceState from = service->state;
    if (service->next_due == renewal.due) service->next_due = NextDueDate(renewal.due, service->cycle);
    if (from == ServiceState::kSuspended) {
      service->state = ServiceState::kActive;
      service->suspended_at.reset();
    }
    stores.billing.UpdateService(*service, from);
  }
}

Result<PlacedOrder> WriteOrder(Stores& stores, NewOrder request, const RenewalPolicy& policy,
                               const std::string& public_url) {
  Order order;
  order.id = "ord_" + RandomHex(8);
  order.seq = stores.billing.NextNumber("order");
  order.client = request.client;
  order.placed_by = request.placed_by;
  order.on_behalf_of = request.on_behalf_of;
  order.placed_at = request.at;
  order.quote = request.quote;
  Invoice draft;
  draft.client = request.client;
  draft.kind = "order";
  draft.lines = std::move(request.lines);
  draft.issued_at = request.at;
  draft.due_at = EndOfEatDay(EatDate(request.at + std::chrono::days(policy.invoice_due_days)));
  draft.created_by = request.placed_by;
  draft.order = order.id;
  const Invoice invoice = InsertNewInvoice(stores, std::move(draft));
  order.invoice = invoice.id;
  stores.billing.InsertOrder(order);
  for (auto& service : request.services) {
    service.client = request.client;
    service.order = order.id;
    stores.billing.InsertService(service);
  }
  if (auto emailed = EmailClient(stores, request.client, "order_placed",
                                 {{"order", order.id},
                                  {"invoice", invoice.number},
                                  {"total", TotalsOf(invoice.lines).gross.ToString()},
                                  {"due", FormatEat(invoice.due_at)}},
                                 public_url, "/client/invoices/" + invoice.id, request.at);
      !emailed) {
    return Fail(emailed.error());
  }
  InvoiceView view;
  view.status = StatusOf(invoice, request.at);
  view.invoice = invoice;
  return PlacedOrder{std::move(order), std::move(request.services), std::move(view)};
}

OrderService::OrderService(Journal& journal, const Clock& program_clock, RenewalPolicy policy,
                           std::string public_url)
    : journal_(journal), clock_(program_clock), policy_(policy), public_url_(std::move(public_url)) {}

Timestamp OrderService::ActionTime() {
  Timestamp at = clock_.Now();
  journal_.Read([&](const engine::Engine& engine) { at = std::max(at, engine.clock()); });
  return at;
}

Result<void> OrderService::MayRead(const Principal& actor, const std::string& client_id,
                                   std::string_view action) {
  if (auto user = accounts::RequireUser(actor); !user) return user;
  if (actor.role == Role::kStaff) return {};
  if (actor.role == Role::kClient) return accounts::RequireClientAction(actor, client_id, action);
  if (actor.role == Role::kAgent && actor.agent_id && AgentOfClient(journal_, client_id) == *actor.agent_id) {
    return {};
  }
  return Fail(Error::NotFound("no client " + client_id + " of yours"));
}

Result<PlacedOrder> OrderService::PlaceOrder(const Principal& actor, const std::string& client_id,
                                             const std::vector<OrderLine>& lines, const std::string& ip) {
  if (auto user = accounts::RequireUser(actor); !user) return Fail(user.error());
  if (actor.role != Role::kStaff) {
    if (auto allowed =
            accounts::RequireClientAction(actor, client_id, accounts::client_actions::kPlaceOrders);
        !allowed) {
      return Fail(allowed.error());
    }
  }
  bool known = false;
  journal_.Read([&](const engine::Engine& engine) { known = engine.clients().contains(client_id); });
  if (!known) return Fail(Error::NotFound("no client " + client_id + " in the program"));
  const auto agent = AgentOfClient(journal_, client_id);
  const Timestamp now = ActionTime();
  std::optional<PlacedOrder> placed;
  auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    std::vector<Product> products;
    for (const auto& line : lines) {
      if (auto product = stores.billing.FindProduct(line.product)) products.push_back(std::move(*product));
    }
    auto plan = PlanOrder(lines, products, now, [] { return "svc_" + RandomHex(8); });
    if (!plan) return Fail(plan.error());
    auto priced = PriceLines(plan->lines);
    if (!priced) return Fail(priced.error());
    auto written_order =
        WriteOrder(stores,
                   NewOrder{client_id, std::move(plan->services), std::move(*priced), actor.AuditName(),
                            actor.impersonation ? "client:" + client_id : "", std::nullopt, now},
                   policy_, public_url_);
    if (!written_order) return Fail(written_order.error());
    placed = std::move(*written_order);
    json::array products_ordered;
    for (const auto& line : lines) products_ordered.emplace_back(line.product);
    stores.accounts.AppendAudit(
        AuditOf(actor, "order_placed", "order:" + placed->order.id, now, ip,
                {{"client_id", client_id},
                 {"invoice", placed->invoice.invoice.number},
                 {"products", std::move(products_ordered)},
                 {"total", TotalsOf(placed->invoice.invoice.lines).gross.ToString()}}));
    if (auto told = NotifyAgent(stores, agent, client_id, "invoice_issued", placed->invoice.invoice.id,
                                InvoiceNotice(placed->invoice.invoice), now, public_url_);
        !told) {
      return told;
    }
    return NotifyAgent(stores, agent, client_id, "service_state_changed", placed->order.id,
                       json::serialize(json::object{{"order", placed->order.id}, {"state", "ordered"}}), now,
                       public_url_);
  });
  if (!written) return Fail(written.error());
  return std::move(*placed);
}

Result<std::vector<Service>> OrderService::Services(const Principal& actor, const std::string& client_id) {
  if (auto allowed = MayRead(actor, client_id, accounts::client_actions::kViewServices); !allowed) {
    return Fail(allowed.error());
  }
  return journal_.ReadFrom([&](Stores& stores) { return stores.billing.ServicesOf(client_id); });
}

Result<std::vector<OrderSummary>> OrderService::Orders(const Principal& actor, const OrderQuery& query) {
  if (query.client) {
    if (auto allowed = MayRead(actor, *query.client, accounts::client_actions::kViewServices); !allowed) {
      return Fail(allowed.error());
    }
  } else if (auto allowed = accounts::RequireStaff(actor); !allowed) {
    return Fail(allowed.error());
  }
  return journal_.ReadFrom([&](Stores& stores) { return stores.billing.ListOrders(query); });
}

Result<Service> OrderService::ChangeState(const Principal& actor, const std::string& service_id,
                                          const std::string& state, const std::string& reason,
                                          const std::string& ip) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  std::vector<FieldError> problems;
  const auto to = ParseServiceState(state);
  if (!to || *to == ServiceState::kPending) {
    problems.push_back({"state", "must be active, suspended or cancelled"});
  }
  const std::string why = RequiredText(problems, "reason", reason, 500);
  if (!problems.empty()) return Fail(Error::Invalid("the service cannot be changed as given", problems));
  const Timestamp now = ActionTime();
  std::optional<Service> changed;
  auto read = journal_.ReadFrom([&](Stores& stores) { return stores.billing.FindService(service_id); });
  if (!read) return Fail(read.error());
  if (!*read) return Fail(NoService(service_id));
  const auto agent = AgentOfClient(journal_, (*read)->client);
  auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    auto service = stores.billing.FindService(service_id);
    if (!service) return Fail(NoService(service_id));
    const ServiceState from = service->state;
    if (!MayMove(from, *to)) {
      return Fail(Error::Conflict(fmt::format("service {} is {}: it cannot become {}", service_id,
                                              ServiceStateName(from), ServiceStateName(*to))));
    }
    service->state = *to;
    if (*to == ServiceState::kSuspended) service->suspended_at = now;
    if (*to == ServiceState::kCancelled) service->cancelled_at = now;
    if (*to == ServiceState::kActive) {
      service->suspended_at.reset();
      if (!service->activated_at) {
        service->activated_at = now;
        service->next_due = NextDueDate(EatDate(now), service->cycle);
      }
    }
    if (!stores.billing.UpdateService(*service, from)) {
      return Fail(Error::Conflict("service " + service_id + " was changed meanwhile"));
    }
    const std::string event =
        service_id + "-" + std::string(ServiceStateName(*to)) + "-" + std::to_string(ToUnixSeconds(now));
    stores.accounts.AppendAudit(AuditOf(actor, "service_" + std::string(ServiceStateName(*to)),
                                        "service:" + service_id, now, ip,
                                        {{"from", ServiceStateName(from)}, {"reason", why}}));
    if (auto told = NotifyAgent(stores, agent, service->client, "service_state_changed", event,
                                json::serialize(json::object{{"service", service_id},
                                                             {"description", service->description},
                                                             {"state", ServiceStateName(*to)}}),
                                now, public_url_);
        !told) {
      return told;
    }
    changed = std::move(service);
    return {};
  });
  if (!written) return Fail(written.error());
  return std::move(*changed);
}

}  // namespace wakala::billing
