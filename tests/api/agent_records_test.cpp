#include <regex>

#include "api_fixture.hpp"
#include "storage/agent_store.hpp"

namespace wakala::testing {
namespace {

constexpr std::string_view kPdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
constexpr std::string_view kPng{"\x89PNG\r\n\x1a\nIHDR-not-really-an-image", 32};

class AgentRecordsTest : public ApiTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    return {{"WAKALA_SERVER_MAX_UPLOAD_BYTES", "65536"}};
  }

  static HttpResponse Upload(HttpClient& who, const std::string& agent_id, const std::string& content_type,
                             std::string_view bytes) {
    return who.Send(
        "POST", "/api/v1/agents/" + agent_id + "/files", std::string(bytes),
        {"Content-Type: " + content_type, "X-CSRF-Token: " + who.csrf_token, "X-File-Name: certificate.pdf"});
  }

  std::unique_ptr<HttpClient> AcceptInvitation(const std::string& email, const std::string& password) {
    auto client = Client();
    auto accepted = client->Json(
        "POST", "/api/v1/invitations/accept",
        R"({"token":")" + InvitationToken(database->url(), email) + R"(","password":")" + password + "\"}");
    EXPECT_EQ(accepted.status, 200) << accepted.body;
    client->csrf_token = std::string(ParseObject(accepted.body).at("csrf_token").as_string());
    return client;
  }

  // A new affiliate through the public form; returns its id and signs in its owner.
  std::string NewAgent(HttpClient& staff, std::unique_ptr<HttpClient>& owner) {
    auto sent = Client()->Json("POST", "/api/v1/agent-applications", R"({
      "kind": "professional", "name": "Wanjiru Mwangi", "contact_name": "Wanjiru Mwangi",
      "email": "wanjiru@example.co.ke", "phone": "+254733000222", "kra_pin": "A012345678K",
      "residency": "resident", "accept_terms": true})");
    EXPECT_EQ(sent.status, 201) << sent.body;
    const std::string id(ParseObject(sent.body).at("id").as_string());
    auto approved = staff.Json("POST", "/api/v1/agent-applications/" + id + "/approve", "");
    EXPECT_EQ(approved.status, 200) << approved.body;
    owner = AcceptInvitation("wanjiru@example.co.ke", "wanjiru-password-1");
    return std::string(ParseObject(approved.body).at("agent").at("id").as_string());
  }

  static std::map<std::string, std::string> Measured(HttpClient& who, const std::string& agent_id) {
    auto progress = ParseObject(who.Get("/api/v1/agents/" + agent_id + "/progress").body);
    std::map<std::string, std::string> measured;
    for (const auto& requirement : progress.at("requirements").as_array()) {
      measured[std::string(requirement.at("requirement").as_string())] =
          std::string(requirement.at("measured").as_string());
    }
    return measured;
  }
};

