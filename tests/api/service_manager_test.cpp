#include <ctime>
#include <iomanip>
#include <sstream>

#include "api_fixture.hpp"

namespace wakala::testing {
namespace {

// Seconds of an RFC 3339 time's date and clock (both times compared carry the
// same offset, so it cancels out).
long long Seconds(const boost::json::value& text) {
  std::tm tm{};
  std::istringstream(std::string(text.as_string().c_str()).substr(0, 19)) >>
      std::get_time(&tm, "%Y-%m-%dT%H:%M:%S");
  return static_cast<long long>(timegm(&tm));
}

// Demo data: CL-DEMO (client@demo…) is AG-DEMO's client (referral id
// NVS7DEMQ); CL-KAREN is AG-LAKESIDE's (KSM4K1SN). Program time stands still.
class ServiceManagerTest : public ApiTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    return FixedProgramTime("2026-12-05T10:00:00+03:00");
  }

  // A client that signed up with no referral behind it: no agent yet.
  std::unique_ptr<HttpClient> NewClientWithoutAgent(std::string& client_id) {
    auto visitor = Client();
    auto signed_up = visitor->Json("POST", "/api/v1/client-signups",
                                   R"({"company":"Nakuru Bakers","contact_name":"Amina Wanjiru",)"
                                   R"("email":"amina@nakuru-bakers.example","phone":"+254733444555",)"
                                   R"("password":"nakuru-bakers-2026"})");
    EXPECT_EQ(signed_up.status, 201) << signed_up.body;
    client_id = std::string(ParseObject(signed_up.body).at("client_id").as_string());
    return SignedIn("amina@nakuru-bakers.example", "nakuru-bakers-2026");
  }

  // Signs the agent in as CL-DEMO; the client's cookie jar now holds the new session.
  static boost::json::object SignInAsDemoClient(HttpClient& agent) {
    auto started = agent.Json("POST", "/api/v1/clients/CL-DEMO/impersonations", "{}");
    EXPECT_EQ(started.status, 201) << started.body;
    // The cookie lives as long as the session: 30 minutes, never extended.
    EXPECT_NE(started.set_cookies.at(0).find("Max-Age=1800"), std::string::npos);
    auto body = ParseObject(started.body);
    agent.csrf_token = std::string(body.at("csrf_token").as_string());
    return body;
  }

  std::vector<boost::json::object> AuditOf(HttpClient& staff, const std::string& action) {
    std::vector<boost::json::object> entries;
    const auto page = ParseObject(staff.Get("/api/v1/audit-log?action=" + action + "&limit=100").body);
    for (const auto& item : page.at("items").as_array()) entries.push_back(item.as_object());
    return entries;
  }
};

TEST_F(ServiceManagerTest, LinkConfirmationAssociatesTheClientOnce) {
  std::string client_id;
  auto client = NewClientWithoutAgent(client_id);
  auto link = client->Get("/api/v1/service-manager?agent=NVS7DEMQ");
  ASSERT_EQ(link.status, 200) << link.body;
  const auto shown = ParseObject(link.body);
  EXPECT_EQ(shown.at("agent").at("agent_id").as_string(), "AG-DEMO");
  EXPECT_FALSE(shown.at("agent").at("name").as_string().empty());
  EXPECT_FALSE(shown.at("agent").at("email").as_string().empty());
  EXPECT_FALSE(shown.at("agent").at("phone").as_string().empty());
  EXPECT_TRUE(shown.at("current_service_manager").is_null());
  EXPECT_TRUE(shown.at("can_confirm").as_bool());
  EXPECT_EQ(shown.at("permissions").as_array().size(), 6U);
  EXPECT_EQ(client->Get("/api/v1/service-manager?agent=NOSUCHID").status, 404);

  // Never-grantable permissions are refused, nothing associated.
  EXPECT_EQ(client
                ->Json("POST", "/api/v1/service-manager/confirm",
                       R"({"referral_id":"NVS7DEMQ","permissions":["change_credentials"]})")
                .status,
            422);
  auto confirmed =
      client->Json("POST", "/api/v1/service-manager/confirm",
                   R"({"referral_id":"NVS7DEMQ","permissions":["view_invoices","open_tickets"]})");
  ASSERT_EQ(confirmed.status, 201) << confirmed.body;
  const auto view = ParseObject(confirmed.body);
  EXPECT_EQ(view.at("service_manager").at("agent_id").as_string(), "AG-DEMO");
  EXPECT_EQ(view.at("source").as_string(), "service_manager_link");
  // No referral click behind this client's account: no evidence, reversible (§4.4).
  EXPECT_TRUE(view.at("reversible").as_bool());

  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  bool associated = false;
  const auto agent_detail = ParseObject(staff->Get("/api/v1/agents/AG-DEMO").body);
  for (const auto& association : agent_detail.at("associations").as_array()) {
    associated = associated ||
                 (association.at("client").as_string() == client_id && association.at("ended_at").is_null());
  }
  EXPECT_TRUE(associated);
  auto mine = client->Get("/api/v1/clients/" + client_id + "/service-manager");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(ParseObject(mine.body).at("permissions").as_array().size(), 2U);

  // Twice: 409, and nothing changes.
  auto again = client->Json("POST", "/api/v1/service-manager/confirm", R"({"referral_id":"KSM4K1SN"})");
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(ParseObject(client->Get("/api/v1/clients/" + client_id + "/service-manager").body)
                .at("service_manager")
                .at("agent_id")
                .as_string(),
            "AG-DEMO");
  EXPECT_EQ(AuditOf(*staff, "service_manager_confirmed").size(), 1U);
}

