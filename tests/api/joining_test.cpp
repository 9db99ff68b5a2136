#include <regex>

#include "api_fixture.hpp"
#include "storage/agent_store.hpp"

namespace wakala::testing {
namespace {

constexpr const char* kApplication = R"({
  "kind": "company", "name": "Rift Valley Networks Ltd", "contact_name": "Chebet Kirui",
  "email": "Chebet@RiftNet.co.ke", "phone": "+254722000111", "kra_pin": "p051234567x",
  "registration_number": "PVT-RV12345", "residency": "resident", "website": "https://riftnet.co.ke",
  "town": "Nakuru", "certifications": ["sales", "3cx_basic", "yealink"], "accept_terms": true})";

class JoiningTest : public ApiTest {
 protected:
  // The messages queued for `recipient` (the outbox a mail sender delivers).
  std::vector<agents::OutboundEmail> EmailsTo(const std::string& recipient) {
    auto db = storage::Database::Open(database->url(), 1);
    EXPECT_TRUE(db) << db.error().message;
    std::vector<agents::OutboundEmail> emails;
    EXPECT_TRUE((*db)->Read([&](soci::session& session) -> Result<void> {
      emails = storage::SqlAgentStore(session).ListEmailsTo(recipient);
      return {};
    }));
    return emails;
  }

  static std::string WithField(const std::string& body, const std::string& field, const std::string& value) {
    const std::regex pattern("\"" + field + "\": (\"[^\"]*\"|true|false)");
    return std::regex_replace(body, pattern, "\"" + field + "\": " + value);
  }

  HttpResponse Status(const std::string& id, const std::string& token) {
    return Client()->Get("/api/v1/agent-applications/" + id + "/status", {"X-Application-Token: " + token});
  }
};

TEST_F(JoiningTest, ApplyApproveAcceptInvitationThenUseTheAgentPanel) {
  auto applicant = Client();
  auto sent = applicant->Json("POST", "/api/v1/agent-applications", kApplication);
  ASSERT_EQ(sent.status, 201) << sent.body;
  const auto submitted = ParseObject(sent.body);
  const std::string id(submitted.at("id").as_string());
  const std::string token(submitted.at("status_token").as_string());
  EXPECT_EQ(submitted.at("status"), "pending");

  auto status = Status(id, token);
  ASSERT_EQ(status.status, 200) << status.body;
  EXPECT_EQ(ParseObject(status.body).at("status"), "pending");
  EXPECT_EQ(Status(id, "not-the-token").status, 404);
  EXPECT_EQ(Client()->Get("/api/v1/agent-applications/" + id + "/status").status, 401);

  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  auto queue = ParseObject(staff->Get("/api/v1/agent-applications?status=pending").body);
  ASSERT_EQ(queue.at("items").as_array().size(), 1U);
  const auto& listed = queue.at("items").at(0);
  EXPECT_EQ(listed.at("email"), "chebet@riftnet.co.ke");  // normalised
  EXPECT_EQ(listed.at("kra_pin"), "P051234567X");
  EXPECT_EQ(listed.at("certifications").as_array().size(), 3U);

  auto approved = staff->Json("POST", "/api/v1/agent-applications/" + id + "/approve", "");
  ASSERT_EQ(approved.status, 200) << approved.body;
  const auto approval = ParseObject(approved.body);
  const std::string agent_id(approval.at("agent").at("id").as_string());
  const std::string referral(approval.at("agent").at("referral_id").as_string());
  EXPECT_TRUE(std::regex_match(referral, std::regex("^[0-9A-HJKMNP-TV-Z]{8}$"))) << referral;
  EXPECT_EQ(approval.at("agent").at("tier"), "affiliate");
  EXPECT_EQ(approval.at("application").at("status"), "approved");
  EXPECT_EQ(staff->Json("POST", "/api/v1/agent-applications/" + id + "/approve", "").status, 409);
  EXPECT_EQ(ParseObject(Status(id, token).body).at("status"), "approved");

  // The owner was invited by email; the link sets the first password.
  const auto emails = EmailsTo("chebet@riftnet.co.ke");
  ASSERT_EQ(emails.size(), 1U);
  EXPECT_NE(emails[0].body.find(referral), std::string::npos);
  std::smatch link;
  ASSERT_TRUE(std::regex_search(emails[0].body, link, std::regex("/invitations/([0-9a-f]{64})")))
      << emails[0].body;
  const std::string invitation = link[1].str();
  // No password works before the invitation is accepted.
  EXPECT_EQ(Client()->Login("chebet@riftnet.co.ke", "").status, 401);
  EXPECT_EQ(Client()->Login("chebet@riftnet.co.ke", "!invited").status, 401);
  auto owner = Client();
  auto weak = owner->Json("POST", "/api/v1/invitations/accept",
                          R"({"token":")" + invitation + R"(","password":"short"})");
  EXPECT_EQ(weak.status, 422);
  auto accepted = owner->Json("POST", "/api/v1/invitations/accept",
                              R"({"token":")" + invitation + R"(","password":"rift-valley-2026!"})");
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  owner->csrf_token = std::string(ParseObject(accepted.body).at("csrf_token").as_string());
  EXPECT_EQ(Client()
                ->Json("POST", "/api/v1/invitations/accept",
                       R"({"token":")" + invitation + R"(","password":"another-password-1"})")
                .status,
            401);  // used once

  // The new agent's own panel: an affiliate with nothing earned yet.
  auto dashboard = owner->Get("/api/v1/agents/" + agent_id + "/dashboard");
  ASSERT_EQ(dashboard.status, 200) << dashboard.body;
  EXPECT_EQ(ParseObject(dashboard.body).at("tier"), "affiliate");
  EXPECT_EQ(ParseObject(dashboard.body).at("balances").at("available"), "0.00");
  EXPECT_EQ(owner->Get("/api/v1/agents/AG-DEMO/dashboard").status, 404);
  auto signed_in = Client();
  EXPECT_EQ(signed_in->Login("chebet@riftnet.co.ke", "rift-valley-2026!").status, 200);
}

