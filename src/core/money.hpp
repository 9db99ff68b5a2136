#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace wakala {

// An amount of KES in integer cents. Never floating point: every figure a
// program manager reads must add up to the cent.
class Money {
 public:
  constexpr Money() = default;
  static constexpr Money Cents(std::int64_t cents) { return Money(cents); }

  // The largest amount any input may carry: 999,999,999,999.99 KES, far above
  // any invoice and far below int64 overflow even after a rate of 10000 bp.
  static constexpr int kMaxWholeDigits = 12;
  static constexpr std::int64_t kMaxCents = 99'999'999'999'999;

  // Exactly "12500.00": digits, a point and two places; no leading zero, no
  // exponent, no "+", at most kMaxCents. A "-" only when `allow_negative`.
  // Errors say what is wrong with the text.
  static Result<Money> Parse(std::string_view text, bool allow_negative = false);

  // The grammar before issue 10 ("12500", "12500.5", leading zeros, up to
  // 10^15 KES), for one use only: replaying event logs stored under rules
  // version 1, which took such amounts. Never for input.
  static Result<Money> ParseStoredBeforeStrictGrammar(std::string_view text);

  constexpr std::int64_t cents() const { return cents_; }
  // Always two decimals: "12500.00", "-125.50".
  std::string ToString() const;

  constexpr bool IsZero() const { return cents_ == 0; }
  constexpr bool IsNegative() const { return cents_ < 0; }

  friend constexpr Money operator+(Money a, Money b) { return Money(a.cents_ + b.cents_); }
  friend constexpr Money operator-(Money a, Money b) { return Money(a.cents_ - b.cents_); }
  constexpr Money operator-() const { return Money(-cents_); }
  constexpr Money& operator+=(Money other) {
    cents_ += other.cents_;
    return *this;
  }
  constexpr Money& operator-=(Money other) {
    cents_ -= other.cents_;
    return *this;
  }
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 false positive on a defaulted <=>.
  friend constexpr auto operator<=>(Money, Money) = default;

 private:
  explicit constexpr Money(std::int64_t cents) : cents_(cents) {}
  std::int64_t cents_ = 0;
};

// A rate in basis points: 1% = 100 bp.
struct BasisPoints {
  std::int32_t value = 0;
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 false positive on a defaulted <=>.
  friend constexpr auto operator<=>(BasisPoints, BasisPoints) = default;
};

// round_half_up(amount × rate / 10000), in integer arithmetic; the rule of
// program-rules.md §1 for every commission and every tax deduction. Rounds
// half away from zero for negative amounts, so that f(-x) = -f(x).
Money ApplyRate(Money amount, BasisPoints rate);

// amount × numerator / denominator, rounded half up (for averages such as
// "quarter's sales / active months").
Money DivideRoundHalfUp(Money amount, std::int64_t denominator);

}  // namespace wakala
