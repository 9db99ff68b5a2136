#pragma once

#include <optional>
#include <string>
#include <vector>

#include "accounts/principal.hpp"
#include "billing/billing_service.hpp"
#include "billing/order.hpp"
#include "billing/store.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "notify/templates.hpp"

namespace wakala::billing {

struct PlacedOrder {
  Order order;
  std::vector<Service> services;
  InvoiceView invoice;
};

// Orders and the services they make: a client (or its agent signed in as it,
// if granted) orders from the catalogue, staff for any client. The order's
// invoice is issued at once; paying it starts the services.
class OrderService {
 public:
  // `public_url` starts the links in the emails it sends.
  OrderService(Journal& journal, const Clock& program_clock, RenewalPolicy policy, std::string public_url);

  Result<PlacedOrder> PlaceOrder(const accounts::Principal& actor, const std::string& client_id,
                                 const std::vector<OrderLine>& lines, const std::string& ip);
  // The client's services: staff, its users (view_services when signed in
  // as it), its current agent.
  Result<std::vector<Service>> Services(const accounts::Principal& actor, const std::string& client_id);
  // Orders newest first: staff everyone's (or one client's), the client's
  // users (view_services when signed in as it) and its current agent its own.
  Result<std::vector<OrderSummary>> Orders(const accounts::Principal& actor, const OrderQuery& query);
  // Staff suspend, reactivate or cancel a service (with a reason, audited;
  // the client's agent is notified as it chose).
  Result<Service> ChangeState(const accounts::Principal& actor, const std::string& service_id,
                              const std::string& state, const std::string& reason, const std::string& ip);

 private:
  Timestamp ActionTime();
  Result<void> MayRead(const accounts::Principal& actor, const std::string& client_id,
                       std::string_view action);

  Journal& journal_;
  const Clock& clock_;
  RenewalPolicy policy_;
  std::string public_url_;
};

// An order as it is written: its services (ids given; client and order are
// filled in) and its first invoice's priced lines.
struct NewOrder {
  std::string client;
  std::vector<Service> services;
  std::vector<Line> lines;
  std::string placed_by;     // the user's audit name
  std::string on_behalf_of;  // "client:<id>" when an agent acted for its client
  std::optional<std::string> quote;
  Timestamp at{};
};

// Writes the order, its services and its invoice (due
// `policy.invoice_due_days` later) in the caller's transaction, and emails
// the client its invoice.
Result<PlacedOrder> WriteOrder(Stores& stores, NewOrder order, const RenewalPolicy& policy,
                               const std::string& public_url);

// What paying an invoice does to the services it bills, in the payment's
// transaction: an order's pending services start (the next period is due one
// cycle after the payment day); a paid renewal moves the service's next due
// day on by one cycle and ends a suspension.
void StartPaidServices(Stores& stores, const Invoice& invoice, Timestamp paid_at);

// Tells the client's agent (if it has one and chose to hear of `kind`), in
// the caller's transaction, in its panel and by email; once per event id.
Result<void> NotifyAgent(Stores& stores, const std::optional<std::string>& agent, const std::string& client,
                         const std::string& kind, const std::string& event_id, const std::string& detail_json,
                         Timestamp at, const std::string& public_url);

// Queues the email `template_name` to the client: its account's address, or
// else each of its active users (none for a client only an outside billing
// system knows), each in its reader's language. params["link"] becomes
// public_url + `path`.
// The detail of an agent's "invoice issued" notice: number, total, due.
std::string InvoiceNotice(const Invoice& invoice);
Result<void> EmailClient(Stores& stores, const std::string& client, const std::string& template_name,
                         notify::Params params, const std::string& public_url, const std::string& path,
                         Timestamp at);

}  // namespace wakala::billing
