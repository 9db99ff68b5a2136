#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "core/clock.hpp"
#include "core/job_timings.hpp"

namespace wakala::jobs {

// A background thread that runs `pass` at once, then every `interval` (or
// sooner when woken), until stopped. A pass answers whether it succeeded; one
// that throws has failed, is logged under `name`, and the next one runs as
// planned. With timings (and the wall clock that stamps them), each pass is timed under `name` (/metrics).
// Stop waits for the pass in progress.
class PeriodicWorker {
 public:
  PeriodicWorker(std::string name, std::chrono::milliseconds interval, std::function<bool()> pass,
                 JobTimings* timings = nullptr, const Clock* wall_clock = nullptr);
  ~PeriodicWorker();
  PeriodicWorker(const PeriodicWorker&) = delete;
  PeriodicWorker& operator=(const PeriodicWorker&) = delete;

  void Start();
  // Runs the next pass now instead of at the end of the interval.
  void Wake();
  void Stop();

 private:
  void Loop();

  std::string name_;
  std::chrono::milliseconds interval_;
  std::function<bool()> pass_;
  JobTimings* timings_;
  const Clock* wall_clock_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace wakala::jobs
