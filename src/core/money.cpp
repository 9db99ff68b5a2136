#include "core/money.hpp"

#include <fmt/format.h>

#include <limits>

namespace wakala {

namespace {
// Largest amount accepted from text: 10^15 KES, far above any invoice and far
// below int64 overflow even after multiplying by a rate of 10000 bp.
constexpr std::int64_t kMaxCents = 100'000'000'000'000'000LL;
}  // namespace

Result<Money> Money::Parse(std::string_view text, bool allow_negative) {
  const std::string quoted = "'" + std::string(text) + "'";
  if (text.empty()) {
    return Fail(Error::Invalid("amount is empty"));
  }
  bool negative = false;
  if (text.front() == '-') {
    if (!allow_negative) {
      return Fail(Error::Invalid("amount " + quoted + " is negative"));
    }
    negative = true;
    text.remove_prefix(1);
  }
  const auto dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  if (whole.empty() || (dot != std::string_view::npos && fraction.empty())) {
    return Fail(Error::Invalid("amount " + quoted + " is not a decimal number like \"12500.00\""));
  }
  if (fraction.size() > 2) {
    return Fail(Error::Invalid("amount " + quoted + " has more than two decimal places"));
  }
  std::int64_t cents = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') {
      return Fail(Error::Invalid("amount " + quoted + " is not a decimal number like \"12500.00\""));
    }
    cents = cents * 10 + (c - '0');
    if (cents > kMaxCents / 100) {
      return Fail(Error::Invalid("amount " + quoted + " is too large"));
    }
  }
  cents *= 100;
  std::int64_t scale = 10;
  for (char c : fraction) {
    if (c < '0' || c > '9') {
      return Fail(Error::Invalid("amount " + quoted + " is not a decimal number like \"12500.00\""));
    }
    cents += (c - '0') * scale;
    scale /= 10;
  }
  return Money::Cents(negative ? -cents : cents);
}

std::string Money::ToString() const {
  const std::int64_t magnitude = cents_ < 0 ? -cents_ : cents_;
  return fmt::format("{}{}.{:02}", cents_ < 0 ? "-" : "", magnitude / 100, magnitude % 100);
}

Money ApplyRate(Money amount, BasisPoints rate) {
  // amount = q·10000 + r, so amount·rate/10000 = q·rate + r·rate/10000 and only
  // the second term needs rounding. Neither product can overflow for amounts
  // up to kMaxCents and rates up to 100% (program files are checked for both).
  const std::int64_t magnitude = amount.cents() < 0 ? -amount.cents() : amount.cents();
  const std::int64_t whole = magnitude / 10000 * rate.value;
  const std::int64_t rest = (magnitude % 10000 * rate.value + 5000) / 10000;
  const std::int64_t rounded = whole + rest;
  return Money::Cents(amount.cents() < 0 ? -rounded : rounded);
}

Money DivideRoundHalfUp(Money amount, std::int64_t denominator) {
  const std::int64_t magnitude = amount.cents() < 0 ? -amount.cents() : amount.cents();
  const std::int64_t rounded = (magnitude * 2 + denominator) / (denominator * 2);
  return Money::Cents(amount.cents() < 0 ? -rounded : rounded);
}

}  // namespace wakala
