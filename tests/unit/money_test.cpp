#include <gtest/gtest.h>

#include "core/money.hpp"

namespace wakala {
namespace {

Money M(std::string_view text) {
  return Money::Parse(text, true).value();
}

TEST(Money, ParsesAndPrintsTwoDecimals) {
  EXPECT_EQ(M("12500.00").cents(), 1'250'000);
  EXPECT_EQ(M("12500.5").cents(), 1'250'050);
  EXPECT_EQ(M("12500").cents(), 1'250'000);
  EXPECT_EQ(M("0.07").cents(), 7);
  EXPECT_EQ(M("-125.50").ToString(), "-125.50");
  EXPECT_EQ(Money::Cents(5).ToString(), "0.05");
  EXPECT_EQ(Money::Cents(0).ToString(), "0.00");
}

TEST(Money, RefusesWhatIsNotAnAmount) {
  for (const char* bad :
       {"", "12.345", "1,000.00", "12.", ".5", "abc", "1e3", "+5", "--1", "99999999999999999999"}) {
    EXPECT_FALSE(Money::Parse(bad, true)) << bad;
  }
  auto negative = Money::Parse("-1.00");
  ASSERT_FALSE(negative);
  EXPECT_EQ(negative.error().message, "amount '-1.00' is negative");
  EXPECT_EQ(Money::Parse("12.345").error().message, "amount '12.345' has more than two decimal places");
}

TEST(Money, RateRoundsHalfUpInIntegers) {
  EXPECT_EQ(ApplyRate(M("10000.00"), {500}).ToString(), "500.00");
  EXPECT_EQ(ApplyRate(M("7500.00"), {500}).ToString(), "375.00");
  // 0.10 × 5% = 0.005 → 0.01 (half up); 0.09 × 5% = 0.0045 → 0.00.
  EXPECT_EQ(ApplyRate(M("0.10"), {500}).ToString(), "0.01");
  EXPECT_EQ(ApplyRate(M("0.09"), {500}).ToString(), "0.00");
  // 1.5% of 333.33 = 4.99995 → 5.00.
  EXPECT_EQ(ApplyRate(M("333.33"), {150}).ToString(), "5.00");
  EXPECT_EQ(ApplyRate(M("-0.10"), {500}).ToString(), "-0.01") << "symmetric for negatives";
  // No overflow at the largest amount and rate.
  EXPECT_EQ(ApplyRate(M("1000000000000000.00"), {10000}).ToString(), "1000000000000000.00");
}

TEST(Money, AverageRoundsHalfUp) {
  EXPECT_EQ(DivideRoundHalfUp(M("12500.00"), 3).ToString(), "4166.67");
  EXPECT_EQ(DivideRoundHalfUp(M("0.05"), 2).ToString(), "0.03");
  EXPECT_EQ(DivideRoundHalfUp(M("0.04"), 3).ToString(), "0.01");
}

}  // namespace
}  // namespace wakala
