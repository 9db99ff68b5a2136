#include "app/bench.hpp"

#include <fmt/format.h>
#include <soci/soci.h>
#include <boost/json.hpp>

#include <array>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <random>

#include "app/application.hpp"
#include "billing/billing_service.hpp"
#include "billing/renewal_service.hpp"
#include "core/calendar.hpp"
#include "documents/documents.hpp"
#include "engine/engine.hpp"
#include "storage/billing_store.hpp"
#include "storage/database.hpp"
#include "storage/engine_store.hpp"
#include "storage/migrations.hpp"
#include "storage/postgres_copy.hpp"
#include "storage/stores.hpp"

namespace wakala::app {

namespace json = boost::json;

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

constexpr std::array<std::string_view, 6> kTiers{"bronze",   "silver",   "gold",
                                                 "platinum", "titanium", "affiliate"};
constexpr std::array<std::string_view, 6> kCategories{"managed_subscription", "talk_time",    "setup_fee",
                                                      "software_equipment",   "training_oos", "deposit"};

std::string AgentId(int i) {
  return fmt::format("A{:05}", i);
}
std::string ClientId(int i) {
  return fmt::format("C{:06}", i);
}

// Writes the event rows of `input` and the ledger transactions `produced`
// into a fresh database at `url`, in `batches` transactions, through the
// engine's own store; returns the seconds the writing took.
Result<double> WriteFloor(const std::string& url, const std::vector<std::string>& input,
                          const std::vector<ledger::Transaction>& produced, std::int64_t batches) {
  auto database = storage::Database::Open(url, 1);
  if (!database) return Fail(database.error());
  if (auto migrated = storage::Migrate(**database); !migrated) return Fail(migrated.error());
  const std::size_t events_per_batch = (input.size() + static_cast<std::size_t>(batches) - 1) /
                                       static_cast<std::size_t>(std::max<std::int64_t>(1, batches));
  const auto started = Clock::now();
  std::size_t next_event = 0;
  std::size_t next_transaction = 0;
  while (next_event < input.size()) {
    const std::size_t event_end = std::min(input.size(), next_event + events_per_batch);
    // The batch's share of the transactions, all booked against its first
    // event (the projection's foreign key needs an event of the batch).
    const std::size_t transaction_end = produced.size() * event_end / input.size();
    auto written = (*database)->Write([&](soci::session& session) -> Result<void> {
      storage::EngineEventStore store(session);
      std::vector<storage::NewEvent> rows;
      rows.reserve(event_end - next_event);
      for (std::size_t i = next_event; i < event_end; ++i) {
        rows.push_back({static_cast<long long>(i + 1), "invoice_paid", fmt::format("INV-{}", i + 1),
                        static_cast<long long>(i), input[i], static_cast<long long>(i),
                        engine::kRulesVersion});
      }
      store.AppendEvents(rows);
      const storage::EventTransactions batch{
          static_cast<long long>(next_event + 1),
          std::span(produced).subspan(next_transaction, transaction_end - next_transaction)};
      store.AppendTransactions(std::span(&batch, 1));
      return {};
    });
    if (!written) return Fail(written.error());
    next_event = event_end;
    next_transaction = transaction_end;
  }
  return Seconds(started);
}

}  // namespace

