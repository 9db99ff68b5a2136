#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "app/engine_service.hpp"
#include "core/clock.hpp"
#include "storage/database.hpp"

namespace wakala::app {

// The engine's time-driven work (maturation, month and quarter closes, the
// affiliate rule and its warnings) as a scheduled job of `wakala serve`. Every
// `interval` a background thread asks the engine when work is next due; once
// that time has passed, it claims the run (job "engine-advance", due_at = that
// time) in job_runs and appends an `advance` event at now. The claim is made
// under the engine log's lock, after catching up with the log, and commits in
// the transaction that appends the event: of several processes on one
// database, exactly one runs each due time, and a process that dies mid-run
// leaves nothing behind for the others to wait on.
class Scheduler {
 public:
  static constexpr const char* kAdvanceJob = "engine-advance";

  enum class TickOutcome {
    kNothingDue,
    kRan,           // this process ran the due work
    kRanElsewhere,  // another process had run it (or claimed it first)
    kFailed,        // recorded in job_runs with outcome "error"; tried again next tick
  };

  // `engine_clock` says what time it is for the program (the advance's time);
  // `wall_clock` stamps the run's start and end. `holder` names this process
  // in job_runs.
  Scheduler(EngineService& engine, storage::Database& database, const Clock& engine_clock,
            const Clock& wall_clock, std::chrono::seconds interval, std::string holder);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Starts the thread; its first tick is at once (work that fell due while no
  // server ran is done at start).
  void Start();
  // Wakes the thread and joins it; a run in progress completes first.
  void Stop();

  // One tick, on the caller's thread.
  TickOutcome Tick();

  // "host:pid": who runs jobs in this process.
  static std::string ProcessHolder();

 private:
  void Loop();

  EngineService& engine_;
  storage::Database& database_;
  const Clock& engine_clock_;
  const Clock& wall_clock_;
  std::chrono::seconds interval_;
  std::string holder_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace wakala::app
