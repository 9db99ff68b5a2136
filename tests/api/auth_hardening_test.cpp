// Sign-in throttling, password rules, signup without account enumeration,
// /metrics access, and the end of "sign in as client" by every path — all
// through the real server (issue 10, items 4, 6, 8, 9, 11).
#include <chrono>
#include <thread>

#include "api_fixture.hpp"

namespace wakala::testing {
namespace {

constexpr const char* kAttacker = "203.0.113.66";
constexpr const char* kOwnerAddress = "198.51.100.20";

// The server trusts X-Forwarded-For, so that a test on loopback can speak from
// several addresses, as clients behind a reverse proxy do.
HttpResponse LoginFrom(HttpClient& client, const std::string& address, const std::string& email,
                       const std::string& password) {
  auto response =
      client.Send("POST", "/api/v1/auth/login",
                  boost::json::serialize(boost::json::object{{"email", email}, {"password", password}}),
                  {"Content-Type: application/json", "X-Forwarded-For: " + address});
  if (response.status == 200) {
    client.csrf_token = std::string(ParseObject(response.body).at("csrf_token").as_string());
  }
  return response;
}

void WaitSeconds(int seconds) {
  std::this_thread::sleep_for(std::chrono::milliseconds(seconds * 1000 + 200));
}

class LoginThrottleTest : public ApiTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    return {{"WAKALA_SERVER_TRUST_FORWARDED_FOR", "true"},
            {"WAKALA_SECURITY_LOGIN_FAILURES_PER_ACCOUNT", "2"},
            {"WAKALA_SECURITY_LOGIN_FAILURES_PER_IP", "3"}};
  }
};

TEST_F(LoginThrottleTest, AStrangersFailuresSlowHimNotTheOwner) {
  auto attacker = Client();
  EXPECT_EQ(LoginFrom(*attacker, kAttacker, kStaffEmail, "not-the-password").status, 401);
  EXPECT_EQ(LoginFrom(*attacker, kAttacker, kStaffEmail, "still-not-it").status, 401);
  // The free failures are used up: from that address, the next try waits, whatever the password.
  auto waiting = LoginFrom(*attacker, kAttacker, kStaffEmail, kStaffPassword);
  ASSERT_EQ(waiting.status, 429) << waiting.body;
  EXPECT_EQ(ProblemType(waiting), "/problems/rate-limited");
  const int first_wait = std::stoi(waiting.Header("retry-after"));
  EXPECT_GE(first_wait, 1);
  ASSERT_LE(first_wait, 2) << "a short delay, not a 15-minute lock";

  // The owner, from elsewhere, is not held up at all.
  auto owner = Client();
  EXPECT_EQ(LoginFrom(*owner, kOwnerAddress, kStaffEmail, kStaffPassword).status, 200);

  // After the wait, one more try from the attacker's address; a wrong one makes the next wait longer.
  WaitSeconds(first_wait);
  EXPECT_EQ(LoginFrom(*attacker, kAttacker, kStaffEmail, "guess-three").status, 401);
  auto longer = LoginFrom(*attacker, kAttacker, kStaffEmail, kStaffPassword);
  ASSERT_EQ(longer.status, 429);
  const int second_wait = std::stoi(longer.Header("retry-after"));
  // 2 s now (the wait is counted from the end of the failure's second; the
  // storage test checks the doubling exactly, on a manual clock).
  EXPECT_GE(second_wait, 2);
  ASSERT_LE(second_wait, 3);
  // And the right password after the wait gets in, from that address too.
  WaitSeconds(second_wait);
  EXPECT_EQ(LoginFrom(*attacker, kAttacker, kStaffEmail, kStaffPassword).status, 200);
}

