#include "billing/quote.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/calendar.hpp"
#include "core/name_table.hpp"

namespace wakala::billing {

namespace {
constexpr NameTable<QuoteStatus, 6> kStatusNames{{
    {QuoteStatus::kDraft, "draft"},
    {QuoteStatus::kSent, "sent"},
    {QuoteStatus::kAccepted, "accepted"},
    {QuoteStatus::kDeclined, "declined"},
    {QuoteStatus::kWithdrawn, "withdrawn"},
    {QuoteStatus::kExpired, "expired"},
}};
constexpr NameTable<QuoteLineKind, 3> kLineKindNames{{
    {QuoteLineKind::kProduct, "product"},
    {QuoteLineKind::kSetup, "setup"},
    {QuoteLineKind::kFree, "free"},
}};
constexpr std::size_t kMaxDescription = 200;

// A catalogue line and, when the product has one, its setup fee line.
void AddProductLines(const QuoteLineRequest& request, const Product& product, const PriceVersion& price,
                     std::vector<LineInput>& inputs, std::vector<QuoteLineKind>& kinds) {
  LineInput line;
  line.description = request.description.empty() ? product.name : request.description;
  line.category = product.category;
  line.quantity = request.quantity;
  line.unit_price = price.price;
  line.vat = product.vat;
  line.product = product.id;
  inputs.push_back(line);
  kinds.push_back(QuoteLineKind::kProduct);
  if (price.setup_fee.IsZero()) return;
  LineInput setup = line;
  setup.description = "Setup: " + product.name;
  setup.category = program::Category::kSetupFee;
  setup.unit_price = price.setup_fee;
  inputs.push_back(setup);
  kinds.push_back(QuoteLineKind::kSetup);
}

// A free line, or the problems with it.
std::optional<LineInput> FreeLine(const QuoteLineRequest& request, const std::string& performer,
                                  const std::string& where, std::vector<FieldError>& problems) {
  const auto category = request.category ? program::ParseCategory(*request.category) : std::nullopt;
  const std::size_t before = problems.size();
  if (!category) {
    problems.push_back(
        {where + "/category", "is required on a line without a product (a commission category)"});
  } else if (*category == program::Category::kManagedSubscription) {
    problems.push_back(
        {where + "/category", "a managed subscription is quoted from the catalogue (product_id)"});
  }
  if (!request.unit_price)
    problems.push_back({where + "/unit_price", "is required on a line without a product"});
  if (request.description.size() > kMaxDescription) {
    problems.push_back({where + "/description", fmt::format("at most {} characters", kMaxDescription)});
  }
  if (request.vat_bp && (*request.vat_bp < 0 || *request.vat_bp > 10000)) {
    problems.push_back({where + "/vat_bp", "must be from 0 to 10000 basis points"});
  }
  if (problems.size() != before) return std::nullopt;
  // Both are there (checked above); value_or keeps the optimiser's warnings quiet.
  const program::Category chosen = category.value_or(program::Category::kCustomDevelopment);
  LineInput line;
  line.description = request.description;
  line.category = chosen;
  line.quantity = request.quantity;
  line.unit_price = request.unit_price.value_or(Money{});
  // Deposits are refunded, not sold: no VAT unless the agent says otherwise.
  line.vat = BasisPoints{
      static_cast<std::int32_t>(request.vat_bp.value_or(chosen == program::Category::kDeposit ? 0 : 1600))};
  if (program::IsTechnicalWork(chosen)) line.performed_by = performer;
  return line;
}

}  // namespace

std::string_view QuoteStatusName(QuoteStatus status) {
  return NameIn(kStatusNames, status);
}

std::optional<QuoteStatus> ParseQuoteStatus(std::string_view name) {
  return ValueIn(kStatusNames, name);
}

std::string_view QuoteLineKindName(QuoteLineKind kind) {
  return NameIn(kLineKindNames, kind);
}

std::optional<QuoteLineKind> ParseQuoteLineKind(std::string_view name) {
  return ValueIn(kLineKindNames, name);
}

std::string QuoteNumber(std::int64_t sequence) {
  return fmt::format("QT-{:06}", sequence);
}

QuoteStatus StatusOf(const Quote& quote, Timestamp now) {
  if (quote.status == QuoteStatus::kSent && now >= EndOfEatDay(quote.valid_until))
    return QuoteStatus::kExpired;
  return quote.status;
}

Result<std::vector<QuoteLine>> PlanQuoteLines(const std::vector<QuoteLineRequest>& requests,
                                              const std::vector<Product>& products,
                                              const std::string& performer, Timestamp now) {
  std::vector<FieldError> problems;
  if (requests.empty()) problems.push_back({"lines", "a quote needs at least one line"});
  if (requests.size() > kMaxQuoteLines) {
    problems.push_back({"lines", fmt::format("at most {} lines per quote", kMaxQuoteLines)});
  }
  std::vector<LineInput> inputs;
  std::vector<QuoteLineKind> kinds;
  std::vector<std::size_t> asked_by;  // the request line each input line came from, for error names
  for (std::size_t i = 0; i < requests.size() && i < kMaxQuoteLines; ++i) {
    const auto& request = requests[i];
    const std::string where = fmt::format("lines/{}", i);
    if (request.quantity < 1 || request.quantity > kMaxQuantity) {
      problems.push_back(
          {where + "/quantity", fmt::format("must be a whole number from 1 to {}", kMaxQuantity)});
      continue;
    }
    if (request.product) {
      const auto product = std::find_if(products.begin(), products.end(), [&](const Product& candidate) {
        return candidate.id == *request.product;
      });
      const PriceVersion* price = product == products.end() ? nullptr : PriceAt(*product, now);
      if (product == products.end() || !product->active || price == nullptr) {
        problems.push_back({where + "/product_id", "no product \"" + *request.product + "\" on sale"});
        continue;
      }
      if (request.unit_price) {
        problems.push_back({where + "/unit_price", "a catalogue line takes the catalogue's price"});
        continue;
      }
      AddProductLines(request, *product, *price, inputs, kinds);
    } else if (auto line = FreeLine(request, performer, where, problems)) {
      inputs.push_back(std::move(*line));
      kinds.push_back(QuoteLineKind::kFree);
    }
    asked_by.resize(inputs.size(), i);
  }
  std::vector<QuoteLine> planned;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    auto priced = PriceLine(inputs[i], std::to_string(i + 1), fmt::format("lines/{}", asked_by[i]));
    if (!priced) {
      for (const auto& problem : priced.error().fields) problems.push_back(problem);
      continue;
    }
    planned.push_back(QuoteLine{std::move(*priced), kinds[i]});
  }
  if (!problems.empty()) return Fail(Error::Invalid("the quote cannot be drafted as given", problems));
  return planned;
}

