#include <gtest/gtest.h>

#include "core/calendar.hpp"

namespace wakala {
namespace {

Timestamp T(std::string_view text) {
  return ParseRfc3339Timestamp(text).value();
}

TEST(Calendar, ParsesOffsetsToUtc) {
  EXPECT_EQ(T("2026-01-05T10:00:00+03:00"), T("2026-01-05T07:00:00Z"));
  EXPECT_EQ(T("2026-01-05T10:00:00.250+03:00"), T("2026-01-05T07:00:00Z"));
  EXPECT_EQ(T("2026-01-05T00:30:00-01:30"), T("2026-01-05T02:00:00Z"));
  EXPECT_EQ(FormatEat(T("2026-01-05T07:00:00Z")), "2026-01-05T10:00:00+03:00");
}

TEST(Calendar, RefusesMalformedTimes) {
  for (const char* bad : {"2026-01-05", "2026-01-05T10:00:00", "2026-02-30T10:00:00Z", "2026-01-05T24:00:00Z",
                          "2026-01-05 10:00:00Z", "2026-01-05T10:00:00+0300", "yesterday"}) {
    EXPECT_FALSE(ParseRfc3339Timestamp(bad)) << bad;
  }
  // Years the clocks cannot hold (9999 overflowed a nanosecond clock when formatted).
  auto far = ParseRfc3339Timestamp("9999-12-31T00:00:00+03:00");
  ASSERT_FALSE(far);
  EXPECT_EQ(far.error().message,
            "'9999-12-31T00:00:00+03:00' is outside the years 1970 to 2199 that the program knows");
  EXPECT_FALSE(ParseRfc3339Timestamp("0001-01-01T00:00:00Z"));
  EXPECT_FALSE(ParseDate("2200-01-01"));
  EXPECT_TRUE(ParseDate("2199-12-31"));
}

TEST(Calendar, MonthsAndQuartersAreEat) {
  // 21:30 UTC on 31 March is already 1 April in Nairobi.
  const auto late = T("2026-03-31T21:30:00Z");
  EXPECT_EQ(EatMonth::Of(late).ToString(), "2026-04");
  EXPECT_EQ(EatQuarter::Of(late).ToString(), "2026Q2");
  EXPECT_EQ(EatMonth::Of(T("2026-03-31T20:59:59Z")).ToString(), "2026-03");
  EXPECT_EQ(FormatEat((EatMonth{2026, 4}.Start())), "2026-04-01T00:00:00+03:00");
  EXPECT_EQ(FormatEat((EatQuarter{2026, 4}.Next().Start())), "2027-01-01T00:00:00+03:00");
  EXPECT_EQ((EatMonth{2026, 12}.Next().ToString()), "2027-01");
  EXPECT_EQ((EatQuarter::Of(EatMonth{2026, 9}).FirstMonth().ToString()), "2026-07");
}

TEST(Calendar, ValidThroughTheEndOfTheEatDay) {
  const auto until = ParseDate("2027-12-31").value();
  EXPECT_EQ(FormatEat(EndOfEatDay(until)), "2028-01-01T00:00:00+03:00");
  EXPECT_FALSE(ParseDate("2027-02-29"));
  EXPECT_FALSE(ParseDate("27-12-31"));
  EXPECT_EQ(FormatDate(EatDate(T("2026-01-05T22:00:00Z"))), "2026-01-06");
}

TEST(Calendar, WorkingDaysSkipWeekends) {
  using namespace std::chrono;
  // Thursday 3 December 2026 + 5 working days = Thursday 10 December.
  EXPECT_EQ(AddWorkingDays(year_month_day{2026y, December, 3d}, 5), (year_month_day{2026y, December, 10d}));
  // From a Friday, one working day is the Monday; from a Saturday too.
  EXPECT_EQ(AddWorkingDays(year_month_day{2026y, December, 4d}, 1), (year_month_day{2026y, December, 7d}));
  EXPECT_EQ(AddWorkingDays(year_month_day{2026y, December, 5d}, 1), (year_month_day{2026y, December, 7d}));
  // Across the year's end.
  EXPECT_EQ(AddWorkingDays(year_month_day{2026y, December, 31d}, 5), (year_month_day{2027y, January, 7d}));
  EXPECT_EQ(AddWorkingDays(year_month_day{2026y, December, 31d}, 0), (year_month_day{2026y, December, 31d}));
}

}  // namespace
}  // namespace wakala
