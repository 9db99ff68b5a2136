#include <gtest/gtest.h>
#include <soci/soci.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/application.hpp"
#include "core/secure_random.hpp"
#include "engine/agent_views.hpp"
#include "engine/codec.hpp"
#include "journal/journal.hpp"
#include "sim/scenario.hpp"
#include "storage/engine_store.hpp"
#include "storage/migrations.hpp"
#include "test_database.hpp"

namespace wakala::app {
namespace {

namespace json = boost::json;

std::string ReadScenario(const char* name) {
  std::ifstream file(std::filesystem::path(WAKALA_SOURCE_DIR) / "tests" / "scenarios" / "cloudone" / name);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// A scenario file as the server's event stream: its agents and clients
// become add_agent/add_client events at the start, then its events.
std::vector<json::object> AsEvents(const std::string& scenario_text) {
  const auto scenario = json::parse(scenario_text).as_object();
  const json::value& start = scenario.at("start");
  std::vector<json::object> events;
  for (const auto& agent : scenario.at("agents").as_array()) {
    json::object event = agent.as_object();
    event["type"] = "add_agent";
    event["at"] = start;
    events.push_back(std::move(event));
  }
  for (const auto& client : scenario.at("clients").as_array()) {
    json::object event = client.as_object();
    event["type"] = "add_client";
    event["at"] = start;
    events.push_back(std::move(event));
  }
  for (const auto& event : scenario.at("events").as_array()) events.push_back(event.as_object());
  return events;
}

class JournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_database = std::make_unique<testing::TestDatabase>(testing::EngineUnderTest());
    auto opened = storage::Database::Open(test_database->url(), 2);
    ASSERT_TRUE(opened) << opened.error().message;
    database = std::move(*opened);
    ASSERT_TRUE(storage::Migrate(*database));
  }

  std::unique_ptr<journal::Journal> Service() {
    auto service = std::make_unique<journal::Journal>(*database, program::BuiltinProgram("cloudone").value(),
                                                      clock, program_clock, std::chrono::seconds(300));
    EXPECT_TRUE(service->Load());
    return service;
  }

  ledger::AgentBalances Balances(journal::Journal& service, const std::string& agent) {
    ledger::AgentBalances balances;
    service.Read(
        [&](const engine::Engine& engine) { balances = ledger::BalancesOf(engine.ledger(), agent); });
    return balances;
  }

  long long Sql(const std::function<long long(storage::EngineEventStore&)>& query) {
    long long value = 0;
    EXPECT_TRUE(database->Read([&](soci::session& session) -> Result<void> {
      storage::EngineEventStore store(session);
      value = query(store);
      return {};
    }));
    return value;
  }

