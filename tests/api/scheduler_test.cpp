#include <soci/soci.h>

#include <chrono>
#include <functional>
#include <random>
#include <thread>

#include "api_fixture.hpp"
#include "core/calendar.hpp"
#include "storage/database.hpp"

namespace wakala::testing {
namespace {

// The last event of the history below; the servers' clock starts there.
constexpr const char* kHistoryEnd = "2026-12-02T10:00:00+03:00";
// Past the December close (1 January 2027, 00:00 EAT).
constexpr const char* kAfterTheClose = "2027-01-01T00:00:05+03:00";

// Two `wakala serve` processes on one database (PostgreSQL in the
// api_postgresql suite, one SQLite file in api_sqlite), both running the
// scheduler every second on a file clock the test moves past a month end.
class TwoServersTest : public ApiTest {
 protected:
  TwoServersTest()
      : clock_file(std::filesystem::temp_directory_path() / ("wakala-clock-" + std::to_string(getpid()) +
                                                             "-" + std::to_string(std::random_device()()))) {}

  std::map<std::string, std::string> ServerEnvironment() const override {
    return {{"WAKALA_ENGINE_CLOCK", "file:" + clock_file.string()},
            {"WAKALA_ENGINE_SCHEDULER_INTERVAL", "1"}};
  }

  std::string History() const override {
    return R"({"type":"add_agent","at":"2026-12-01T00:00:00+03:00","id":"B1","tier":"bronze","sip_trunk_active":true,"agreement_signed":true}
{"type":"add_client","at":"2026-12-01T00:00:00+03:00","id":"C1"}
{"type":"associate","at":"2026-12-02T09:00:00+03:00","client":"C1","agent":"B1","source":"staff_assignment"}
{"type":"invoice_paid","at":"2026-12-02T10:00:00+03:00","id":"INV-1","client":"C1","lines":[{"id":"L1","category":"managed_subscription","amount":"10000.00","subscription":"SUB-1"}]}
)";
  }

  void SetUp() override {
    SetClock(kHistoryEnd);
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    second = std::make_unique<ServerProcess>(database->url(), ServerEnvironment());
  }

  void TearDown() override {
    if (HasFailure() && second) std::cerr << "--- second server log ---\n" << second->Log() << "\n";
    ApiTest::TearDown();
    std::filesystem::remove(clock_file);
  }

  // Written whole, then renamed: a server never reads half a time.
  void SetClock(const char* time) const {
    const auto temporary = clock_file.string() + ".tmp";
    std::ofstream(temporary) << time << "\n";
    std::filesystem::rename(temporary, clock_file);
  }

  static boost::json::object Jobs(HttpClient& staff) {
    auto response = staff.Get("/api/v1/jobs");
    EXPECT_EQ(response.status, 200) << response.body;
    return ParseObject(response.body);
  }

  // Holds the engine log's append lock (PostgreSQL: the advisory lock of
  // storage/engine_store.cpp; SQLite: the write lock) while `during` runs and
  // for `hold` after: ticks that find work due meanwhile all wait for it, so
  // that both servers race for the same run when it is released.
  void WithEngineLogLocked(const std::function<void()>& during, std::chrono::milliseconds hold) const {
    auto opened = storage::Database::Open(database->url(), 1);
    ASSERT_TRUE(opened) << opened.error().message;
    ASSERT_TRUE((*opened)->Write([&](soci::session& session) -> Result<void> {
      if ((*opened)->engine() == storage::Engine::kPostgres)
        session << "SELECT pg_advisory_xact_lock(7217002)";
      during();
      std::this_thread::sleep_for(hold);
      return {};
    }));
  }

  long long Count(const std::string& sql) const {
    auto opened = storage::Database::Open(database->url(), 1);
    EXPECT_TRUE(opened) << opened.error().message;
    long long count = -1;
    EXPECT_TRUE((*opened)->Read([&](soci::session& session) -> Result<void> {
      session << sql, soci::into(count);
      return {};
    }));
    return count;
  }