TEST_F(ServiceManagerTest, TerminatedAgentsLinkIsRefused) {
  // Before: anyone opening the link sees whose it is, with the public contact only.
  auto stranger = Client();
  auto named = stranger->Get("/api/v1/service-manager/agents/KSM4K1SN");
  ASSERT_EQ(named.status, 200) << named.body;
  const auto contact = ParseObject(named.body);
  EXPECT_EQ(contact.at("agent_id"), "AG-LAKESIDE");
  EXPECT_EQ(contact.at("email"), "hello@lakeside.example");
  EXPECT_EQ(contact.size(), 5U) << named.body;  // agent_id, name, email, phone, referral_id: nothing else
  EXPECT_EQ(stranger->Get("/api/v1/service-manager/agents/NOSUCHID").status, 404);
  // Whatever a visitor sends (NUL, a lowercase id, 4,000 bytes), a plain 404 that echoes none of it.
  for (const std::string& odd : {std::string("%00"), std::string("ksm4k1sn"), std::string(4000, 'A')}) {
    auto refused = stranger->Get("/api/v1/service-manager/agents/" + odd);
    EXPECT_EQ(refused.status, 404) << odd.substr(0, 20);
    EXPECT_EQ(ParseObject(refused.body).at("detail"), "no active agent has this referral id");
  }
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  ASSERT_EQ(
      staff
          ->Json("POST", "/api/v1/agents/AG-LAKESIDE/terminate", R"({"reason":"Repeated misrepresentation"})")
          .status,
      200);
  std::string client_id;
  auto client = NewClientWithoutAgent(client_id);
  EXPECT_EQ(client->Get("/api/v1/service-manager?agent=KSM4K1SN").status, 409);
  EXPECT_EQ(client->Json("POST", "/api/v1/service-manager/confirm", R"({"referral_id":"KSM4K1SN"})").status,
            409);
  EXPECT_EQ(stranger->Get("/api/v1/service-manager/agents/KSM4K1SN").status, 404);
  EXPECT_TRUE(ParseObject(client->Get("/api/v1/clients/" + client_id + "/service-manager").body)
                  .at("service_manager")
                  .is_null());
}

TEST_F(ServiceManagerTest, AClientWithAManagerAsksStaffForATransfer) {
  auto client = SignedIn(kClientEmail, kClientPassword);
  auto link = client->Get("/api/v1/service-manager?agent=KSM4K1SN");
  ASSERT_EQ(link.status, 200) << link.body;
  EXPECT_EQ(ParseObject(link.body).at("current_service_manager").at("agent_id").as_string(), "AG-DEMO");
  EXPECT_FALSE(ParseObject(link.body).at("can_confirm").as_bool());
  EXPECT_EQ(client->Json("POST", "/api/v1/service-manager/confirm", R"({"referral_id":"KSM4K1SN"})").status,
            409);
  // To its own manager: nothing to transfer.
  EXPECT_EQ(client->Json("POST", "/api/v1/service-manager/transfer-requests", R"({"referral_id":"NVS7DEMQ"})")
                .status,
            409);
  auto requested = client->Json("POST", "/api/v1/service-manager/transfer-requests",
                                R"({"referral_id":"KSM4K1SN","message":"Our office moved to Kisumu"})");
  ASSERT_EQ(requested.status, 201) << requested.body;
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  const auto queue = ParseObject(staff->Get("/api/v1/transfer-requests").body).at("items").as_array();
  ASSERT_EQ(queue.size(), 1U);
  EXPECT_EQ(queue[0].at("client_id").as_string(), "CL-DEMO");
  EXPECT_EQ(queue[0].at("from_agent_id").as_string(), "AG-DEMO");
  EXPECT_EQ(queue[0].at("to_agent_id").as_string(), "AG-LAKESIDE");
  EXPECT_EQ(queue[0].at("message").as_string(), "Our office moved to Kisumu");
  EXPECT_FALSE(queue[0].at("requested_by").as_string().empty());
  // The association is untouched.
  EXPECT_EQ(ParseObject(client->Get("/api/v1/clients/CL-DEMO/service-manager").body)
                .at("service_manager")
                .at("agent_id")
                .as_string(),
            "AG-DEMO");
}

