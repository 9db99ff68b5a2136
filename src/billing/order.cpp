#include "billing/order.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>

#include "core/calendar.hpp"
#include "core/name_table.hpp"

namespace wakala::billing {

namespace {
constexpr NameTable<ServiceState, 4> kStateNames{{
    {ServiceState::kPending, "pending"},
    {ServiceState::kActive, "active"},
    {ServiceState::kSuspended, "suspended"},
    {ServiceState::kCancelled, "cancelled"},
}};
constexpr std::size_t kMaxOrderLines = 50;
}  // namespace

std::string_view ServiceStateName(ServiceState state) {
  return NameIn(kStateNames, state);
}

std::optional<ServiceState> ParseServiceState(std::string_view name) {
  return ValueIn(kStateNames, name);
}

bool MayMove(ServiceState from, ServiceState to) {
  switch (to) {
    case ServiceState::kActive:
      return from == ServiceState::kPending || from == ServiceState::kSuspended;
    case ServiceState::kSuspended:
      return from == ServiceState::kActive;
    case ServiceState::kCancelled:
      return from != ServiceState::kCancelled;
    case ServiceState::kPending:
      return false;
  }
  return false;
}

Timestamp StartOfEatDay(std::chrono::year_month_day date) {
  return EndOfEatDay(date) - std::chrono::days(1);
}

Result<PlannedOrder> PlanOrder(const std::vector<OrderLine>& lines, const std::vector<Product>& products,
                               Timestamp now, const std::function<std::string()>& new_service_id) {
  std::vector<FieldError> problems;
  if (lines.empty()) problems.push_back({"lines", "an order needs at least one product"});
  if (lines.size() > kMaxOrderLines) {
    problems.push_back({"lines", fmt::format("at most {} products per order", kMaxOrderLines)});
  }
  PlannedOrder planned;
  for (std::size_t i = 0; i < lines.size() && i < kMaxOrderLines; ++i) {
    const std::string where = fmt::format("lines/{}", i);
    const auto& line = lines[i];
    const auto product = std::find_if(products.begin(), products.end(),
                                      [&](const Product& candidate) { return candidate.id == line.product; });
    const PriceVersion* price = product == products.end() ? nullptr : PriceAt(*product, now);
    if (product == products.end() || !product->active || price == nullptr) {
      problems.push_back({where + "/product_id", "no product \"" + line.product + "\" on sale"});
      continue;
    }
    if (line.quantity < 1 || line.quantity > kMaxQuantity) {
      problems.push_back(
          {where + "/quantity", fmt::format("must be a whole number from 1 to {}", kMaxQuantity)});
      continue;
    }
    Service service;
    service.id = new_service_id();
    service.product = product->id;
    service.description = product->name;
    service.category = product->category;
    service.cycle = product->cycle;
    service.quantity = line.quantity;
    service.created_at = now;
    LineInput priced;
    priced.description = product->name;
    priced.category = product->category;
    priced.quantity = line.quantity;
    priced.unit_price = price->price;
    priced.vat = product->vat;
    priced.product = product->id;
    if (IsRecurring(product->cycle)) priced.subscription = service.id;
    planned.lines.push_back(priced);
    if (!price->setup_fee.IsZero()) {
      LineInput setup;
      setup.description = "Setup: " + product->name;
      setup.category = program::Category::kSetupFee;
      setup.quantity = line.quantity;
      setup.unit_price = price->setup_fee;
      setup.vat = product->vat;
      setup.product = product->id;
      planned.lines.push_back(setup);
    }
    planned.services.push_back(std::move(service));
  }
  if (!problems.empty()) return Fail(Error::Invalid("the order cannot be placed as given", problems));
  return planned;
}

Result<LineInput> RenewalLine(const Service& service, const Product& product,
                              std::chrono::year_month_day period_start) {
  const PriceVersion* price = PriceAt(product, StartOfEatDay(period_start));
  if (price == nullptr) return Fail(Error::Conflict("product " + product.id + " has no price on that date"));
  const auto period_end = NextDueDate(period_start, service.cycle);
  if (!period_end) return Fail(Error::Conflict("service " + service.id + " is not recurring"));
  LineInput line;
  line.description =
      fmt::format("{} ({} to {})", service.description, FormatDate(period_start), FormatDate(*period_end));
  line.category = service.category;
  line.quantity = service.quantity;
  line.unit_price = price->price;
  line.vat = product.vat;
  line.product = product.id;
  line.subscription = service.id;
  return line;
}

}  // namespace wakala::billing