Result<std::chrono::year_month_day> CheckValidUntil(std::optional<std::chrono::year_month_day> requested,
                                                    Timestamp now) {
  const auto today = EatDate(now);
  const auto last = EatDate(now + std::chrono::days(kMaxQuoteValidityDays));
  if (!requested) return EatDate(now + std::chrono::days(kDefaultQuoteValidityDays));
  if (std::chrono::sys_days(*requested) < std::chrono::sys_days(today) ||
      std::chrono::sys_days(*requested) > std::chrono::sys_days(last)) {
    return Fail(Error::Invalid(
        "the quote cannot be drafted as given",
        {{"valid_until", fmt::format("must be a date from {} to {} ({} days at most)", FormatDate(today),
                                     FormatDate(last), kMaxQuoteValidityDays)}}));
  }
  return *requested;
}

Result<void> CheckDecidable(const Quote& quote, Timestamp now) {
  switch (StatusOf(quote, now)) {
    case QuoteStatus::kSent:
      return {};
    case QuoteStatus::kDraft:
      return Fail(Error::Conflict("quote " + quote.number + " has not been sent yet"));
    case QuoteStatus::kExpired:
      return Fail(Error::Conflict("quote " + quote.number + " expired at the end of " +
                                  FormatDate(quote.valid_until) + "; ask the agent for a new one"));
    case QuoteStatus::kAccepted:
      return Fail(Error::Conflict("quote " + quote.number + " was accepted already"));
    case QuoteStatus::kDeclined:
      return Fail(Error::Conflict("quote " + quote.number + " was declined"));
    case QuoteStatus::kWithdrawn:
      return Fail(Error::Conflict("quote " + quote.number + " was withdrawn by the agent"));
  }
  return {};
}

}  // namespace wakala::billing
