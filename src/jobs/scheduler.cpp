#include "jobs/scheduler.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>

#include "core/calendar.hpp"
#include "storage/job_store.hpp"

namespace wakala::jobs {

Scheduler::Scheduler(journal::Journal& engine, storage::Database& database, const Clock& engine_clock,
                     const Clock& wall_clock, std::chrono::seconds interval, std::string holder,
                     std::size_t units_per_step)
    : engine_(engine),
      database_(database),
      engine_clock_(engine_clock),
      wall_clock_(wall_clock),
      interval_(interval),
      holder_(std::move(holder)),
      units_per_step_(std::max<std::size_t>(units_per_step, 1)) {}

Scheduler::~Scheduler() {
  Stop();
}

std::string Scheduler::ProcessHolder() {
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  return std::string(host.data()) + ":" + std::to_string(getpid());
}

void Scheduler::Start() {
  spdlog::info("scheduler: engine jobs every {} s as {}", interval_.count(), holder_);
  thread_ = std::thread([this] { Loop(); });
}

void Scheduler::Stop() {
  stop_requested_ = true;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Scheduler::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    try {
      Tick();
    } catch (const std::exception& error) {
      // Tick reports its own failures; this is the last guard of the thread.
      spdlog::error("scheduler: tick failed: {}", error.what());
    }
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

void Scheduler::AddTask(std::string name, Task task) {
  tasks_.emplace_back(std::move(name), std::move(task));
}

Scheduler::TickOutcome Scheduler::Tick() {
  TickOutcome outcome = Step();
  while (outcome == TickOutcome::kRan && !stop_requested_) {
    const TickOutcome next = Step();
    if (next == TickOutcome::kNothingDue) break;
    outcome = next;
  }
  for (const auto& [name, task] : tasks_) {
    if (stop_requested_) break;
    const auto started = std::chrono::steady_clock::now();
    const auto done = task();
    const auto elapsed = std::chrono::steady_clock::now() - started;
    if (timings_ != nullptr) timings_->Record(name, done.has_value(), elapsed, wall_clock_.Now());
    const auto elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count();
    if (!done) {
      spdlog::error("scheduler: {} failed after {} ms: {}", name, elapsed_ms, done.error().message);
    } else if (*done > 0) {
      spdlog::info("scheduler: {} did {} items in {} ms", name, *done, elapsed_ms);
    }
  }
  return outcome;
}

Scheduler::TickOutcome Scheduler::Step() {
  const Timestamp now = engine_clock_.Now();
  std::optional<Timestamp> due;
  std::optional<Timestamp> target;
  engine_.Read([&](const engine::Engine& engine) {
    due = engine.NextDue();
    target = engine.CatchUpStep(now, units_per_step_);
  });
  if (!due || *due > now || !target) return TickOutcome::kNothingDue;

  const Timestamp started = wall_clock_.Now();
  const auto started_steady = std::chrono::steady_clock::now();
  std::optional<Timestamp> claimed;
  const engine::Command advance = engine::Advance{*target};
  auto applied = engine_.ApplyIf(
      {advance},
      [&](soci::session& session, const engine::Engine* engine) -> Result<bool> {
        // What is due now that the engine has caught up under the log's lock:
        // another process may have run it since the check above.
        const auto fresh = engine != nullptr ? engine->NextDue() : std::nullopt;
        if (!fresh || *fresh > *target) return false;
        if (!storage::JobStore(session).Claim(kAdvanceJob, *fresh, holder_, started)) return false;
        claimed = fresh;
        return true;
      },
      [&](soci::session& session) -> Result<void> {
        storage::JobStore(session).Finish(kAdvanceJob, *claimed, wall_clock_.Now());
        return {};
      });
  const auto elapsed = std::chrono::steady_clock::now() - started_steady;
  const auto elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count();
  // Timed only when this process ran the step (or failed it): a step another
  // process ran is its work, and shows in its metrics.
  if (timings_ != nullptr && (!applied || *applied)) {
    timings_->Record(kAdvanceJob, applied.has_value(), elapsed, wall_clock_.Now());
  }
  if (!applied) {
    storage::JobRun failure{kAdvanceJob, claimed.value_or(*due), holder_, started, wall_clock_.Now(),
                            "error",     applied.error().message};
    spdlog::error("scheduler: {} due {} failed after {} ms: {}", kAdvanceJob, FormatEat(failure.due_at),
                  elapsed_ms, failure.detail);
    auto recorded = database_.Write([&](soci::session& session) -> Result<void> {
      storage::JobStore(session).RecordFailure(failure);
      return {};
    });
    if (!recorded) spdlog::error("scheduler: recording the failure failed too: {}", recorded.error().message);
    return TickOutcome::kFailed;
  }
  if (!*applied) {
    spdlog::debug("scheduler: {} due {} was run by another process", kAdvanceJob, FormatEat(*due));
    return TickOutcome::kRanElsewhere;
  }
  std::optional<Timestamp> next;
  engine_.Read([&](const engine::Engine& engine) { next = engine.NextDue(); });
  spdlog::info("scheduler: {} due {} ran: engine advanced to {} in {} ms; next due {}", kAdvanceJob,
               FormatEat(*claimed), FormatEat(*target), elapsed_ms, next ? FormatEat(*next) : "none");
  return TickOutcome::kRan;
}

}  // namespace wakala::jobs
