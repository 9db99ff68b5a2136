#include <gtest/gtest.h>
#include <soci/soci.h>

#include <boost/json.hpp>
#include <thread>

#include "core/calendar.hpp"
#include "engine/codec.hpp"
#include "jobs/scheduler.hpp"
#include "journal/journal.hpp"
#include "sim/scenario.hpp"
#include "storage/job_store.hpp"
#include "storage/migrations.hpp"
#include "test_database.hpp"

namespace wakala::app {
namespace {

namespace json = boost::json;

Timestamp T(std::string_view text) {
  return ParseRfc3339Timestamp(text).value();
}

// An agent with a client whose invoice of 2 December 2026 matures on 16 January 2027.
std::vector<json::object> History() {
  std::vector<json::object> events;
  for (
      const char* line : {
          R"({"type":"add_agent","at":"2026-12-01T00:00:00+03:00","id":"B1","tier":"bronze","sip_trunk_active":true,"agreement_signed":true})",
          R"({"type":"add_client","at":"2026-12-01T00:00:00+03:00","id":"C1"})",
          R"({"type":"associate","at":"2026-12-02T09:00:00+03:00","client":"C1","agent":"B1","source":"staff_assignment"})",
          R"({"type":"invoice_paid","at":"2026-12-02T10:00:00+03:00","id":"INV-1","client":"C1","lines":[{"id":"L1","category":"managed_subscription","amount":"10000.00","subscription":"SUB-1"}]})",
      }) {
    events.push_back(json::parse(line).as_object());
  }
  return events;
}

// One "process": its own connection pool, engine and scheduler on the shared database.
struct Process {
  Process(const std::string& url, const Clock& engine_clock, const Clock& wall_clock,
          const std::string& holder) {
    database = std::move(storage::Database::Open(url, 2).value());
    engine = std::make_unique<journal::Journal>(*database, program::BuiltinProgram("cloudone").value(),
                                                wall_clock, engine_clock, std::chrono::seconds(300));
    EXPECT_TRUE(engine->Load());
    scheduler = std::make_unique<jobs::Scheduler>(*engine, *database, engine_clock, wall_clock,
                                                  std::chrono::seconds(1), holder);
  }
  std::unique_ptr<storage::Database> database;
  std::unique_ptr<journal::Journal> engine;
  std::unique_ptr<jobs::Scheduler> scheduler;
};

class SchedulerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_database = std::make_unique<testing::TestDatabase>(testing::EngineUnderTest());
    auto opened = storage::Database::Open(test_database->url(), 2);
    ASSERT_TRUE(opened) << opened.error().message;
    database = std::move(*opened);
    ASSERT_TRUE(storage::Migrate(*database));
    first = std::make_unique<Process>(test_database->url(), engine_clock, wall_clock, "first:1");
    second = std::make_unique<Process>(test_database->url(), engine_clock, wall_clock, "second:2");
    auto applied = first->engine->ApplyEvents(History());
    ASSERT_TRUE(applied) << applied.error().message;
  }

  std::vector<storage::JobRun> Runs() {
    std::vector<storage::JobRun> runs;
    EXPECT_TRUE(database->Read([&](soci::session& session) -> Result<void> {
      runs = storage::JobStore(session).Recent(100);
      return {};
    }));
    return runs;
  }

  long long AdvanceEvents() {
    long long count = 0;
    EXPECT_TRUE(database->Read([&](soci::session& session) -> Result<void> {
      session << "SELECT COUNT(*) FROM engine_events WHERE type = 'advance'", soci::into(count);
      return {};
    }));
    return count;
  }

  static std::optional<Timestamp> NextDue(journal::Journal& engine) {
    std::optional<Timestamp> due;
    engine.Read([&](const engine::Engine& read) { due = read.NextDue(); });
    return due;
  }

  static Timestamp EngineTime(journal::Journal& engine) {
    Timestamp clock{};
    engine.Read([&](const engine::Engine& read) { clock = read.clock(); });
    return clock;
  }

  std::unique_ptr<testing::TestDatabase> test_database;
  std::unique_ptr<storage::Database> database;
  ManualClock engine_clock{T("2026-12-02T10:00:00+03:00")};
  ManualClock wall_clock{T("2026-11-26T12:00:00Z")};
  std::unique_ptr<Process> first, second;
};