TEST_F(LoginThrottleTest, AWallOfFailuresFromOneAddressSlowsOnlyThatAddress) {
  auto sprayer = Client();
  for (const char* email : {"one@nobody.example", "two@nobody.example", "three@nobody.example"}) {
    EXPECT_EQ(LoginFrom(*sprayer, kAttacker, email, "password-spray-1").status, 401) << email;
  }
  auto slowed = LoginFrom(*sprayer, kAttacker, kAgentEmail, kAgentPassword);
  ASSERT_EQ(slowed.status, 429) << slowed.body;
  EXPECT_LE(std::stoi(slowed.Header("retry-after")), 2) << "slowed, not locked";
  auto elsewhere = Client();
  EXPECT_EQ(LoginFrom(*elsewhere, kOwnerAddress, kAgentEmail, kAgentPassword).status, 200);
  EXPECT_EQ(LoginFrom(*elsewhere, kOwnerAddress, kStaffEmail, kStaffPassword).status, 200);
}

TEST_F(LoginThrottleTest, TheWithdrawalPasswordIsThrottledPerAddressToo) {
  auto agent = Client();
  ASSERT_EQ(LoginFrom(*agent, kOwnerAddress, kAgentEmail, kAgentPassword).status, 200);
  int key = 0;
  auto withdraw = [&](const char* address, const char* password) {
    return agent->Send(
        "POST", "/api/v1/agents/AG-DEMO/withdrawals",
        boost::json::serialize(boost::json::object{{"amount", "100.00"}, {"password", password}}),
        {"Content-Type: application/json", "X-CSRF-Token: " + agent->csrf_token,
         "X-Forwarded-For: " + std::string(address),
         "Idempotency-Key: throttle-test-" + std::to_string(++key)});
  };
  EXPECT_EQ(withdraw(kAttacker, "wrong-password-1").status, 422);
  EXPECT_EQ(withdraw(kAttacker, "wrong-password-2").status, 422);
  auto waiting = withdraw(kAttacker, "wrong-password-3");
  ASSERT_EQ(waiting.status, 429) << waiting.body;
  EXPECT_LE(std::stoi(waiting.Header("retry-after")), 2);
  // From the owner's own address the password is still checked (and found wrong), not refused unseen.
  EXPECT_EQ(withdraw(kOwnerAddress, "wrong-password-4").status, 422);
  // Sign-in from elsewhere still works.
  auto again = Client();
  EXPECT_EQ(LoginFrom(*again, "192.0.2.44", kAgentEmail, kAgentPassword).status, 200);
}

// ---- /metrics ----

class MetricsAccessTest : public ApiTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    return {{"WAKALA_SERVER_TRUST_FORWARDED_FOR", "true"}};
  }
};

TEST_F(MetricsAccessTest, OnlyLoopbackByDefault) {
  auto client = Client();
  EXPECT_EQ(client->Get("/metrics").status, 200);
  auto remote = client->Get("/metrics", {"X-Forwarded-For: 203.0.113.9"});
  EXPECT_EQ(remote.status, 403) << remote.body;
  EXPECT_NE(ParseObject(remote.body).at("detail").as_string().find("metrics_token"), std::string::npos);
  // A token is no use when none is configured.
  EXPECT_EQ(client->Get("/metrics", {"X-Forwarded-For: 203.0.113.9", "Authorization: Bearer guess"}).status,
            403);
}

class MetricsTokenTest : public ApiTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    return {{"WAKALA_SERVER_TRUST_FORWARDED_FOR", "true"},
            {"WAKALA_SERVER_METRICS_TOKEN", "scrape-secret-0123456789abcdef"}};
  }
};

TEST_F(MetricsTokenTest, ARemoteScraperNeedsTheToken) {
  auto client = Client();
  const std::string remote = "X-Forwarded-For: 203.0.113.9";
  auto missing = client->Get("/metrics", {remote});
  EXPECT_EQ(missing.status, 401) << missing.body;
  EXPECT_EQ(missing.Header("www-authenticate"), "Bearer");
  EXPECT_EQ(client->Get("/metrics", {remote, "Authorization: Bearer scrape-secret-0123456789abcdeX"}).status,
            401);
  EXPECT_EQ(client->Get("/metrics", {remote, "Authorization: Basic c2NyYXBl"}).status, 401);
  auto scraped = client->Get("/metrics", {remote, "Authorization: Bearer scrape-secret-0123456789abcdef"});
  EXPECT_EQ(scraped.status, 200);
  EXPECT_NE(scraped.body.find("wakala_http_requests_total"), std::string::npos);
  EXPECT_EQ(client->Get("/metrics").status, 200) << "loopback still may";
}

