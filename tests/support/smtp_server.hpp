#pragma once

#include <sys/types.h>

#include <boost/json.hpp>
#include <chrono>
#include <string>
#include <vector>

namespace wakala::testing {

// A real SMTP server on loopback (tests/fakes/smtp_server.py, on Debian's
// python3-aiosmtpd), started for one test and killed with it. `options` are
// the script's flags ("--refuse-first 2", "--tls CERT:KEY", …).
class SmtpServer {
 public:
  explicit SmtpServer(const std::string& options = "");
  ~SmtpServer();
  SmtpServer(const SmtpServer&) = delete;
  SmtpServer& operator=(const SmtpServer&) = delete;

  int port() const { return port_; }
  const std::string& directory() const { return directory_; }
  // Every message accepted so far, decoded: {"to", "headers", "text", "html", "tls", "auth", …}.
  std::vector<boost::json::object> Messages() const;
  // Waits until at least `count` messages arrived (or `timeout`); returns them.
  std::vector<boost::json::object> WaitFor(std::size_t count,
                                           std::chrono::seconds timeout = std::chrono::seconds(30)) const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string directory_;
};

}  // namespace wakala::testing
