#include <fmt/format.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <optional>
#include <vector>

#include "app/application.hpp"
#include "app/commands.hpp"
#include "core/calendar.hpp"
#include "core/secure_random.hpp"
#include "storage/import_store.hpp"
#include "storage/migrations.hpp"

namespace wakala::app::commands {

ImportCommand::ImportCommand(CLI::App& cli, StoreFlags& flags)
    : command_(cli.add_subcommand("import", "Import a history of events (JSON lines, scenario format)")) {
  command_->add_option("file", path_, "events, one JSON object per line")->required();
  command_->add_option("--database", flags.database, "database URL");
  command_->add_option("--batch", batch_, "events per transaction (default 1000)")
      ->check(CLI::Range(1, 100000));
}

namespace {

long long UnixNow() {
  return static_cast<long long>(std::time(nullptr));
}

// A line as the digest reads it: its bytes and the newline getline dropped.
void Digest(Sha256Stream& digest, const std::string& line) {
  digest.Update(line);
  digest.Update("\n");
}

// The earlier run whose lines this file begins with, the one that got
// furthest: its lines are in the store already. One pass over the file,
// hashing; nothing is parsed.
std::optional<storage::ImportRun> RunToResume(const std::string& path,
                                              const std::vector<storage::ImportRun>& runs) {
  if (runs.empty()) return std::nullopt;
  long long furthest = 0;
  for (const auto& run : runs) furthest = std::max(furthest, run.lines_done);
  std::ifstream file(path);
  Sha256Stream digest;
  std::optional<storage::ImportRun> found;
  long long line_number = 0;
  auto check = [&] {
    std::string hex;
    for (const auto& run : runs) {
      if (run.lines_done != line_number) continue;
      if (hex.empty()) hex = digest.Hex();
      if (run.prefix_sha256 == hex) found = run;
    }
  };
  check();  // a run that read nothing yet
  for (std::string line; line_number < furthest && std::getline(file, line);) {
    Digest(digest, line);
    ++line_number;
    check();
  }
  return found;
}

}  // namespace

// Brings a history (JSON lines, one event each, in the scenario format) into
// the engine's store, in batches; prints progress on a terminal and a summary.
// Each batch records how far the run got in its own transaction, so a run
// that was interrupted (killed, a bad line, the database gone) is simply run
// again: it goes on after the last line whose events are in, and a file
// already imported whole imports nothing.
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
  auto& database = (*application)->database();
  if (auto applied = storage::Migrate(database); !applied) return Report(applied.error());
  auto& engine = (*application)->journal();
  if (auto loaded = engine.Load(); !loaded) return Report(loaded.error());

  std::vector<storage::ImportRun> runs;
  if (auto read = database.Read([&](soci::session& session) -> Result<void> {
        runs = storage::ImportRunStore(session).All();
        return {};
      });
      !read) {
    return Report(read.error());
  }
  const auto resumed = RunToResume(path, runs);
  const long long skip_lines = resumed ? resumed->lines_done : 0;
  storage::ImportRun run;
  bool run_stored = resumed.has_value();
  if (resumed) {
    run = *resumed;
    run.finished_at.reset();
  } else {
    run.id = RandomHex(8);
    run.started_at = UnixNow();
    run.prefix_sha256 = Sha256Stream().Hex();
  }
  run.source = path;
  // Writes the run's progress; in the transaction of a batch's events when given one.
  auto record = [&](soci::session& session, long long lines_before) -> Result<void> {
    run.updated_at = UnixNow();
    storage::ImportRunStore store(session);
    if (!run_stored) {
      store.Insert(run);
      return {};
    }
    if (!store.Advance(run, lines_before)) {
      return Fail(Error::Conflict(fmt::format(
          "another import of this file moved on meanwhile (run {}); run one import at a time", run.id)));
    }
    return {};
  };