TEST_F(AgentRecordsTest, UploadsAreSniffedLimitedAndOnlyForTheirAgent) {
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  auto stored = Upload(*agent, "AG-DEMO", "application/pdf", kPdf);
  ASSERT_EQ(stored.status, 201) << stored.body;
  const auto file = ParseObject(stored.body);
  EXPECT_EQ(file.at("content_type"), "application/pdf");
  EXPECT_EQ(file.at("size_bytes"), static_cast<std::int64_t>(kPdf.size()));
  EXPECT_EQ(file.at("sha256").as_string().size(), 64U);
  const std::string file_id(file.at("id").as_string());

  auto download = agent->Get("/api/v1/files/" + file_id);
  ASSERT_EQ(download.status, 200);
  EXPECT_EQ(download.body, kPdf);
  EXPECT_EQ(download.Header("content-type"), "application/pdf");
  EXPECT_EQ(download.Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(download.Header("content-disposition").rfind("attachment", 0), 0U);
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  EXPECT_EQ(staff->Get("/api/v1/files/" + file_id).status, 200);
  EXPECT_EQ(SignedIn(kClientEmail, kClientPassword)->Get("/api/v1/files/" + file_id).status, 403);
  EXPECT_EQ(agent->Get("/api/v1/files/file_nothing").status, 404);

  // Wrong types, lying types, too big, someone else's agent: refused, nothing stored.
  EXPECT_EQ(Upload(*agent, "AG-DEMO", "text/html", "<script>alert(1)</script>").status, 415);
  auto lying = Upload(*agent, "AG-DEMO", "application/pdf", kPng);
  EXPECT_EQ(lying.status, 422);
  EXPECT_NE(lying.body.find("image/png"), std::string::npos) << lying.body;
  EXPECT_EQ(Upload(*agent, "AG-DEMO", "image/png", "GIF89a....").status, 422);
  EXPECT_EQ(Upload(*agent, "AG-DEMO", "application/pdf", "").status, 422);
  EXPECT_EQ(Upload(*agent, "AG-DEMO", "application/pdf", "%PDF-" + std::string(70000, 'x')).status, 413);
  EXPECT_EQ(Upload(*agent, "AG-LAKESIDE", "application/pdf", kPdf).status, 404);
  // A body over the ordinary 1 MiB limit is still refused for JSON endpoints.
  EXPECT_EQ(
      agent->Json("POST", "/api/v1/agents/AG-DEMO/withdrawals/preview", std::string(2 << 20, ' ')).status,
      413);
}

TEST_F(AgentRecordsTest, OwnerInvitesAndRemovesPeopleWhoseCertificationsCount) {
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  std::unique_ptr<HttpClient> owner;
  const std::string agent_id = NewAgent(*staff, owner);
  auto people = ParseObject(owner->Get("/api/v1/agents/" + agent_id + "/people").body);
  ASSERT_EQ(people.at("items").as_array().size(), 1U);
  EXPECT_EQ(people.at("items").at(0).at("agent_role"), "owner");
  const std::string owner_id(people.at("items").at(0).at("user_id").as_string());

  auto invited =
      owner->Json("POST", "/api/v1/agents/" + agent_id + "/people",
                  R"({"email":"Tech@Example.co.ke","display_name":"Otieno","agent_role":"technical"})");
  ASSERT_EQ(invited.status, 201) << invited.body;
  const std::string tech_id(ParseObject(invited.body).at("user_id").as_string());
  EXPECT_EQ(owner
                ->Json("POST", "/api/v1/agents/" + agent_id + "/people",
                       R"({"email":"x@example.co.ke","display_name":"X","agent_role":"owner"})")
                .status,
            422);
  auto tech = AcceptInvitation("tech@example.co.ke", "otieno-password-1");
  // Only the owner manages people.
  EXPECT_EQ(tech->Json("POST", "/api/v1/agents/" + agent_id + "/people",
                       R"({"email":"y@example.co.ke","display_name":"Y","agent_role":"sales"})")
                .status,
            403);

  // The technician's 3CX basic and Yealink certificates, verified by staff,
  // make the agent technical (basic); the owner's sales certificate counts too.
  const std::string evidence(
      ParseObject(Upload(*tech, agent_id, "application/pdf", kPdf).body).at("id").as_string());
  const auto submit = [&](HttpClient& who, const std::string& body) {
    return who.Json("POST", "/api/v1/agents/" + agent_id + "/certifications", body);
  };
  auto threecx = submit(
      *tech,
      R"({"person_id":")" + tech_id +
          R"(","kind":"3cx","level":"basic","issued_on":"2026-01-10","valid_until":"2028-01-10","evidence_file_id":")" +
          evidence + "\"}");
  ASSERT_EQ(threecx.status, 201) << threecx.body;
  auto yealink = submit(
      *tech,
      R"({"person_id":")" + tech_id +
          R"(","kind":"yealink","issued_on":"2026-01-10","valid_until":"2028-01-10","evidence_file_id":")" +
          evidence + "\"}");
  ASSERT_EQ(yealink.status, 201) << yealink.body;
  auto sales = submit(
      *owner,
      R"({"person_id":")" + owner_id +
          R"(","kind":"sales","issued_on":"2026-02-01","valid_until":"2027-12-31","evidence_file_id":")" +
          evidence + "\"}");
  ASSERT_EQ(sales.status, 201) << sales.body;
  // Bad submissions name their fields.
  auto bad = submit(
      *owner,
      R"({"person_id":"usr_nobody","kind":"3cx","issued_on":"2026-01-10","valid_until":"2020-01-01","evidence_file_id":"file_x"})");
  EXPECT_EQ(bad.status, 422);
  for (const char* field : {"level", "valid_until"}) {
    EXPECT_NE(bad.body.find(std::string("\"field\":\"") + field + "\""), std::string::npos)
        << field << bad.body;
  }
  auto not_ours = submit(
      *owner,
      R"({"person_id":"usr_nobody","kind":"sales","issued_on":"2026-01-10","valid_until":"2028-01-01","evidence_file_id":"file_x"})");
  EXPECT_EQ(not_ours.status, 422);
  EXPECT_NE(not_ours.body.find("person_id"), std::string::npos);
  EXPECT_NE(not_ours.body.find("evidence_file_id"), std::string::npos);

  EXPECT_EQ(Measured(*owner, agent_id)["technical_level"], "none");  // nothing verified yet
  auto queue = ParseObject(staff->Get("/api/v1/certifications").body);
  ASSERT_EQ(queue.at("items").as_array().size(), 3U);
  EXPECT_EQ(tech->Json("POST",
                       "/api/v1/certifications/" +
                           std::string(ParseObject(threecx.body).at("id").as_string()) + "/verify",
                       "")
                .status,
            403);
  for (const auto* response : {&threecx, &yealink, &sales}) {
    const std::string id(ParseObject(response->body).at("id").as_string());
    auto verified = staff->Json("POST", "/api/v1/certifications/" + id + "/verify", "");
    ASSERT_EQ(verified.status, 200) << verified.body;
    EXPECT_EQ(ParseObject(verified.body).at("status"), "verified");
    EXPECT_EQ(staff->Json("POST", "/api/v1/certifications/" + id + "/reject", R"({"reason":"late"})").status,
              409);
  }
  auto measured = Measured(*owner, agent_id);
  EXPECT_EQ(measured["technical_level"], "basic");
  EXPECT_EQ(measured["sales_certified_people"], "1");

  // The owner cannot go; the technician can, and takes its certificates along.
  EXPECT_EQ(owner
                ->Send("DELETE", "/api/v1/agents/" + agent_id + "/people/" + owner_id, "",
                       {"X-CSRF-Token: " + owner->csrf_token})
                .status,
            409);
  auto removed = owner->Send("DELETE", "/api/v1/agents/" + agent_id + "/people/" + tech_id, "",
                             {"X-CSRF-Token: " + owner->csrf_token});
  EXPECT_EQ(removed.status, 204) << removed.body;
  EXPECT_EQ(Measured(*owner, agent_id)["technical_level"], "none");
  EXPECT_EQ(tech->Get("/api/v1/agents/" + agent_id + "/people").status, 401);  // signed out at once
  EXPECT_EQ(Client()->Login("tech@example.co.ke", "otieno-password-1").status, 401);
  EXPECT_EQ(
      ParseObject(owner->Get("/api/v1/agents/" + agent_id + "/people").body).at("items").as_array().size(),
      1U);
}

