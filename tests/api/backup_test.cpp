// Backups taken while the server takes writes, and restores that serve:
// `wakala backup` on SQLite, pg_dump/pg_restore on PostgreSQL as
// docs/operations.md ("Backups and restores") gives them.
#include <fmt/format.h>

#include <atomic>
#include <filesystem>
#include <iostream>
#include <thread>

#include "api_fixture.hpp"

namespace wakala::testing {
namespace {

class BackupTest : public ApiTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    return FixedProgramTime("2026-12-06T12:00:00+03:00");
  }
  std::string History() const override {
    return R"({"type":"add_agent","at":"2026-12-01T00:00:00+03:00","id":"BK1","tier":"gold","sip_trunk_active":true,"agreement_signed":true}
{"type":"add_client","at":"2026-12-01T00:00:00+03:00","id":"BKC1"}
{"type":"associate","at":"2026-12-02T09:00:00+03:00","client":"BKC1","agent":"BK1","source":"staff_assignment"}
)";
  }

  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    directory = std::filesystem::temp_directory_path() / ("wakala-backup-" + std::to_string(getpid()));
    std::filesystem::remove_all(directory);
    std::filesystem::create_directories(directory);
    auto staff = SignedIn(kStaffEmail, kStaffPassword);
    auto created =
        staff->Json("POST", "/api/v1/api-keys", R"({"name":"billing","scopes":["billing:write"]})");
    ASSERT_EQ(created.status, 201) << created.body;
    const auto body = ParseObject(created.body);
    key = std::string(body.at("key").as_string());
    signing_secret = std::string(body.at("signing_secret").as_string());
  }
  void TearDown() override {
    ApiTest::TearDown();
    std::filesystem::remove_all(directory);
  }

  // Invoices posted one by one until `stop`; `acknowledged` counts the ones
  // the server answered 200 (committed).
  void PostInvoices(const std::atomic<bool>& stop, std::atomic<int>& acknowledged) {
    auto client = Client();
    for (int i = 1; !stop.load() && i <= 2000; ++i) {
      const std::string body = fmt::format(
          R"({{"events":[{{"type":"invoice_paid","at":"2026-12-05T09:00:00+03:00","id":"INV-BK-{}","client":"BKC1",)"
          R"("lines":[{{"id":"L1","category":"talk_time","amount":"{}.00"}}]}}]}})",
          i, 1000 + i);
      auto posted = PostBillingEvents(*client, key, signing_secret, body, UnixNow());
      ASSERT_EQ(posted.status, 200) << posted.body;
      acknowledged.store(i);
    }
  }

  // A server on the restored store answers, and its history is the live
  // one's up to the moment of the backup: every invoice acknowledged before
  // the backup began is in it.
  void ExpectRestoredServes(const std::string& restored_url, int acknowledged_before) {
    const EngineBooks restored = ReadEngineBooks(restored_url);
    const EngineBooks live = ReadEngineBooks(database->url());
    EXPECT_TRUE(restored.IsPrefixOf(live));
    EXPECT_NE(restored.events.find(fmt::format("\"INV-BK-{}\"", acknowledged_before)), std::string::npos)
        << "invoice " << acknowledged_before << " was acknowledged before the backup began";
    ServerProcess restored_server(restored_url, ServerEnvironment());
    HttpClient client(restored_server.base_url());
    EXPECT_EQ(client.Get("/readyz").status, 200);
    ASSERT_EQ(client.Login(kStaffEmail, kStaffPassword).status, 200);
    auto agent = client.Get("/api/v1/agents/BK1/dashboard");
    EXPECT_EQ(agent.status, 200) << agent.body;
  }

  std::filesystem::path directory;
  std::string key, signing_secret;
};

TEST_F(BackupTest, ASqliteBackupTakenUnderWritesIsWholeCheckedAndServesWhenRestored) {
  if (database->engine() != storage::Engine::kSqlite) GTEST_SKIP() << "the PostgreSQL procedure is below";
  std::atomic<bool> stop{false};
  std::atomic<int> acknowledged{0};
  std::thread writer([&] { PostInvoices(stop, acknowledged); });
  while (acknowledged.load() < 20) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const int before = acknowledged.load();
  const auto file = directory / "wakala-backup.db";
  std::string output;
  const int status = RunWakala("backup " + file.string() + " --database '" + database->url() + "'", output);
  const int after = acknowledged.load();
  std::cout << "invoices acknowledged while the backup ran: " << after - before << "\n";
  while (acknowledged.load() < after + 20) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  stop = true;
  writer.join();
  ASSERT_EQ(status, 0) << output;
  EXPECT_NE(output.find("checked (integrity ok, the log replays to its books)"), std::string::npos) << output;
  EXPECT_FALSE(std::filesystem::exists(file.string() + ".partial"));

  // The restore: the file put in place of the store (here: a new place).
  const auto restored = directory / "restored" / "wakala.db";
  std::filesystem::create_directories(restored.parent_path());
  std::filesystem::copy_file(file, restored);
  ExpectRestoredServes("sqlite:" + restored.string(), before);

  // An existing file is never overwritten; nothing is written.
  const auto size = std::filesystem::file_size(file);
  EXPECT_EQ(RunWakala("backup " + file.string() + " --database '" + database->url() + "'", output), 1);
  EXPECT_NE(output.find("exists; give a new file"), std::string::npos) << output;
  EXPECT_EQ(std::filesystem::file_size(file), size);
  EXPECT_FALSE(std::filesystem::exists(file.string() + ".partial"));
}

TEST_F(BackupTest, APostgresDumpTakenUnderWritesRestoresAndServes) {
  if (database->engine() != storage::Engine::kPostgres) GTEST_SKIP() << "the SQLite backup is above";
  std::string output;
  // `wakala backup` points PostgreSQL stores to pg_dump, and writes nothing.
  const auto refused = directory / "not-written.db";
  EXPECT_EQ(RunWakala("backup " + refused.string() + " --database '" + database->url() + "'", output), 1);
  EXPECT_NE(output.find("pg_dump"), std::string::npos) << output;
  EXPECT_FALSE(std::filesystem::exists(refused));

  std::atomic<bool> stop{false};
  std::atomic<int> acknowledged{0};
  std::thread writer([&] { PostInvoices(stop, acknowledged); });
  while (acknowledged.load() < 20) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const int before = acknowledged.load();
  const auto dump = directory / "wakala.dump";
  // The documented procedure: a custom-format dump (one consistent snapshot)…
  const std::string pg_bin = "/usr/lib/postgresql/15/bin/";
  const int dumped = std::system(
      (pg_bin + "pg_dump --format=custom --file='" + dump.string() + "' '" + database->url() + "'").c_str());
  const int after = acknowledged.load();
  std::cout << "invoices acknowledged while the backup ran: " << after - before << "\n";
  while (acknowledged.load() < after + 20) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  stop = true;
  writer.join();
  ASSERT_EQ(dumped, 0);
  // …restored into an empty database, then served.
  TestDatabase restored(storage::Engine::kPostgres);
  ASSERT_EQ(std::system((pg_bin + "pg_restore --no-owner --exit-on-error --dbname='" + restored.url() +
                         "' '" + dump.string() + "'")
                            .c_str()),
            0);
  ExpectRestoredServes(restored.url(), before);
}

}  // namespace
}  // namespace wakala::testing
