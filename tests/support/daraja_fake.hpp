#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <string>

#include "fake_service.hpp"

namespace wakala::testing {

// The local fake of Safaricom's Daraja (tests/fakes/daraja.py) on loopback,
// started for one test and killed with it. `options` are the script's flags
// ("--balance 5000", …). Its test RSA certificate is certificate_file().
class DarajaFake {
 public:
  explicit DarajaFake(const std::string& options = "");
  DarajaFake(const DarajaFake&) = delete;
  DarajaFake& operator=(const DarajaFake&) = delete;

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(process_.port()); }
  std::string certificate_file() const { return process_.directory() + "/cert.pem"; }

  // What the next payment requests do (tests/fakes/daraja.py: "result_code",
  // "lose_callback", "queue_timeout", "http_status", …), one step each.
  void Plan(const boost::json::array& steps) const;
  // Every payment it took, by OriginatorConversationID: {"Amount", "PartyB",
  // "times_paid", "receipt", "requests", "credential_ok", …}.
  boost::json::array Payments() const;
  // Every request that reached it: {"path", "body"}.
  boost::json::array Requests() const;
  // Posts a payment's last Result to its ResultURL again; the HTTP status Wakala answered.
  long Replay(const std::string& originator_id) const;
  // Waits until `done` holds for Payments() (or `timeout`); returns the last reading.
  boost::json::array WaitFor(const std::function<bool(const boost::json::array&)>& done,
                             std::chrono::seconds timeout = std::chrono::seconds(30)) const;

 private:
  FakeService process_;
};

}  // namespace wakala::testing
