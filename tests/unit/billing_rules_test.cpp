#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <random>

#include "billing/catalogue.hpp"
#include "billing/invoice.hpp"
#include "core/calendar.hpp"

namespace wakala::billing {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;

TEST(BillingCycles, TheNextDueDateKeepsTheDayOrTheMonthsLastDay) {
  const year_month_day jan31{year(2027), month(1), day(31)};
  EXPECT_EQ(*NextDueDate(jan31, BillingCycle::kMonthly), (year_month_day{year(2027), month(2), day(28)}));
  EXPECT_EQ(*NextDueDate(year_month_day{year(2028), month(1), day(31)}, BillingCycle::kMonthly),
            (year_month_day{year(2028), month(2), day(29)}));
  EXPECT_EQ(*NextDueDate(jan31, BillingCycle::kQuarterly), (year_month_day{year(2027), month(4), day(30)}));
  EXPECT_EQ(*NextDueDate(year_month_day{year(2026), month(12), day(15)}, BillingCycle::kYearly),
            (year_month_day{year(2027), month(12), day(15)}));
  EXPECT_EQ(*NextDueDate(year_month_day{year(2026), month(11), day(30)}, BillingCycle::kMonthly),
            (year_month_day{year(2026), month(12), day(30)}));
  EXPECT_FALSE(NextDueDate(jan31, BillingCycle::kOneOff));
}

TEST(BillingPrices, ThePriceInForceIsTheLatestStartedVersion) {
  Product product;
  const Timestamp dec = *ParseRfc3339Timestamp("2026-12-01T00:00:00+03:00");
  const Timestamp jan = *ParseRfc3339Timestamp("2027-01-01T00:00:00+03:00");
  product.prices = {{dec, Money::Cents(100'00), {}}, {jan, Money::Cents(120'00), {}}};
  EXPECT_EQ(PriceAt(product, dec - std::chrono::seconds(1)), nullptr);
  EXPECT_EQ(PriceAt(product, dec)->price, Money::Cents(100'00));
  EXPECT_EQ(PriceAt(product, jan - std::chrono::seconds(1))->price, Money::Cents(100'00));
  EXPECT_EQ(PriceAt(product, jan)->price, Money::Cents(120'00));
  EXPECT_FALSE(NewPrice(product, Money::Cents(1), {}, jan, dec)) << "not at or before the latest start";
  EXPECT_FALSE(NewPrice(product, Money::Cents(1), {}, dec - std::chrono::hours(1), dec)) << "not in the past";
}

TEST(BillingLines, VatIsRoundedHalfUpPerLineAndOverflowIsRefused) {
  LineInput input;
  input.description = "x";
  input.unit_price = Money::Cents(3125);  // 31.25 × 16% = 5.00 exactly
  EXPECT_EQ(PriceLine(input, "1", "lines/0")->vat_amount, Money::Cents(500));
  input.unit_price = Money::Cents(3);  // 0.03 × 16% = 0.0048 → 0.00
  EXPECT_EQ(PriceLine(input, "1", "lines/0")->vat_amount, Money::Cents(0));
  input.unit_price = Money::Cents(25);  // 0.25 × 16% = 0.04
  input.quantity = 4;                   // net 1.00 → 0.16, not 4 × 0.04
  EXPECT_EQ(PriceLine(input, "1", "lines/0")->vat_amount, Money::Cents(16));
  input.unit_price = Money::Cents(Money::kMaxCents);
  input.quantity = kMaxQuantity;
  const auto refused = PriceLine(input, "1", "lines/0");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fields.at(0).field, "lines/0/quantity");
}

std::uint64_t Seed() {
  if (const char* text = std::getenv("WAKALA_TEST_SEED")) return std::strtoull(text, nullptr, 10);
  return std::random_device{}();
}

// However a line is credited, piece by piece, the credits add up to its net
// and their VAT to its VAT; and no credit beyond what is left is planned.
TEST(BillingCredits, PiecesAddUpToTheLineExactly) {
  const std::uint64_t seed = Seed();
  std::cout << "BillingCredits seed " << seed << " (replay with WAKALA_TEST_SEED=" << seed << ")\n";
  SCOPED_TRACE("WAKALA_TEST_SEED=" + std::to_string(seed));
  std::mt19937_64 random(seed);
  for (int round = 0; round < 2000; ++round) {
    Invoice invoice;
    invoice.number = "INV-000001";
    invoice.paid_at = Timestamp{};
    LineInput input;
    input.description = "x";
    input.unit_price = Money::Cents(std::uniform_int_distribution<std::int64_t>(1, 10'000'000)(random));
    input.vat = BasisPoints{std::uniform_int_distribution<std::int32_t>(0, 3000)(random)};
    invoice.lines.push_back(*PriceLine(input, "1", "lines/0"));
    Line& line = invoice.lines.front();
    Money vat_credited;
    while (line.credited < line.net) {
      const Money left = line.net - line.credited;
      const Money piece = Money::Cents(std::uniform_int_distribution<std::int64_t>(1, left.cents())(random));
      auto planned = PlanCredit(invoice, {{"1", piece}});
      ASSERT_TRUE(planned) << planned.error().message;
      line.credited += planned->at(0).net;
      vat_credited += planned->at(0).vat;
    }
    EXPECT_EQ(line.credited, line.net);
    EXPECT_EQ(vat_credited, line.vat_amount);
    EXPECT_FALSE(PlanCredit(invoice, {{"1", Money::Cents(1)}})) << "nothing is left to credit";
  }
}

TEST(BillingPayments, OnlyTheWholeTotalOfAPayableInvoiceWithAWellFormedReference) {
  Invoice invoice;
  invoice.number = "INV-000007";
  LineInput input;
  input.description = "x";
  input.unit_price = Money::Cents(100'00);
  invoice.lines.push_back(*PriceLine(input, "1", "lines/0"));
  Payment payment;
  payment.method = PaymentMethod::kMpesa;
  payment.reference = "QK71ZP3XYZ";
  payment.amount = Money::Cents(116'00);
  EXPECT_TRUE(CheckPayment(invoice, payment));
  payment.amount = Money::Cents(115'99);
  EXPECT_FALSE(CheckPayment(invoice, payment));
  payment.amount = Money::Cents(116'00);
  payment.reference = "QK71ZP3XY";
  EXPECT_FALSE(CheckPayment(invoice, payment));
  payment.reference = "QK71ZP3XYZ";
  invoice.paid_at = Timestamp{};
  EXPECT_EQ(CheckPayment(invoice, payment).error().code, ErrorCode::kConflict);
}

}  // namespace
}  // namespace wakala::billing
