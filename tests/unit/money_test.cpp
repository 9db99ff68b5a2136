#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <random>
#include <regex>

#include "core/money.hpp"

namespace wakala {
namespace {

Money M(std::string_view text) {
  return Money::Parse(text, true).value();
}

TEST(Money, ParsesAndPrintsTwoDecimals) {
  EXPECT_EQ(M("12500.00").cents(), 1'250'000);
  EXPECT_EQ(M("12500.50").cents(), 1'250'050);
  EXPECT_EQ(M("0.07").cents(), 7);
  EXPECT_EQ(M("0.00").cents(), 0);
  EXPECT_EQ(M("-125.50").ToString(), "-125.50");
  EXPECT_EQ(M("999999999999.99").cents(), Money::kMaxCents);
  EXPECT_EQ(Money::Cents(5).ToString(), "0.05");
  EXPECT_EQ(Money::Cents(0).ToString(), "0.00");
}

TEST(Money, RefusesWhatIsNotAnAmount) {
  for (const char* bad : {"",         "12.345",
                          "1,000.00", "12.",
                          ".5",       ".50",
                          "abc",      "1e3",
                          "1E3",      "1.00e2",
                          "+5.00",    "--1.00",
                          "-",        "99999999999999999999.00",
                          "12500",    "12500.5",
                          "012.00",   "00.00",
                          "-0.00",    "1000000000000.00",
                          " 1.00",    "1.00 ",
                          "1 000.00", "1.0O",
                          "0x10.00",  "١٢.٠٠",
                          "1.00\n",   "Infinity",
                          "NaN",      "1..00",
                          "1.-00"}) {
    EXPECT_FALSE(Money::Parse(bad, true)) << bad;
  }
  auto negative = Money::Parse("-1.00");
  ASSERT_FALSE(negative);
  EXPECT_EQ(negative.error().message, "amount '-1.00' is negative");
  EXPECT_EQ(Money::Parse("12.345").error().message, "amount '12.345' has more than two decimal places");
  EXPECT_EQ(Money::Parse("12500").error().message,
            "amount '12500' must have exactly two decimal places, like \"12500.00\"");
  EXPECT_EQ(Money::Parse("007.00").error().message, "amount '007.00' has a leading zero");
  EXPECT_EQ(Money::Parse("1e5").error().message, "amount '1e5' has an exponent: write it out in full");
  EXPECT_EQ(Money::Parse("1000000000000.00").error().message,
            "amount '1000000000000.00' is too large: at most 999999999999.99");
  EXPECT_EQ(Money::Parse("").error().message,
            "amount is empty: it must be a decimal string with exactly two places, like \"12500.00\"");
}

// Property: the parser accepts exactly the strings of the grammar
// -?(0|[1-9][0-9]{0,11})\.[0-9]{2}, and what it accepts prints back the same.
// Random strings over the characters that matter, plus mutations of valid ones.
TEST(Money, AcceptsExactlyTheGrammar) {
  const char* seed_text = std::getenv("WAKALA_TEST_SEED");
  const std::uint64_t seed =
      seed_text != nullptr ? std::strtoull(seed_text, nullptr, 10) : std::random_device{}();
  std::cout << "money grammar property: seed " << seed << " (WAKALA_TEST_SEED to repeat)\n";
  std::mt19937_64 random(seed);
  static const std::regex kGrammar("-?(0|[1-9][0-9]{0,11})\\.[0-9]{2}");
  const std::string alphabet = "0123456789.-+eE ,x";
  const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    if (i % 2 == 0) {
      const std::size_t length = pick(18);
      for (std::size_t k = 0; k < length; ++k) text += alphabet[pick(alphabet.size())];
    } else {
      text = Money::Cents(static_cast<std::int64_t>(random() % 100'000'000'000'000ULL)).ToString();
      if (pick(2) == 0) text = "-" + text;
      switch (pick(5)) {  // one mutation, or none
        case 0:
          text.insert(pick(text.size() + 1), 1, alphabet[pick(alphabet.size())]);
          break;
        case 1:
          text.erase(pick(text.size()), 1);
          break;
        case 2:
          text[pick(text.size())] = alphabet[pick(alphabet.size())];
          break;
        default:
          break;
      }
    }
    const bool in_grammar = std::regex_match(text, kGrammar) && text != "-0.00";
    const auto parsed = Money::Parse(text, true);
    ASSERT_EQ(static_cast<bool>(parsed), in_grammar) << "'" << text << "' (seed " << seed << ")";
    if (parsed) {
      EXPECT_EQ(parsed->ToString(), text) << "seed " << seed;
      EXPECT_EQ(static_cast<bool>(Money::Parse(text, false)), !parsed->IsNegative()) << text;
    } else {
      EXPECT_FALSE(parsed.error().message.empty());
    }
  }
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
  EXPECT_EQ(ApplyRate(M("999999999999.99"), {10000}).ToString(), "999999999999.99");
  EXPECT_EQ(ApplyRate(Money::Cents(100'000'000'000'000'000LL), {10000}).cents(), 100'000'000'000'000'000LL);
}

TEST(Money, AverageRoundsHalfUp) {
  EXPECT_EQ(DivideRoundHalfUp(M("12500.00"), 3).ToString(), "4166.67");
  EXPECT_EQ(DivideRoundHalfUp(M("0.05"), 2).ToString(), "0.03");
  EXPECT_EQ(DivideRoundHalfUp(M("0.04"), 3).ToString(), "0.01");
}

}  // namespace
}  // namespace wakala