  std::unique_ptr<testing::TestDatabase> test_database;
  std::unique_ptr<storage::Database> database;
  ManualClock clock{FromUnixSeconds(1'790'000'000)};
  // Program time far ahead of every history here, unless a test moves it back.
  ManualClock program_clock{FromUnixSeconds(4'102'444'800)};  // 2100-01-01
};

TEST_F(JournalTest, PersistedEngineEqualsTheSimulationAndSurvivesARestart) {
  const std::string scenario = ReadScenario("02-titanium-63-percent.json");
  auto service = Service();
  auto applied = service->ApplyEvents(AsEvents(scenario));
  ASSERT_TRUE(applied) << applied.error().message;
  const auto simulated = json::parse(sim::RunScenario(scenario).value()).as_object();
  EXPECT_EQ(Balances(*service, "T1").pending.ToString(),
            simulated.at("agents").at("T1").at("balances").at("pending").as_string());
  EXPECT_EQ(Balances(*service, "T1").pending.ToString(), "215000.00");

  // The SQL projection holds the same books.
  EXPECT_EQ(Sql([](auto& store) { return store.AccountBalanceCents("agent:T1:pending"); }), 21'500'000);
  EXPECT_EQ(Sql([](auto& store) { return store.AccountBalanceCents("program:commission_expense"); }),
            -21'500'000);
  EXPECT_EQ(Sql([](auto& store) { return store.TransactionCount(); }), 8);

  // A new process replays the log to the same state.
  auto restarted = Service();
  EXPECT_EQ(Balances(*restarted, "T1"), Balances(*service, "T1"));
}

TEST_F(JournalTest, RetriedBillingEventsAreNotAppliedOrLoggedTwice) {
  auto service = Service();
  auto events = AsEvents(ReadScenario("01-bronze-basics.json"));
  ASSERT_TRUE(service->ApplyEvents(events));
  const long long logged = Sql([](auto& store) { return store.LastSeq(); });
  json::object retry = events[3];  // INV-1, delivered again later
  retry["at"] = "2026-04-02T00:00:00+03:00";
  auto outcome = service->ApplyEvents({retry});
  ASSERT_TRUE(outcome) << outcome.error().message;
  ASSERT_EQ(outcome->size(), 1U);
  EXPECT_FALSE(outcome->at(0).applied);
  EXPECT_EQ(Sql([](auto& store) { return store.LastSeq(); }), logged);
  EXPECT_EQ(Balances(*service, "A1").available.ToString(), "2375.00");
}

TEST_F(JournalTest, ABatchIsAllOrNothing) {
  auto service = Service();
  auto events = AsEvents(ReadScenario("01-bronze-basics.json"));
  events.resize(4);  // agent, client, association, INV-1
  ASSERT_TRUE(service->ApplyEvents(events));
  const long long logged = Sql([](auto& store) { return store.LastSeq(); });
  const auto before = Balances(*service, "A1");

  json::object good =
      json::parse(R"({"at": "2026-01-07T09:00:00+03:00", "type": "invoice_paid", "id": "INV-2",
    "client": "C1", "lines": [{"id": "L1", "category": "talk_time", "amount": "1000.00"}]})")
          .as_object();
  json::object bad = json::parse(R"({"at": "2026-01-08T09:00:00+03:00", "type": "refund", "id": "R9",
    "invoice": "INV-1", "line": "L1", "amount": "999999.00"})")
                         .as_object();
  auto refused = service->ApplyEvents({good, bad});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            "event 1 (refund): amount: 999999.00 is more than the 10000.00 left of line \"L1\"");
  EXPECT_EQ(Sql([](auto& store) { return store.LastSeq(); }), logged) << "nothing of the batch was logged";
  EXPECT_EQ(Balances(*service, "A1"), before) << "nor applied in memory";
  auto alone = service->ApplyEvents({good});
  ASSERT_TRUE(alone) << alone.error().message;
  EXPECT_EQ(Balances(*service, "A1").pending.ToString(), "2550.00") << "INV-1 2,500.00, then 5% of 1,000.00";
}

// Issue 10, item 3: an event dated in the future must not move program time.
TEST_F(JournalTest, EventsAheadOfTheProgramClockAreRefusedAndChangeNothing) {
  program_clock.Set(ParseRfc3339Timestamp("2026-01-07T12:00:00+03:00").value());
  auto service = Service();
  auto events = AsEvents(ReadScenario("01-bronze-basics.json"));
  events.resize(4);  // agent, client, association, INV-1 (up to 2026-01-05)
  ASSERT_TRUE(service->ApplyEvents(events));
  const long long logged = Sql([](auto& store) { return store.LastSeq(); });
  const auto before = Balances(*service, "A1");
  Timestamp clock_before{};
  service->Read([&](const engine::Engine& engine) { clock_before = engine.clock(); });

  for (const char* at :
       {"9999-12-31T00:00:00+03:00", "2026-04-07T09:00:00+03:00", "2026-01-07T12:05:01+03:00"}) {
    json::object future = json::parse(R"({"type": "invoice_paid", "id": "INV-F", "client": "C1",
      "lines": [{"id": "L1", "category": "talk_time", "amount": "1000.00"}]})")
                              .as_object();
    future["at"] = at;
    auto refused = service->ApplyEvents({future});
    ASSERT_FALSE(refused) << at;
    EXPECT_NE(refused.error().message.find("event 0 (invoice_paid): at: "), std::string::npos)
        << refused.error().message;
    const bool far = std::string_view(at).starts_with("9999");  // refused by the calendar itself
    EXPECT_NE(refused.error().message.find(far ? "is outside the years 1970 to 2199"
                                               : "ahead of the server's clock (2026-01-07T12:00:00+03:00) by "
                                                 "more than the 300 s allowed"),
              std::string::npos)
        << refused.error().message;
    ASSERT_EQ(refused.error().fields.size(), 1U);
    EXPECT_EQ(refused.error().fields[0].field, "events/0/at");
  }
  EXPECT_EQ(Sql([](auto& store) { return store.LastSeq(); }), logged);
  EXPECT_EQ(Balances(*service, "A1"), before);
  Timestamp clock_after{};
  service->Read([&](const engine::Engine& engine) { clock_after = engine.clock(); });
  EXPECT_EQ(clock_after, clock_before);