TEST_F(JoiningTest, InvalidApplicationsNameEveryFieldAndStoreNothing) {
  std::string bad = WithField(kApplication, "kra_pin", R"("123")");
  bad = WithField(bad, "phone", R"("0722 000 111")");
  bad = WithField(bad, "registration_number", R"("")");
  bad = WithField(bad, "accept_terms", "false");
  bad = WithField(bad, "residency", R"("martian")");
  bad = WithField(bad, "website", R"x("javascript:alert(1)")x");
  auto response = Client()->Json("POST", "/api/v1/agent-applications", bad);
  ASSERT_EQ(response.status, 422) << response.body;
  for (const char* field :
       {"kra_pin", "phone", "registration_number", "accept_terms", "residency", "website"}) {
    EXPECT_NE(response.body.find(std::string("\"field\":\"") + field + "\""), std::string::npos)
        << field << " in " << response.body;
  }
  auto unknown = Client()->Json("POST", "/api/v1/agent-applications",
                                WithField(kApplication, "kind", R"("company", "emial": "x")"));
  EXPECT_EQ(unknown.status, 422);
  EXPECT_NE(unknown.body.find("emial"), std::string::npos);
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  EXPECT_TRUE(ParseObject(staff->Get("/api/v1/agent-applications").body).at("items").as_array().empty());
}

TEST_F(JoiningTest, DuplicatesAreRefusedUntilRejectedAndTheApplicantSeesTheReason) {
  auto first = Client()->Json("POST", "/api/v1/agent-applications", kApplication);
  ASSERT_EQ(first.status, 201) << first.body;
  const auto submitted = ParseObject(first.body);
  const std::string id(submitted.at("id").as_string());

  auto same_pin = Client()->Json("POST", "/api/v1/agent-applications",
                                 WithField(kApplication, "email", R"("other@riftnet.co.ke")"));
  EXPECT_EQ(same_pin.status, 409);
  EXPECT_NE(same_pin.body.find("KRA PIN P051234567X"), std::string::npos) << same_pin.body;
  auto same_email = Client()->Json("POST", "/api/v1/agent-applications",
                                   WithField(kApplication, "kra_pin", R"("A000000001B")"));
  EXPECT_EQ(same_email.status, 409);
  EXPECT_NE(same_email.body.find("chebet@riftnet.co.ke"), std::string::npos) << same_email.body;

  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  EXPECT_EQ(staff->Json("POST", "/api/v1/agent-applications/" + id + "/reject", R"({"reason":" "})").status,
            422);
  auto rejected = staff->Json("POST", "/api/v1/agent-applications/" + id + "/reject",
                              R"({"reason":"The KRA PIN does not match the company registration."})");
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  auto status = ParseObject(Status(id, std::string(submitted.at("status_token").as_string())).body);
  EXPECT_EQ(status.at("status"), "rejected");
  EXPECT_EQ(status.at("rejection_reason"), "The KRA PIN does not match the company registration.");
  ASSERT_EQ(EmailsTo("chebet@riftnet.co.ke").size(), 1U);
  EXPECT_EQ(staff->Json("POST", "/api/v1/agent-applications/" + id + "/approve", "").status, 409);
  // Rejected: the applicant may try again with the same details.
  EXPECT_EQ(Client()->Json("POST", "/api/v1/agent-applications", kApplication).status, 201);
}

TEST_F(JoiningTest, OneAddressCannotFloodTheForm) {
  for (int i = 0; i < 5; ++i) {
    const std::string pin = "A00000000" + std::to_string(i) + "Z";
    const std::string body = WithField(WithField(kApplication, "kra_pin", "\"" + pin + "\""), "email",
                                       "\"a" + std::to_string(i) + "@riftnet.co.ke\"");
    ASSERT_EQ(Client()->Json("POST", "/api/v1/agent-applications", body).status, 201) << i;
  }
  auto sixth = Client()->Json("POST", "/api/v1/agent-applications", kApplication);
  EXPECT_EQ(sixth.status, 429);
  EXPECT_FALSE(sixth.Header("retry-after").empty());
}

}  // namespace
}  // namespace wakala::testing
