#pragma once

#include <sys/types.h>

#include <string>

namespace wakala::testing {

// A fake of an outside service (tests/fakes/<script>.py) run on loopback for
// one test and killed with it: started with `--port-file` in a directory of
// its own, waited for until it listens. `arguments` are the script's flags;
// "{dir}" in them stands for that directory.
// A file's whole content ("" if it cannot be read).
std::string ReadWhole(const std::string& path);

class FakeService {
 public:
  FakeService(const std::string& name, const std::string& script, const std::string& arguments);
  ~FakeService();
  FakeService(const FakeService&) = delete;
  FakeService& operator=(const FakeService&) = delete;

  int port() const { return port_; }
  // Where the fake may write (its log is log, its port port).
  const std::string& directory() const { return directory_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string directory_;
};

}  // namespace wakala::testing