  // Within the skew (a billing system's clock a little fast): applied, booked
  // at the program clock, its own time kept.
  json::object close = json::parse(R"({"type": "invoice_paid", "id": "INV-C", "client": "C1",
    "at": "2026-01-07T12:04:00+03:00", "lines": [{"id": "L1", "category": "talk_time", "amount": "1000.00"}]})")
                           .as_object();
  ASSERT_TRUE(service->ApplyEvents({close}));
  service->Read([&](const engine::Engine& engine) { clock_after = engine.clock(); });
  EXPECT_EQ(FormatEat(clock_after), "2026-01-07T12:00:00+03:00");
  std::string body;
  ASSERT_TRUE(database->Read([&](soci::session& session) -> Result<void> {
    body = storage::EngineEventStore(session).EventsAfter(logged).at(0).body;
    return {};
  }));
  EXPECT_NE(body.find(R"("occurred_at":"2026-01-07T12:04:00+03:00")"), std::string::npos) << body;
}

TEST_F(JournalTest, TwoProcessesOnOneDatabaseStayInStep) {
  auto first = Service();
  auto second = Service();
  auto events = AsEvents(ReadScenario("01-bronze-basics.json"));
  const std::vector<json::object> head(events.begin(), events.begin() + 4);
  const std::vector<json::object> tail(events.begin() + 4, events.end());
  ASSERT_TRUE(first->ApplyEvents(head));
  ASSERT_TRUE(second->ApplyEvents(tail)) << "the second catches up with the first's events before its own";
  auto restarted = Service();
  EXPECT_EQ(Balances(*restarted, "A1").available.ToString(), "2375.00");
  EXPECT_EQ(Balances(*second, "A1"), Balances(*restarted, "A1"));
}

TEST_F(JournalTest, ReadCatchesUpWithEventsAnotherProcessAppended) {
  auto first = Service();
  auto second = Service();
  auto events = AsEvents(ReadScenario("01-bronze-basics.json"));
  ASSERT_TRUE(first->ApplyEvents(events));
  // The second process only reads: it must still see what the first appended
  // (a close another process ran, an invoice another one took).
  EXPECT_EQ(Balances(*second, "A1").available.ToString(), "2375.00");
  EXPECT_EQ(Balances(*second, "A1"), Balances(*first, "A1"));
  Timestamp first_clock{}, second_clock{};
  first->Read([&](const engine::Engine& engine) { first_clock = engine.clock(); });
  second->Read([&](const engine::Engine& engine) { second_clock = engine.clock(); });
  EXPECT_EQ(second_clock, first_clock);
}

// ---- upgrading a store that holds events (docs/engine.md, "Rules versions") ----

