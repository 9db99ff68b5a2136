#include "core/calendar.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <charconv>

namespace wakala {

namespace {

using std::chrono::days;
using std::chrono::sys_days;

bool ReadNumber(std::string_view text, std::size_t position, std::size_t length, int& out) {
  if (position + length > text.size()) return false;
  const char* begin = text.data() + position;
  const auto [end, ec] = std::from_chars(begin, begin + length, out);
  return ec == std::errc() && end == begin + length;
}

constexpr int kFirstYear = 1970;
constexpr int kLastYear = 2199;

Error OutOfYears(std::string_view text) {
  return Error::Invalid(
      fmt::format("'{}' is outside the years {} to {} that the program knows", text, kFirstYear, kLastYear));
}

Error BadTime(std::string_view text) {
  return Error::Invalid("'" + std::string(text) +
                        "' is not an RFC 3339 time like \"2026-01-05T10:00:00+03:00\"");
}

}  // namespace

Result<std::chrono::year_month_day> ParseDate(std::string_view text) {
  int year = 0;
  int month = 0;
  int day = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !ReadNumber(text, 0, 4, year) ||
      !ReadNumber(text, 5, 2, month) || !ReadNumber(text, 8, 2, day)) {
    return Fail(Error::Invalid("'" + std::string(text) + "' is not a date like \"2027-12-31\""));
  }
  const std::chrono::year_month_day date{std::chrono::year{year},
                                         std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) {
    return Fail(Error::Invalid("'" + std::string(text) + "' is not a real calendar date"));
  }
  // Far outside the program's life, and beyond what the clocks of the
  // formatting library can hold (nanoseconds since 1970 end in 2262).
  if (year < kFirstYear || year > kLastYear) {
    return Fail(OutOfYears(text));
  }
  return date;
}

std::string FormatDate(std::chrono::year_month_day date) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                     static_cast<unsigned>(date.day()));
}

Result<Timestamp> ParseRfc3339Timestamp(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)
  if (text.size() < 20 || (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':') {
    return Fail(BadTime(text));
  }
  auto date = ParseDate(text.substr(0, 10));
  if (!date) {
    int year = 0;
    if (ReadNumber(text, 0, 4, year) && (year < kFirstYear || year > kLastYear))
      return Fail(OutOfYears(text));
    return Fail(BadTime(text));
  }
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!ReadNumber(text, 11, 2, hour) || !ReadNumber(text, 14, 2, minute) ||
      !ReadNumber(text, 17, 2, second) || hour > 23 || minute > 59 || second > 59) {
    return Fail(BadTime(text));
  }
  std::size_t position = 19;
  if (position < text.size() && text[position] == '.') {
    ++position;
    while (position < text.size() && text[position] >= '0' && text[position] <= '9') ++position;
  }
  std::chrono::seconds offset{0};
  const std::string_view zone = text.substr(position);
  if (zone == "Z" || zone == "z") {
    offset = std::chrono::seconds{0};
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    int offset_hours = 0;
    int offset_minutes = 0;
    if (!ReadNumber(zone, 1, 2, offset_hours) || !ReadNumber(zone, 4, 2, offset_minutes) ||
        offset_hours > 23 || offset_minutes > 59) {
      return Fail(BadTime(text));
    }
    offset = std::chrono::hours{offset_hours} + std::chrono::minutes{offset_minutes};
    if (zone[0] == '-') offset = -offset;
  } else {
    return Fail(BadTime(text));
  }
  const auto local = sys_days{*date} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
                     std::chrono::seconds{second};
  return Timestamp{local - offset};
}

std::string FormatEat(Timestamp t) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}+03:00", t + kEatOffset);
}

Timestamp EndOfEatDay(std::chrono::year_month_day date) {
  return Timestamp{sys_days{date} + days{1} - kEatOffset};
}

std::chrono::year_month_day EatDate(Timestamp t) {
  return std::chrono::year_month_day{std::chrono::floor<days>(t + kEatOffset)};
}

EatMonth EatMonth::Of(Timestamp t) {
  const auto date = EatDate(t);
  return EatMonth{static_cast<int>(date.year()), static_cast<unsigned>(date.month())};
}

Timestamp EatMonth::Start() const {
  const std::chrono::year_month_day first{std::chrono::year{year}, std::chrono::month{month},
                                          std::chrono::day{1}};
  return Timestamp{sys_days{first} - kEatOffset};
}

EatMonth EatMonth::Next() const {
  return month == 12 ? EatMonth{year + 1, 1} : EatMonth{year, month + 1};
}

std::string EatMonth::ToString() const {
  return fmt::format("{:04}-{:02}", year, month);
}

EatQuarter EatQuarter::Of(Timestamp t) {
  return Of(EatMonth::Of(t));
}

EatQuarter EatQuarter::Of(EatMonth month) {
  return EatQuarter{month.year, (month.month - 1) / 3 + 1};
}

EatMonth EatQuarter::FirstMonth() const {
  return EatMonth{year, (quarter - 1) * 3 + 1};
}

Timestamp EatQuarter::Start() const {
  return FirstMonth().Start();
}

EatQuarter EatQuarter::Next() const {
  return quarter == 4 ? EatQuarter{year + 1, 1} : EatQuarter{year, quarter + 1};
}

std::string EatQuarter::ToString() const {
  return fmt::format("{:04}Q{}", year, quarter);
}

std::chrono::year_month_day AddWorkingDays(std::chrono::year_month_day date, int days) {
  std::chrono::sys_days day{date};
  while (days > 0) {
    day += std::chrono::days(1);
    const std::chrono::weekday weekday{day};
    if (weekday != std::chrono::Saturday && weekday != std::chrono::Sunday) --days;
  }
  return std::chrono::year_month_day{day};
}

}  // namespace wakala
