#include "jobs/periodic_worker.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <utility>

namespace wakala::jobs {

PeriodicWorker::PeriodicWorker(std::string name, std::chrono::milliseconds interval,
                               std::function<bool()> pass, JobTimings* timings, const Clock* wall_clock)
    : name_(std::move(name)),
      interval_(interval),
      pass_(std::move(pass)),
      timings_(timings),
      wall_clock_(wall_clock) {}

PeriodicWorker::~PeriodicWorker() {
  Stop();
}

void PeriodicWorker::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { Loop(); });
}

void PeriodicWorker::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void PeriodicWorker::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PeriodicWorker::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    woken_ = false;
    lock.unlock();
    const auto started = std::chrono::steady_clock::now();
    bool succeeded = false;
    try {
      succeeded = pass_();
    } catch (const std::exception& error) {
      spdlog::error("{}: pass failed: {}", name_, error.what());
    }
    if (timings_ != nullptr && wall_clock_ != nullptr) {
      timings_->Record(name_, succeeded, std::chrono::steady_clock::now() - started, wall_clock_->Now());
    }
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_ || woken_; });
  }
}

}  // namespace wakala::jobs