  if (resumed && skip_lines > 0) {
    std::cout << fmt::format(
                     "{}: its first {} lines were imported before (run {} started {}); going on after "
                     "line {}\n",
                     path, skip_lines, run.id, FormatEat(FromUnixSeconds(run.started_at)), skip_lines)
              << std::flush;
  }
  const bool terminal = isatty(STDERR_FILENO) != 0;
  const auto started = std::chrono::steady_clock::now();
  std::vector<boost::json::object> batch;
  std::vector<std::size_t> lines_of_batch;
  Sha256Stream digest;
  Sha256Stream digest_of_batch;  // over the lines up to the batch's last
  std::size_t line_number = 0, events = 0, applied = 0, duplicates = 0, batches = 0;
  auto rate = [&] {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return seconds > 0 ? static_cast<double>(events) / seconds : 0.0;
  };
  auto flush = [&]() -> bool {
    if (batch.empty()) return true;
    const long long lines_before = run.lines_done;
    storage::ImportRun before = run;
    std::size_t batch_applied = 0, batch_duplicates = 0;  // as the outcomes tell them
    auto outcomes = engine.ApplyEvents(batch, [&](soci::session& session) -> Result<void> {
      run.lines_done = static_cast<long long>(lines_of_batch.back());
      run.prefix_sha256 = digest_of_batch.Hex();
      run.events_read = before.events_read + static_cast<long long>(batch.size());
      return record(session, lines_before);
    });
    if (!outcomes) {
      run = before;
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
                << "wakala import: the lines before line " << lines_of_batch.front()
                << " are imported; that batch and the rest are not. Mend the file and run the same "
                   "command again: it goes on from line "
                << lines_of_batch.front() << "\n";
      return false;
    }
    for (const auto& outcome : *outcomes) (outcome.applied ? batch_applied : batch_duplicates) += 1;
    run_stored = true;
    applied += batch_applied;
    duplicates += batch_duplicates;
    ++batches;
    batch.clear();
    lines_of_batch.clear();
    if (terminal) std::cerr << fmt::format("\rimport: {} events, {:.0f}/s", events, rate()) << std::flush;
    return true;
  };
  for (std::string line; std::getline(file, line);) {
    ++line_number;
    Digest(digest, line);
    if (static_cast<long long>(line_number) <= skip_lines) continue;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    boost::system::error_code ec;
    auto value = boost::json::parse(line, ec);
    if (ec || !value.is_object()) {
      const bool flushed = flush();
      std::cerr << "wakala import: " << path << ":" << line_number << ": not a JSON object"
                << (ec ? " (" + ec.message() + ")" : "") << "\n";
      if (flushed) {
        std::cerr << "wakala import: the lines before it are imported; mend the file and run the same "
                     "command again: it goes on from there\n";
      }
      return 2;
    }
    batch.push_back(std::move(value.as_object()));
    lines_of_batch.push_back(line_number);
    digest_of_batch = digest;
    ++events;
    if (batch.size() >= batch_size && !flush()) return 2;
  }
  if (!flush()) return 2;
  // The whole file read: the run ends at its last line (blank lines after
  // the last event included), so the same file again imports nothing.
  const long long lines_before = run.lines_done;
  run.lines_done = static_cast<long long>(line_number);
  run.prefix_sha256 = digest.Hex();
  run.finished_at = UnixNow();
  if (auto finished = database.Write([&](soci::session& session) { return record(session, lines_before); });
      !finished) {
    return Report(finished.error());
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cerr << (terminal ? "\n" : "");
  if (resumed && events == 0) {
    std::cout << fmt::format("{}: no event after line {}: the whole file is imported, nothing changed\n",
                             path, skip_lines);
    return 0;
  }
  std::cout << fmt::format(
      "imported {}: {} events in {} batches ({} applied, {} duplicates) in {:.2f} s ({:.0f} events/s)\n",
      path, events, batches, applied, duplicates, seconds, rate());
  return 0;
}

}  // namespace wakala::app::commands