TEST_F(ServiceManagerTest, SignInAsClientIsLimitedAuditedAndEndsIntoAFreshAgentSession) {
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  const std::string agent_user(
      ParseObject(agent->Get("/api/v1/auth/session").body).at("user").at("id").as_string());
  const std::string own_cookie = agent->Cookie("wakala_session");
  const std::string own_csrf = agent->csrf_token;
  // Not its client: 404.
  EXPECT_EQ(agent->Json("POST", "/api/v1/clients/CL-KAREN/impersonations", "{}").status, 404);

  const auto started = SignInAsDemoClient(*agent);
  const std::string acting_cookie = agent->Cookie("wakala_session");
  ASSERT_NE(acting_cookie, own_cookie);
  const auto& impersonation = started.at("impersonation").as_object();
  EXPECT_EQ(Seconds(impersonation.at("expires_at")) - Seconds(impersonation.at("started_at")), 30 * 60);

  // The banner: who acts for whom, until when.
  const auto session = ParseObject(agent->Get("/api/v1/auth/session").body);
  EXPECT_TRUE(session.at("impersonating").as_bool());
  EXPECT_EQ(session.at("impersonation").at("client_id").as_string(), "CL-DEMO");
  EXPECT_EQ(session.at("impersonation").at("agent_user_id").as_string(), agent_user);
  EXPECT_EQ(session.at("impersonation").at("expires_at"), impersonation.at("expires_at"));

  // Allowed: viewing the client's account; not its users (their emails).
  EXPECT_EQ(agent->Get("/api/v1/clients/CL-DEMO/service-manager").status, 200);
  EXPECT_EQ(agent->Get("/api/v1/clients/CL-DEMO/users").status, 403);
  // Another client, the agent's own panel: not from here.
  EXPECT_EQ(agent->Get("/api/v1/clients/CL-KAREN/users").status, 404);
  EXPECT_EQ(agent->Get("/api/v1/agents/AG-DEMO/dashboard").status, 403);
  // Never: credentials, contact details, the association.
  auto client = SignedIn(kClientEmail, kClientPassword);
  const std::string client_user(
      ParseObject(client->Get("/api/v1/auth/session").body).at("user").at("id").as_string());
  EXPECT_EQ(agent->Json("PATCH", "/api/v1/users/" + client_user, R"({"password":"taken-over-2026"})").status,
            403);
  EXPECT_EQ(agent->Json("PATCH", "/api/v1/users/" + client_user, R"({"display_name":"Someone"})").status,
            403);
  EXPECT_EQ(agent->Json("POST", "/api/v1/clients/CL-DEMO/service-manager/revoke", "{}").status, 403);
  EXPECT_EQ(client->Login(kClientEmail, kClientPassword).status, 200);  // the password still works

  // Audited with both identities, refusals included.
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  const auto refused = AuditOf(*staff, "impersonation_refused");
  ASSERT_GE(refused.size(), 4U);
  bool password_refusal = false;
  for (const auto& entry : refused) {
    EXPECT_EQ(entry.at("actor").as_string(), "user:" + agent_user);
    EXPECT_EQ(entry.at("on_behalf_of").as_string(), "client:CL-DEMO");
    password_refusal =
        password_refusal || entry.at("detail").at("action").as_string() == "change_credentials";
  }
  EXPECT_TRUE(password_refusal);
  const auto requests = AuditOf(*staff, "impersonated_request");
  ASSERT_FALSE(requests.empty());
  EXPECT_EQ(requests.front().at("on_behalf_of").as_string(), "client:CL-DEMO");
  // The staff audit page's filter: everything done as that client, and nothing else.
  const auto as_client =
      ParseObject(staff->Get("/api/v1/audit-log?on_behalf_of=client:CL-DEMO&limit=100").body)
          .at("items")
          .as_array();
  EXPECT_GE(as_client.size(), refused.size() + requests.size());
  for (const auto& entry : as_client) EXPECT_EQ(entry.at("on_behalf_of").as_string(), "client:CL-DEMO");
  EXPECT_TRUE(ParseObject(staff->Get("/api/v1/audit-log?on_behalf_of=client:CL-KAREN").body)
                  .at("items")
                  .as_array()
                  .empty());

  // The client sees the session in its list.
  const auto mine = ParseObject(client->Get("/api/v1/clients/CL-DEMO/service-manager").body);
  EXPECT_EQ(mine.at("client_name").as_string(), "Kilimani Dental Clinic");
  ASSERT_EQ(mine.at("impersonations").as_array().size(), 1U);
  EXPECT_EQ(mine.at("impersonations").as_array()[0].at("agent_user_id").as_string(), agent_user);
  EXPECT_EQ(mine.at("impersonations").as_array()[0].at("agent_user_name").as_string(),
            ParseObject(agent->Get("/api/v1/auth/session").body).at("user").at("display_name").as_string());
  EXPECT_TRUE(mine.at("impersonations").as_array()[0].at("ended_at").is_null());

  // The agent's own CSRF token does not work on the new session.
  agent->csrf_token = own_csrf;
  EXPECT_EQ(agent->Send("DELETE", "/api/v1/impersonations/current", "", {"X-CSRF-Token: " + own_csrf}).status,
            403);
  agent->csrf_token = std::string(started.at("csrf_token").as_string());
  const std::string acting_csrf = agent->csrf_token;

  // Ending it: back to the agent's own panel with a fresh session.
  auto ended = agent->Send("DELETE", "/api/v1/impersonations/current", "", {"X-CSRF-Token: " + acting_csrf});
  ASSERT_EQ(ended.status, 200) << ended.body;
  const std::string fresh_cookie = agent->Cookie("wakala_session");
  EXPECT_NE(fresh_cookie, acting_cookie);
  EXPECT_NE(fresh_cookie, own_cookie);
  agent->csrf_token = std::string(ParseObject(ended.body).at("csrf_token").as_string());
  const auto back = ParseObject(agent->Get("/api/v1/auth/session").body);
  EXPECT_FALSE(back.at("impersonating").as_bool());
  EXPECT_EQ(back.at("user").at("role").as_string(), "agent");
  EXPECT_EQ(agent->Get("/api/v1/agents/AG-DEMO/dashboard").status, 200);
  // The impersonated session and its CSRF token are dead.
  EXPECT_EQ(agent->Send("POST", "/api/v1/auth/logout", "", {"X-CSRF-Token: " + acting_csrf}).status, 403);
  auto replay = Client();
  replay->SetCookie("wakala_session", acting_cookie);
  EXPECT_EQ(replay->Get("/api/v1/clients/CL-DEMO/users").status, 401);
  replay->SetCookie("wakala_session", own_cookie);
  EXPECT_EQ(replay->Get("/api/v1/auth/session").status, 401);
  EXPECT_FALSE(ParseObject(client->Get("/api/v1/clients/CL-DEMO/service-manager").body)
                   .at("impersonations")
                   .as_array()[0]
                   .at("ended_at")
                   .is_null());
}

