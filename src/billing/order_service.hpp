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
  OrderService(Journal& journal, const Clock& program_clock, RenewalPolicy policy);

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
PlacedOrder WriteOrder(Stores& stores, NewOrder order, const RenewalPolicy& policy);

// What paying an invoice does to the services it bills, in the payment's
// transaction: an order's pending services start (the next period is due one
// cycle after the payment day); a paid renewal moves the service's next due
// day on by one cycle and ends a suspension.
void StartPaidServices(Stores& stores, const Invoice& invoice, Timestamp paid_at);

// Tells the client's agent (if it has one and chose to hear of `kind`), in
// the caller's transaction; once per event id.
void NotifyAgent(Stores& stores, const std::optional<std::string>& agent, const std::string& client,
                 const std::string& kind, const std::string& event_id, const std::string& detail_json,
                 Timestamp at);

// Queues an email to the client: its account's address, or else each of its
// active users (none for a client only an outside billing system knows).
void EmailClient(Stores& stores, const std::string& client, const std::string& subject,
                 const std::string& body, Timestamp at);

}  // namespace wakala::billing