// Two bronze agents each earn 500.00 on a setup fee and 200.00 on talk time
// (INV-1, INV-2 on 01-05), then staff make them affiliates: B1 on 01-10 (its
// 90-day rule falls on 04-10), B2 on 02-01 (on 05-02). The store advanced to
// 04-15 under the first rules, which forfeited all of B1's 700.00; the
// current rules would take only the 200.00 talk time.
std::vector<json::object> HistoryBeforeTheUpgrade() {
  std::vector<json::object> events;
  for (
      const char* line : {
          R"({"type":"add_agent","at":"2026-01-01T00:00:00+03:00","id":"B1","tier":"bronze","sip_trunk_active":true,"agreement_signed":true})",
          R"({"type":"add_agent","at":"2026-01-01T00:00:00+03:00","id":"B2","tier":"bronze","sip_trunk_active":true,"agreement_signed":true})",
          R"({"type":"add_client","at":"2026-01-01T00:00:00+03:00","id":"C1"})",
          R"({"type":"add_client","at":"2026-01-01T00:00:00+03:00","id":"C2"})",
          R"({"type":"associate","at":"2026-01-02T09:00:00+03:00","client":"C1","agent":"B1","source":"staff_assignment"})",
          R"({"type":"associate","at":"2026-01-02T09:00:00+03:00","client":"C2","agent":"B2","source":"staff_assignment"})",
          R"({"type":"invoice_paid","at":"2026-01-05T09:00:00+03:00","id":"INV-1","client":"C1","lines":[{"id":"L1","category":"setup_fee","amount":"5000.00"},{"id":"L2","category":"talk_time","amount":"4000.00"}]})",
          // As the first binary took it: amounts without two places (refused as input today).
          R"({"type":"invoice_paid","at":"2026-01-05T09:00:00+03:00","id":"INV-2","client":"C2","lines":[{"id":"L1","category":"setup_fee","amount":"5000"},{"id":"L2","category":"talk_time","amount":"4000.0"}]})",
          R"({"type":"override_tier","at":"2026-01-10T09:00:00+03:00","agent":"B1","tier":"affiliate","reason":"agreement lapsed"})",
          R"({"type":"override_tier","at":"2026-02-01T09:00:00+03:00","agent":"B2","tier":"affiliate","reason":"agreement lapsed"})",
          R"({"type":"advance","at":"2026-04-15T09:00:00+03:00"})",
      }) {
    events.push_back(json::parse(line).as_object());
  }
  return events;
}

