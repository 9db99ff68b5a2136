#include <spdlog/spdlog.h>

#include "app/commands.hpp"

namespace wakala::app::commands {

BenchCommand::BenchCommand(CLI::App& cli)
    : command_(cli.add_subcommand("bench", "Benchmarks that print an in-run baseline and the ratio")) {
  command_->require_subcommand(1);
  ingest_ = command_->add_subcommand("ingest", "Invoice lines through the engine and store vs plain inserts");
  ingest_->add_option("--lines", ingest_options_.lines, "invoice lines to ingest")
      ->check(CLI::Range(1, 100000000));
  ingest_->add_option("--db", ingest_options_.database_url,
                      "an empty database (default: a temp SQLite file)");
  ingest_->add_option("--agents", ingest_options_.agents, "agents")->check(CLI::Range(1, 1000000));
  ingest_->add_option("--clients", ingest_options_.clients, "clients")->check(CLI::Range(1, 10000000));
  auto* evaluate = command_->add_subcommand("evaluate", "A quarter close over many agents and lines");
  evaluate->add_option("--agents", evaluate_options_.agents, "agents")->check(CLI::Range(1, 1000000));
  evaluate->add_option("--lines", evaluate_options_.lines, "invoice lines")->check(CLI::Range(1, 100000000));
  renewals_ = command_->add_subcommand("renewals", "Renewal invoices and their payments vs plain inserts");
  renewals_->add_option("--subscriptions", renewal_options_.subscriptions, "monthly services falling due")
      ->check(CLI::Range(1, 10000000));
  renewals_->add_option("--agents", renewal_options_.agents, "agents")->check(CLI::Range(1, 100000));
  renewals_->add_option("--db", renewal_options_.database_url,
                        "an empty database to run on (default: a fresh SQLite file)");
  catch_up_ = command_->add_subcommand("catch-up",
                                       "The affiliate rule of many agents with many commissions, caught up");
  catch_up_->add_option("--agents", catch_up_options_.agents, "agents")->check(CLI::Range(1, 1000000));
  catch_up_->add_option("--lines", catch_up_options_.lines, "invoice lines")->check(CLI::Range(2, 100000000));
  documents_ =
      command_->add_subcommand("documents", "Monthly statements rendered to PDF vs the same as JSON");
  documents_->add_option("--documents", document_options_.documents, "statements")
      ->check(CLI::Range(1, 100000));
  documents_->add_option("--lines", document_options_.lines, "movements on each")
      ->check(CLI::Range(0, 100000));
}

int BenchCommand::Run() const {
  spdlog::set_level(spdlog::level::warn);
  if (catch_up_->parsed()) return RunCatchUpBench(catch_up_options_);
  if (renewals_->parsed()) return RunRenewalBench(renewal_options_);
  if (documents_->parsed()) return RunDocumentBench(document_options_);
  return ingest_->parsed() ? RunIngestBench(ingest_options_) : RunEvaluateBench(evaluate_options_);
}

}  // namespace wakala::app::commands
