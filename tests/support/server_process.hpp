#pragma once

#include <sys/types.h>

#include <map>
#include <string>

namespace wakala::testing {

// A real `wakala serve` child process on a free loopback port. The binary is
// the one the build produced (WAKALA_BINARY). Stopped with SIGTERM.
class ServerProcess {
 public:
  // `environment` adds WAKALA_* settings; the database URL is passed too. The
  // scheduler is off unless `environment` sets WAKALA_ENGINE_SCHEDULER_INTERVAL.
  ServerProcess(const std::string& database_url, std::map<std::string, std::string> environment = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  std::string base_url() const { return "http://" + address_; }
  const std::string& address() const { return address_; }
  pid_t pid() const { return pid_; }

  // SIGTERM, then waits; returns the exit status (or -1 if killed by a signal).
  int Terminate();
  // SIGTERM without waiting; Wait() collects the exit status later.
  void SignalTerminate() const;
  int Wait();
  // What the server wrote to stderr so far (for failure messages).
  std::string Log() const;

 private:
  pid_t pid_ = -1;
  std::string address_;
  std::string directory_;
};

// Runs the wakala binary with arguments; returns exit status, output in `output`.
int RunWakala(const std::string& arguments, std::string& output,
              const std::map<std::string, std::string>& environment = {});

}  // namespace wakala::testing