// ---- signup of a known email, password rules ----

class SignupTest : public ApiTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    return FixedProgramTime("2026-12-05T10:00:00+03:00");
  }
  HttpResponse SignUp(const std::string& email, const std::string& password) {
    auto visitor = Client();
    return visitor->Json("POST", "/api/v1/client-signups",
                         boost::json::serialize(boost::json::object{{"company", "Naivasha Flowers"},
                                                                    {"contact_name", "Wairimu Kamau"},
                                                                    {"email", email},
                                                                    {"phone", "+254722000111"},
                                                                    {"password", password}}));
  }
  std::vector<agents::OutboundEmail> EmailsTo(const std::string& recipient) {
    auto db = storage::Database::Open(database->url(), 1);
    EXPECT_TRUE(db) << db.error().message;
    std::vector<agents::OutboundEmail> emails;
    if (!db) return emails;
    EXPECT_TRUE((*db)->Read([&](soci::session& session) -> Result<void> {
      emails = storage::SqlAgentStore(session).ListEmailsTo(recipient);
      return {};
    }));
    return emails;
  }
};

TEST_F(SignupTest, AKnownEmailAnswersAsANewSignupAndTellsTheOwnerByEmail) {
  auto fresh = SignUp("wairimu@naivasha-flowers.example", "naivasha-roses-2026");
  ASSERT_EQ(fresh.status, 201) << fresh.body;
  const auto fresh_body = ParseObject(fresh.body);

  for (const char* known : {kStaffEmail, kClientEmail, "wairimu@naivasha-flowers.example"}) {
    auto again = SignUp(known, "another-long-passphrase-77");
    ASSERT_EQ(again.status, 201) << known << ": " << again.body;
    const auto body = ParseObject(again.body);
    EXPECT_EQ(body.size(), fresh_body.size()) << again.body;
    EXPECT_TRUE(body.at("client_id").as_string().starts_with("CL-"));
    EXPECT_TRUE(body.at("user_id").as_string().starts_with("usr_"));
    const auto mails = EmailsTo(known);
    ASSERT_EQ(mails.size(), 1U) << known;
    EXPECT_NE(mails[0].body.find("sign"), std::string::npos);
  }
  // Nothing changed for the existing accounts: old passwords work, the new ones do not.
  auto staff = Client();
  EXPECT_EQ(staff->Login(kStaffEmail, "another-long-passphrase-77").status, 401);
  EXPECT_EQ(staff->Login(kStaffEmail, kStaffPassword).status, 200);
  const auto users = ParseObject(staff->Get("/api/v1/users").body).at("items").as_array();
  int staff_named = 0;
  for (const auto& user : users) staff_named += user.at("email").as_string() == kStaffEmail ? 1 : 0;
  EXPECT_EQ(staff_named, 1);
}