TEST_F(SchedulerTest, NothingIsDoneBeforeTheDueTime) {
  EXPECT_EQ(FormatEat(NextDue(*first->engine).value()), "2027-01-01T00:00:00+03:00") << "the December close";
  engine_clock.Set(T("2026-12-31T23:59:59+03:00"));
  EXPECT_EQ(first->scheduler->Tick(), jobs::Scheduler::TickOutcome::kNothingDue);
  EXPECT_EQ(second->scheduler->Tick(), jobs::Scheduler::TickOutcome::kNothingDue);
  EXPECT_TRUE(Runs().empty());
  EXPECT_EQ(AdvanceEvents(), 0);
}

TEST_F(SchedulerTest, ADueTimeIsRunOnceAndEveryProcessSeesIt) {
  engine_clock.Set(T("2027-01-01T00:00:05+03:00"));
  EXPECT_EQ(first->scheduler->Tick(), jobs::Scheduler::TickOutcome::kRan);
  EXPECT_EQ(second->scheduler->Tick(), jobs::Scheduler::TickOutcome::kNothingDue)
      << "it caught up with the run";
  EXPECT_EQ(first->scheduler->Tick(), jobs::Scheduler::TickOutcome::kNothingDue);
  const auto runs = Runs();
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_EQ(runs[0].job, "engine-advance");
  EXPECT_EQ(FormatEat(runs[0].due_at), "2027-01-01T00:00:00+03:00");
  EXPECT_EQ(runs[0].holder, "first:1");
  EXPECT_EQ(runs[0].outcome, "ok");
  EXPECT_EQ(AdvanceEvents(), 1);
  for (auto* process : {first.get(), second.get()}) {
    EXPECT_EQ(FormatEat(EngineTime(*process->engine)), "2027-01-01T00:00:05+03:00");
    EXPECT_EQ(FormatEat(NextDue(*process->engine).value()), "2027-01-16T10:00:00+03:00") << "the maturation";
  }
}

// Both processes tick at the same moment, month after month: each due time
// is run by exactly one of them.
TEST_F(SchedulerTest, ConcurrentTicksRunEachDueTimeOnce) {
  constexpr int kSteps = 6;
  Timestamp now = T("2027-01-01T00:00:05+03:00");
  for (int step = 0; step < kSteps; ++step) {
    engine_clock.Set(now);
    std::atomic<int> ran{0};
    std::atomic<int> ready{0};
    auto tick = [&](Process& process) {
      ++ready;
      while (ready.load() < 2) std::this_thread::yield();
      const auto outcome = process.scheduler->Tick();
      EXPECT_NE(outcome, jobs::Scheduler::TickOutcome::kFailed);
      if (outcome == jobs::Scheduler::TickOutcome::kRan) ++ran;
    };
    std::thread one([&] { tick(*first); });
    std::thread other([&] { tick(*second); });
    one.join();
    other.join();
    EXPECT_EQ(ran.load(), 1) << "step " << step;
    now = NextDue(*first->engine).value() + std::chrono::seconds(1);
  }
  EXPECT_EQ(Runs().size(), static_cast<std::size_t>(kSteps));
  EXPECT_EQ(AdvanceEvents(), kSteps);
  EXPECT_EQ(EngineTime(*first->engine), EngineTime(*second->engine));
}