TEST_F(AgentRecordsTest, AgreementAndSipTrunkMakeTheAgentReadyForBronze) {
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  std::unique_ptr<HttpClient> owner;
  const std::string agent_id = NewAgent(*staff, owner);
  auto before = Measured(*owner, agent_id);
  EXPECT_EQ(before["agreement_signed"], "false");
  EXPECT_EQ(before["sip_trunk"], "false");

  // An uploaded signed copy counts once staff verify it; a rejection says why.
  const std::string scan(ParseObject(Upload(*owner, agent_id, "image/png", kPng).body).at("id").as_string());
  auto uploaded =
      owner->Json("POST", "/api/v1/agents/" + agent_id + "/agreements",
                  R"({"method":"upload","signer_name":"Wanjiru Mwangi","file_id":")" + scan + "\"}");
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  EXPECT_EQ(ParseObject(uploaded.body).at("status"), "submitted");
  const std::string upload_id(ParseObject(uploaded.body).at("id").as_string());
  auto rejected =
      staff->Json("POST", "/api/v1/agreements/" + upload_id + "/reject", R"({"reason":"unsigned page 3"})");
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  EXPECT_EQ(Measured(*owner, agent_id)["agreement_signed"], "false");

  // In the app: name, time and address are the signature; it counts at once.
  EXPECT_EQ(owner
                ->Json("POST", "/api/v1/agents/" + agent_id + "/agreements",
                       R"({"method":"in_app","signer_name":"Wanjiru Mwangi"})")
                .status,
            422);  // not accepted
  EXPECT_EQ(staff
                ->Json("POST", "/api/v1/agents/" + agent_id + "/agreements",
                       R"({"method":"in_app","signer_name":"Staff","accept":true})")
                .status,
            403);  // staff do not sign for the agent
  auto signed_in_app = owner->Json("POST", "/api/v1/agents/" + agent_id + "/agreements",
                                   R"({"method":"in_app","signer_name":"Wanjiru Mwangi","accept":true})");
  ASSERT_EQ(signed_in_app.status, 201) << signed_in_app.body;
  const auto agreement = ParseObject(signed_in_app.body);
  EXPECT_EQ(agreement.at("status"), "verified");
  EXPECT_EQ(agreement.at("ip"), "127.0.0.1");
  EXPECT_EQ(Measured(*owner, agent_id)["agreement_signed"], "true");
  EXPECT_EQ(ParseObject(owner->Get("/api/v1/agents/" + agent_id + "/agreements").body)
                .at("items")
                .as_array()
                .size(),
            2U);

  // The SIP trunk: staff, or the provisioning system's key; nobody else.
  EXPECT_EQ(owner->Json("PUT", "/api/v1/agents/" + agent_id + "/sip-trunk", R"({"active":true})").status,
            403);
  auto reader = staff->Json("POST", "/api/v1/api-keys", R"({"name":"reader","scopes":["read"]})");
  auto provisioning =
      staff->Json("POST", "/api/v1/api-keys", R"({"name":"provisioning","scopes":["provisioning:write"]})");
  auto integration = Client();
  integration->bearer = std::string(ParseObject(reader.body).at("key").as_string());
  EXPECT_EQ(
      integration->Json("PUT", "/api/v1/agents/" + agent_id + "/sip-trunk", R"({"active":true})").status,
      403);
  integration->bearer = std::string(ParseObject(provisioning.body).at("key").as_string());
  EXPECT_EQ(
      integration->Json("PUT", "/api/v1/agents/" + agent_id + "/sip-trunk", R"({"active":"yes"})").status,
      422);
  auto set = integration->Json("PUT", "/api/v1/agents/" + agent_id + "/sip-trunk", R"({"active":true})");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(Measured(*owner, agent_id)["sip_trunk"], "true");
  EXPECT_EQ(staff->Json("PUT", "/api/v1/agents/AG-NOBODY/sip-trunk", R"({"active":true})").status, 404);
}

}  // namespace
}  // namespace wakala::testing
