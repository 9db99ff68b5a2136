#include "billing/catalogue.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "core/field_checks.hpp"
#include "core/name_table.hpp"

namespace wakala::billing {

namespace {
constexpr NameTable<BillingCycle, 4> kCycleNames{{
    {BillingCycle::kOneOff, "one_off"},
    {BillingCycle::kMonthly, "monthly"},
    {BillingCycle::kQuarterly, "quarterly"},
    {BillingCycle::kYearly, "yearly"},
}};

// Deposits are refunded, not sold: they carry no VAT and cannot recur.
bool IsDeposit(program::Category category) {
  return category == program::Category::kDeposit;
}
}  // namespace

std::string_view CycleName(BillingCycle cycle) {
  return NameIn(kCycleNames, cycle);
}

std::optional<BillingCycle> ParseCycle(std::string_view name) {
  return ValueIn(kCycleNames, name);
}

bool IsRecurring(BillingCycle cycle) {
  return cycle != BillingCycle::kOneOff;
}

std::optional<std::chrono::year_month_day> NextDueDate(std::chrono::year_month_day due, BillingCycle cycle) {
  using std::chrono::months;
  months step{0};
  switch (cycle) {
    case BillingCycle::kOneOff:
      return std::nullopt;
    case BillingCycle::kMonthly:
      step = months(1);
      break;
    case BillingCycle::kQuarterly:
      step = months(3);
      break;
    case BillingCycle::kYearly:
      step = months(12);
      break;
  }
  const std::chrono::year_month next_month = std::chrono::year_month(due.year(), due.month()) + step;
  const auto last_day =
      std::chrono::year_month_day_last(next_month.year(), std::chrono::month_day_last(next_month.month()))
          .day();
  return std::chrono::year_month_day(next_month.year(), next_month.month(), std::min(due.day(), last_day));
}

const PriceVersion* PriceAt(const Product& product, Timestamp at) {
  const PriceVersion* found = nullptr;
  for (const auto& version : product.prices) {
    if (version.effective_from <= at) found = &version;
  }
  return found;
}

Result<Product> NewProduct(const ProductForm& form, std::string id, Timestamp now) {
  std::vector<FieldError> problems;
  Product product;
  product.id = std::move(id);
  product.name = RequiredText(problems, "name", form.name, 200);
  product.description = form.description;
  product.created_at = now;
  const auto category = program::ParseCategory(form.category);
  if (!category) {
    problems.push_back({"category",
                        "must be one of managed_subscription, talk_time, setup_fee, "
                        "software_equipment, training_oos, custom_development, addon, deposit"});
  } else {
    product.category = *category;
  }
  const auto cycle = ParseCycle(form.cycle);
  if (!cycle) {
    problems.push_back({"cycle", "must be one of one_off, monthly, quarterly, yearly"});
  } else {
    product.cycle = *cycle;
  }
  if (category && cycle) {
    if (*category == program::Category::kManagedSubscription && !IsRecurring(*cycle)) {
      problems.push_back({"cycle", "a managed subscription is billed monthly, quarterly or yearly"});
    }
    if (IsDeposit(*category) && IsRecurring(*cycle)) {
      problems.push_back({"cycle", "a refundable deposit is taken once (one_off)"});
    }
  }
  const std::int64_t vat = form.vat_bp.value_or(category && IsDeposit(*category) ? 0 : 1600);
  if (vat < 0 || vat > 10000) {
    problems.push_back({"vat_bp", "must be a whole number of basis points from 0 to 10000 (1600 = 16%)"});
  } else if (category && IsDeposit(*category) && vat != 0) {
    problems.push_back({"vat_bp", "a refundable deposit carries no VAT (0)"});
  } else {
    product.vat = BasisPoints{static_cast<std::int32_t>(vat)};
  }
  if (!form.price) problems.push_back({"price", "is required"});
  if (!form.setup_fee.IsZero() && cycle && !IsRecurring(*cycle)) {
    problems.push_back(
        {"setup_fee", "only a recurring product has a setup fee (bill one-off work as a product)"});
  }
  if (!problems.empty()) return Fail(Error::Invalid("the product cannot be created as given", problems));
  product.prices.push_back(PriceVersion{now, *form.price, form.setup_fee});
  return product;
}

Result<PriceVersion> NewPrice(const Product& product, Money price, Money setup_fee, Timestamp effective_from,
                              Timestamp now) {
  if (effective_from < now) {
    return Fail(Error::Invalid("the price cannot be changed as given",
                               {{"effective_from",
                                 "is in the past: a price change never reprices what was "
                                 "issued (give now or a later time)"}}));
  }
  if (!product.prices.empty() && effective_from <= product.prices.back().effective_from) {
    return Fail(Error::Invalid("the price cannot be changed as given",
                               {{"effective_from", "must be after the latest price version's start"}}));
  }
  if (!setup_fee.IsZero() && !IsRecurring(product.cycle)) {
    return Fail(Error::Invalid("the price cannot be changed as given",
                               {{"setup_fee", "only a recurring product has a setup fee"}}));
  }
  return PriceVersion{effective_from, price, setup_fee};
}

}  // namespace wakala::billing
