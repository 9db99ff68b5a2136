#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "program/program.hpp"

namespace wakala::billing {

// How often a product is billed. Anything but one-off makes the ordered
// service a subscription, renewed at each due date.
enum class BillingCycle { kOneOff, kMonthly, kQuarterly, kYearly };
std::string_view CycleName(BillingCycle cycle);
std::optional<BillingCycle> ParseCycle(std::string_view name);
bool IsRecurring(BillingCycle cycle);

// The due date one cycle after `due`: the same day of the month, or the
// month's last day when it is shorter (31 Jan + 1 month = 28/29 Feb). A
// one-off product has no next due date.
std::optional<std::chrono::year_month_day> NextDueDate(std::chrono::year_month_day due, BillingCycle cycle);

// One price of a product from `effective_from` on. A price change adds a
// version and never rewrites one: an issued document keeps what it said.
struct PriceVersion {
  Timestamp effective_from{};
  Money price;      // net of VAT, per cycle (or once, for a one-off product)
  Money setup_fee;  // net of VAT, on the first invoice only; zero for none
};

struct Product {
  std::string id;
  std::string name;
  std::string description;
  program::Category category = program::Category::kManagedSubscription;
  BillingCycle cycle = BillingCycle::kMonthly;
  BasisPoints vat{1600};  // 16% is Kenya's standard VAT rate
  bool active = true;     // an inactive product cannot be ordered or quoted
  Timestamp created_at{};
  std::vector<PriceVersion> prices;  // oldest first
};

// The price in force at `at`: the latest version that started at or before it.
const PriceVersion* PriceAt(const Product& product, Timestamp at);

// What staff give to create a product or change its price.
struct ProductForm {
  std::string name;
  std::string description;
  std::string category;
  std::string cycle;
  std::optional<Money> price;
  Money setup_fee;
  std::optional<std::int64_t> vat_bp;  // default 1600
};

// Checks a new product and builds it (id, time and first price version given).
// Every problem is named by its field; a product is refused whole.
Result<Product> NewProduct(const ProductForm& form, std::string id, Timestamp now);

// A new price version from `effective_from` (not before now: the past is
// never repriced, and not before the latest version).
Result<PriceVersion> NewPrice(const Product& product, Money price, Money setup_fee, Timestamp effective_from,
                              Timestamp now);

}  // namespace wakala::billing
