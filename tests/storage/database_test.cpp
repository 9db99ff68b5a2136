#include <gtest/gtest.h>
#include <soci/soci.h>

#include <atomic>
#include <thread>

#include "storage/account_store.hpp"
#include "storage/database.hpp"
#include "storage/engine_store.hpp"
#include "storage/migrations.hpp"
#include "test_database.hpp"

namespace wakala::storage {
namespace {

using testing::EngineUnderTest;
using testing::TestDatabase;

class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_database = std::make_unique<TestDatabase>(EngineUnderTest());
    auto opened = Database::Open(test_database->url(), 4);
    ASSERT_TRUE(opened) << opened.error().message;
    database = std::move(*opened);
  }

  long long Count(const std::string& table) {
    long long count = 0;
    EXPECT_TRUE(database->Read([&](soci::session& session) -> Result<void> {
      session << "SELECT COUNT(*) FROM " + table, soci::into(count);
      return {};
    }));
    return count;
  }

  std::unique_ptr<TestDatabase> test_database;
  std::unique_ptr<Database> database;
};

TEST_F(DatabaseTest, MigratesOnceAndRecordsTheVersion) {
  auto first = Migrate(*database);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(*first, static_cast<int>(KnownMigrations(database->engine()).size()));
  auto second = Migrate(*database);
  ASSERT_TRUE(second);
  EXPECT_EQ(*second, 0) << "migrating twice applies nothing";
  auto status = ReadSchemaStatus(*database);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->applied, status->known);
  EXPECT_TRUE(RequireCurrentSchema(*database));
}

