#pragma once

#include <chrono>
#include <compare>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"

namespace wakala {

// The business calendar: Africa/Nairobi (EAT, UTC+3, no daylight saving).
// Months and quarters are EAT months and quarters; stored times are UTC.
inline constexpr std::chrono::hours kEatOffset{3};

// RFC 3339 with an offset or Z: "2026-01-05T10:00:00+03:00".
Result<Timestamp> ParseRfc3339Timestamp(std::string_view text);
// The same instant written in EAT: "2026-01-05T10:00:00+03:00".
std::string FormatEat(Timestamp t);

// A calendar date ("2027-12-31").
Result<std::chrono::year_month_day> ParseDate(std::string_view text);
std::string FormatDate(std::chrono::year_month_day date);
// The first instant after the EAT day `date`: something valid "through" that
// date is valid while now < EndOfEatDay(date).
Timestamp EndOfEatDay(std::chrono::year_month_day date);
// The EAT calendar date of an instant.
std::chrono::year_month_day EatDate(Timestamp t);
// The date `days` working days (Monday to Friday) after `date`: KRA's
// "within five working days" of a withholding-tax deduction. Public holidays
// are not known to the calendar, so they count as working days.
std::chrono::year_month_day AddWorkingDays(std::chrono::year_month_day date, int days);

struct EatMonth {
  int year = 1970;
  unsigned month = 1;  // 1..12

  static EatMonth Of(Timestamp t);
  Timestamp Start() const;  // EAT midnight of the 1st, as UTC
  EatMonth Next() const;
  std::string ToString() const;  // "2026-01"
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 false positive on a defaulted <=>.
  friend constexpr auto operator<=>(const EatMonth&, const EatMonth&) = default;
};

struct EatQuarter {
  int year = 1970;
  unsigned quarter = 1;  // 1..4

  static EatQuarter Of(Timestamp t);
  static EatQuarter Of(EatMonth month);
  Timestamp Start() const;
  EatQuarter Next() const;
  EatMonth FirstMonth() const;
  std::string ToString() const;  // "2026Q1"
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 false positive on a defaulted <=>.
  friend constexpr auto operator<=>(const EatQuarter&, const EatQuarter&) = default;
};

}  // namespace wakala