TEST_F(ServiceManagerTest, RevocationEndsTheAgentsAccessAtOnceOpenSessionsIncluded) {
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  SignInAsDemoClient(*agent);
  ASSERT_EQ(agent->Get("/api/v1/clients/CL-DEMO/service-manager").status, 200);

  auto client = SignedIn(kClientEmail, kClientPassword);
  auto revoked = client->Json("POST", "/api/v1/clients/CL-DEMO/service-manager/revoke", "{}");
  ASSERT_EQ(revoked.status, 204) << revoked.body;
  // The session opened before the revocation is dead.
  EXPECT_EQ(agent->Get("/api/v1/clients/CL-DEMO/users").status, 401);
  EXPECT_EQ(agent->Get("/api/v1/clients/CL-DEMO/service-manager").status, 401);
  // Signed in again, the agent reaches nothing of the client's.
  auto again = SignedIn(kAgentEmail, kAgentPassword);
  EXPECT_EQ(again->Json("POST", "/api/v1/clients/CL-DEMO/impersonations", "{}").status, 404);
  EXPECT_EQ(again->Get("/api/v1/clients/CL-DEMO/users").status, 403);
  EXPECT_EQ(again->Get("/api/v1/clients/CL-DEMO/service-manager").status, 403);

  const auto mine = ParseObject(client->Get("/api/v1/clients/CL-DEMO/service-manager").body);
  EXPECT_TRUE(mine.at("service_manager").is_null());
  EXPECT_EQ(mine.at("impersonations").as_array()[0].at("end_reason").as_string(), "revoked");
  EXPECT_EQ(client->Json("POST", "/api/v1/clients/CL-DEMO/service-manager/revoke", "{}").status, 409);
}

}  // namespace
}  // namespace wakala::testing
