// `wakala import` run again after it stopped (a bad line, kill -9 at a random
// point): it goes on where it stopped, and the store ends exactly as one
// clean import leaves it. Both stores; the kill times are seeded
// (WAKALA_TEST_SEED to repeat).
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <soci/soci.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <thread>

#include "core/clock.hpp"
#include "engine/engine.hpp"
#include "journal/journal.hpp"
#include "program/program.hpp"
#include "server_process.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "test_database.hpp"

namespace wakala {
namespace {

using testing::EngineBooks;
using testing::EngineUnderTest;
using testing::ReadEngineBooks;
using testing::RunWakala;
using testing::TestDatabase;

// A history of about 700 events over 2026: four agents, 60 clients on
// referral links, monthly invoices, refunds, month ends, withdrawals asked,
// approved and paid — events without ids among them, which applied twice
// would change the books.
std::vector<std::string> History() {
  std::vector<std::string> lines;
  lines.reserve(1024);  // about 700 events
  const char* tiers[] = {"bronze", "silver", "gold", "titanium"};
  for (int a = 0; a < 4; ++a) {
    lines.push_back(fmt::format(
        R"({{"type":"add_agent","at":"2026-01-01T00:00:00+03:00","id":"AG{0}","tier":"{1}",)"
        R"("activated_at":"2025-01-01T00:00:00+03:00","sip_trunk_active":true,"agreement_signed":true,)"
        R"("email":"agent{0}@example.co.ke","phone":"+2547000000{0}{0}","people":[]}})",
        a, tiers[a]));
  }
  for (int c = 0; c < 60; ++c) {
    lines.push_back(fmt::format(
        R"({{"type":"add_client","at":"2026-01-01T00:00:00+03:00","id":"CL{0}","email":"it@client{0}.co.ke"}})",
        c));
  }
  for (int c = 0; c < 60; ++c) {
    lines.push_back(fmt::format(
        R"({{"type":"associate","at":"2026-01-02T09:00:00+03:00","client":"CL{0}","agent":"AG{1}",)"
        R"("source":"referral_link","referral_url":"https://cloudone.co/?affid=AG{1}"}})",
        c, c % 4));
  }
  int invoice = 0;
  for (int month = 1; month <= 8; ++month) {
    std::vector<std::string> refunds;
    for (int c = 0; c < 60; ++c) {
      ++invoice;
      lines.push_back(fmt::format(
          R"({{"type":"invoice_paid","at":"2026-{:02}-10T{:02}:{:02}:00+03:00","id":"INV-{}","client":"CL{}",)"
          R"("lines":[{{"id":"L1","category":"managed_subscription","subscription":"S{}","amount":"{}.00"}},)"
          R"({{"id":"L2","category":"talk_time","amount":"{}.50"}}]}})",
          month, 8 + c / 10, c % 10 * 5, invoice, c, c, 10'000 + 1'000 * ((c * 7 + month) % 40),
          500 + (c * 13 + month) % 900));
      if ((c + month) % 11 == 0) {
        refunds.push_back(fmt::format(
            R"({{"type":"refund","at":"2026-{:02}-20T09:{:02}:00+03:00","id":"RF-{}","invoice":"INV-{}",)"
            R"("line":"L2","amount":"100.00"}})",
            month, c, invoice, invoice));
      }
    }
    lines.insert(lines.end(), refunds.begin(), refunds.end());
    if (month >= 3) {
      const char* steps[] = {"withdraw", "withdrawal_approved", "withdrawal_paid"};
      for (int step = 0; step < 3; ++step) {
        for (int a = 0; a < 4; ++a) {
          const std::string id = fmt::format("W-{}-{}", a, month);
          std::string fields = fmt::format(R"("id":"{}")", id);
          if (step == 0) fields += fmt::format(R"(,"agent":"AG{}","amount":"10000.00")", a);
          if (step == 2) fields += fmt::format(R"(,"reference":"MPESA-{}")", id);
          lines.push_back(fmt::format(R"({{"type":"{}","at":"2026-{:02}-{}T10:0{}:00+03:00",{}}})",
                                      steps[step], month, 25 + step, a, fields));
        }
      }
    }
    lines.push_back(fmt::format(R"({{"type":"advance","at":"2026-{:02}-28T23:00:00+03:00"}})", month));
  }
  return lines;
}

void WriteLines(const std::filesystem::path& path, const std::vector<std::string>& lines, std::size_t count) {
  std::ofstream file(path);
  for (std::size_t i = 0; i < count && i < lines.size(); ++i) file << lines[i] << "\n";
}

// The store loads as a restart would (migrated, its replay agreeing with the
// stored books) and the books' invariants hold.
void ExpectSound(const std::string& url) {
  auto database = storage::Database::Open(url, 1);
  ASSERT_TRUE(database) << database.error().message;
  auto migrated = storage::Migrate(**database);
  ASSERT_TRUE(migrated) << migrated.error().message;
  ManualClock clock(FromUnixSeconds(4'102'444'800));
  journal::Journal journal(**database, program::BuiltinProgram("cloudone").value(), clock, clock,
                           std::chrono::seconds(300));
  auto loaded = journal.Load();
  ASSERT_TRUE(loaded) << loaded.error().message;
  journal.Read([](const engine::Engine& engine) {
    const auto problems = engine.CheckInvariants();
    EXPECT_TRUE(problems.empty()) << problems.front();
  });
}

std::string ImportArguments(const std::filesystem::path& file, const std::string& url, int batch) {
  return fmt::format("import {} --database '{}' --batch {}", file.string(), url, batch);
}

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory = std::filesystem::temp_directory_path() / fmt::format("wakala-import-{}", getpid());
    std::filesystem::create_directories(directory);
    history = History();
    whole = directory / "history.jsonl";
    WriteLines(whole, history, history.size());
    // The books of one clean import: what every interrupted one must end with.
    reference = std::make_unique<TestDatabase>(EngineUnderTest());
    std::string output;
    const auto started = std::chrono::steady_clock::now();
    ASSERT_EQ(RunWakala(ImportArguments(whole, reference->url(), 25), output), 0) << output;
    clean_import_time = std::chrono::steady_clock::now() - started;
    reference_books = ReadEngineBooks(reference->url());
    ASSERT_NE(reference_books.events.find("withdrawal_paid"), std::string::npos);
  }
  void TearDown() override { std::filesystem::remove_all(directory); }

  std::filesystem::path directory, whole;
  std::vector<std::string> history;
  std::unique_ptr<TestDatabase> reference;
  EngineBooks reference_books;
  std::chrono::steady_clock::duration clean_import_time{};
};

TEST_F(ImportTest, AnImportStoppedByABadLineGoesOnFromThereWhenRunAgain) {
  TestDatabase store(EngineUnderTest());
  const std::size_t bad_line = history.size() * 3 / 5;  // 1-based
  std::vector<std::string> broken = history;
  broken[bad_line - 1] = R"({"type":"invoice_paid","at":)";
  const auto file = directory / "broken.jsonl";
  WriteLines(file, broken, broken.size());
  std::string output;
  ASSERT_EQ(RunWakala(ImportArguments(file, store.url(), 25), output), 2) << output;
  EXPECT_NE(output.find(fmt::format("broken.jsonl:{}: not a JSON object", bad_line)), std::string::npos)
      << output;
  // What the run committed: whole batches, all before the bad line.
  const EngineBooks partial = ReadEngineBooks(store.url());
  EXPECT_FALSE(partial.events.empty());
  EXPECT_LT(partial.events.size(), reference_books.events.size());
  EXPECT_TRUE(partial.IsPrefixOf(reference_books));

  // Mended and run again: it goes on after the last line it had imported.
  WriteLines(file, history, history.size());
  ASSERT_EQ(RunWakala(ImportArguments(file, store.url(), 25), output), 0) << output;
  EXPECT_NE(output.find("were imported before"), std::string::npos) << output;
  EXPECT_EQ(ReadEngineBooks(store.url()), reference_books);
  ExpectSound(store.url());

  // The whole file again, under another name: nothing changes.
  const auto copy = directory / "copy.jsonl";
  std::filesystem::copy_file(file, copy);
  ASSERT_EQ(RunWakala(ImportArguments(copy, store.url(), 7), output), 0) << output;
  EXPECT_NE(output.find("the whole file is imported, nothing changed"), std::string::npos) << output;
  EXPECT_EQ(ReadEngineBooks(store.url()), reference_books);
}

TEST_F(ImportTest, AFileThatGrewImportsOnlyItsNewLines) {
  TestDatabase store(EngineUnderTest());
  const auto file = directory / "growing.jsonl";
  const std::size_t first = history.size() / 3;
  WriteLines(file, history, first);
  std::string output;
  ASSERT_EQ(RunWakala(ImportArguments(file, store.url(), 40), output), 0) << output;
  WriteLines(file, history, history.size());
  ASSERT_EQ(RunWakala(ImportArguments(file, store.url(), 40), output), 0) << output;
  EXPECT_NE(output.find(fmt::format("its first {} lines were imported before", first)), std::string::npos)
      << output;
  EXPECT_NE(output.find(fmt::format(": {} events", history.size() - first)), std::string::npos) << output;
  EXPECT_EQ(ReadEngineBooks(store.url()), reference_books);

  // Another history is not taken for this one: a file whose first line
  // differs starts from its own first line (and here is refused by the
  // engine: its agent is already there).
  std::vector<std::string> other = history;
  other[0] = R"({"type":"add_agent","at":"2026-01-01T00:00:00+03:00","id":"AG0","tier":"gold",)"
             R"("activated_at":"2025-01-01T00:00:00+03:00","sip_trunk_active":true,"agreement_signed":true,)"
             R"("email":"agent0@example.co.ke","phone":"+254700000000","people":[]})";
  const auto other_file = directory / "other.jsonl";
  WriteLines(other_file, other, other.size());
  EXPECT_EQ(RunWakala(ImportArguments(other_file, store.url(), 40), output), 2) << output;
  EXPECT_EQ(ReadEngineBooks(store.url()), reference_books);
}

// kill -9 at random points, each time the same command again, until a run
// finishes by itself: the books end as one clean import's, nothing lost,
// nothing twice, and every store a kill left behind loads and is sound.
TEST_F(ImportTest, AnImportKilledAtRandomPointsFinishesWhenRunAgain) {
  unsigned seed = std::random_device{}();
  if (const char* given = std::getenv("WAKALA_TEST_SEED")) seed = static_cast<unsigned>(std::stoul(given));
  std::cout << "ImportTest seed " << seed << " (WAKALA_TEST_SEED to repeat)\n";
  std::mt19937 random(seed);
  const auto clean_ms = std::chrono::duration_cast<std::chrono::milliseconds>(clean_import_time).count();
  int kills = 0;
  for (int pass = 0; pass < 3; ++pass) {
    TestDatabase store(EngineUnderTest());
    bool finished = false;
    for (int run = 0; run < 50 && !finished; ++run) {
      const pid_t child = fork();
      ASSERT_GE(child, 0);
      if (child == 0) {
        const int null = open("/dev/null", O_WRONLY);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        const std::string& url = store.url();
        execl(WAKALA_BINARY, WAKALA_BINARY, "import", whole.c_str(), "--database", url.c_str(), "--batch",
              "10", static_cast<char*>(nullptr));
        _exit(127);
      }
      std::this_thread::sleep_for(
          std::chrono::milliseconds(std::uniform_int_distribution<long long>(0, clean_ms)(random)));
      kill(child, SIGKILL);
      int status = 0;
      ASSERT_EQ(waitpid(child, &status, 0), child);
      if (WIFSIGNALED(status)) {
        ++kills;
      } else {
        ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "run " << run << " exited " << status;
        finished = true;
      }
      ExpectSound(store.url());
    }
    ASSERT_TRUE(finished);
    EXPECT_EQ(ReadEngineBooks(store.url()), reference_books) << "pass " << pass;
  }
  std::cout << kills << " runs killed on the way\n";
  EXPECT_GE(kills, 1);
}

}  // namespace
}  // namespace wakala
