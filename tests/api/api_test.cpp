#include <chrono>
#include <fstream>
#include <future>
#include <thread>

#include "api_fixture.hpp"
#include "raw_connection.hpp"

namespace wakala::testing {
namespace {

class ServiceTest : public ApiTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    return {{"WAKALA_SERVER_MAX_BODY_BYTES", "4096"},
            {"WAKALA_SERVER_MAX_HEADER_BYTES", "4096"},
            {"WAKALA_SECURITY_LOGIN_FAILURES_PER_ACCOUNT", "3"},
            {"WAKALA_SERVER_WEB_ROOT", WAKALA_SOURCE_DIR "/tests/api/web-root"}};
  }
};

TEST_F(ServiceTest, HealthReadinessAndMetrics) {
  auto client = Client();
  auto health = client->Get("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(ParseObject(health.body).at("status").as_string(), "ok");
  auto ready = client->Get("/readyz");
  EXPECT_EQ(ready.status, 200) << ready.body;
  client->Get("/api/v1/nothing-here");
  auto metrics = client->Get("/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(
      metrics.body.find("wakala_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 1"),
      std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("route=\"(not found)\",status=\"404\"} 1"), std::string::npos);
  EXPECT_NE(metrics.body.find("wakala_http_request_duration_seconds_bucket{route=\"/readyz\",le=\"+Inf\"} 1"),
            std::string::npos);
  EXPECT_NE(metrics.body.find("wakala_db_pool_connections 4"), std::string::npos);
  EXPECT_NE(metrics.body.find("wakala_db_pool_in_use 0"), std::string::npos);
}

TEST_F(ServiceTest, OpenApiDocumentIsServed) {
  auto response = Client()->Get("/api/v1/openapi.json");
  ASSERT_EQ(response.status, 200);
  auto document = ParseObject(response.body);
  EXPECT_TRUE(document.at("paths").as_object().contains("/api/v1/auth/login"));
}

TEST_F(ServiceTest, PanelsAreServedWithCachingAndSecurityHeaders) {
  auto client = Client();
  auto index = client->Get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(index.body.find("/assets/app-TESTHASH.js"), std::string::npos);
  EXPECT_EQ(index.Header("cache-control"), "no-cache");
  const std::string policy = index.Header("content-security-policy");
  EXPECT_NE(policy.find("script-src 'self'"), std::string::npos) << policy;
  EXPECT_NE(policy.find("frame-ancestors 'none'"), std::string::npos) << policy;
  EXPECT_EQ(policy.find("unsafe-inline"), std::string::npos) << policy;
  EXPECT_EQ(index.Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(index.Header("referrer-policy"), "same-origin");

  auto asset = client->Get("/assets/app-TESTHASH.js");
  EXPECT_EQ(asset.status, 200);
  EXPECT_EQ(asset.Header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(asset.Header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(asset.body, "console.log(\"panels\");\n");
  EXPECT_EQ(asset.Header("vary"), "Accept-Encoding");
  EXPECT_EQ(asset.Header("content-encoding"), "");
  // The build's gzip copy goes to a browser that takes gzip, with the asset's own type.
  std::ifstream gz(WAKALA_SOURCE_DIR "/tests/api/web-root/assets/app-TESTHASH.js.gz", std::ios::binary);
  const std::string compressed((std::istreambuf_iterator<char>(gz)), std::istreambuf_iterator<char>());
  for (const char* accepts : {"gzip", "br, gzip, deflate", "gzip;q=0.5", "deflate, gzip ;q=1"}) {
    auto zipped = client->Get("/assets/app-TESTHASH.js", {std::string("Accept-Encoding: ") + accepts});
    EXPECT_EQ(zipped.Header("content-encoding"), "gzip") << accepts;
    EXPECT_EQ(zipped.Header("content-type"), "text/javascript; charset=utf-8") << accepts;
    EXPECT_EQ(zipped.body, compressed) << accepts;
  }
  for (const char* refuses : {"gzip;q=0", "deflate, br", "gzip;q=0.0", "x-gzip"}) {
    auto plain = client->Get("/assets/app-TESTHASH.js", {std::string("Accept-Encoding: ") + refuses});
    EXPECT_EQ(plain.Header("content-encoding"), "") << refuses;
    EXPECT_EQ(plain.body, asset.body) << refuses;
  }

  // Pages of the single-page app are index.html, never cached, at any depth.
  for (const char* page :
       {"/agent", "/agent/", "/agent/clients/c_1", "/client", "/staff/withdrawals", "/signin",
        "/apply/status/app_1", "/invitations/abc", "/service-manager", "/directory"}) {
    auto answer = client->Get(page);
    EXPECT_EQ(answer.status, 200) << page;
    EXPECT_EQ(answer.body, index.body) << page;
    EXPECT_EQ(answer.Header("cache-control"), "no-cache") << page;
  }
  // Anything else that is not a file stays a 404, and so does a page path with a way out.
  for (const char* missing : {"/assets/app-OLDHASH.js", "/nothing", "/agentx", "/agent//x", "/agent/../x",
                              "/agent/%2e%2e/x", "/staff/.env"}) {
    EXPECT_EQ(client->Get(missing).status, 404) << missing;
  }
  EXPECT_EQ(client->Get("/%2e%2e/CMakeLists.txt").status, 404);
  EXPECT_EQ(client->Get("/.hidden").status, 404);
  EXPECT_EQ(client->Send("POST", "/index.html", "x").status, 405);
  EXPECT_EQ(client->Send("POST", "/agent/clients", "x").status, 405);
}

TEST_F(ServiceTest, OptionalSessionTellsThePanelsWhoIsSignedInWithoutA401) {
  auto visitor = Client();
  EXPECT_EQ(visitor->Get("/api/v1/auth/session").status, 401);
  auto anonymous = visitor->Get("/api/v1/auth/session?optional=true");
  EXPECT_EQ(anonymous.status, 200);
  EXPECT_EQ(ParseObject(anonymous.body), (boost::json::object{{"kind", "anonymous"}}));
  // A forged or ended session reads as nobody too; only "true" turns it on.
  visitor->SetCookie("wakala_session", "forged-token-value");
  EXPECT_EQ(ParseObject(visitor->Get("/api/v1/auth/session?optional=true").body).at("kind"), "anonymous");
  EXPECT_EQ(visitor->Get("/api/v1/auth/session?optional=1").status, 401);
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  auto signed_in = ParseObject(staff->Get("/api/v1/auth/session?optional=true").body);
  EXPECT_EQ(signed_in.at("kind"), "user");
  EXPECT_EQ(signed_in.at("user").at("role"), "staff");
  EXPECT_EQ(signed_in.at("csrf_token").as_string(), staff->csrf_token);
  ASSERT_EQ(staff->Json("POST", "/api/v1/auth/logout", "{}").status, 204);
  EXPECT_EQ(ParseObject(staff->Get("/api/v1/auth/session?optional=true").body).at("kind"), "anonymous");
}

TEST_F(ServiceTest, StaffSignsInReadsAndSignsOut) {
  auto client = Client();
  auto login = client->Login(kStaffEmail, kStaffPassword);
  ASSERT_EQ(login.status, 200) << login.body;
  ASSERT_EQ(login.set_cookies.size(), 1U);
  const std::string& cookie = login.set_cookies[0];
  EXPECT_TRUE(cookie.starts_with("wakala_session=")) << cookie;
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("; SameSite=Lax"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "plain HTTP: no Secure flag unless configured";
  EXPECT_EQ(ParseObject(login.body).at("user").at("role").as_string(), "staff");

  auto session = client->Get("/api/v1/auth/session");
  ASSERT_EQ(session.status, 200);
  EXPECT_EQ(ParseObject(session.body).at("csrf_token").as_string(), client->csrf_token);
  EXPECT_FALSE(ParseObject(session.body).at("impersonating").as_bool());
  EXPECT_EQ(client->Get("/api/v1/users").status, 200);

  const std::string token = client->Cookie("wakala_session");
  auto logout = client->Json("POST", "/api/v1/auth/logout", "");
  EXPECT_EQ(logout.status, 204);
  EXPECT_TRUE(client->Cookie("wakala_session").empty()) << "logout clears the cookie";
  client->SetCookie("wakala_session", token);
  auto after = client->Get("/api/v1/users");
  EXPECT_EQ(after.status, 401) << "the old token is dead on the server too";
  EXPECT_EQ(ProblemType(after), "/problems/unauthenticated");
}

TEST_F(ServiceTest, CsrfTokenIsRequiredAndBoundToTheSession) {
  auto client = SignedIn(kStaffEmail, kStaffPassword);
  const std::string body =
      R"({"email":"new@x.co.ke","display_name":"New","role":"staff","password":"long-enough-pw"})";
  auto missing = client->Send("POST", "/api/v1/users", body, {"Content-Type: application/json"});
  EXPECT_EQ(missing.status, 403);
  EXPECT_EQ(ProblemType(missing), "/problems/csrf");
  auto wrong = client->Send("POST", "/api/v1/users", body,
                            {"Content-Type: application/json", "X-CSRF-Token: " + std::string(64, 'a')});
  EXPECT_EQ(wrong.status, 403);

  // A token from an earlier session is stale after signing in again.
  const std::string stale = client->csrf_token;
  ASSERT_EQ(client->Login(kStaffEmail, kStaffPassword).status, 200);
  auto replayed = client->Send("POST", "/api/v1/users", body,
                               {"Content-Type: application/json", "X-CSRF-Token: " + stale});
  EXPECT_EQ(replayed.status, 403);
  EXPECT_EQ(ParseObject(client->Get("/api/v1/users").body).at("items").as_array().size(), 3U)
      << "nothing was created";

  auto created = client->Json("POST", "/api/v1/users", body);
  EXPECT_EQ(created.status, 201) << created.body;
}

TEST_F(ServiceTest, BadInputIsAnsweredWithProblemJson) {
  auto client = SignedIn(kStaffEmail, kStaffPassword);
  auto malformed = client->Json("POST", "/api/v1/users", "{\"email\": \"a@b.co\",\n \"role\": }");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(malformed.Header("content-type"), "application/problem+json");
  EXPECT_EQ(ProblemType(malformed), "/problems/malformed-json");
  EXPECT_NE(ParseObject(malformed.body).at("detail").as_string().find("line 2, column 10"), std::string::npos)
      << malformed.body;

  auto wrong_type = client->Send(
      "POST", "/api/v1/users", "email=a",
      {"Content-Type: application/x-www-form-urlencoded", "X-CSRF-Token: " + client->csrf_token});
  EXPECT_EQ(wrong_type.status, 415);
  EXPECT_EQ(ProblemType(wrong_type), "/problems/unsupported-media-type");

  auto invalid = client->Json("POST", "/api/v1/users", R"({"email":"x","role":"boss","colour":"red"})");
  EXPECT_EQ(invalid.status, 422);
  const auto errors = ParseObject(invalid.body).at("errors").as_array();
  std::vector<std::string> fields;
  for (const auto& error : errors) fields.emplace_back(error.at("field").as_string());
  EXPECT_EQ(fields, (std::vector<std::string>{"display_name", "password", "colour"}));

  auto oversized = client->Json("POST", "/api/v1/users", "{\"email\":\"" + std::string(5000, 'a') + "\"}");
  EXPECT_EQ(oversized.status, 413);
  EXPECT_EQ(ProblemType(oversized), "/problems/payload-too-large");

  auto unknown = client->Get("/api/v1/unknown");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(ProblemType(unknown), "/problems/not-found");

  auto method = client->Send("PUT", "/api/v1/users", "{}", {"Content-Type: application/json"});
  EXPECT_EQ(method.status, 405);
  EXPECT_EQ(method.Header("allow"), "GET, POST");

  EXPECT_EQ(ParseObject(client->Get("/api/v1/users").body).at("items").as_array().size(), 3U)
      << "no bad request changed anything";
}

TEST_F(ServiceTest, OversizedHeadersAre431) {
  RawConnection connection(server->address());
  connection.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(8000, 'b') + "\r\n\r\n");
  const std::string reply = connection.ReceiveAll();
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 431")) << reply.substr(0, 200);
  EXPECT_NE(reply.find("/problems/headers-too-large"), std::string::npos);
}

// The server refuses a too-long body from its declared length, before the
// client has sent it; the client must still read the 413, not a reset.
TEST_F(ServiceTest, AnOversizedBodyIsAnsweredWhileTheClientIsStillSending) {
  // More than the loopback socket buffers hold, so the client is still
  // sending when the server has answered.
  const std::string body(32 << 20, ' ');
  for (int attempt = 0; attempt < 3; ++attempt) {
    RawConnection connection(server->address());
    EXPECT_TRUE(connection.SendEverything(
        "POST /api/v1/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body))
        << attempt << ": the server reset the connection while the body was still coming";
    const std::string reply = connection.ReceiveAll();
    EXPECT_TRUE(reply.starts_with("HTTP/1.1 413")) << attempt << ": " << reply.substr(0, 200);
    EXPECT_NE(reply.find("/problems/payload-too-large"), std::string::npos) << attempt;
  }
  EXPECT_EQ(Client()->Get("/healthz").status, 200);
}

TEST_F(ServiceTest, GarbageIsABadRequest) {
  RawConnection connection(server->address());
  connection.Send("HELLO THERE\r\n\r\n");
  EXPECT_TRUE(connection.ReceiveAll().starts_with("HTTP/1.1 400"));
}

TEST_F(ServiceTest, RepeatedWrongPasswordsAreSlowedDown) {
  auto client = Client();
  for (int i = 0; i < 3; ++i) {
    auto wrong = client->Login(kStaffEmail, "not-the-password");
    EXPECT_EQ(wrong.status, 401) << i;
    EXPECT_EQ(ParseObject(wrong.body).at("detail").as_string(), "email or password is wrong");
  }
  auto limited = client->Login(kStaffEmail, kStaffPassword);
  EXPECT_EQ(limited.status, 429) << "from that address, even the right password waits";
  EXPECT_EQ(ProblemType(limited), "/problems/rate-limited");
  const int retry_after = std::stoi(limited.Header("retry-after"));
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 2) << "a short wait, not a lock";
  EXPECT_EQ(client->Login(kAgentEmail, kAgentPassword).status, 200) << "other accounts are unaffected";
  std::this_thread::sleep_for(std::chrono::seconds(retry_after) + std::chrono::milliseconds(200));
  EXPECT_EQ(client->Login(kStaffEmail, kStaffPassword).status, 200) << "after the wait, the owner gets in";
}

TEST_F(ServiceTest, AuditLogRecordsSignInsAndUserChanges) {
  auto client = Client();
  client->Login(kStaffEmail, "not-the-password");
  ASSERT_EQ(client->Login(kStaffEmail, kStaffPassword).status, 200);
  auto created = client->Json("POST", "/api/v1/users",
                              R"({"email":"clerk@x.co.ke","display_name":"Clerk","role":"staff",)"
                              R"("password":"long-enough-pw"})");
  ASSERT_EQ(created.status, 201);
  const std::string user_id(ParseObject(created.body).at("id").as_string());
  ASSERT_EQ(client->Json("PATCH", "/api/v1/users/" + user_id, R"({"active":false})").status, 200);

  auto audit = client->Get("/api/v1/audit-log?limit=10");
  ASSERT_EQ(audit.status, 200) << audit.body;
  std::vector<std::string> actions;
  const auto audit_page = ParseObject(audit.body);
  for (const auto& entry : audit_page.at("items").as_array()) {
    actions.emplace_back(entry.at("action").as_string());
    if (entry.at("action") == "login_failed") {
      EXPECT_EQ(entry.at("ip").as_string(), "127.0.0.1");
      EXPECT_EQ(entry.at("subject").as_string(), kStaffEmail);
    }
  }
  ASSERT_GE(actions.size(), 4U);
  EXPECT_EQ(std::vector<std::string>(actions.begin(), actions.begin() + 4),
            (std::vector<std::string>{"user_updated", "user_created", "login", "login_failed"}));
  auto filtered = client->Get("/api/v1/audit-log?action=user_created&limit=1");
  const auto page = ParseObject(filtered.body);
  ASSERT_EQ(page.at("items").as_array().size(), 1U);
  EXPECT_FALSE(page.at("next_cursor").is_null());
  auto next = client->Get("/api/v1/audit-log?action=user_created&limit=1&cursor=" +
                          std::string(page.at("next_cursor").as_string()));
  EXPECT_EQ(ParseObject(next.body).at("items").as_array().size(), 1U) << "the seeded users come next";
  EXPECT_EQ(client->Get("/api/v1/audit-log?limit=abc").status, 422);
}

TEST_F(ServiceTest, ApiKeysWorkWithoutCsrfAndStopWhenRevoked) {
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  auto bad = staff->Json("POST", "/api/v1/api-keys", R"({"name":"x","scopes":["everything"]})");
  EXPECT_EQ(bad.status, 422);
  auto created = staff->Json("POST", "/api/v1/api-keys", R"({"name":"billing","scopes":["billing:write"]})");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto key_json = ParseObject(created.body);
  const std::string key(key_json.at("key").as_string());
  const std::string key_id(key_json.at("id").as_string());
  auto listed = staff->Get("/api/v1/api-keys");
  EXPECT_EQ(listed.body.find(key), std::string::npos) << "the secret is shown once only";

  auto integration = Client();
  integration->bearer = key;
  auto session = integration->Get("/api/v1/auth/session");
  ASSERT_EQ(session.status, 200) << session.body;
  EXPECT_EQ(ParseObject(session.body).at("kind").as_string(), "api_key");
  EXPECT_EQ(integration->Get("/api/v1/users").status, 403) << "a key is not a staff user";

  ASSERT_EQ(
      staff->Send("DELETE", "/api/v1/api-keys/" + key_id, "", {"X-CSRF-Token: " + staff->csrf_token}).status,
      204);
  EXPECT_EQ(integration->Get("/api/v1/auth/session").status, 401);
  integration->bearer = "wk_not-a-key";
  EXPECT_EQ(integration->Get("/api/v1/auth/session").status, 401);
}

TEST_F(ServiceTest, ForwardedForIsIgnoredUnlessTrusted) {
  auto client = Client();
  client->Send("POST", "/api/v1/auth/login", R"({"email":"x@y.co.ke","password":"wrong-password-1"})",
               {"Content-Type: application/json", "X-Forwarded-For: 203.0.113.7"});
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  const auto page = ParseObject(staff->Get("/api/v1/audit-log?action=login_failed").body);
  ASSERT_EQ(page.at("items").as_array().size(), 1U);
  EXPECT_EQ(page.at("items").as_array()[0].at("ip").as_string(), "127.0.0.1");
}

class BehindProxyTest : public ApiTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    return {{"WAKALA_SERVER_TRUST_FORWARDED_FOR", "true"}};
  }
};

TEST_F(BehindProxyTest, ClientAddressComesFromTheProxy) {
  auto client = Client();
  client->Send("POST", "/api/v1/auth/login", R"({"email":"x@y.co.ke","password":"wrong-password-1"})",
               {"Content-Type: application/json", "X-Forwarded-For: 198.51.100.1, 203.0.113.7"});
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  const auto page = ParseObject(staff->Get("/api/v1/audit-log?action=login_failed").body);
  ASSERT_EQ(page.at("items").as_array().size(), 1U);
  EXPECT_EQ(page.at("items").as_array()[0].at("ip").as_string(), "203.0.113.7");
}

class SecureCookieTest : public ApiTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    return {{"WAKALA_SECURITY_COOKIE_SECURE", "true"}};
  }
};

TEST_F(SecureCookieTest, BehindTlsTheCookieIsHostPrefixedAndSecure) {
  auto client = Client();
  auto login = client->Login(kStaffEmail, kStaffPassword);
  ASSERT_EQ(login.status, 200);
  ASSERT_EQ(login.set_cookies.size(), 1U);
  EXPECT_TRUE(login.set_cookies[0].starts_with("__Host-wakala_session=")) << login.set_cookies[0];
  EXPECT_NE(login.set_cookies[0].find("; Secure"), std::string::npos);
  EXPECT_NE(login.set_cookies[0].find("; Path=/"), std::string::npos);
  EXPECT_EQ(client->Get("/api/v1/auth/session").status, 200);
  const std::string token = client->Cookie("__Host-wakala_session");
  client->ClearCookies();
  client->SetCookie("wakala_session", token);
  EXPECT_EQ(client->Get("/api/v1/auth/session").status, 401) << "only the configured cookie name counts";
}

class SlowClientTest : public ApiTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    return {{"WAKALA_SERVER_REQUEST_TIMEOUT_SECONDS", "1"}};
  }
};

