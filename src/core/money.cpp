#include "core/money.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace wakala {

namespace {
constexpr std::string_view kShape = "a decimal string with exactly two places, like \"12500.00\"";
}  // namespace

Result<Money> Money::Parse(std::string_view text, bool allow_negative) {
  // The one money grammar of every input (API, billing events, scenarios,
  // program files): -?(0|[1-9][0-9]{0,11})\.[0-9]{2}, the sign only where a
  // sign makes sense. Each refusal says what is wrong, not only that it is.
  const auto refuse = [&](std::string_view why) {
    return Fail(Error::Invalid(fmt::format("amount '{}' {}", text, why)));
  };
  if (text.empty()) return Fail(Error::Invalid(fmt::format("amount is empty: it must be {}", kShape)));
  std::string_view rest = text;
  const bool negative = rest.front() == '-';
  if (negative) {
    if (!allow_negative) return refuse("is negative");
    rest.remove_prefix(1);
  }
  if (rest.empty()) return refuse(fmt::format("is not {}", kShape));
  if (rest.front() == '+' || rest.front() == '-')
    return refuse("has a sign of its own: write the digits alone");
  const auto dot = rest.find('.');
  const std::string_view whole = rest.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? std::string_view{} : rest.substr(dot + 1);
  const auto all_digits = [](std::string_view part) {
    return !part.empty() &&
           std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!all_digits(whole) || (dot != std::string_view::npos && !all_digits(fraction))) {
    if (rest.find_first_of("eE") != std::string_view::npos)
      return refuse("has an exponent: write it out in full");
    return refuse(fmt::format("is not {}", kShape));
  }
  if (dot == std::string_view::npos || fraction.size() < 2) {
    return refuse(fmt::format("must have exactly two decimal places, like \"{}.{:0<2}\"", whole, fraction));
  }
  if (fraction.size() > 2) return refuse("has more than two decimal places");
  if (whole.size() > 1 && whole.front() == '0') return refuse("has a leading zero");
  if (whole.size() > static_cast<std::size_t>(kMaxWholeDigits)) {
    return refuse(fmt::format("is too large: at most {}", Money::Cents(kMaxCents).ToString()));
  }
  std::int64_t cents = 0;
  for (const char c : whole) cents = cents * 10 + (c - '0');
  cents = cents * 100 + std::int64_t{fraction[0] - '0'} * 10 + (fraction[1] - '0');
  if (negative && cents == 0) return refuse("is a negative zero: write \"0.00\"");
  return Money::Cents(negative ? -cents : cents);
}

Result<Money> Money::ParseStoredBeforeStrictGrammar(std::string_view text) {
  const auto refuse = [&] { return Fail(Error::Invalid(fmt::format("amount '{}' is not an amount", text))); };
  const auto dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  if (whole.empty() || (dot != std::string_view::npos && fraction.empty()) || fraction.size() > 2 ||
      whole.size() > 15) {
    return refuse();
  }
  std::int64_t cents = 0;
  for (const char c : whole) {
    if (c < '0' || c > '9') return refuse();
    cents = cents * 10 + (c - '0');
  }
  cents *= 100;
  std::int64_t scale = 10;
  for (const char c : fraction) {
    if (c < '0' || c > '9') return refuse();
    cents += (c - '0') * scale;
    scale /= 10;
  }
  return Money::Cents(cents);
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