// Books written before the ledger became one row per movement keep every
// amount: two-posting transactions become one movement, a withdrawal paid with
// tax two (gross and tax paired by size), and balances read the same.
TEST_F(DatabaseTest, TheLedgerMovementsMigrationCarriesOverTheOldBooks) {
  ASSERT_TRUE(database->Write([&](soci::session& session) -> Result<void> {
    session << "CREATE TABLE IF NOT EXISTS schema_migrations ("
               " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
    for (const auto& migration : KnownMigrations(database->engine())) {
      if (migration.name.starts_with("0011_ledger_movements")) break;
      database->ExecuteScript(session, migration.script);
      const long long version = migration.version;
      session << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, 0)",
          soci::use(version), soci::use(migration.name);
    }
    session << "INSERT INTO engine_events (seq, type, event_id, at, body, recorded_at)"
               " VALUES (1, 'invoice_paid', 'INV-1', 100, '{}', 100)";
    session << "INSERT INTO ledger_transactions (transaction_key, event_seq, at, kind, commission_id) VALUES"
               " ('accrue/INV-1/L1/sale', 1, 100, 'accrual', 'INV-1/L1/sale'),"
               " ('paid/W1', 1, 100, 'withdrawal_paid', '')";
    session << "INSERT INTO ledger_postings (transaction_key, account, amount_cents) VALUES"
               " ('accrue/INV-1/L1/sale', 'program:commission_expense', -2000000),"
               " ('accrue/INV-1/L1/sale', 'agent:A1:pending', 2000000),"
               " ('paid/W1', 'agent:A1:withdrawing', -1500000),"
               " ('paid/W1', 'agent:A1:paid_out', 1500000),"
               " ('paid/W1', 'agent:A1:tax_withheld', 75000),"
               " ('paid/W1', 'program:tax_payable', -75000)";
    return {};
  }));
  auto migrated = Migrate(*database);
  ASSERT_TRUE(migrated) << migrated.error().message;
  EXPECT_GE(*migrated, 1);
  EXPECT_EQ(Count("ledger_movements"), 3);
  auto balance = [&](const std::string& account) {
    long long cents = 0;
    EXPECT_TRUE(database->Read([&](soci::session& session) -> Result<void> {
      session << "SELECT COALESCE(SUM(CASE WHEN to_account = :a THEN amount_cents ELSE -amount_cents END), 0)"
                 " FROM ledger_movements WHERE to_account = :b OR from_account = :c",
          soci::into(cents), soci::use(account), soci::use(account), soci::use(account);
      return {};
    }));
    return cents;
  };
  EXPECT_EQ(balance("agent:A1:pending"), 2'000'000);
  EXPECT_EQ(balance("program:commission_expense"), -2'000'000);
  EXPECT_EQ(balance("agent:A1:paid_out"), 1'500'000);
  EXPECT_EQ(balance("agent:A1:withdrawing"), -1'500'000);
  EXPECT_EQ(balance("agent:A1:tax_withheld"), 75'000);
  EXPECT_EQ(balance("program:tax_payable"), -75'000);
  std::string tax_from;
  long long legs = 0;
  ASSERT_TRUE(database->Read([&](soci::session& session) -> Result<void> {
    session << "SELECT from_account FROM ledger_movements WHERE to_account = 'agent:A1:tax_withheld'",
        soci::into(tax_from);
    session << "SELECT COUNT(*) FROM ledger_movements WHERE transaction_key = 'paid/W1'", soci::into(legs);
    return {};
  }));
  EXPECT_EQ(tax_from, "program:tax_payable");
  EXPECT_EQ(legs, 2);

  // Keyed by (transaction_key, leg) since 0013: the same leg of a transaction
  // cannot be booked twice, whatever event or position it claims.
  auto insert = [&](const std::string& key, int leg) {
    return database->Write([&](soci::session& session) -> Result<void> {
      session << "INSERT INTO ledger_movements (event_seq, position, transaction_key, leg, at, kind,"
                 " commission_id, from_account, to_account, amount_cents) VALUES (1, 99, :key, :leg, 100,"
                 " 'withdrawal_paid', '', 'agent:A1:withdrawing', 'agent:A1:paid_out', 1)",
          soci::use(key), soci::use(leg);
      return {};
    });
  };
  EXPECT_FALSE(insert("paid/W1", 1)) << "leg 1 of paid/W1 is booked already";
  EXPECT_TRUE(insert("paid/W1", 2));
  EXPECT_EQ(Count("ledger_movements"), 4);
}

TEST_F(DatabaseTest, BothEnginesCarryTheSameMigrations) {
  const auto sqlite = KnownMigrations(Engine::kSqlite);
  const auto postgres = KnownMigrations(Engine::kPostgres);
  ASSERT_EQ(sqlite.size(), postgres.size());
  for (std::size_t i = 0; i < sqlite.size(); ++i) {
    EXPECT_EQ(sqlite[i].name, postgres[i].name);
  }
}

TEST_F(DatabaseTest, UnmigratedSchemaIsRefusedWithoutMigrate) {
  auto current = RequireCurrentSchema(*database);
  ASSERT_FALSE(current);
  EXPECT_NE(current.error().message.find("run wakala migrate"), std::string::npos);
}

TEST_F(DatabaseTest, NewerSchemaIsRefused) {
  ASSERT_TRUE(Migrate(*database));
  ASSERT_TRUE(database->Write([](soci::session& session) -> Result<void> {
    session << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '0999_future.sql', 0)";
    return {};
  }));
  auto migrated = Migrate(*database);
  ASSERT_FALSE(migrated);
  EXPECT_NE(migrated.error().message.find("newer than this binary"), std::string::npos);
  EXPECT_FALSE(RequireCurrentSchema(*database));
}