TEST_F(SlowClientTest, AHalfSentRequestIsDroppedAtTheTimeout) {
  RawConnection connection(server->address());
  connection.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n");  // never finished
  const auto started = std::chrono::steady_clock::now();
  const std::string reply = connection.ReceiveAll();  // returns when the server closes
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(reply, "") << "the stream is closed by the timer; no response can follow";
  EXPECT_GE(waited, std::chrono::milliseconds(900));
  EXPECT_LT(waited, std::chrono::seconds(5)) << "closed by the server, not by the client's own 10 s timeout";
  // The server itself is fine.
  EXPECT_EQ(Client()->Get("/healthz").status, 200);
}

class ShortSessionTest : public ApiTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    return {{"WAKALA_SECURITY_SESSION_IDLE_SECONDS", "2"}, {"WAKALA_SECURITY_SESSION_ABSOLUTE_SECONDS", "4"}};
  }
};

TEST_F(ShortSessionTest, ExpiredSessionIsRefused) {
  auto client = SignedIn(kStaffEmail, kStaffPassword);
  EXPECT_EQ(client->Get("/api/v1/users").status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(3100));
  auto expired = client->Get("/api/v1/users");
  EXPECT_EQ(expired.status, 401);
  EXPECT_EQ(ParseObject(expired.body).at("detail").as_string(), "not signed in, or the session has expired");
}

