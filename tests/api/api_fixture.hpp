#pragma once

#include <gtest/gtest.h>

#include <sodium.h>
#include <unistd.h>

#include <array>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "http_client.hpp"
#include "server_process.hpp"
#include "storage/agent_store.hpp"
#include "storage/database.hpp"
#include "test_database.hpp"

namespace wakala::testing {

inline constexpr const char* kStaffEmail = "staff@demo.wakala.test";
inline constexpr const char* kStaffPassword = "demo-staff-2026!";
inline constexpr const char* kAgentEmail = "agent@demo.wakala.test";
inline constexpr const char* kAgentPassword = "demo-agent-2026!";
inline constexpr const char* kClientEmail = "client@demo.wakala.test";
inline constexpr const char* kClientPassword = "demo-client-2026!";

inline boost::json::object ParseObject(const std::string& body) {
  return boost::json::parse(body).as_object();
}

// A server environment whose program time stands still at `rfc3339` (a file
// clock), so that tests about "this month" or "this quarter" do not depend on
// the day they run. The file lives in the temp dir for the test process.
inline std::filesystem::path ProgramClockFile() {
  return std::filesystem::temp_directory_path() / ("wakala-clock-" + std::to_string(getpid()));
}

inline std::map<std::string, std::string> FixedProgramTime(const std::string& rfc3339) {
  std::ofstream(ProgramClockFile()) << rfc3339 << "\n";
  return {{"WAKALA_ENGINE_CLOCK", "file:" + ProgramClockFile().string()}};
}

// Moves the program time of a server started with FixedProgramTime (forward only).
inline void SetProgramTime(const std::string& rfc3339) {
  std::ofstream(ProgramClockFile()) << rfc3339 << "\n";
}

// HMAC-SHA256 as lowercase hex: how the billing system signs its requests.
inline std::string HmacSha256Hex(const std::string& key, const std::string& message) {
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> digest{};
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  crypto_auth_hmacsha256_final(&state, digest.data());
  std::string hex(digest.size() * 2, '0');
  sodium_bin2hex(hex.data(), hex.size() + 1, digest.data(), digest.size());
  return hex;
}

// A POST signed with an API key, as the billing and provisioning systems send it.
inline HttpResponse PostSigned(HttpClient& client, const std::string& path, const std::string& api_key,
                               const std::string& secret, const std::string& body, long long unix_seconds) {
  client.bearer = api_key;
  const std::string stamp = std::to_string(unix_seconds);
  return client.Send("POST", path, body,
                     {"Content-Type: application/json", "X-Wakala-Timestamp: " + stamp,
                      "X-Wakala-Signature: sha256=" + HmacSha256Hex(secret, stamp + "." + body)});
}

// A signed POST /api/v1/billing-events.
inline HttpResponse PostBillingEvents(HttpClient& client, const std::string& api_key,
                                      const std::string& secret, const std::string& body,
                                      long long unix_seconds) {
  return PostSigned(client, "/api/v1/billing-events", api_key, secret, body, unix_seconds);
}

inline long long UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A signed POST /api/v1/client-events, now, with `key` as POST /api/v1/api-keys
// returned it ({"key", "signing_secret", …}).
inline HttpResponse PostClientEvent(HttpClient& client, const boost::json::object& key,
                                    const std::string& body) {
  return PostSigned(client, "/api/v1/client-events", std::string(key.at("key").as_string()),
                    std::string(key.at("signing_secret").as_string()), body, UnixNow());
}

// The referral cookie's value a click's Set-Cookie header gives, or "".
inline std::string ReferralCookie(const HttpResponse& response) {
  for (const auto& header : response.set_cookies) {
    if (header.rfind("wakala_ref=", 0) == 0) return header.substr(11, header.find(';') - 11);
  }
  return "";
}

// The fields a problem response names in its "errors", in order.
inline std::vector<std::string> ProblemFields(const HttpResponse& response) {
  const auto problem = ParseObject(response.body);
  if (!problem.contains("errors")) return {"(no field errors: " + response.body + ")"};
  std::vector<std::string> fields;
  for (const auto& error : problem.at("errors").as_array())
    fields.emplace_back(error.at("field").as_string());
  return fields;
}

// The invitation link's token from the last email to `recipient` (a test
// failure, and "", when there is none).
// The secret in the last email to `recipient` whose body matches `link`
// (a regex with the secret as its first group).
inline std::string EmailedSecret(const std::string& database_url, const std::string& recipient,
                                 const std::string& link) {
  auto db = storage::Database::Open(database_url, 1);
  EXPECT_TRUE(db) << db.error().message;
  if (!db) return "";
  std::vector<agents::OutboundEmail> emails;
  EXPECT_TRUE((*db)->Read([&](soci::session& session) -> Result<void> {
    emails = storage::SqlAgentStore(session).ListEmailsTo(recipient);
    return {};
  }));
  std::smatch found;
  if (emails.empty() || !std::regex_search(emails.back().body, found, std::regex(link))) {
    ADD_FAILURE() << "no email to " << recipient << " with " << link;
    return "";
  }
  return found[1].str();
}

inline std::string InvitationToken(const std::string& database_url, const std::string& recipient) {
  return EmailedSecret(database_url, recipient, "/invitations/([0-9a-f]{64})");
}

inline std::string ProblemType(const HttpResponse& response) {
  return std::string(ParseObject(response.body).at("type").as_string());
}

// A fresh database of the engine under test, the demo data, and a real
// `wakala serve` on a free loopback port.
class ApiTest : public ::testing::Test {
 protected:
  // Settings a test needs on its server (tighter limits, short sessions).
  virtual std::map<std::string, std::string> ServerEnvironment() const { return {}; }
  // Engine events (JSON lines) imported after the demo data, before the server starts.
  virtual std::string History() const { return ""; }

  void SetUp() override {
    database = std::make_unique<TestDatabase>(EngineUnderTest());
    std::string output;
    ASSERT_EQ(RunWakala("seed-demo --database '" + database->url() + "'", output), 0) << output;
    if (const std::string history = History(); !history.empty()) {
      const auto path =
          std::filesystem::temp_directory_path() / ("wakala-history-" + std::to_string(getpid()));
      std::ofstream(path) << history;
      // The import runs with the server's settings (its program clock among
      // them): events dated ahead of that clock are refused there too.
      const int status = RunWakala("import " + path.string() + " --database '" + database->url() + "'",
                                   output, ServerEnvironment());
      std::filesystem::remove(path);
      ASSERT_EQ(status, 0) << output;
      import_output = output;
    }
    server = std::make_unique<ServerProcess>(database->url(), ServerEnvironment());
  }

  void TearDown() override {
    if (HasFailure() && server) {
      std::cerr << "--- server log ---\n" << server->Log() << "\n";
    }
  }

  std::unique_ptr<HttpClient> Client() { return std::make_unique<HttpClient>(server->base_url()); }

  std::unique_ptr<HttpClient> SignedIn(const char* email, const char* password) {
    auto client = Client();
    auto login = client->Login(email, password);
    EXPECT_EQ(login.status, 200) << login.body;
    return client;
  }

  std::unique_ptr<TestDatabase> database;
  std::unique_ptr<ServerProcess> server;
  std::string import_output;
};

}  // namespace wakala::testing
