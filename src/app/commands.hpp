#pragma once

#include <CLI/CLI.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

#include "app/bench.hpp"
#include "app/config.hpp"
#include "core/error.hpp"

// The `wakala` command line: one class per subcommand, each in its own file
// (serve_command.cpp, …). A command declares its options on the parser, and
// runs when it was the one chosen; main.cpp only parses and dispatches.
namespace wakala::app::commands {

inline constexpr const char* kVersion = "0.1.0";

// Prints an error (and its field problems) to stderr; returns exit status 1.
int Report(const Error& error);

// The options of the commands that open the store, shared between them.
struct StoreFlags {
  std::string config_path, listen, database, web_root, ready_file;
  // Defaults, then the config file, the environment and these flags.
  Result<Config> Resolve() const;
};

class ServeCommand {
 public:
  ServeCommand(CLI::App& cli, StoreFlags& flags);
  bool Chosen() const { return command_->parsed(); }
  int Run(const Config& config) const;

 private:
  CLI::App* command_;
  bool no_migrate_ = false;
};

class MigrateCommand {
 public:
  MigrateCommand(CLI::App& cli, StoreFlags& flags);
  bool Chosen() const { return command_->parsed(); }
  static int Run(const Config& config);

 private:
  CLI::App* command_;
};

// A checked copy of a SQLite store while it serves (backup_command.cpp).
class BackupCommand {
 public:
  BackupCommand(CLI::App& cli, StoreFlags& flags);
  bool Chosen() const { return command_->parsed(); }
  int Run(const Config& config) const;

 private:
  CLI::App* command_;
  std::string destination_;
};

class SeedDemoCommand {
 public:
  SeedDemoCommand(CLI::App& cli, StoreFlags& flags);
  bool Chosen() const { return command_->parsed(); }
  static int Run(const Config& config);

 private:
  CLI::App* command_;
};

class ImportCommand {
 public:
  ImportCommand(CLI::App& cli, StoreFlags& flags);
  bool Chosen() const { return command_->parsed(); }
  int Run(const Config& config) const;

 private:
  CLI::App* command_;
  std::string path_;
  std::size_t batch_ = 1000;
};

class SimulateCommand {
 public:
  explicit SimulateCommand(CLI::App& cli);
  bool Chosen() const { return command_->parsed(); }
  int Run();

 private:
  CLI::App* command_;
  CLI::Option* seed_option_;
  std::string path_;
  bool random_ = false;
  bool print_scenario_ = false;
  std::uint64_t seed_ = 0;
  int events_ = 400;
  int rules_version_;
};

class ProgramCommand {
 public:
  explicit ProgramCommand(CLI::App& cli);
  bool Chosen() const { return command_->parsed(); }
  int Run() const;

 private:
  CLI::App* command_;
  CLI::App* check_;
  std::string builtin_ = "cloudone";
  std::string file_;
};

class BenchCommand {
 public:
  explicit BenchCommand(CLI::App& cli);
  bool Chosen() const { return command_->parsed(); }
  int Run() const;

 private:
  CLI::App* command_;
  CLI::App* ingest_;
  CLI::App* catch_up_;
  CLI::App* renewals_;
  CLI::App* documents_;
  IngestBenchOptions ingest_options_;
  EvaluateBenchOptions evaluate_options_;
  CatchUpBenchOptions catch_up_options_;
  RenewalBenchOptions renewal_options_;
  DocumentBenchOptions document_options_;
};

// Passwords are checked against cracklib's dictionary: without it every new
// password would be refused, so the commands that set passwords refuse to
// start. 0 when it is there.
int CheckPasswordDictionary();

}  // namespace wakala::app::commands