class ConnectionLimitTest : public ApiTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    return {{"WAKALA_SERVER_MAX_CONNECTIONS", "2"}};
  }
};

TEST_F(ConnectionLimitTest, ConnectionsOverTheLimitAreTurnedAway) {
  RawConnection first(server->address());
  RawConnection second(server->address());
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  RawConnection third(server->address());
  const std::string reply = third.ReceiveAll();
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 503")) << reply;
  EXPECT_NE(reply.find("/problems/overloaded"), std::string::npos);
}

TEST_F(ApiTest, SigtermWaitsForARequestWhoseBodyIsStillComing) {
  const std::string body = R"({"email":"staff@demo.wakala.test","password":"demo-staff-2026!"})";
  RawConnection connection(server->address());
  connection.Send(
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the headers are in
  server->SignalTerminate();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // shutdown has begun
  connection.Send(body);
  const std::string reply = connection.ReceiveAll();
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 200")) << reply;
  EXPECT_NE(reply.find("Connection: close"), std::string::npos) << "no keep-alive while draining";
  EXPECT_EQ(server->Wait(), 0);
}

TEST_F(ApiTest, SigtermLetsTheRequestInFlightFinish) {
  auto client = Client();
  // Sign-in spends ~0.1 s hashing on a worker: SIGTERM arrives while it runs.
  auto in_flight = std::async(std::launch::async, [&] { return client->Login(kStaffEmail, kStaffPassword); });
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  const int exit_status = server->Terminate();
  auto response = in_flight.get();
  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(exit_status, 0);
}

}  // namespace
}  // namespace wakala::testing