// The run's work and its claim commit together: a run that fails leaves an
// "error" record and no change, and the next tick runs it again.
TEST_F(SchedulerTest, AFailedRunChangesNothingAndIsRetried) {
  // The maturation the advance will post already exists in the SQL books:
  // appending the run's ledger movements fails on the unique transaction key.
  ASSERT_TRUE(database->Write([&](soci::session& session) -> Result<void> {
    session
        << "INSERT INTO ledger_movements (event_seq, position, transaction_key, leg, at, kind,"
           " commission_id, from_account, to_account, amount_cents) VALUES (1, 1000, 'mature/INV-1/L1/sale',"
           " 0, 0, 'maturation', 'INV-1/L1/sale', 'agent:A1:pending', 'agent:A1:available', 1)";
    return {};
  }));
  engine_clock.Set(T("2027-01-20T00:00:00+03:00"));
  EXPECT_EQ(first->scheduler->Tick(), jobs::Scheduler::TickOutcome::kFailed);
  auto runs = Runs();
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_EQ(runs[0].outcome, "error");
  EXPECT_FALSE(runs[0].detail.empty());
  EXPECT_EQ(AdvanceEvents(), 0);
  EXPECT_EQ(FormatEat(EngineTime(*first->engine)), "2026-12-02T10:00:00+03:00") << "the engine went back";

  ASSERT_TRUE(database->Write([&](soci::session& session) -> Result<void> {
    session << "DELETE FROM ledger_movements WHERE transaction_key = 'mature/INV-1/L1/sale'";
    return {};
  }));
  EXPECT_EQ(second->scheduler->Tick(), jobs::Scheduler::TickOutcome::kRan);
  runs = Runs();
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_EQ(runs[0].outcome, "ok");
  EXPECT_EQ(runs[0].holder, "second:2");
  EXPECT_EQ(runs[0].attempts, 2);
  EXPECT_EQ(AdvanceEvents(), 1);
  EXPECT_EQ(FormatEat(EngineTime(*first->engine)), "2027-01-20T00:00:00+03:00");
}

// A catch-up over two months goes in steps (here one unit of work each: the
// 01-01 closes together, the 01-16 maturation, the 02-01 close, the 03-01
// close) and gives the books one advance gives.
TEST_F(SchedulerTest, ACatchUpGoesInStepsToTheSameBooks) {
  const Timestamp now = T("2027-03-01T00:00:05+03:00");
  engine_clock.Set(now);
  jobs::Scheduler stepwise(*first->engine, *database, engine_clock, wall_clock, std::chrono::seconds(1),
                           "first:1", 1);
  EXPECT_EQ(stepwise.Tick(), jobs::Scheduler::TickOutcome::kRan);
  EXPECT_EQ(AdvanceEvents(), 4);
  EXPECT_EQ(Runs().size(), 4U) << "each step is its own claimed run";
  EXPECT_EQ(EngineTime(*first->engine), now) << "the last step goes to now";

  engine::Engine at_once(program::BuiltinProgram("cloudone").value(), T("2026-12-01T00:00:00+03:00"));
  for (const auto& event : History()) ASSERT_TRUE(engine::ApplyEvent(at_once, event, 0));
  ASSERT_TRUE(at_once.Apply(engine::Advance{now}));
  first->engine->Read([&](const engine::Engine& engine) {
    EXPECT_EQ(engine.ledger().size(), at_once.ledger().size());
    EXPECT_EQ(ledger::BalancesOf(engine.ledger(), "B1"), ledger::BalancesOf(at_once.ledger(), "B1"));
    EXPECT_EQ(engine.NextDue(), at_once.NextDue());
  });
}

// Shutdown waits for the step in progress, not for the whole catch-up: the
// rest is left due for the next tick (or the next start).
TEST_F(SchedulerTest, AStopIsHonouredBetweenSteps) {
  const Timestamp now = T("2027-03-01T00:00:05+03:00");
  engine_clock.Set(now);
  jobs::Scheduler stepwise(*first->engine, *database, engine_clock, wall_clock, std::chrono::seconds(1),
                           "first:1", 1);
  stepwise.Stop();  // asked before the tick: the tick runs its first step only
  EXPECT_EQ(stepwise.Tick(), jobs::Scheduler::TickOutcome::kRan);
  EXPECT_EQ(AdvanceEvents(), 1);
  EXPECT_EQ(FormatEat(EngineTime(*first->engine)), "2027-01-01T00:00:00+03:00");
  EXPECT_LE(NextDue(*first->engine).value(), now) << "the rest of the catch-up is still due";
  EXPECT_EQ(second->scheduler->Tick(), jobs::Scheduler::TickOutcome::kRan) << "another tick finishes it";
  EXPECT_GT(NextDue(*first->engine).value(), now);
}

TEST_F(SchedulerTest, TheThreadTicksAtOnceAndStopsPromptly) {
  engine_clock.Set(T("2027-01-01T00:00:05+03:00"));
  first->scheduler->Start();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (Runs().empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(Runs().size(), 1U) << "the first tick is at start";
  const auto stopping = std::chrono::steady_clock::now();
  first->scheduler->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, std::chrono::milliseconds(500))
      << "Stop does not wait out the interval";
}

}  // namespace
}  // namespace wakala::app
