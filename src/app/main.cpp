#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <fmt/format.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

#include "accounts/password.hpp"
#include "app/application.hpp"
#include "app/bench.hpp"
#include "app/config.hpp"
#include "core/secure_random.hpp"
#include "http/server.hpp"
#include "jobs/scheduler.hpp"
#include "program/program.hpp"
#include "sim/generator.hpp"
#include "sim/scenario.hpp"
#include "storage/migrations.hpp"

namespace {

using wakala::Result;
using wakala::app::Config;

constexpr const char* kVersion = "0.1.0";

int Report(const wakala::Error& error) {
  std::cerr << "wakala: " << error.message << "\n";
  for (const auto& field : error.fields) {
    std::cerr << "  " << field.field << ": " << field.reason << "\n";
  }
  return 1;
}

// Builds the effective config: defaults, file, environment, flags.
Result<Config> ResolveConfig(const std::string& config_path, const std::string& listen,
                             const std::string& database, const std::string& web_root,
                             const std::string& ready_file) {
  Config config;
  if (!config_path.empty()) {
    if (auto loaded = wakala::app::LoadConfigFile(config_path, config); !loaded) {
      return wakala::Fail(loaded.error());
    }
  }
  if (auto applied = wakala::app::ApplyEnvironment(wakala::app::WakalaEnvironment(), config); !applied) {
    return wakala::Fail(applied.error());
  }
  if (!listen.empty()) {
    if (auto parsed = wakala::app::ParseListen(listen); !parsed) {
      return wakala::Fail(parsed.error());
    }
    config.listen = listen;
  }
  if (!database.empty()) config.database_url = database;
  if (!web_root.empty()) config.web_root = web_root;
  if (!ready_file.empty()) config.ready_file = ready_file;
  if (auto valid = wakala::app::Validate(config); !valid) {
    return wakala::Fail(valid.error());
  }
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  return config;
}

int Migrate(const Config& config) {
  auto application = wakala::app::Application::Open(config);
  if (!application) return Report(application.error());
  auto applied = wakala::storage::Migrate((*application)->database());
  if (!applied) return Report(applied.error());
  auto status = wakala::storage::ReadSchemaStatus((*application)->database());
  if (!status) return Report(status.error());
  std::cout << "applied " << *applied << " migration(s); schema at version " << status->applied << "\n";
  return 0;
}

// Passwords are checked against cracklib's dictionary: without it every new
// password would be refused, so the commands that set passwords refuse to start.
int CheckPasswordDictionary() {
  if (const std::string problem = wakala::accounts::PasswordDictionaryProblem(); !problem.empty()) {
    return Report(wakala::Error::Internal(problem));
  }
  return 0;
}

int SeedDemo(const Config& config) {
  if (const int refused = CheckPasswordDictionary(); refused != 0) return refused;
  auto application = wakala::app::Application::Open(config);
  if (!application) return Report(application.error());
  if (auto applied = wakala::storage::Migrate((*application)->database()); !applied)
    return Report(applied.error());
  auto logins = wakala::app::SeedDemo(**application);
  if (!logins) return Report(logins.error());
  std::cout << *logins;
  return 0;
}

// Brings a history (JSON lines, one event each, in the scenario format) into
// the engine's store, in batches; prints progress on a terminal and a summary.
int Import(const Config& config, const std::string& path, std::size_t batch_size) {
  std::ifstream file(path);
  if (!file) {
    std::cerr << "wakala import: cannot read " << path << "\n";
    return 2;
  }
  auto application = wakala::app::Application::Open(config);
  if (!application) return Report(application.error());
  if (auto applied = wakala::storage::Migrate((*application)->database()); !applied)
    return Report(applied.error());
  auto& engine = (*application)->engine();
  if (auto loaded = engine.Load(); !loaded) return Report(loaded.error());

  const bool terminal = isatty(STDERR_FILENO) != 0;
  const auto started = std::chrono::steady_clock::now();
  std::vector<boost::json::object> batch;
  std::vector<std::size_t> lines_of_batch;
  std::size_t line_number = 0, events = 0, applied = 0, duplicates = 0, batches = 0;
  auto rate = [&] {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return seconds > 0 ? static_cast<double>(events) / seconds : 0.0;
  };
  auto flush = [&]() -> bool {
    if (batch.empty()) return true;
    auto outcomes = engine.ApplyEvents(batch);
    if (!outcomes) {
      // "event 3 (refund): …" -> "history.jsonl:57 (refund): …"
      std::string message = outcomes.error().message;
      if (message.starts_with("event ")) {
        const auto space = message.find(' ', 6);
        const std::size_t index = std::stoul(message.substr(6, space - 6));
        if (index < lines_of_batch.size()) {
          message = path + ":" + std::to_string(lines_of_batch[index]) + message.substr(space);
        }
      }
      std::cerr << (terminal ? "\n" : "") << "wakala import: " << message << "\n"
                << "wakala import: " << applied + duplicates << " events before line "
                << lines_of_batch.front() << " were imported; that batch and the rest were not\n";
      return false;
    }
    for (const auto& outcome : *outcomes) (outcome.applied ? applied : duplicates) += 1;
    ++batches;
    batch.clear();
    lines_of_batch.clear();
    if (terminal) std::cerr << fmt::format("\rimport: {} events, {:.0f}/s", events, rate()) << std::flush;
    return true;
  };
  for (std::string line; std::getline(file, line);) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    boost::system::error_code ec;
    auto value = boost::json::parse(line, ec);
    if (ec || !value.is_object()) {
      flush();
      std::cerr << "wakala import: " << path << ":" << line_number << ": not a JSON object"
                << (ec ? " (" + ec.message() + ")" : "") << "\n";
      return 2;
    }
    batch.push_back(std::move(value.as_object()));
    lines_of_batch.push_back(line_number);
    ++events;
    if (batch.size() >= batch_size && !flush()) return 2;
  }
  if (!flush()) return 2;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cerr << (terminal ? "\n" : "");
  std::cout << fmt::format(
      "imported {}: {} events in {} batches ({} applied, {} duplicates) in {:.2f} s ({:.0f} events/s)\n",
      path, events, batches, applied, duplicates, seconds, rate());
  return 0;
}

