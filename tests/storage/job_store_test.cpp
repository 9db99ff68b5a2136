#include <gtest/gtest.h>
#include <soci/soci.h>

#include <atomic>
#include <thread>

#include "storage/database.hpp"
#include "storage/job_store.hpp"
#include "storage/migrations.hpp"
#include "test_database.hpp"

namespace wakala::storage {
namespace {

using testing::EngineUnderTest;
using testing::TestDatabase;

constexpr Timestamp kDue{std::chrono::seconds{1'798'750'800}};  // 2027-01-01T00:00:00+03:00, a month close
constexpr Timestamp kStarted{std::chrono::seconds{1'798'750'805}};

class JobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_database = std::make_unique<TestDatabase>(EngineUnderTest());
    auto opened = Database::Open(test_database->url(), 4);
    ASSERT_TRUE(opened) << opened.error().message;
    database = std::move(*opened);
    ASSERT_TRUE(Migrate(*database));
  }

  // Claims in a transaction of its own that commits.
  bool Claim(const std::string& job, Timestamp due, const std::string& holder) {
    bool claimed = false;
    auto written = database->Write([&](soci::session& session) -> Result<void> {
      claimed = JobStore(session).Claim(job, due, holder, kStarted);
      return {};
    });
    EXPECT_TRUE(written) << written.error().message;
    return claimed;
  }

  std::vector<JobRun> Runs() {
    std::vector<JobRun> runs;
    EXPECT_TRUE(database->Read([&](soci::session& session) -> Result<void> {
      runs = JobStore(session).Recent(100);
      return {};
    }));
    return runs;
  }

  std::unique_ptr<TestDatabase> test_database;
  std::unique_ptr<Database> database;
};

TEST_F(JobStoreTest, ADueRunIsClaimedOnce) {
  EXPECT_TRUE(Claim("engine-advance", kDue, "host-a:1"));
  EXPECT_FALSE(Claim("engine-advance", kDue, "host-b:2")) << "the same job and due time again";
  EXPECT_FALSE(Claim("engine-advance", kDue, "host-a:1")) << "not even by the same holder";
  EXPECT_TRUE(Claim("engine-advance", kDue + std::chrono::seconds(1), "host-b:2")) << "another due time";
  EXPECT_TRUE(Claim("another-job", kDue, "host-b:2")) << "another job";
  const auto runs = Runs();
  ASSERT_EQ(runs.size(), 3U);
  long long at_due = 0;
  for (const auto& run : runs) {
    if (run.job == "engine-advance" && run.due_at == kDue) {
      ++at_due;
      EXPECT_EQ(run.holder, "host-a:1") << "the first claim stands";
      EXPECT_EQ(run.outcome, "ok");
      EXPECT_EQ(run.attempts, 1);
      EXPECT_EQ(run.started_at, kStarted);
    }
  }
  EXPECT_EQ(at_due, 1);
}

TEST_F(JobStoreTest, AClaimCommitsOnlyWithItsTransaction) {
  auto rolled_back = database->Write([&](soci::session& session) -> Result<void> {
    EXPECT_TRUE(JobStore(session).Claim("engine-advance", kDue, "host-a:1", kStarted));
    return Fail(Error::Internal("the run's work failed"));
  });
  ASSERT_FALSE(rolled_back);
  EXPECT_TRUE(Runs().empty());
  EXPECT_TRUE(Claim("engine-advance", kDue, "host-b:2")) << "nothing of the rolled-back claim is left";
}

TEST_F(JobStoreTest, FinishStampsTheClaimedRun) {
  ASSERT_TRUE(database->Write([&](soci::session& session) -> Result<void> {
    JobStore jobs(session);
    EXPECT_TRUE(jobs.Claim("engine-advance", kDue, "host-a:1", kStarted));
    jobs.Finish("engine-advance", kDue, kStarted + std::chrono::seconds(3));
    return {};
  }));
  const auto runs = Runs();
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_EQ(runs[0].finished_at, kStarted + std::chrono::seconds(3));
}

TEST_F(JobStoreTest, AFailedRunMayBeClaimedAgainASucceededOneIsNeverOverwritten) {
  auto record_failure = [&](const std::string& holder, const std::string& detail) {
    ASSERT_TRUE(database->Write([&](soci::session& session) -> Result<void> {
      JobStore(session).RecordFailure(JobRun{"engine-advance", kDue, holder, kStarted,
                                             kStarted + std::chrono::seconds(1), "error", detail});
      return {};
    }));
  };
  record_failure("host-a:1", "database went away");
  record_failure("host-b:2", "database went away again");
  auto runs = Runs();
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_EQ(runs[0].outcome, "error");
  EXPECT_EQ(runs[0].detail, "database went away again");
  EXPECT_EQ(runs[0].attempts, 2);

  EXPECT_TRUE(Claim("engine-advance", kDue, "host-a:1")) << "a failed run is tried again";
  EXPECT_FALSE(Claim("engine-advance", kDue, "host-b:2"));
  record_failure("host-b:2", "late failure report");
  runs = Runs();
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_EQ(runs[0].outcome, "ok") << "a success is never overwritten";
  EXPECT_EQ(runs[0].holder, "host-a:1");
  EXPECT_EQ(runs[0].detail, "");
  EXPECT_EQ(runs[0].attempts, 3);
}

TEST_F(JobStoreTest, ConcurrentClaimsOfOneRunHaveOneWinner) {
  constexpr int kContenders = 4;  // the pool's size: every claim on its own connection
  std::atomic<int> won{0};
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  threads.reserve(kContenders);
  for (int i = 0; i < kContenders; ++i) {
    threads.emplace_back([&, i] {
      ++ready;
      while (ready.load() < kContenders) std::this_thread::yield();
      auto written = database->Write([&](soci::session& session) -> Result<void> {
        if (JobStore(session).Claim("engine-advance", kDue, "holder-" + std::to_string(i), kStarted)) ++won;
        // Hold the claim a moment, so that the others meet it uncommitted.
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        return {};
      });
      EXPECT_TRUE(written) << written.error().message;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(Runs().size(), 1U);
}

}  // namespace
}  // namespace wakala::storage