namespace {

// Applies a batch of events and empties it; a refusal ends the benchmark.
void ApplyOrExit(journal::Journal& journal, std::vector<json::object>& batch) {
  auto applied = journal.ApplyEvents(batch);
  if (!applied) {
    std::cerr << "bench: " << applied.error().message << "\n";
    std::exit(1);
  }
  batch.clear();
}

// A realistic program: agents of every tier, clients, associations.
void SetUpProgram(journal::Journal& journal, const IngestBenchOptions& options, std::mt19937_64& random,
                  Timestamp start) {
  std::vector<json::object> batch;
  const auto flush_when_full = [&] {
    if (static_cast<int>(batch.size()) >= options.batch_events) ApplyOrExit(journal, batch);
  };
  for (int i = 0; i < options.agents; ++i) {
    batch.push_back({{"type", "add_agent"},
                     {"at", FormatEat(start)},
                     {"id", AgentId(i)},
                     {"tier", kTiers[random() % kTiers.size()]},
                     {"sip_trunk_active", true},
                     {"agreement_signed", true}});
    flush_when_full();
  }
  for (int i = 0; i < options.clients; ++i) {
    batch.push_back({{"type", "add_client"}, {"at", FormatEat(start)}, {"id", ClientId(i)}});
    batch.push_back({{"type", "associate"},
                     {"at", FormatEat(start)},
                     {"client", ClientId(i)},
                     {"agent", AgentId(static_cast<int>(random() % static_cast<unsigned>(options.agents)))},
                     {"source", i % 3 == 0 ? "staff_assignment" : "referral_link"},
                     {"referral_url", "https://cloudone.co/?affid=x"}});
    flush_when_full();
  }
  ApplyOrExit(journal, batch);
}

struct Invoices {
  std::vector<std::string> texts;  // one invoice_paid event each, as JSON text
  std::int64_t count = 0;
};

// Invoices of 1 to 3 lines over one quarter, as the JSON text a billing
// system sends. Made before the clock starts: the benchmark times the ingest,
// not its own load generator.
Invoices MakeInvoices(const IngestBenchOptions& options, std::mt19937_64& random, Timestamp start) {
  const std::int64_t seconds_per_line = std::max<std::int64_t>(1, 80LL * 24 * 3600 / options.lines);
  Invoices invoices;
  std::int64_t lines = 0;
  std::int64_t subscription = 0;
  while (lines < options.lines) {
    const auto count =
        std::min<std::int64_t>(1 + static_cast<std::int64_t>(random() % 3), options.lines - lines);
    json::array invoice_lines;
    for (std::int64_t l = 0; l < count; ++l) {
      const std::string_view category = kCategories[random() % kCategories.size()];
      json::object line{
          {"id", fmt::format("L{}", l + 1)},
          {"category", category},
          {"amount", Money::Cents(100 + static_cast<std::int64_t>(random() % 5'000'000)).ToString()}};
      if (category == "managed_subscription") line["subscription"] = fmt::format("S{}", ++subscription);
      invoice_lines.push_back(std::move(line));
    }
    lines += count;
    invoices.texts.push_back(json::serialize(json::object{
        {"type", "invoice_paid"},
        {"at", FormatEat(start + std::chrono::seconds(lines * seconds_per_line))},
        {"id", fmt::format("INV-{}", ++invoices.count)},
        {"client", ClientId(static_cast<int>(random() % static_cast<unsigned>(options.clients)))},
        {"lines", std::move(invoice_lines)}}));
  }
  return invoices;
}

// The measured part: parse, engine, event log and ledger projection, in
// transactions of `batch_events` events. Returns the number of transactions.
std::int64_t Ingest(journal::Journal& journal, const std::vector<std::string>& input, int batch_events) {
  std::vector<json::object> batch;
  std::int64_t batches = 0;
  for (const auto& text : input) {
    batch.push_back(std::move(json::parse(text).as_object()));
    if (static_cast<int>(batch.size()) >= batch_events) {
      ApplyOrExit(journal, batch);
      ++batches;
    }
  }
  if (!batch.empty()) {
    ApplyOrExit(journal, batch);
    ++batches;
  }
  return batches;
}

// The baseline: `rows` plain rows into the same store, `rows_per_batch` to a
// transaction, through the same driver (bodies made first too): prepared
// INSERTs on SQLite, COPY on PostgreSQL. Returns seconds.
Result<double> WriteBaseline(storage::Database& database, std::int64_t rows, std::int64_t rows_per_batch) {
  std::vector<std::string> bodies;
  bodies.reserve(static_cast<std::size_t>(rows));
  for (std::int64_t i = 0; i < rows; ++i) {
    bodies.push_back(fmt::format(R"({{"id":"L1","category":"talk_time","amount":"{}.00"}})", i % 50'000));
  }
  const auto started = Clock::now();
  auto raw = database.Write([&](soci::session& session) -> Result<void> {
    session << "CREATE TABLE IF NOT EXISTS bench_raw (id BIGINT PRIMARY KEY, body TEXT NOT NULL)";
    return {};
  });
  std::int64_t written = 0;
  while (raw && written < rows) {
    raw = database.Write([&](soci::session& session) -> Result<void> {
      if (storage::IsPostgres(session)) {
        // PostgreSQL's fastest way in, as the engine's own rows now go.
        storage::PostgresCopy copy(session, "bench_raw", "(id, body)");
        for (std::int64_t i = 0; i < rows_per_batch && written < rows; ++i, ++written) {
          copy.Number(written).Text(bodies[static_cast<std::size_t>(written)]).EndRow();
        }
        copy.Finish();
        return {};
      }
      long long id = 0;
      std::string body;
      soci::statement insert = (session.prepare << "INSERT INTO bench_raw (id, body) VALUES (:id, :body)",
                                soci::use(id), soci::use(body));
      for (std::int64_t i = 0; i < rows_per_batch && written < rows; ++i, ++written) {
        id = written;
        body = bodies[static_cast<std::size_t>(written)];
        insert.execute(true);
      }
      return {};
    });
  }
  if (!raw) return Fail(raw.error());
  return Seconds(started);
}

struct IngestFigures {
  std::string store;
  double setup_seconds = 0, ingest_seconds = 0, raw_seconds = 0;
  std::optional<double> floor_seconds;
  std::int64_t invoices = 0, batches = 0, rows_per_batch = 0;
};

void PrintIngestReport(const IngestBenchOptions& options, const IngestFigures& figures) {
  const double engine_rate = static_cast<double>(options.lines) / figures.ingest_seconds;
  const double raw_rate = static_cast<double>(options.lines) / figures.raw_seconds;
  std::cout << fmt::format(
      "bench ingest ({}; {} agents, {} clients, set up in {:.1f} s)\n"
      "  engine:   {} invoice lines in {} invoices, {} transactions of ~{} events: {:.2f} s = {:.0f} "
      "lines/s\n"
      "  baseline: {} plain rows ({}), {} transactions of ~{} rows:  {:.2f} s = {:.0f} rows/s\n"
      "  ratio engine/baseline: {:.2f}\n",
      figures.store, options.agents, options.clients, figures.setup_seconds, options.lines, figures.invoices,
      figures.batches, options.batch_events, figures.ingest_seconds, engine_rate, options.lines,
      figures.store == "postgresql" ? "COPY" : "INSERT", figures.batches, figures.rows_per_batch,
      figures.raw_seconds, raw_rate, engine_rate / raw_rate);
  if (figures.floor_seconds) {
    const double floor_rate = static_cast<double>(options.lines) / *figures.floor_seconds;
    std::cout << fmt::format(
        "  floor:    the engine's own rows (events, ledger movements) without the engine: {:.2f} s = {:.0f} "
        "lines/s, ratio {:.2f}\n"
        "            share of the engine's time spent above the floor: {:.0f} %\n",
        *figures.floor_seconds, floor_rate, floor_rate / raw_rate,
        100.0 * (figures.ingest_seconds - *figures.floor_seconds) / figures.ingest_seconds);
  }
}

// What the in-memory benches build their history on: the built-in program,
// an engine from 2026-01-01 and a seeded generator (the same history every run).
struct InMemoryBench {
  explicit InMemoryBench(std::uint64_t seed)
      : program(program::BuiltinProgram("cloudone").value()),
        start(ParseRfc3339Timestamp("2026-01-01T00:00:00+03:00").value()),
        engine(program, start),
        random(seed) {}

  program::Program program;
  Timestamp start;
  engine::Engine engine;
  std::mt19937_64 random;
  Clock::time_point setup_started = Clock::now();
};

// A fresh directory in the temp dir for a bench's own SQLite files.
std::filesystem::path ScratchDirectory() {
  auto scratch =
      std::filesystem::temp_directory_path() / fmt::format("wakala-bench-{}", std::random_device{}());
  std::filesystem::create_directories(scratch);
  return scratch;
}

// The store a bench writes to: `database_url`, or a fresh SQLite file in a
// scratch directory (kept in `scratch` for the caller to remove), migrated,
// loaded and checked to hold no engine events yet.
Result<std::unique_ptr<Application>> OpenEmptyBenchStore(const std::string& database_url,
                                                         std::filesystem::path& scratch) {
  std::string url = database_url;
  if (url.empty()) {
    scratch = ScratchDirectory();
    url = "sqlite:" + (scratch / "bench.db").string();
  }
  Config config;
  config.database_url = url;
  config.database_pool = 2;
  auto application = Application::Open(config);
  if (!application) return Fail(application.error());
  auto& database = (*application)->database();
  if (auto migrated = storage::Migrate(database); !migrated) return Fail(migrated.error());
  auto& journal = (*application)->journal();
  if (auto loaded = journal.Load(); !loaded) return Fail(loaded.error());
  if (!journal.Empty()) {
    return Fail(Error::Invalid(std::string(storage::EngineName(database.engine())) +
                               " database already holds engine events (a program); give --db an "
                               "empty database"));
  }
  return std::move(*application);
}

}  // namespace

int RunIngestBench(const IngestBenchOptions& options) {
  std::filesystem::path scratch;
  auto application = OpenEmptyBenchStore(options.database_url, scratch);
  if (!application) {
    std::cerr << "bench: " << application.error().message << "\n";
    return 1;
  }
  auto& database = (*application)->database();
  auto& journal = (*application)->journal();
  std::mt19937_64 random(20261126);
  const Timestamp start = ParseRfc3339Timestamp("2026-01-01T00:00:00+03:00").value();
  IngestFigures figures;
  figures.store = storage::EngineName(database.engine());
  const auto setup_started = Clock::now();
  SetUpProgram(journal, options, random, start);
  figures.setup_seconds = Seconds(setup_started);
  const Invoices invoices = MakeInvoices(options, random, start);
  figures.invoices = invoices.count;

  std::size_t ledger_before = 0;
  journal.Read([&](const engine::Engine& state) { ledger_before = state.ledger().size(); });
  const auto ingest_started = Clock::now();
  figures.batches = Ingest(journal, invoices.texts, options.batch_events);
  figures.ingest_seconds = Seconds(ingest_started);
  figures.rows_per_batch =
      std::max<std::int64_t>(1, options.lines / std::max<std::int64_t>(1, figures.batches));

  auto raw_seconds = WriteBaseline(database, options.lines, figures.rows_per_batch);
  if (!raw_seconds) {
    std::cerr << "bench: " << raw_seconds.error().message << "\n";
    return 1;
  }
  figures.raw_seconds = *raw_seconds;

  // The floor, on the default SQLite store only: the rows the engine wrote
  // (its events and ledger movements) written again through the same store
  // code into a fresh database of the same schema, without parsing or the
  // engine. What is left of the engine's time above it is the engine's own.
  if (!scratch.empty()) {
    std::vector<ledger::Transaction> produced;
    journal.Read([&](const engine::Engine& state) {
      const auto& all = state.ledger().transactions();
      produced.assign(all.begin() + static_cast<std::ptrdiff_t>(ledger_before), all.end());
    });
    auto floor =
        WriteFloor("sqlite:" + (scratch / "floor.db").string(), invoices.texts, produced, figures.batches);
    if (!floor) {
      std::cerr << "bench: " << floor.error().message << "\n";
      return 1;
    }
    figures.floor_seconds = *floor;
  }
  PrintIngestReport(options, figures);
  if (!scratch.empty()) std::filesystem::remove_all(scratch);
  return 0;
}

int RunEvaluateBench(const EvaluateBenchOptions& options) {
  InMemoryBench bench(20261126);
  const int clients = std::max(options.agents * 5, 1);
  for (int i = 0; i < options.agents; ++i) {
    engine::AgentFacts agent;
    agent.id = AgentId(i);
    agent.tier = static_cast<program::TierIndex>(bench.random() % bench.program.tiers.size());
    agent.activated_at = bench.start - std::chrono::days(400);
    agent.sip_trunk_active = true;
    agent.agreement_signed = bench.random() % 10 != 0;
    engine::Person person{"P1", {}};
    const auto valid_until = ParseDate("2027-12-31").value();
    person.certifications.push_back(
        {engine::CertificationKind::kSales, program::TechnicalLevel::kNone, bench.start, valid_until});
    person.certifications.push_back({engine::CertificationKind::k3cx,
                                     static_cast<program::TechnicalLevel>(1 + bench.random() % 3),
                                     bench.start, valid_until});
    person.certifications.push_back(
        {engine::CertificationKind::kYealink, program::TechnicalLevel::kNone, bench.start, valid_until});
    agent.people.push_back(person);
    static_cast<void>(bench.engine.Register(agent));
  }
  for (int i = 0; i < clients; ++i) {
    static_cast<void>(bench.engine.Register(engine::ClientFacts{ClientId(i), "", "", ""}));
    static_cast<void>(bench.engine.Apply(engine::Associate{
        bench.start, ClientId(i), AgentId(i % options.agents),
        i % 2 == 0 ? engine::AssociationSource::kReferralLink : engine::AssociationSource::kStaffAssignment,
        "https://cloudone.co/?affid=x"}));
  }
  // Lines paid across the quarter (to 20 March, so that most holds are still running).
  const std::int64_t span = 78LL * 24 * 3600;
  std::int64_t lines = 0;
  std::int64_t invoice = 0;
  while (lines < options.lines) {
    const auto count = std::min<std::int64_t>(2, options.lines - lines);
    std::vector<engine::InvoiceLine> invoice_lines;
    for (std::int64_t l = 0; l < count; ++l) {
      invoice_lines.push_back({fmt::format("L{}", l + 1), program::Category::kTalkTime,
                               Money::Cents(100 + static_cast<std::int64_t>(bench.random() % 20'000'000)),
                               std::nullopt, std::nullopt});
    }
    lines += count;
    const Timestamp at = bench.start + std::chrono::seconds(lines * span / options.lines);
    static_cast<void>(bench.engine.Apply(
        engine::InvoicePaid{at, fmt::format("I{}", ++invoice),
                            ClientId(static_cast<int>(bench.random() % static_cast<unsigned>(clients))),
                            invoice_lines, std::nullopt}));
  }
  // Everything due before the close (maturations, month closes) runs first.
  const Timestamp close = EatQuarter{2026, 2}.Start();
  static_cast<void>(bench.engine.Apply(engine::Advance{close - std::chrono::seconds(1)}));
  const double setup_seconds = Seconds(bench.setup_started);

  const auto evaluate_started = Clock::now();
  static_cast<void>(bench.engine.Apply(engine::Advance{close}));
  const double evaluate_seconds = Seconds(evaluate_started);
  int evaluated = 0;
  int changed = 0;
  for (const auto& [id, agent] : bench.engine.agents()) {
    if (agent.evaluations.empty()) continue;
    ++evaluated;
    if (agent.evaluations.back().from != agent.evaluations.back().to) ++changed;
  }
  std::cout << fmt::format(
      "bench evaluate: quarter close of {} agents ({} clients) over {} invoice lines\n"
      "  set up in memory in {:.1f} s; the close (evaluation, explanations, reassignment): {:.3f} s\n"
      "  {} agents evaluated, {} changed tier\n",
      options.agents, clients, options.lines, setup_seconds, evaluate_seconds, evaluated, changed);
  return 0;
}

int RunCatchUpBench(const CatchUpBenchOptions& options) {
  InMemoryBench bench(20261201);
  for (int i = 0; i < options.agents; ++i) {
    engine::AgentFacts agent;
    agent.id = AgentId(i);
    agent.tier = *bench.program.FindTier("bronze");
    agent.activated_at = bench.start;
    agent.sip_trunk_active = true;
    agent.agreement_signed = true;
    static_cast<void>(bench.engine.Register(agent));
  }
  const int clients = std::max(options.agents * 5, 1);
  for (int i = 0; i < clients; ++i) {
    static_cast<void>(bench.engine.Register(engine::ClientFacts{ClientId(i), "", "", ""}));
    static_cast<void>(
        bench.engine.Apply(engine::Associate{bench.start, ClientId(i), AgentId(i % options.agents),
                                             engine::AssociationSource::kStaffAssignment, ""}));
  }
  const std::int64_t span = 55LL * 24 * 3600;  // to 25 February
  for (std::int64_t line = 0; line < options.lines; line += 2) {
    const auto amount = [&] {
      return Money::Cents(100 + static_cast<std::int64_t>(bench.random() % 2'000'000));
    };
    const std::vector<engine::InvoiceLine> lines{
        {"L1", program::Category::kTalkTime, amount(), std::nullopt, std::nullopt},
        {"L2", program::Category::kSetupFee, amount(), std::nullopt, std::nullopt}};
    const Timestamp at = bench.start + std::chrono::seconds(3600 + line * span / options.lines);
    static_cast<void>(bench.engine.Apply(engine::InvoicePaid{
        at, fmt::format("I{}", line / 2),
        ClientId(static_cast<int>(bench.random() % static_cast<unsigned>(clients))), lines, std::nullopt}));
  }
  const Timestamp demoted = ParseRfc3339Timestamp("2026-03-01T09:00:00+03:00").value();
  for (int i = 0; i < options.agents; ++i) {
    static_cast<void>(bench.engine.Apply(engine::OverrideTier{demoted, AgentId(i), "affiliate", "bench"}));
  }
  const double setup_seconds = Seconds(bench.setup_started);
  const auto catch_up_started = Clock::now();
  static_cast<void>(
      bench.engine.Apply(engine::Advance{ParseRfc3339Timestamp("2026-06-01T09:00:00+03:00").value()}));
  const double catch_up_seconds = Seconds(catch_up_started);
  Money forfeited;
  for (const auto& [id, commission] : bench.engine.commissions()) forfeited += commission.forfeited;
  std::cout << fmt::format(
      "bench catch-up: {} agents made affiliates, {} invoice lines ({} commissions)\n"
      "  set up in memory in {:.1f} s; the 90-day catch-up (maturations, closes, warnings, every agent's "
      "affiliate rule): {:.3f} s\n"
      "  forfeited {}\n",
      options.agents, options.lines, bench.engine.commissions().size(), setup_seconds, catch_up_seconds,
      forfeited.ToString());
  return 0;
}

}  // namespace wakala::app

namespace wakala::app {

namespace {

// The renewal bench's services: one product, one anchoring order, and
// `count` active monthly services of the bench's clients, due on `due`.
Result<void> SeedServices(storage::Database& database, int count, std::chrono::year_month_day due,
                          Timestamp start) {
  billing::Product product;
  product.id = "prd_bench";
  product.name = "Hosted PBX";
  product.category = program::Category::kManagedSubscription;
  product.cycle = billing::BillingCycle::kMonthly;
  product.created_at = start;
  product.prices.push_back({start, Money::Cents(2'500'00), {}});
  auto anchored = database.Write([&](soci::session& session) -> Result<void> {
    storage::SqlStores sql(session);
    auto stores = sql.View();
    stores.billing.InsertProduct(product);
    billing::Invoice anchor;
    anchor.id = "inv_bench_anchor";
    anchor.client = ClientId(0);
    anchor.kind = "order";
    anchor.issued_at = start;
    anchor.due_at = start;
    anchor.created_by = "bench";
    billing::InsertNewInvoice(stores, anchor);
    stores.billing.InsertOrder(billing::Order{
        "ord_bench", stores.billing.NextNumber("order"), ClientId(0), "bench", "", start, anchor.id, {}});
    return {};
  });
  if (!anchored) return anchored;
  for (int written = 0; written < count;) {
    auto batch = database.Write([&](soci::session& session) -> Result<void> {
      storage::SqlBillingStore store(session);
      for (int i = 0; i < 1000 && written < count; ++i, ++written) {
        billing::Service service;
        service.id = fmt::format("svc_{:07}", written);
        service.client = ClientId(written);
        service.order = "ord_bench";
        service.product = product.id;
        service.description = product.name;
        service.created_at = start;
        store.InsertService(service);
        service.state = billing::ServiceState::kActive;
        service.activated_at = start;
        service.next_due = due;
        store.UpdateService(service, billing::ServiceState::kPending);
      }
      return {};
    });
    if (!batch) return batch;
  }
  return {};
}

// The baseline: the same number of invoice and line rows, written by plain
// INSERTs in the renewal pass's batches.
Result<double> WriteInvoiceBaseline(storage::Database& database, int count) {
  const auto started = Clock::now();
  for (int written = 0; written < count;) {
    auto batch = database.Write([&](soci::session& session) -> Result<void> {
      long long seq = 0;
      std::string id;
      soci::statement invoice =
          (session.prepare << "INSERT INTO invoices (id, seq, number, client_id, kind, issued_at, due_at,"
                              " created_by) VALUES (:id, :seq, :id2, 'C', 'raw', 0, 0, 'bench')",
           soci::use(id), soci::use(seq), soci::use(id));
      soci::statement line =
          (session.prepare
               << "INSERT INTO invoice_lines (invoice_id, line_id, position, description, category,"
                  " quantity, unit_price_cents, vat_bp, net_cents, vat_cents, credited_cents)"
                  " VALUES (:id, '1', 1, 'raw', 'managed_subscription', 1, 250000, 1600, 250000,"
                  " 40000, 0)",
           soci::use(id));
      for (int i = 0; i < billing::RenewalService::kBatch && written < count; ++i, ++written) {
        seq = 1'000'000'000LL + written;
        id = fmt::format("raw_{:07}", written);
        invoice.execute(true);
        line.execute(true);
      }
      return {};
    });
    if (!batch) return Fail(batch.error());
  }
  return Seconds(started);
}

}  // namespace

int RunRenewalBench(const RenewalBenchOptions& options) {
  const auto fail = [](const std::string& message) {
    std::cerr << "bench: " << message << "\n";
    return 1;
  };
  std::filesystem::path scratch;
  auto application = OpenEmptyBenchStore(options.database_url, scratch);
  if (!application) return fail(application.error().message);
  auto& database = (*application)->database();
  auto& journal = (*application)->journal();

  std::mt19937_64 random(20261203);
  const Timestamp start = ParseRfc3339Timestamp("2026-01-01T00:00:00+03:00").value();
  const std::chrono::year_month_day due{std::chrono::year(2026), std::chrono::month(2), std::chrono::day(1)};
  IngestBenchOptions setup;
  setup.agents = options.agents;
  setup.clients = options.subscriptions;
  const auto setup_started = Clock::now();
  SetUpProgram(journal, setup, random, start);
  if (auto seeded = SeedServices(database, options.subscriptions, due, start); !seeded) {
    return fail(seeded.error().message);
  }
  const double setup_seconds = Seconds(setup_started);

  // A week before the due day, as the scheduler runs it.
  ManualClock program_clock(billing::StartOfEatDay(due) - std::chrono::days(7));
  billing::RenewalService renewals((*application)->billing_journal(), program_clock, billing::RenewalPolicy{},
                                   "http://bench.invalid");
  const auto renew_started = Clock::now();
  auto run = renewals.Run();
  const double renew_seconds = Seconds(renew_started);
  if (!run) return fail(run.error().message);

  // Every renewal paid, each into the engine in its own transaction.
  billing::BillingService billing((*application)->billing_journal(), program_clock);
  accounts::Principal staff;
  staff.id = "bench";
  staff.role = accounts::Role::kStaff;
  std::vector<billing::Invoice> unpaid;
  auto read = (*application)->billing_journal().ReadStores([&](billing::Stores& stores) -> Result<void> {
    billing::InvoiceQuery query;
    query.status = "unpaid";
    query.now = program_clock.Now();
    query.limit = options.subscriptions + 1;
    unpaid = stores.billing.ListInvoices(query);
    return {};
  });
  if (!read) return fail(read.error().message);
  const auto pay_started = Clock::now();
  std::size_t paid = 0;
  for (const auto& invoice : unpaid) {
    if (invoice.kind != "renewal") continue;
    billing::PaymentRequest payment{"bank", fmt::format("BENCH-{}", paid),
                                    billing::TotalsOf(invoice.lines).gross, std::nullopt};
    auto recorded = billing.RecordPayment(staff, invoice.id, payment, "127.0.0.1");
    if (!recorded) return fail(recorded.error().message);
    ++paid;
  }
  const double pay_seconds = Seconds(pay_started);
  std::size_t commissions = 0;
  journal.Read([&](const engine::Engine& engine) { commissions = engine.commissions().size(); });

  auto baseline = WriteInvoiceBaseline(database, options.subscriptions);
  if (!baseline) return fail(baseline.error().message);
  const double n = static_cast<double>(options.subscriptions);
  std::cout << fmt::format(
      "renewal bench ({}, {} subscriptions, {} agents; set-up {:.1f} s)\n"
      "  billing pass: {} renewal invoices in {:.2f} s ({:.0f} /s)\n"
      "  baseline (plain INSERT of the same invoice and line rows, same batches): {:.2f} s ({:.0f} /s)\n"
      "  ratio renewal pass / baseline: {:.1f}\n"
      "  payments into the engine: {} in {:.2f} s ({:.0f} /s), {} commissions in the engine\n",
      storage::EngineName(database.engine()), options.subscriptions, options.agents, setup_seconds,
      run->renewals, renew_seconds, n / renew_seconds, *baseline, n / *baseline, renew_seconds / *baseline,
      paid, pay_seconds, static_cast<double>(paid) / pay_seconds, commissions);
  if (!scratch.empty()) std::filesystem::remove_all(scratch);
  return run->renewals == static_cast<std::size_t>(options.subscriptions) && paid == run->renewals ? 0 : 1;
}

}  // namespace wakala::app

namespace wakala::app {

int RunDocumentBench(const DocumentBenchOptions& options) {
  engine::Statement statement;
  statement.month = EatMonth{2026, 11};
  for (int i = 0; i < options.lines; ++i) {
    statement.lines.push_back(engine::StatementLine{
        statement.month.Start() + std::chrono::hours(i * 11), i % 3 == 0 ? "maturation" : "accrual",
        fmt::format("INV-{:06d}/L1/sale", i), Money::Cents(125'000 + i)});
    statement.accrued += statement.lines.back().amount;
  }
  const documents::Party agent{"AG-BENCH", "Bench Voice Solutions", "P051234501K"};
  const documents::Issuer issuer;
  std::size_t pdf_bytes = 0;
  const auto pdf_started = Clock::now();
  for (int i = 0; i < options.documents; ++i) {
    auto pdf = documents::RenderPdf(documents::StatementDocument(statement, agent, issuer));
    if (!pdf) {
      std::cerr << "bench documents: " << pdf.error().message << "\n";
      return 1;
    }
    pdf_bytes += pdf->size();
  }
  const double pdf_seconds = Seconds(pdf_started);
  std::size_t json_bytes = 0;
  const auto json_started = Clock::now();
  for (int i = 0; i < options.documents; ++i) {
    boost::json::array lines;
    for (const auto& line : statement.lines) {
      lines.push_back(boost::json::object{{"at", FormatRfc3339(line.at)},
                                          {"kind", line.kind},
                                          {"reference", line.reference},
                                          {"amount", line.amount.ToString()}});
    }
    json_bytes += boost::json::serialize(boost::json::object{{"agent_id", agent.id},
                                                             {"month", statement.month.ToString()},
                                                             {"accrued", statement.accrued.ToString()},
                                                             {"lines", std::move(lines)}})
                      .size();
  }
  const double json_seconds = Seconds(json_started);
  std::cout << fmt::format(
      "documents: {} statements of {} lines\n  PDF: {:.3f} s, {:.2f} ms per document, {} KiB each\n"
      "  baseline (the same statements as JSON): {:.4f} s, {} KiB each\n  ratio PDF/JSON: {:.1f}\n",
      options.documents, options.lines, pdf_seconds, 1000.0 * pdf_seconds / options.documents,
      pdf_bytes / 1024 / static_cast<std::size_t>(options.documents), json_seconds,
      json_bytes / 1024 / static_cast<std::size_t>(options.documents),
      pdf_seconds / std::max(json_seconds, 1e-9));
  return 0;
}

}  // namespace wakala::app