  std::filesystem::path clock_file;
  std::unique_ptr<ServerProcess> second;
};

TEST_F(TwoServersTest, AMonthCloseIsRunOnceAndBothServersSeeIt) {
  auto first_staff = SignedIn(kStaffEmail, kStaffPassword);
  auto second_staff = std::make_unique<HttpClient>(second->base_url());
  ASSERT_EQ(second_staff->Login(kStaffEmail, kStaffPassword).status, 200);

  EXPECT_EQ(first_staff->Get("/api/v1/jobs?limit=0").status, 422);
  EXPECT_EQ(first_staff->Get("/api/v1/jobs?limit=x").status, 422);

  // Before the clock moves: nothing is due, nothing has run.
  const auto before = Jobs(*first_staff);
  EXPECT_TRUE(before.at("items").as_array().empty()) << before;
  EXPECT_EQ(before.at("engine").at("clock"), "2026-12-02T07:00:00Z");
  const std::string due(before.at("engine").at("next_due").as_string());
  const Timestamp due_at = ParseRfc3339Timestamp(due).value();
  const Timestamp now = ParseRfc3339Timestamp(kAfterTheClose).value();
  ASSERT_LE(due_at, now) << "the December close at the latest";
  EXPECT_EQ(Jobs(*second_staff).at("engine"), before.at("engine"));
  const long long advances_before = Count("SELECT COUNT(*) FROM engine_events WHERE type = 'advance'");

  // Both schedulers tick every second: within the hold, each finds the close
  // due and waits for the lock; then one runs it and the other must not.
  WithEngineLogLocked([&] { SetClock(kAfterTheClose); }, std::chrono::milliseconds(3000));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (Jobs(*first_staff).at("items").as_array().empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  // And a few more ticks in which either could run it again.
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));

  const auto first_view = Jobs(*first_staff);
  const auto second_view = Jobs(*second_staff);
  const auto& items = first_view.at("items").as_array();
  ASSERT_EQ(items.size(), 1U) << first_view;
  const auto& run = items.at(0).as_object();
  EXPECT_EQ(run.at("job"), "engine-advance");
  EXPECT_EQ(std::string(run.at("due_at").as_string()), due);
  EXPECT_EQ(run.at("outcome"), "ok") << run;
  EXPECT_EQ(run.at("attempts"), 1);
  const std::string holder(run.at("holder").as_string());
  EXPECT_TRUE(holder.ends_with(":" + std::to_string(server->pid())) ||
              holder.ends_with(":" + std::to_string(second->pid())))
      << holder << " is neither server";
  EXPECT_EQ(second_view.at("items"), first_view.at("items"));

  // /metrics: the server that ran the close timed one engine-advance run;
  // the other ran none (its billing task ran on every tick of both).
  const bool first_ran = holder.ends_with(":" + std::to_string(server->pid()));
  for (auto* process : {server.get(), second.get()}) {
    HttpClient client(process->base_url());
    const auto metrics = client.Get("/metrics");
    ASSERT_EQ(metrics.status, 200);
    const bool ran = (process == server.get()) == first_ran;
    EXPECT_EQ(metrics.body.find("wakala_job_duration_seconds_count{job=\"engine-advance\"} 1\n") !=
                  std::string::npos,
              ran)
        << metrics.body;
    EXPECT_EQ(metrics.body.find("job=\"engine-advance\"") != std::string::npos, ran) << metrics.body;
    EXPECT_NE(metrics.body.find("wakala_job_runs_total{job=\"billing\",outcome=\"ok\"}"), std::string::npos)
        << metrics.body;
    EXPECT_NE(metrics.body.find("wakala_job_runs_total{job=\"billing\",outcome=\"error\"} 0\n"),
              std::string::npos)
        << metrics.body;
  }

  // The books: one run, one advance event, at the servers' time.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM job_runs"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM engine_events WHERE type = 'advance'"), advances_before + 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM engine_events WHERE type = 'advance' AND at = " +
                  std::to_string(ToUnixSeconds(now))),
            1);

  // Both engines stand at the same place: past the close, next due after now.
  for (const auto* view : {&first_view, &second_view}) {
    EXPECT_EQ(std::string(view->at("engine").at("clock").as_string()), FormatRfc3339(now)) << *view;
    const auto next = ParseRfc3339Timestamp(view->at("engine").at("next_due").as_string()).value();
    EXPECT_GT(next, now) << *view;
  }
  EXPECT_EQ(second_view.at("engine"), first_view.at("engine"));

  // SIGTERM still stops both promptly and cleanly with their schedulers running.
  const auto stopping = std::chrono::steady_clock::now();
  server->SignalTerminate();
  second->SignalTerminate();
  EXPECT_EQ(server->Wait(), 0);
  EXPECT_EQ(second->Wait(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, std::chrono::seconds(10));
}

}  // namespace
}  // namespace wakala::testing
