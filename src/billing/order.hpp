#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "billing/catalogue.hpp"
#include "billing/invoice.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/money.hpp"

namespace wakala::billing {

// A client's service: one per ordered product. A recurring one is a
// subscription, and its id is the `subscription` the engine knows.
enum class ServiceState { kPending, kActive, kSuspended, kCancelled };
std::string_view ServiceStateName(ServiceState state);
std::optional<ServiceState> ParseServiceState(std::string_view name);
// pending → active (its first invoice paid) → suspended (a renewal unpaid
// past the grace period) → active (paid); any but cancelled → cancelled.
bool MayMove(ServiceState from, ServiceState to);

struct Service {
  std::string id;
  std::string client;
  std::string order;
  std::string product;
  std::string description;
  program::Category category = program::Category::kManagedSubscription;
  BillingCycle cycle = BillingCycle::kMonthly;
  std::int64_t quantity = 1;
  ServiceState state = ServiceState::kPending;
  Timestamp created_at{};
  std::optional<Timestamp> activated_at;
  // The start of the next period to pay for (EAT date); none for one-off
  // services and before activation.
  std::optional<std::chrono::year_month_day> next_due;
  std::optional<Timestamp> suspended_at, cancelled_at;
};

struct Order {
  std::string id;
  std::int64_t seq = 0;  // its place in the order sequence: the lists' newest-first order
  std::string client;
  std::string placed_by;     // the user who placed it (the agent's, when signed in as the client)
  std::string on_behalf_of;  // "client:<id>" when an agent placed it for its client, else ""
  Timestamp placed_at{};
  std::string invoice;  // its first invoice
  std::optional<std::string> quote;
};

struct OrderLine {
  std::string product;
  std::int64_t quantity = 1;
};

// An order's services and its first invoice's lines, priced now: per product,
// its price (the service named as subscription when recurring) and its setup
// fee on a line of its own. Problems are named "lines/<i>/<field>".
struct PlannedOrder {
  std::vector<Service> services;
  std::vector<LineInput> lines;
};
Result<PlannedOrder> PlanOrder(const std::vector<OrderLine>& lines, const std::vector<Product>& products,
                               Timestamp now, const std::function<std::string()>& new_service_id);

// When billing runs its schedule (days; billing.* in the config).
struct RenewalPolicy {
  int invoice_due_days = 7;      // an order's first invoice is due this long after it is placed
  int renewal_lead_days = 7;     // a renewal invoice is issued this long before the period starts
  int reminder_days_before = 3;  // the client is reminded this long before an invoice is due …
  int reminder_days_after = 1;   // … and this long after, if still unpaid (the agent hears "overdue")
  int suspend_after_days = 14;  // a service whose renewal is unpaid this long after its due date is suspended
};

// The renewal invoice's line for one period of `service`, at the price in
// force on the period's first day (a price change applies from the next period).
Result<LineInput> RenewalLine(const Service& service, const Product& product,
                              std::chrono::year_month_day period_start);

// The first instant of an EAT date, as UTC.
Timestamp StartOfEatDay(std::chrono::year_month_day date);

}  // namespace wakala::billing
