// `wakala`: parses the command line and runs the subcommand chosen; each
// subcommand is a class of app/commands.hpp in a file of its own.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "app/commands.hpp"
#include "core/secure_random.hpp"

#if defined(__SANITIZE_ADDRESS__)
// The test build runs under LeakSanitizer. Fontconfig (under Pango, for the
// PDFs) keeps its font cache for the life of the process on purpose and frees
// it never: a one-time allocation, not a leak of ours.
extern "C" const char* __lsan_default_suppressions() {  // NOLINT(bugprone-reserved-identifier)
  return "leak:libfontconfig.so\n";
}
#endif

int main(int argc, char** argv) {
  namespace commands = wakala::app::commands;
  spdlog::set_default_logger(spdlog::stderr_color_mt("wakala"));
  wakala::InitialiseCrypto();

  CLI::App cli{"Wakala: the agent program of a cloud-telephony provider"};
  cli.require_subcommand(1);
  commands::StoreFlags flags;
  cli.add_option("--config", flags.config_path, "TOML config file (see docs/operations.md)")
      ->check(CLI::ExistingFile);
  const commands::ServeCommand serve(cli, flags);
  const commands::MigrateCommand migrate(cli, flags);
  const commands::ImportCommand import_history(cli, flags);
  const commands::BackupCommand backup(cli, flags);
  const commands::BenchCommand bench(cli);
  const commands::SeedDemoCommand seed_demo(cli, flags);
  commands::SimulateCommand simulate(cli);
  const commands::ProgramCommand program(cli);
  auto* version = cli.add_subcommand("version", "Print the version");

  CLI11_PARSE(cli, argc, argv);

  if (version->parsed()) {
    std::cout << "wakala " << commands::kVersion << "\n";
    return 0;
  }
  if (program.Chosen()) return program.Run();
  if (bench.Chosen()) return bench.Run();
  if (simulate.Chosen()) return simulate.Run();
  auto config = flags.Resolve();
  if (!config) return commands::Report(config.error());
  if (serve.Chosen()) return serve.Run(*config);
  if (migrate.Chosen()) return commands::MigrateCommand::Run(*config);
  if (seed_demo.Chosen()) return commands::SeedDemoCommand::Run(*config);
  if (import_history.Chosen()) return import_history.Run(*config);
  if (backup.Chosen()) return backup.Run(*config);
  return 1;
}
