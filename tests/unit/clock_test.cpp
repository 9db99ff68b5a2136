#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/calendar.hpp"
#include "core/clock.hpp"

namespace wakala {
namespace {

class FileClockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path = std::filesystem::temp_directory_path() / ("wakala-clock-" + std::to_string(::getpid()));
  }
  void TearDown() override { std::filesystem::remove(path); }
  void Write(const std::string& text) const { std::ofstream(path) << text; }

  std::filesystem::path path;
};

TEST_F(FileClockTest, ReadsTheFileAtEveryNow) {
  Write("2027-01-01T00:00:05+03:00\n");
  auto clock = MakeClock("file:" + path.string());
  ASSERT_TRUE(clock) << clock.error().message;
  EXPECT_EQ(FormatEat((*clock)->Now()), "2027-01-01T00:00:05+03:00");
  Write("2027-04-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339((*clock)->Now()), "2027-04-01T00:00:00Z") << "moved while running";
  Write("not a time");
  EXPECT_EQ(FormatRfc3339((*clock)->Now()), "2027-04-01T00:00:00Z") << "a bad file keeps the last time";
}

TEST_F(FileClockTest, ABadFileOrSpecIsRefusedAtStart) {
  auto missing = MakeClock("file:" + path.string());
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("cannot read it"), std::string::npos) << missing.error().message;
  Write("yesterday");
  EXPECT_FALSE(MakeClock("file:" + path.string()));
  EXPECT_FALSE(MakeClock("manual"));
  auto system = MakeClock("system");
  ASSERT_TRUE(system);
  EXPECT_GT(ToUnixSeconds((*system)->Now()), 1'700'000'000);
}

}  // namespace
}  // namespace wakala
