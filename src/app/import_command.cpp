#include <fmt/format.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <vector>

#include "app/application.hpp"
#include "app/commands.hpp"
#include "storage/migrations.hpp"

namespace wakala::app::commands {

ImportCommand::ImportCommand(CLI::App& cli, StoreFlags& flags)
    : command_(cli.add_subcommand("import", "Import a history of events (JSON lines, scenario format)")) {
  command_->add_option("file", path_, "events, one JSON object per line")->required();
  command_->add_option("--database", flags.database, "database URL");
  command_->add_option("--batch", batch_, "events per transaction (default 1000)")
      ->check(CLI::Range(1, 100000));
}

// Brings a history (JSON lines, one event each, in the scenario format) into
// the engine's store, in batches; prints progress on a terminal and a summary.
int ImportCommand::Run(const Config& config) const {
  const std::string& path = path_;
  const std::size_t batch_size = batch_;
  std::ifstream file(path);
  if (!file) {
    std::cerr << "wakala import: cannot read " << path << "\n";
    return 2;
  }
  auto application = Application::Open(config);
  if (!application) return Report(application.error());
  if (auto applied = storage::Migrate((*application)->database()); !applied) return Report(applied.error());
  auto& engine = (*application)->journal();
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

}  // namespace wakala::app::commands
