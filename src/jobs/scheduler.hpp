#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/job_timings.hpp"
#include "journal/journal.hpp"
#include "storage/database.hpp"

namespace wakala::jobs {

// The engine's time-driven work (maturation, month and quarter closes, the
// affiliate rule and its warnings) as a scheduled job of `wakala serve`. Every
// `interval` a background thread asks the engine when work is next due; once
// that time has passed, it claims the run (job "engine-advance", due_at = that
// time) in job_runs and appends an `advance` event at now. The claim is made
// under the engine log's lock, after catching up with the log, and commits in
// the transaction that appends the event: of several processes on one
// database, exactly one runs each due time, and a process that dies mid-run
// leaves nothing behind for the others to wait on.
//
// A catch-up (work that fell due while no server ran, or a long backlog) goes
// in steps of about `units_per_step` units of work (Engine::CatchUpStep), each
// its own claimed run and `advance` event; a stop is honoured between steps, so
// shutdown waits for one step, not for the whole catch-up. Advancing in steps
// gives the same books as one advance: scheduled work runs in due order either way.
class Scheduler {
 public:
  static constexpr const char* kAdvanceJob = "engine-advance";
  // About a second of work on these machines (docs/performance.md).
  static constexpr std::size_t kUnitsPerStep = 20000;

  enum class TickOutcome {
    kNothingDue,
    kRan,           // this process ran the due work
    kRanElsewhere,  // another process had run it (or claimed it first)
    kFailed,        // recorded in job_runs with outcome "error"; tried again next tick
  };

  // `engine_clock` says what time it is for the program (the advance's time);
  // `wall_clock` stamps the run's start and end. `holder` names this process
  // in job_runs.
  Scheduler(journal::Journal& engine, storage::Database& database, const Clock& engine_clock,
            const Clock& wall_clock, std::chrono::seconds interval, std::string holder,
            std::size_t units_per_step = kUnitsPerStep);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Starts the thread; its first tick is at once (work that fell due while no
  // server ran is done at start).
  void Start();
  // Wakes the thread and joins it; the step in progress completes first, the
  // rest of a catch-up waits for the next start.
  void Stop();

  // One tick, on the caller's thread: steps until nothing is due, a step is
  // not run here (another process, a failure), or a stop was asked for (one
  // step at least).
  TickOutcome Tick();

  // Work of another module run on every tick after the engine's (built-in
  // billing's renewals): it claims each item itself, so every server may run
  // it. Answers how many items it did, for the log.
  using Task = std::function<Result<std::size_t>()>;
  void AddTask(std::string name, Task task);

  // Where the runs this process makes are timed (/metrics): each advance step
  // it runs under kAdvanceJob, each task under its name.
  void SetTimings(JobTimings* timings) { timings_ = timings; }

  // "host:pid": who runs jobs in this process.
  static std::string ProcessHolder();

 private:
  void Loop();
  TickOutcome Step();

  journal::Journal& engine_;
  storage::Database& database_;
  const Clock& engine_clock_;
  const Clock& wall_clock_;
  std::chrono::seconds interval_;
  std::string holder_;
  std::size_t units_per_step_;
  std::vector<std::pair<std::string, Task>> tasks_;
  JobTimings* timings_ = nullptr;
  std::atomic<bool> stop_requested_ = false;  // read between steps, without the mutex
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace wakala::jobs