int Serve(const Config& config, bool no_migrate) {
  if (const int refused = CheckPasswordDictionary(); refused != 0) return refused;
  auto application = wakala::app::Application::Open(config);
  if (!application) return Report(application.error());
  auto& database = (*application)->database();
  if (config.migrate_on_start && !no_migrate) {
    if (auto applied = wakala::storage::Migrate(database); !applied) return Report(applied.error());
  } else if (auto current = wakala::storage::RequireCurrentSchema(database); !current) {
    return Report(current.error());
  }
  if (auto loaded = (*application)->engine().Load(); !loaded) return Report(loaded.error());
  const auto listen = wakala::app::ParseListen(config.listen);
  if (!listen) return Report(listen.error());

  wakala::http::ServerOptions options;
  options.host = listen->first;
  options.port = listen->second;
  options.max_body_bytes = config.max_body_bytes;
  options.max_header_bytes = config.max_header_bytes;
  options.max_upload_bytes = config.max_upload_bytes;
  options.is_upload = wakala::http::handlers::IsUploadRequest;
  options.request_timeout = config.request_timeout;
  options.max_connections = config.max_connections;
  options.worker_threads = config.worker_threads;
  options.shutdown_grace = config.shutdown_grace;
  options.trust_forwarded_for = config.trust_forwarded_for;
  auto* app = application->get();
  wakala::http::Server server(
      options, [app](wakala::http::Request& request) { return app->Handle(request); }, app->metrics());
  auto bound = server.Listen();
  if (!bound) return Report(bound.error());
  spdlog::info("wakala {} serving http://{} on {} ({})", kVersion, *bound,
               wakala::storage::EngineName(database.engine()),
               config.database_url.starts_with("sqlite:") ? config.database_url : "postgresql");
  if (!config.ready_file.empty()) {
    // Written whole then renamed, so a watcher never reads half an address.
    const std::string temporary = config.ready_file + ".tmp";
    std::ofstream(temporary) << *bound << "\n";
    std::rename(temporary.c_str(), config.ready_file.c_str());
  }
  // Scheduled engine jobs (docs/operations.md), stopped after the server has drained.
  std::unique_ptr<wakala::jobs::Scheduler> scheduler;
  if (config.scheduler_interval.count() > 0) {
    scheduler = std::make_unique<wakala::jobs::Scheduler>(app->engine(), database, app->engine_clock(),
                                                          app->wall_clock(), config.scheduler_interval,
                                                          wakala::jobs::Scheduler::ProcessHolder());
    scheduler->Start();
  } else {
    spdlog::info("scheduler: off (engine.scheduler_interval = 0)");
  }
  server.Run();
  if (scheduler) scheduler->Stop();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_default_logger(spdlog::stderr_color_mt("wakala"));
  wakala::InitialiseCrypto();

  CLI::App cli{"Wakala: the agent program of a cloud-telephony provider"};
  cli.require_subcommand(1);
  std::string config_path;
  cli.add_option("--config", config_path, "TOML config file (see docs/operations.md)")
      ->check(CLI::ExistingFile);

  std::string listen;
  std::string database;
  std::string web_root;
  std::string ready_file;
  bool no_migrate = false;

  auto* serve = cli.add_subcommand("serve", "Serve the HTTP API and the panels");
  serve->add_option("--listen", listen, "HOST:PORT to listen on (env WAKALA_LISTEN; default 127.0.0.1:8080)");
  serve->add_option("--database", database,
                    "database URL (env WAKALA_DATABASE_URL; default sqlite:var/wakala.db)");
  serve->add_option("--web-root", web_root, "directory of the built web panels");
  serve->add_option("--ready-file", ready_file, "write the bound HOST:PORT here once listening");
  serve->add_flag("--no-migrate", no_migrate,
                  "do not migrate at start; refuse an out-of-date schema instead");

  auto* migrate = cli.add_subcommand("migrate", "Apply database migrations");
  migrate->add_option("--database", database, "database URL");

  auto* import = cli.add_subcommand("import", "Import a history of events (JSON lines, scenario format)");
  std::string import_path;
  std::size_t import_batch = 1000;
  import->add_option("file", import_path, "events, one JSON object per line")->required();
  import->add_option("--database", database, "database URL");
  import->add_option("--batch", import_batch, "events per transaction (default 1000)")
      ->check(CLI::Range(1, 100000));

  auto* bench = cli.add_subcommand("bench", "Benchmarks that print an in-run baseline and the ratio");
  bench->require_subcommand(1);
  wakala::app::IngestBenchOptions ingest_bench;
  auto* bench_ingest =
      bench->add_subcommand("ingest", "Invoice lines through the engine and store vs plain inserts");
  bench_ingest->add_option("--lines", ingest_bench.lines, "invoice lines to ingest")
      ->check(CLI::Range(1, 100000000));
  bench_ingest->add_option("--db", ingest_bench.database_url,
                           "an empty database (default: a temp SQLite file)");
  bench_ingest->add_option("--agents", ingest_bench.agents, "agents")->check(CLI::Range(1, 1000000));
  bench_ingest->add_option("--clients", ingest_bench.clients, "clients")->check(CLI::Range(1, 10000000));
  wakala::app::EvaluateBenchOptions evaluate_bench;
  auto* bench_evaluate = bench->add_subcommand("evaluate", "A quarter close over many agents and lines");
  bench_evaluate->add_option("--agents", evaluate_bench.agents, "agents")->check(CLI::Range(1, 1000000));
  bench_evaluate->add_option("--lines", evaluate_bench.lines, "invoice lines")
      ->check(CLI::Range(1, 100000000));
  wakala::app::CatchUpBenchOptions catch_up_bench;
  auto* bench_catch_up =
      bench->add_subcommand("catch-up", "The affiliate rule of many agents with many commissions, caught up");
  bench_catch_up->add_option("--agents", catch_up_bench.agents, "agents")->check(CLI::Range(1, 1000000));
  bench_catch_up->add_option("--lines", catch_up_bench.lines, "invoice lines")
      ->check(CLI::Range(2, 100000000));

  auto* seed = cli.add_subcommand("seed-demo", "Create the demo organisations and logins (idempotent)");
  seed->add_option("--database", database, "database URL");

  auto* simulate = cli.add_subcommand("simulate", "Run a scenario file through the commission engine");
  std::string scenario_path;
  bool random_scenario = false;
  bool print_scenario = false;
  std::uint64_t random_seed = 0;
  int random_events = 400;
  simulate->add_option("file", scenario_path, "scenario JSON file (format: docs/scenarios.md)");
  simulate->add_flag("--random", random_scenario,
                     "run a generated scenario (invariants checked after every event)");
  auto* seed_option =
      simulate->add_option("--seed", random_seed, "seed of the generated scenario (replays it)");
  simulate->add_option("--events", random_events, "events in the generated scenario")
      ->check(CLI::Range(1, 1000000));
  simulate->add_flag("--print-scenario", print_scenario,
                     "print the generated scenario instead of running it");
  int rules_version = wakala::engine::kRulesVersion;
  simulate
      ->add_option("--rules-version", rules_version,
                   "decide every event under these engine rules (docs/engine.md, \"Rules versions\"; "
                   "default the newest)")
      ->check(CLI::Range(wakala::engine::kFirstRulesVersion, wakala::engine::kRulesVersion));

  auto* program = cli.add_subcommand("program", "Show or check an agent program (tiers, rates, holds, tax)");
  program->require_subcommand(1);
  auto* program_show = program->add_subcommand("show", "Print the effective program as a program file");
  std::string program_name = "cloudone";
  std::string program_file;
  program_show->add_option("--builtin", program_name, "a built-in program (default cloudone)");
  program_show->add_option("--file", program_file, "a program file instead of a built-in one");
  auto* program_check = program->add_subcommand("check", "Validate a program file");
  program_check->add_option("file", program_file, "program file (TOML)")->required();

  cli.add_subcommand("version", "Print the version");

  CLI11_PARSE(cli, argc, argv);

  if (cli.got_subcommand("version")) {
    std::cout << "wakala " << kVersion << "\n";
    return 0;
  }
  if (cli.got_subcommand(program)) {
    auto loaded = program_file.empty() ? wakala::program::BuiltinProgram(program_name)
                                       : wakala::program::LoadProgramFile(program_file);
    if (!loaded) {
      std::cerr << "wakala program: " << loaded.error().message << "\n";
      return 2;
    }
    if (program->got_subcommand(program_check)) {
      std::cout << program_file << ": program \"" << loaded->name << "\" is valid (" << loaded->tiers.size()
                << " tiers, " << loaded->rate_cards.size() << " rate card(s))\n";
    } else {
      std::cout << wakala::program::FormatProgram(*loaded);
    }
    return 0;
  }
  if (cli.got_subcommand(bench)) {
    spdlog::set_level(spdlog::level::warn);
    if (bench->got_subcommand(bench_catch_up)) return wakala::app::RunCatchUpBench(catch_up_bench);
    return bench->got_subcommand(bench_ingest) ? wakala::app::RunIngestBench(ingest_bench)
                                               : wakala::app::RunEvaluateBench(evaluate_bench);
  }
  if (cli.got_subcommand(simulate)) {
    std::string text;
    if (random_scenario) {
      if (seed_option->count() == 0) random_seed = std::random_device{}();
      std::cerr << "wakala simulate: random scenario, seed " << random_seed
                << " (replay with --random --seed " << random_seed << ")\n";
      wakala::sim::GeneratorOptions generator;
      generator.events = random_events;
      text = wakala::sim::GenerateScenario(random_seed, generator);
      if (print_scenario) {
        std::cout << text << "\n";
        return 0;
      }
    } else {
      if (scenario_path.empty()) {
        std::cerr << "wakala simulate: give a scenario file, or --random\n";
        return 2;
      }
      std::ifstream file(scenario_path);
      if (!file) {
        std::cerr << "wakala simulate: cannot read " << scenario_path << "\n";
        return 2;
      }
      std::ostringstream content;
      content << file.rdbuf();
      text = content.str();
    }
    wakala::sim::SimulationOptions simulation;
    simulation.rules_version = rules_version;
    auto output = wakala::sim::RunScenario(text, simulation);
    if (!output) {
      std::cerr << output.error().message << "\n";
      return output.error().code == wakala::ErrorCode::kInvalidInput ? 2 : 1;
    }
    std::cout << *output;
    return 0;
  }
  auto config = ResolveConfig(config_path, listen, database, web_root, ready_file);
  if (!config) return Report(config.error());
  if (cli.got_subcommand(serve)) return Serve(*config, no_migrate);
  if (cli.got_subcommand(migrate)) return Migrate(*config);
  if (cli.got_subcommand(seed)) return SeedDemo(*config);
  if (cli.got_subcommand(import)) return Import(*config, import_path, import_batch);
  return 1;
}