TEST_F(DatabaseTest, ConcurrentMigratorsApplyEachMigrationOnce) {
  std::vector<std::thread> threads;
  std::atomic<int> applied{0};
  std::atomic<int> failures{0};
  threads.reserve(3);
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&] {
      auto result = Migrate(*database);
      if (result) {
        applied += *result;
      } else {
        ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(applied.load(), static_cast<int>(KnownMigrations(database->engine()).size()));
}

TEST_F(DatabaseTest, AuditLogIsAppendOnly) {
  ASSERT_TRUE(Migrate(*database));
  SqlAccountTransactions transactions(*database);
  ASSERT_TRUE(transactions.Write([](accounts::AccountStore& store) -> Result<void> {
    store.AppendAudit(
        accounts::AuditEntry{0, "system", "", "test", "x", FromUnixSeconds(1), "127.0.0.1", "{}"});
    return {};
  }));
  auto update = database->Write([](soci::session& session) -> Result<void> {
    session << "UPDATE audit_log SET action = 'forged'";
    return {};
  });
  EXPECT_FALSE(update);
  auto erase = database->Write([](soci::session& session) -> Result<void> {
    session << "DELETE FROM audit_log";
    return {};
  });
  EXPECT_FALSE(erase);
  EXPECT_EQ(Count("audit_log"), 1);
}

TEST_F(DatabaseTest, WriteRollsBackOnErrorResultAndOnException) {
  ASSERT_TRUE(Migrate(*database));
  auto refused = database->Write([](soci::session& session) -> Result<void> {
    session << "INSERT INTO agent_companies (id, name) VALUES ('AG-1', 'One')";
    return Fail(Error::Invalid("changed my mind"));
  });
  EXPECT_FALSE(refused);
  EXPECT_EQ(Count("agent_companies"), 0);
  auto thrown = database->Write([](soci::session& session) -> Result<void> {
    session << "INSERT INTO agent_companies (id, name) VALUES ('AG-1', 'One')";
    throw std::runtime_error("boom");
  });
  ASSERT_FALSE(thrown);
  EXPECT_EQ(thrown.error().code, ErrorCode::kInternal);
  EXPECT_EQ(Count("agent_companies"), 0);
}

TEST_F(DatabaseTest, DuplicateKeyIsAConflictOnBothEngines) {
  ASSERT_TRUE(Migrate(*database));
  auto insert = [&] {
    return database->Write([](soci::session& session) -> Result<void> {
      session << "INSERT INTO agent_companies (id, name) VALUES ('AG-1', 'One')";
      return {};
    });
  };
  ASSERT_TRUE(insert());
  auto again = insert();
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Count("agent_companies"), 1);
}

