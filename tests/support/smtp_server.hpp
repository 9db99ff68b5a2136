#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "fake_service.hpp"

namespace wakala::testing {

// A real SMTP server on loopback (tests/fakes/smtp_server.py, on Debian's
// python3-aiosmtpd), started for one test and killed with it. `options` are
// the script's flags ("--refuse-first 2", "--tls CERT:KEY", …).
class SmtpServer {
 public:
  explicit SmtpServer(const std::string& options = "");
  SmtpServer(const SmtpServer&) = delete;
  SmtpServer& operator=(const SmtpServer&) = delete;

  int port() const { return process_.port(); }
  const std::string& directory() const { return process_.directory(); }
  // Every message accepted so far, decoded: {"to", "headers", "text", "html", "tls", "auth", …}.
  std::vector<boost::json::object> Messages() const;
  // Waits until at least `count` messages arrived (or `timeout`); returns them.
  std::vector<boost::json::object> WaitFor(std::size_t count,
                                           std::chrono::seconds timeout = std::chrono::seconds(30)) const;

 private:
  FakeService process_;
};

}  // namespace wakala::testing