TEST_F(SignupTest, WeakPasswordsAreRefusedNamingTheField) {
  const std::vector<std::pair<std::string, std::string>> weak{
      {"password1234", "guess"},
      {std::string(12, ' '), "space"},
      {"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", "at least 12 characters"},  // six é, 12 bytes
      {"wairimu@naivasha-flowers.example", "email"},
      {"tab\there-long-enough", "control"},
  };
  for (const auto& [password, why] : weak) {
    auto refused = SignUp("wairimu@naivasha-flowers.example", password);
    EXPECT_EQ(refused.status, 422) << password << ": " << refused.body;
    if (refused.status != 422) continue;
    EXPECT_EQ(ProblemFields(refused), std::vector<std::string>{"password"}) << refused.body;
    const auto problem = ParseObject(refused.body);
    const std::string reason(problem.at("errors").as_array()[0].at("reason").as_string());
    EXPECT_NE(reason.find(why), std::string::npos) << password << ": " << reason;
  }
  // Nothing was created: the address can still sign up.
  EXPECT_EQ(SignUp("wairimu@naivasha-flowers.example", "naivasha-roses-2026").status, 201);

  // The same rules where staff set a password.
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  auto created = staff->Json("POST", "/api/v1/users",
                             R"({"email":"clerk@x.co.ke","display_name":"Clerk","role":"staff",)"
                             R"("password":"password1234"})");
  EXPECT_EQ(created.status, 422) << created.body;
  auto patched = staff->Json(
      "PATCH",
      "/api/v1/users/" +
          std::string(ParseObject(staff->Get("/api/v1/auth/session").body).at("user").at("id").as_string()),
      R"({"password":"staff@demo.wakala.test"})");
  EXPECT_EQ(patched.status, 422) << patched.body;
  EXPECT_EQ(Client()->Login(kStaffEmail, kStaffPassword).status, 200);
}

// ---- sign in as client: the start, the user list, and every end ----

// CL-DEMO is AG-DEMO's client; AG-LAKESIDE is the other agent. Program time stands still.
class ImpersonationEndTest : public ApiTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    return FixedProgramTime("2026-12-05T10:00:00+03:00");
  }
  std::unique_ptr<HttpClient> ActingForDemoClient() {
    auto agent = SignedIn(kAgentEmail, kAgentPassword);
    auto started = agent->Json("POST", "/api/v1/clients/CL-DEMO/impersonations", "{}");
    EXPECT_EQ(started.status, 201) << started.body;
    if (started.status == 201) {
      const auto body = ParseObject(started.body);
      agent->csrf_token = std::string(body.at("csrf_token").as_string());
      impersonation_id = std::string(body.at("impersonation").at("id").as_string());
    }
    EXPECT_TRUE(ParseObject(agent->Get("/api/v1/auth/session").body).at("impersonating").as_bool());
    return agent;
  }
  // The client's own view of the impersonation started last (by id: two may start in one second).
  boost::json::object LatestImpersonation() {
    auto client = SignedIn(kClientEmail, kClientPassword);
    auto view = client->Get("/api/v1/clients/CL-DEMO/service-manager");
    EXPECT_EQ(view.status, 200) << view.body;
    const auto shown = ParseObject(view.body);
    for (const auto& record : shown.at("impersonations").as_array()) {
      if (record.at("id").as_string() == impersonation_id) return record.as_object();
    }
    ADD_FAILURE() << "no impersonation " << impersonation_id << " in " << view.body;
    return boost::json::object{{"ended_at", nullptr}, {"end_reason", nullptr}};
  }
  std::string impersonation_id;
  // Once the association is gone the cookie no longer answers as acting for the client.
  static void ExpectNotActing(HttpClient& agent) {
    auto session = agent.Get("/api/v1/auth/session");
    if (session.status == 200) {
      EXPECT_FALSE(ParseObject(session.body).at("impersonating").as_bool()) << session.body;
    } else {
      EXPECT_EQ(session.status, 401) << session.body;
    }
    EXPECT_EQ(agent.Get("/api/v1/clients/CL-DEMO/service-manager").status, 401);
  }
};

TEST_F(ImpersonationEndTest, AClientThatGrantedNothingCannotBeSignedInAs) {
  auto visitor = Client();
  auto signed_up = visitor->Json("POST", "/api/v1/client-signups",
                                 R"({"company":"Nakuru Bakers","contact_name":"Amina Wanjiru",)"
                                 R"("email":"amina@nakuru-bakers.example","phone":"+254733444555",)"
                                 R"("password":"nakuru-bakers-2026"})");
  ASSERT_EQ(signed_up.status, 201) << signed_up.body;
  const std::string client_id(ParseObject(signed_up.body).at("client_id").as_string());
  auto client = SignedIn("amina@nakuru-bakers.example", "nakuru-bakers-2026");
  ASSERT_EQ(
      client
          ->Json("POST", "/api/v1/service-manager/confirm", R"({"referral_id":"NVS7DEMQ","permissions":[]})")
          .status,
      201);
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  auto refused = agent->Json("POST", "/api/v1/clients/" + client_id + "/impersonations", "{}");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_NE(refused.body.find("granted no permission"), std::string::npos) << refused.body;
  // The agent's own session is untouched.
  EXPECT_EQ(agent->Get("/api/v1/agents/AG-DEMO/dashboard").status, 200);
}