// A store as the binary before rules versions left it: the schema up to
// migration 0013 and the history decided by the first rules, events and books.
class RulesUpgradeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_database = std::make_unique<testing::TestDatabase>(testing::EngineUnderTest());
    auto opened = storage::Database::Open(test_database->url(), 2);
    ASSERT_TRUE(opened) << opened.error().message;
    database = std::move(*opened);
    old_engine = std::make_unique<engine::Engine>(program::BuiltinProgram("cloudone").value(),
                                                  T("2026-01-01T00:00:00+03:00"));
    old_engine->UseRules(engine::kFirstRulesVersion);
    ASSERT_TRUE(database->Write([&](soci::session& session) -> Result<void> {
      session << "CREATE TABLE IF NOT EXISTS schema_migrations ("
                 " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
      for (const auto& migration : storage::KnownMigrations(database->engine())) {
        if (migration.name.starts_with("0014_")) break;
        database->ExecuteScript(session, migration.script);
        const long long version = migration.version;
        session << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, 0)",
            soci::use(version), soci::use(migration.name);
      }
      storage::EngineEventStore store(session);
      long long seq = 0;
      for (const auto& event : HistoryBeforeTheUpgrade()) {
        const std::size_t ledger_before = old_engine->ledger().size();
        if (auto applied = engine::ApplyEvent(*old_engine, event, static_cast<std::size_t>(seq),
                                              engine::Reading::kStoredBeforeStrictInput);
            !applied) {
          return applied;
        }
        ++seq;
        const std::string body = json::serialize(event);
        const std::string type(event.at("type").as_string());
        const long long at = ToUnixSeconds(T(event.at("at").as_string()));
        // The columns of engine_events before 0014: no rules version.
        session << "INSERT INTO engine_events (seq, type, event_id, at, body, recorded_at)"
                   " VALUES (:seq, :type, NULL, :at, :body, :recorded_at)",
            soci::use(seq), soci::use(type), soci::use(at), soci::use(body), soci::use(at);
        const auto& transactions = old_engine->ledger().transactions();
        const storage::EventTransactions produced{
            seq, std::span(transactions).subspan(ledger_before, transactions.size() - ledger_before)};
        store.AppendTransactions(std::span(&produced, 1));
      }
      return {};
    }));
  }

  static Timestamp T(std::string_view text) { return ParseRfc3339Timestamp(text).value(); }

  std::unique_ptr<journal::Journal> Service() {
    auto service = std::make_unique<journal::Journal>(*database, program::BuiltinProgram("cloudone").value(),
                                                      clock, program_clock, std::chrono::seconds(300));
    auto loaded = service->Load();
    EXPECT_TRUE(loaded) << loaded.error().message;
    return service;
  }

  long long SqlBalance(const std::string& account) {
    long long cents = 0;
    EXPECT_TRUE(database->Read([&](soci::session& session) -> Result<void> {
      cents = storage::EngineEventStore(session).AccountBalanceCents(account);
      return {};
    }));
    return cents;
  }

  std::vector<int> RulesVersions() {
    std::vector<int> versions;
    EXPECT_TRUE(database->Read([&](soci::session& session) -> Result<void> {
      int version = 0;
      soci::statement statement =
          (session.prepare << "SELECT rules_version FROM engine_events ORDER BY seq", soci::into(version));
      statement.execute();
      while (statement.fetch()) versions.push_back(version);
      return {};
    }));
    return versions;
  }

  std::unique_ptr<testing::TestDatabase> test_database;
  std::unique_ptr<storage::Database> database;
  std::unique_ptr<engine::Engine> old_engine;
  ManualClock clock{FromUnixSeconds(1'790'000'000)};
  ManualClock program_clock{FromUnixSeconds(4'102'444'800)};  // 2100-01-01: after every history here
};

TEST_F(RulesUpgradeTest, OldEventsReplayAsTheyWereDecidedAndNewOnesUseTheNewRules) {
  const auto old_b1 = ledger::BalancesOf(old_engine->ledger(), "B1");
  ASSERT_EQ(old_b1.forfeited.ToString(), "700.00") << "the first rules took the setup fee too";
  const auto old_statement =
      engine::BuildStatement(*old_engine, "B1", EatMonth::Of(T("2026-04-10T09:00:00+03:00")));

  // Replaying the same events under today's rules would change the past.
  engine::Engine today(program::BuiltinProgram("cloudone").value(), T("2026-01-01T00:00:00+03:00"));
  for (const auto& event : HistoryBeforeTheUpgrade()) {
    ASSERT_TRUE(engine::ApplyEvent(today, event, 0, engine::Reading::kStoredBeforeStrictInput));
  }
  ASSERT_EQ(ledger::BalancesOf(today.ledger(), "B1").forfeited.ToString(), "200.00");

  ASSERT_TRUE(storage::Migrate(*database));
  EXPECT_EQ(RulesVersions(), std::vector<int>(HistoryBeforeTheUpgrade().size(), 1))
      << "every event stored before the upgrade was decided under the first rules";

  auto service = Service();
  engine::Statement statement;
  ledger::AgentBalances b1;
  service->Read([&](const engine::Engine& engine) {
    b1 = ledger::BalancesOf(engine.ledger(), "B1");
    statement = engine::BuildStatement(engine, "B1", old_statement.month);
  });
  EXPECT_EQ(b1, old_b1) << "the past replays as it was decided";
  EXPECT_EQ(statement.forfeited, old_statement.forfeited);
  EXPECT_EQ(statement.closing, old_statement.closing);
  ASSERT_EQ(statement.lines.size(), old_statement.lines.size());
  for (std::size_t i = 0; i < statement.lines.size(); ++i) {
    EXPECT_EQ(statement.lines[i].reference, old_statement.lines[i].reference);
    EXPECT_EQ(statement.lines[i].amount, old_statement.lines[i].amount);
  }
  EXPECT_EQ(SqlBalance("agent:B1:forfeited"), 70'000) << "and agrees with the books written then";

  // A new event is decided under the new rules: B2's rule (05-02) keeps its setup fee.
  auto applied = service->ApplyEvents(
      {json::parse(R"({"type":"advance","at":"2026-05-10T09:00:00+03:00"})").as_object()});
  ASSERT_TRUE(applied) << applied.error().message;
  auto versions = RulesVersions();
  EXPECT_EQ(versions.back(), engine::kRulesVersion);
  ledger::AgentBalances b2;
  service->Read([&](const engine::Engine& engine) { b2 = ledger::BalancesOf(engine.ledger(), "B2"); });
  EXPECT_EQ(b2.forfeited.ToString(), "200.00");
  EXPECT_EQ(b2.available.ToString(), "500.00");
  EXPECT_EQ(SqlBalance("agent:B2:forfeited"), 20'000);

  // A restart replays both, each under its own rules.
  auto restarted = Service();
  restarted->Read([&](const engine::Engine& engine) {
    EXPECT_EQ(ledger::BalancesOf(engine.ledger(), "B1"), old_b1);
    EXPECT_EQ(ledger::BalancesOf(engine.ledger(), "B2"), b2);
  });
}

// A binary whose replay no longer gives the stored books (a rule changed
// without a new rules version) must not start and show another past.
TEST_F(JournalTest, AReplayThatDisagreesWithTheStoredBooksRefusesToStart) {
  auto service = Service();
  ASSERT_TRUE(service->ApplyEvents(AsEvents(ReadScenario("01-bronze-basics.json"))));
  ASSERT_TRUE(database->Write([&](soci::session& session) -> Result<void> {
    session << "UPDATE ledger_movements SET amount_cents = amount_cents + 1"
               " WHERE transaction_key = 'accrue/INV-1/L1/sale'";
    return {};
  }));
  journal::Journal restarted(*database, program::BuiltinProgram("cloudone").value(), clock, program_clock,
                             std::chrono::seconds(300));
  auto loaded = restarted.Load();
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().message.find("replaying the engine log gives other books than those stored"),
            std::string::npos)
      << loaded.error().message;
}

TEST_F(RulesUpgradeTest, AnEventFromNewerRulesThanTheBinaryKnowsIsRefused) {
  ASSERT_TRUE(storage::Migrate(*database));
  ASSERT_TRUE(database->Write([&](soci::session& session) -> Result<void> {
    session << "UPDATE engine_events SET rules_version = 99 WHERE seq = 3";
    return {};
  }));
  journal::Journal service(*database, program::BuiltinProgram("cloudone").value(), clock, program_clock,
                           std::chrono::seconds(300));
  auto loaded = service.Load();
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().message.find("engine_events seq 3 was decided under rules version 99"),
            std::string::npos)
      << loaded.error().message;
}

}  // namespace
}  // namespace wakala::app

namespace wakala::app {
namespace {

// The demo data of `make run`, worked by hand: AG-DEMO (bronze from 1 Aug 2026)
// earns on subscriptions 5 × 2,250.00 (45,000.00) + 1,500.00 (30,000.00), setup
// 1,500.00 + technical 4,500.00, talk time 410.00 less the refund's 350.00
// (60.00 reversed), training 4,000.00 + technical 6,000.00, software 6,400.00,
// bonuses August 600.00 (1% of 60,000.00) and September 820.00 (1% of
// 82,000.00); October has no signup, so no bonus. Q3 keeps it bronze
// (142,000.00 ≥ 2 × 50,000.00, 2 signups). On 20 November the November
// invoice (2,250.00 + 6,400.00) is still held: pending 8,650.00, available 26,020.00.
TEST(DemoData, SeedDemoLoadsAHistoryWithItsHandWorkedFigures) {
  InitialiseCrypto();
  testing::TestDatabase test_database(testing::EngineUnderTest());
  Config config;
  config.database_url = test_database.url();
  config.argon2_memory_kib = std::size_t{8} * 1024;
  config.argon2_ops = 1;
  auto application = Application::Open(config);
  ASSERT_TRUE(application) << application.error().message;
  ASSERT_TRUE(storage::Migrate((*application)->database()));
  auto seeded = SeedDemo(**application);
  ASSERT_TRUE(seeded) << seeded.error().message;
  EXPECT_NE(seeded->find("Demo commission history: 16 events"), std::string::npos) << *seeded;
  ledger::AgentBalances demo, lakeside;
  std::string demo_tier;
  (*application)->journal().Read([&](const engine::Engine& engine) {
    demo = ledger::BalancesOf(engine.ledger(), "AG-DEMO");
    lakeside = ledger::BalancesOf(engine.ledger(), "AG-LAKESIDE");
    demo_tier = engine.program().TierName(engine.agents().at("AG-DEMO").facts.tier);
  });
  EXPECT_EQ(demo.pending.ToString(), "8650.00");
  EXPECT_EQ(demo.available.ToString(), "26020.00");
  EXPECT_EQ(demo.reversed.ToString(), "60.00");
  EXPECT_EQ(demo_tier, "bronze");
  EXPECT_EQ(lakeside.available.ToString(), "3000.00") << "the affiliate's one-off 10% of 30,000.00";

  auto again = SeedDemo(**application);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->find("Demo commission history"), std::string::npos) << "seeded once only";
}

}  // namespace
}  // namespace wakala::app