// The event log's append (COPY on PostgreSQL, prepared INSERTs on SQLite)
// keeps every byte of text COPY gives a meaning to, writes NULL for a
// missing event id, and refuses a taken sequence number as a conflict that
// leaves the whole batch out and the connection usable.
TEST_F(DatabaseTest, TheEventLogKeepsAwkwardTextAndRefusesATakenSequenceNumber) {
  ASSERT_TRUE(Migrate(*database));
  // Backslashes, quotes, a tab, a newline, a carriage return, COPY's NULL marker and UTF-8.
  const std::string awkward = "{\"note\":\"back\\\\slash \\\"quoted\\\" tab\there\nline\r\\N \u00e9\"}";
  std::vector<NewEvent> rows;
  for (long long seq = 1; seq <= 3; ++seq) {
    rows.push_back(NewEvent{seq, "note", seq == 2 ? "" : "E-" + std::to_string(seq), 1'800'000'000 + seq,
                            awkward + std::to_string(seq), 1'800'000'100, 2});
  }
  ASSERT_TRUE(database->Write([&](soci::session& session) -> Result<void> {
    EngineEventStore(session).AppendEvents(rows);
    return {};
  }));
  std::vector<StoredEvent> stored;
  long long null_ids = 0;
  ASSERT_TRUE(database->Read([&](soci::session& session) -> Result<void> {
    stored = EngineEventStore(session).EventsAfter(0);
    session << "SELECT COUNT(*) FROM engine_events WHERE event_id IS NULL", soci::into(null_ids);
    return {};
  }));
  ASSERT_EQ(stored.size(), 3U);
  for (std::size_t i = 0; i < stored.size(); ++i) {
    EXPECT_EQ(stored[i].seq, rows[i].seq);
    EXPECT_EQ(stored[i].body, rows[i].body);
    EXPECT_EQ(stored[i].rules_version, 2);
  }
  EXPECT_EQ(null_ids, 1);

  // Seq 4 is new, seq 3 is taken: nothing of the batch is kept.
  std::vector<NewEvent> clash{NewEvent{4, "note", "E-4", 1'800'000'004, "{}", 1'800'000'100, 2},
                              NewEvent{3, "note", "E-3b", 1'800'000'005, "{}", 1'800'000'100, 2}};
  auto refused = database->Write([&](soci::session& session) -> Result<void> {
    EngineEventStore(session).AppendEvents(clash);
    return {};
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict) << refused.error().message;
  EXPECT_EQ(Count("engine_events"), 3);
  // Every connection of the pool still works after the refused batch.
  for (int i = 0; i < 8; ++i) EXPECT_EQ(Count("engine_events"), 3);
}

TEST_F(DatabaseTest, ConcurrentWritersAllCommit) {
  // SQLite: BEGIN IMMEDIATE makes writers queue instead of failing "database is locked".
  ASSERT_TRUE(Migrate(*database));
  constexpr int kThreads = 4;
  constexpr int kWritesEach = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWritesEach; ++i) {
        const std::string id = "AG-" + std::to_string(t) + "-" + std::to_string(i);
        auto written = database->Write([&](soci::session& session) -> Result<void> {
          long long existing = 0;
          session << "SELECT COUNT(*) FROM agent_companies", soci::into(existing);
          session << "INSERT INTO agent_companies (id, name) VALUES (:id, 'x')", soci::use(id);
          return {};
        });
        if (!written) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Count("agent_companies"), kThreads * kWritesEach);
  EXPECT_EQ(database->Stats().in_use, 0U);
}

TEST_F(DatabaseTest, PingAnswers) {
  EXPECT_TRUE(database->Ping());
}

TEST_F(DatabaseTest, SqliteConnectionsAreDurableAndChecked) {
  if (database->engine() != Engine::kSqlite) {
    GTEST_SKIP() << "SQLite pragmas";
  }
  // Every pooled connection, not just the first: hold them all at once.
  std::atomic<int> checked{0};
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      EXPECT_TRUE(database->Read([&](soci::session& session) -> Result<void> {
        std::string journal_mode;
        int synchronous = 0;
        int foreign_keys = 0;
        session << "PRAGMA journal_mode", soci::into(journal_mode);
        session << "PRAGMA synchronous", soci::into(synchronous);
        session << "PRAGMA foreign_keys", soci::into(foreign_keys);
        EXPECT_EQ(journal_mode, "wal");
        EXPECT_EQ(synchronous, 2) << "FULL";
        EXPECT_EQ(foreign_keys, 1);
        ++checked;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        return {};
      }));
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(checked.load(), 4);
}

TEST(DatabaseUrl, ParsesBothEnginesAndRefusesOthers) {
  auto sqlite = ParseDatabaseUrl("sqlite:var/wakala.db");
  ASSERT_TRUE(sqlite);
  EXPECT_EQ(sqlite->engine, Engine::kSqlite);
  EXPECT_EQ(sqlite->sqlite_path, "var/wakala.db");
  auto postgres = ParseDatabaseUrl("postgresql://wakala@127.0.0.1:5432/wakala");
  ASSERT_TRUE(postgres);
  EXPECT_EQ(postgres->engine, Engine::kPostgres);
  auto quoted = ParseDatabaseUrl("postgresql://wa%27kala:p%20w@127.0.0.1:5433/books?connect_timeout=3");
  ASSERT_TRUE(quoted);
  EXPECT_NE(quoted->connect.find("user='wa\\'kala'"), std::string::npos) << quoted->connect;
  EXPECT_NE(quoted->connect.find("password='p w'"), std::string::npos) << quoted->connect;
  EXPECT_NE(quoted->connect.find("dbname='books'"), std::string::npos) << quoted->connect;
  EXPECT_NE(quoted->connect.find("port='5433'"), std::string::npos) << quoted->connect;
  EXPECT_FALSE(ParseDatabaseUrl("postgresql://[broken"));
  auto other = ParseDatabaseUrl("mysql://x");
  ASSERT_FALSE(other);
  EXPECT_NE(other.error().message.find("must start with 'sqlite:' or 'postgresql://'"), std::string::npos);
  EXPECT_FALSE(ParseDatabaseUrl("sqlite:"));
}

TEST(DatabaseOpen, UnreachablePostgresIsUnavailable) {
  auto opened = Database::Open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2", 1);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace wakala::storage