TEST_F(ImpersonationEndTest, TheClientsUserListIsOutOfReach) {
  auto agent = ActingForDemoClient();
  auto users = agent->Get("/api/v1/clients/CL-DEMO/users");
  EXPECT_EQ(users.status, 403) << users.body;
  EXPECT_EQ(users.body.find(kClientEmail), std::string::npos);
  EXPECT_EQ(agent->Get("/api/v1/clients/CL-DEMO/service-manager").status, 200);
}

TEST_F(ImpersonationEndTest, ATransferEndsIt) {
  auto agent = ActingForDemoClient();
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  auto moved = staff->Json("POST", "/api/v1/clients/CL-DEMO/transfer",
                           R"({"agent_id":"AG-LAKESIDE","reason":"The client moved to Kisumu"})");
  ASSERT_EQ(moved.status, 201) << moved.body;
  const auto record = LatestImpersonation();
  EXPECT_FALSE(record.at("ended_at").is_null());
  EXPECT_EQ(record.at("end_reason"), "transferred");
  ExpectNotActing(*agent);
}

TEST_F(ImpersonationEndTest, TheAgentsTerminationEndsIt) {
  auto agent = ActingForDemoClient();
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  ASSERT_EQ(
      staff->Json("POST", "/api/v1/agents/AG-DEMO/terminate", R"({"reason":"Misrepresentation"})").status,
      200);
  const auto record = LatestImpersonation();
  EXPECT_FALSE(record.at("ended_at").is_null());
  EXPECT_EQ(record.at("end_reason"), "agent_terminated");
  ExpectNotActing(*agent);
}

TEST_F(ImpersonationEndTest, LogoutAndDeactivationEndIt) {
  auto agent = ActingForDemoClient();
  ASSERT_EQ(agent->Send("POST", "/api/v1/auth/logout", "", {"X-CSRF-Token: " + agent->csrf_token}).status,
            204);
  auto record = LatestImpersonation();
  EXPECT_FALSE(record.at("ended_at").is_null());
  EXPECT_EQ(record.at("end_reason"), "logout");

  auto again = ActingForDemoClient();
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  const std::string agent_user(ParseObject(staff->Get("/api/v1/agents/AG-DEMO/users").body)
                                   .at("items")
                                   .as_array()[0]
                                   .at("id")
                                   .as_string());
  ASSERT_EQ(staff->Json("PATCH", "/api/v1/users/" + agent_user, R"({"active":false})").status, 200);
  record = LatestImpersonation();
  EXPECT_FALSE(record.at("ended_at").is_null());
  EXPECT_EQ(record.at("end_reason"), "user_deactivated");
  EXPECT_EQ(again->Get("/api/v1/auth/session").status, 401);
}

class ImpersonationExpiryTest : public ImpersonationEndTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    auto environment = FixedProgramTime("2026-12-05T10:00:00+03:00");
    environment["WAKALA_SECURITY_SESSION_IDLE_SECONDS"] = "2";
    return environment;
  }
};

TEST_F(ImpersonationExpiryTest, AnExpiredSessionsRecordIsClosed) {
  auto agent = ActingForDemoClient();
  WaitSeconds(3);
  EXPECT_EQ(agent->Get("/api/v1/auth/session").status, 401);
  const auto record = LatestImpersonation();
  EXPECT_FALSE(record.at("ended_at").is_null());
  EXPECT_EQ(record.at("end_reason"), "expired");
}

}  // namespace
}  // namespace wakala::testing
