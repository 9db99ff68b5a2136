#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "app/config.hpp"

namespace wakala::app {
namespace {

std::string WriteTemp(const std::string& name, const std::string& content) {
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << content;
  return path.string();
}

TEST(Config, DefaultsServeSqliteOnLoopback) {
  Config config;
  EXPECT_EQ(config.listen, "127.0.0.1:8080");
  EXPECT_EQ(config.database_url, "sqlite:var/wakala.db");
  EXPECT_TRUE(config.migrate_on_start);
}

TEST(Config, FileSetsValues) {
  Config config;
  const auto path = WriteTemp("wakala-config-ok.toml",
                              "[server]\nlisten = \"0.0.0.0:9000\"\nworker_threads = 8\n"
                              "[database]\nurl = \"postgresql://u@127.0.0.1/w\"\nmigrate_on_start = false\n"
                              "[security]\nsession_idle_seconds = 600\n");
  ASSERT_TRUE(LoadConfigFile(path, config));
  EXPECT_EQ(config.listen, "0.0.0.0:9000");
  EXPECT_EQ(config.worker_threads, 8U);
  EXPECT_EQ(config.database_url, "postgresql://u@127.0.0.1/w");
  EXPECT_FALSE(config.migrate_on_start);
  EXPECT_EQ(config.session_idle, std::chrono::seconds(600));
}

TEST(Config, UnknownKeyNamesFileLineAndKey) {
  Config config;
  const auto path =
      WriteTemp("wakala-config-unknown.toml", "[server]\nlisten = \"127.0.0.1:1\"\nworkers = 3\n");
  auto loaded = LoadConfigFile(path, config);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().message, path + ":3: server.workers: unknown setting");
}

TEST(Config, WrongTypeAndRangeAreExplained) {
  Config config;
  const auto path = WriteTemp("wakala-config-type.toml", "[server]\n\nworker_threads = \"four\"\n");
  auto loaded = LoadConfigFile(path, config);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().message, path + ":3: server.worker_threads: must be an integer from 1 to 256");
  EXPECT_EQ(config.worker_threads, 4U) << "a rejected value changes nothing";
}

TEST(Config, SyntaxErrorHasLineAndColumn) {
  Config config;
  const auto path = WriteTemp("wakala-config-syntax.toml", "[server]\nlisten = \n");
  auto loaded = LoadConfigFile(path, config);
  ASSERT_FALSE(loaded);
  EXPECT_TRUE(loaded.error().message.starts_with(path + ":2:")) << loaded.error().message;
}

TEST(Config, MissingFileIsAnError) {
  Config config;
  auto loaded = LoadConfigFile("/nonexistent/wakala.toml", config);
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().message.find("/nonexistent/wakala.toml"), std::string::npos);
}

TEST(Config, EnvironmentOverridesIncludingShortForms) {
  Config config;
  ASSERT_TRUE(ApplyEnvironment({{"WAKALA_LISTEN", "127.0.0.1:9999"},
                                {"WAKALA_DATABASE_URL", "sqlite:/tmp/x.db"},
                                {"WAKALA_SECURITY_COOKIE_SECURE", "true"},
                                {"WAKALA_SERVER_MAX_BODY_BYTES", "2048"}},
                               config));
  EXPECT_EQ(config.listen, "127.0.0.1:9999");
  EXPECT_EQ(config.database_url, "sqlite:/tmp/x.db");
  EXPECT_TRUE(config.cookie_secure);
  EXPECT_EQ(config.max_body_bytes, 2048U);
}

TEST(Config, BadEnvironmentNamesTheVariable) {
  Config config;
  auto applied = ApplyEnvironment({{"WAKALA_SERVER_WORKER_THREADS", "0"}}, config);
  ASSERT_FALSE(applied);
  EXPECT_EQ(applied.error().message,
            "environment variable WAKALA_SERVER_WORKER_THREADS: must be an integer from 1 to 256");
  auto unknown = ApplyEnvironment({{"WAKALA_NOPE", "1"}}, config);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "environment variable WAKALA_NOPE: unknown setting");
}

TEST(Config, EngineProgramSettings) {
  Config config;
  const auto path =
      WriteTemp("wakala-config-engine.toml", "[engine]\nprogram_file = \"/etc/wakala/program.toml\"\n");
  ASSERT_TRUE(LoadConfigFile(path, config));
  EXPECT_EQ(config.program_file, "/etc/wakala/program.toml");
  EXPECT_EQ(config.program, "cloudone");
  ASSERT_TRUE(ApplyEnvironment({{"WAKALA_ENGINE_PROGRAM", "other"}}, config));
  EXPECT_EQ(config.program, "other");
}

TEST(Config, SchedulerSettings) {
  Config config;
  EXPECT_EQ(config.scheduler_interval, std::chrono::seconds(30));
  EXPECT_EQ(config.engine_clock, "system");
  const auto path = WriteTemp("wakala-config-scheduler.toml",
                              "[engine]\nscheduler_interval = 0\nclock = \"file:/tmp/now.txt\"\n");
  ASSERT_TRUE(LoadConfigFile(path, config));
  EXPECT_EQ(config.scheduler_interval, std::chrono::seconds(0)) << "0 turns the scheduler off";
  EXPECT_EQ(config.engine_clock, "file:/tmp/now.txt");
  ASSERT_TRUE(ApplyEnvironment({{"WAKALA_ENGINE_SCHEDULER_INTERVAL", "5"}, {"WAKALA_ENGINE_CLOCK", "system"}},
                               config));
  EXPECT_EQ(config.scheduler_interval, std::chrono::seconds(5));
  EXPECT_EQ(config.engine_clock, "system");
  auto negative = ApplyEnvironment({{"WAKALA_ENGINE_SCHEDULER_INTERVAL", "-1"}}, config);
  ASSERT_FALSE(negative);
  EXPECT_EQ(
      negative.error().message,
      "environment variable WAKALA_ENGINE_SCHEDULER_INTERVAL: must be a number of seconds from 0 to 86400");
  auto clock = ApplyEnvironment({{"WAKALA_ENGINE_CLOCK", "manual"}}, config);
  ASSERT_FALSE(clock);
  EXPECT_NE(clock.error().message.find("must be \"system\" or \"file:PATH\""), std::string::npos)
      << clock.error().message;
}

TEST(Config, ListenParsing) {
  EXPECT_EQ(ParseListen("127.0.0.1:0")->second, 0);
  EXPECT_EQ(ParseListen("[::1]:8080")->first, "::1");
  EXPECT_FALSE(ParseListen("localhost"));
  EXPECT_FALSE(ParseListen("127.0.0.1:70000"));
  EXPECT_FALSE(ParseListen("127.0.0.1:80x"));
}

TEST(Config, AbsoluteSessionMustOutlastIdle) {
  Config config;
  config.session_idle = std::chrono::seconds(100);
  config.session_absolute = std::chrono::seconds(50);
  EXPECT_FALSE(Validate(config));
}

}  // namespace
}  // namespace wakala::app
