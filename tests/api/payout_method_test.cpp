#include <chrono>
#include <regex>

#include "api_fixture.hpp"
#include "storage/agent_store.hpp"

namespace wakala::testing {
namespace {

// AG-DEMO (referral id NVS7DEMQ) and its client CL-DEMO come from the demo
// data; the demo agent user is AG-DEMO's owner. Program time stands still.
class PayoutMethodTest : public ApiTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    return FixedProgramTime("2026-12-01T10:00:00+03:00");
  }

  HttpResponse SignUp(const std::string& body, const std::string& cookie) {
    auto visitor = Client();
    if (!cookie.empty()) visitor->SetCookie("wakala_ref", cookie);
    return visitor->Json("POST", "/api/v1/client-signups", body);
  }

  static boost::json::array Flags(HttpClient& staff) {
    return ParseObject(staff.Get("/api/v1/fraud-flags").body).at("items").as_array();
  }

  static std::optional<std::string> AgentOf(HttpClient& staff, const std::string& client_id) {
    const auto view = ParseObject(staff.Get("/api/v1/clients/" + client_id + "/service-manager").body);
    if (view.at("service_manager").is_null()) return std::nullopt;
    return std::string(view.at("service_manager").at("agent_id").as_string());
  }
};

TEST_F(PayoutMethodTest, OwnerOrStaffSetThePayoutMethodAndItsHistoryIsKept) {
  auto owner = SignedIn(kAgentEmail, kAgentPassword);
  auto empty = owner->Get("/api/v1/agents/AG-DEMO/payout-method");
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_TRUE(ParseObject(empty.body).at("current").is_null());
  EXPECT_TRUE(ParseObject(empty.body).at("history").as_array().empty());

  // Bad input: every wrong field named, nothing stored.
  auto local = owner->Json("PUT", "/api/v1/agents/AG-DEMO/payout-method",
                           R"({"method":"mpesa","mpesa_number":"0711 999 888"})");
  EXPECT_EQ(local.status, 422);
  EXPECT_EQ(ProblemFields(local), std::vector<std::string>{"mpesa_number"});
  EXPECT_NE(local.body.find("E.164"), std::string::npos) << local.body;
  auto bank =
      owner->Json("PUT", "/api/v1/agents/AG-DEMO/payout-method", R"({"method":"bank","bank_code":"x"})");
  EXPECT_EQ(bank.status, 422);
  EXPECT_EQ(ProblemFields(bank), (std::vector<std::string>{"bank_code", "account_number"}));
  EXPECT_EQ(
      ProblemFields(owner->Json("PUT", "/api/v1/agents/AG-DEMO/payout-method", R"({"method":"paypal"})")),
      std::vector<std::string>{"method"});
  EXPECT_EQ(ProblemFields(owner->Json("PUT", "/api/v1/agents/AG-DEMO/payout-method",
                                      R"({"method":"mpesa","mpesa_number":"+254711999888","iban":"x"})")),
            std::vector<std::string>{"iban"});
  EXPECT_TRUE(
      ParseObject(owner->Get("/api/v1/agents/AG-DEMO/payout-method").body).at("history").as_array().empty());

  auto mpesa = owner->Json("PUT", "/api/v1/agents/AG-DEMO/payout-method",
                           R"({"method":"mpesa","mpesa_number":"+254 711-999 888"})");
  ASSERT_EQ(mpesa.status, 200) << mpesa.body;
  const auto first = ParseObject(mpesa.body);
  EXPECT_EQ(first.at("current").at("mpesa_number"), "+254711999888");
  EXPECT_EQ(first.at("current").at("fingerprint"), "mpesa:+254711999888");
  // The same method again changes nothing.
  auto again = owner->Json("PUT", "/api/v1/agents/AG-DEMO/payout-method",
                           R"({"method":"mpesa","mpesa_number":"+254711999888"})");
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(ParseObject(again.body).at("history").as_array().size(), 1U);

  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  auto changed = staff->Json("PUT", "/api/v1/agents/AG-DEMO/payout-method",
                             R"({"method":"bank","bank_code":"kcblkenx","account_number":"0012 345 678"})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  const auto now = ParseObject(owner->Get("/api/v1/agents/AG-DEMO/payout-method").body);
  EXPECT_EQ(now.at("current").at("fingerprint"), "bank:KCBLKENX:0012345678");
  EXPECT_TRUE(now.at("current").at("ended_at").is_null());
  ASSERT_EQ(now.at("history").as_array().size(), 2U);
  EXPECT_EQ(now.at("history").at(1).at("fingerprint"), "mpesa:+254711999888");
  EXPECT_FALSE(now.at("history").at(1).at("ended_at").is_null());

  // Only its own agent, and only the owner among its people.
  EXPECT_EQ(owner
                ->Json("PUT", "/api/v1/agents/AG-LAKESIDE/payout-method",
                       R"({"method":"mpesa","mpesa_number":"+254711999888"})")
                .status,
            404);
  auto invited =
      owner->Json("POST", "/api/v1/agents/AG-DEMO/people",
                  R"({"email":"sales@demo-agent.example","display_name":"Sales","agent_role":"sales"})");
  ASSERT_EQ(invited.status, 201) << invited.body;
  auto sales = Client();
  auto accepted = sales->Json("POST", "/api/v1/invitations/accept",
                              R"({"token":")" + InvitationToken(database->url(), "sales@demo-agent.example") +
                                  R"(","password":"sales-password-1"})");
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  sales->csrf_token = std::string(ParseObject(accepted.body).at("csrf_token").as_string());
  EXPECT_EQ(sales->Get("/api/v1/agents/AG-DEMO/payout-method").status, 403);
  auto refused = sales->Json("PUT", "/api/v1/agents/AG-DEMO/payout-method",
                             R"({"method":"mpesa","mpesa_number":"+254722000111"})");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(
      ParseObject(staff->Get("/api/v1/agents/AG-DEMO/payout-method").body).at("history").as_array().size(),
      2U);
  const auto audit = ParseObject(staff->Get("/api/v1/audit-log?action=payout_method_set").body);
  EXPECT_EQ(audit.at("items").as_array().size(), 2U);
}

// Staff set the payout methods here: the agent never signs in, so the
// signup address is no evidence and only the payment fingerprint can match.
TEST_F(PayoutMethodTest, ASignupPayingWithTheAgentsOwnPayoutMethodIsASelfReferral) {
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  ASSERT_EQ(staff
                ->Json("PUT", "/api/v1/agents/AG-DEMO/payout-method",
                       R"({"method":"mpesa","mpesa_number":"+254711999888"})")
                .status,
            200);
  ASSERT_EQ(staff
                ->Json("PUT", "/api/v1/agents/AG-DEMO/payout-method",
                       R"({"method":"bank","bank_code":"01","account_number":"0012345678"})")
                .status,
            200);

  // A wrong payment method is named, and nothing is made.
  const std::string cookie = ReferralCookie(Client()->Get("/r/NVS7DEMQ"));
  ASSERT_FALSE(cookie.empty());
  auto unknown = SignUp(R"({"company":"Shell Co","contact_name":"S","email":"s@shell.example",)"
                        R"("phone":"+254700555666","password":"shell-company-1",)"
                        R"("payment_method":{"method":"mpesa","mpesa_number":"+254711999888","pin":"1"}})",
                        cookie);
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(ProblemFields(unknown), std::vector<std::string>{"payment_method/pin"});
  auto bad = SignUp(R"({"company":"Shell Co","contact_name":"S","email":"s@shell.example",)"
                    R"("phone":"+254700555666","password":"shell-company-1",)"
                    R"("payment_method":{"method":"mpesa","mpesa_number":"0711999888"}})",
                    cookie);
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(ProblemFields(bad), std::vector<std::string>{"payment_method/mpesa_number"});
  EXPECT_EQ(Client()->Login("s@shell.example", "shell-company-1").status, 401);

  // The agent's old M-Pesa number, written another way: flagged, not associated.
  auto self = SignUp(R"({"company":"Shell Co","contact_name":"S","email":"s@shell.example",)"
                     R"("phone":"+254700555666","password":"shell-company-1",)"
                     R"("payment_method":{"method":"mpesa","mpesa_number":"+254 711 999 888"}})",
                     cookie);
  ASSERT_EQ(self.status, 201) << self.body;
  const std::string self_id(ParseObject(self.body).at("client_id").as_string());
  EXPECT_FALSE(AgentOf(*staff, self_id));
  auto flags = Flags(*staff);
  ASSERT_EQ(flags.size(), 1U);
  EXPECT_EQ(flags[0].at("agent_id"), "AG-DEMO");
  EXPECT_EQ(flags[0].at("client_id"), boost::json::value(self_id));
  EXPECT_EQ(flags[0].at("evidence").at("matched"), boost::json::array({"payment_fingerprint"}));
  EXPECT_EQ(flags[0].at("evidence").at("payment_fingerprint"), "mpesa:+254711999888");

  // Another account at another bank: an ordinary referral.
  auto stranger =
      SignUp(R"({"company":"Kilifi Dental","contact_name":"Jane","email":"jane@kilifi.example",)"
             R"("phone":"+254722111222","password":"kilifi-dental-2026",)"
             R"("payment_method":{"method":"bank","bank_code":"01","account_number":"0012345679"}})",
             ReferralCookie(Client()->Get("/r/NVS7DEMQ")));
  ASSERT_EQ(stranger.status, 201) << stranger.body;
  EXPECT_EQ(AgentOf(*staff, std::string(ParseObject(stranger.body).at("client_id").as_string())), "AG-DEMO");
  EXPECT_EQ(Flags(*staff).size(), 1U);
}

TEST_F(PayoutMethodTest, BillingLearningTheClientPaysWithItsAgentsPayoutMethodFlagsTheAssociationOnce) {
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  ASSERT_EQ(staff
                ->Json("PUT", "/api/v1/agents/AG-DEMO/payout-method",
                       R"({"method":"bank","bank_code":"01","account_number":"0012345678"})")
                .status,
            200);
  auto keys = ParseObject(
      staff->Json("POST", "/api/v1/api-keys", R"({"name":"billing","scopes":["billing:write"]})").body);
  auto provisioning = ParseObject(
      staff->Json("POST", "/api/v1/api-keys", R"({"name":"prov","scopes":["provisioning:write"]})").body);
  const auto post = [&](const boost::json::object& key, const std::string& body) {
    return PostClientEvent(*Client(), key, body);
  };
  const std::string own_account =
      R"({"type":"payment_method_added","id":"PM-1","client":"CL-DEMO","at":"2026-12-01T09:00:00+03:00",)"
      R"("method":"bank","bank_code":"01","account_number":"0012-345-678"})";

  // Wrong input is named; an integration without billing:write is refused.
  auto bad = post(keys, R"({"type":"payment_method_added","id":"PM-0","client":"CL-DEMO",)"
                        R"("at":"2026-12-01T09:00:00+03:00","method":"bank","bank_code":"01"})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(ProblemFields(bad), std::vector<std::string>{"account_number"});
  auto card = post(keys, R"({"type":"payment_method_added","id":"PM-0","client":"CL-DEMO",)"
                         R"("at":"2026-12-01T09:00:00+03:00","method":"card"})");
  EXPECT_EQ(card.status, 422);
  EXPECT_EQ(ProblemFields(card), std::vector<std::string>{"fingerprint"});
  EXPECT_EQ(post(provisioning, own_account).status, 403);
  EXPECT_TRUE(Flags(*staff).empty());

  auto first = post(keys, own_account);
  ASSERT_EQ(first.status, 200) << first.body;
  const auto taken = ParseObject(first.body);
  EXPECT_EQ(taken.at("status"), "applied");
  EXPECT_EQ(taken.at("matched_agent"), "AG-DEMO");
  EXPECT_TRUE(taken.at("flag_raised").as_bool());
  const std::string flag_id(taken.at("fraud_flag").as_string());
  auto flags = Flags(*staff);
  ASSERT_EQ(flags.size(), 1U);
  EXPECT_EQ(flags[0].at("id"), boost::json::value(flag_id));
  EXPECT_EQ(flags[0].at("kind"), "self_referral");
  EXPECT_EQ(flags[0].at("client_id"), "CL-DEMO");
  EXPECT_EQ(flags[0].at("evidence").at("found_by"), "client_event:PM-1");
  EXPECT_EQ(flags[0].at("evidence").at("matched"), boost::json::array({"payment_fingerprint"}));
  EXPECT_EQ(flags[0].at("evidence").at("payment_fingerprint"), "bank:01:0012345678");

  // A retry, and the same account under another event id: still one flag.
  auto retry = ParseObject(post(keys, own_account).body);
  EXPECT_EQ(retry.at("status"), "duplicate");
  EXPECT_EQ(retry.at("fraud_flag"), boost::json::value(flag_id));
  auto same =
      post(keys, R"({"type":"payment_method_added","id":"PM-2","client":"CL-DEMO",)"
                 R"("at":"2026-12-01T09:30:00+03:00","method":"bank","fingerprint":"bank:01:0012345678"})");
  ASSERT_EQ(same.status, 200) << same.body;
  EXPECT_FALSE(ParseObject(same.body).at("flag_raised").as_bool());
  EXPECT_EQ(ParseObject(same.body).at("fraud_flag"), boost::json::value(flag_id));
  // Other methods match nothing.
  auto other =
      post(keys, R"({"type":"payment_method_added","id":"PM-3","client":"CL-DEMO",)"
                 R"("at":"2026-12-01T09:40:00+03:00","method":"mpesa","mpesa_number":"+254711000111"})");
  ASSERT_EQ(other.status, 200) << other.body;
  EXPECT_TRUE(ParseObject(other.body).at("matched_agent").is_null());
  auto cards = post(keys, R"({"type":"payment_method_added","id":"PM-4","client":"CL-DEMO",)"
                          R"("at":"2026-12-01T09:50:00+03:00","method":"card","fingerprint":"fp_4242"})");
  ASSERT_EQ(cards.status, 200) << cards.body;
  EXPECT_TRUE(ParseObject(cards.body).at("fraud_flag").is_null());
  EXPECT_EQ(Flags(*staff).size(), 1U);

  // Staff decide: dismissing keeps the association as it is.
  auto dismissed = staff->Json("POST", "/api/v1/fraud-flags/" + flag_id + "/dismiss",
                               R"({"reason":"the owner pays the client's bills by agreement"})");
  ASSERT_EQ(dismissed.status, 200) << dismissed.body;
  EXPECT_EQ(ParseObject(dismissed.body).at("association").at("agent_id"), "AG-DEMO");
  EXPECT_EQ(AgentOf(*staff, "CL-DEMO"), "AG-DEMO");
  // The same method later: the flag raised (and decided) then stands.
  auto later = ParseObject(post(keys, R"({"type":"payment_method_added","id":"PM-5","client":"CL-DEMO",)"
                                      R"("at":"2026-12-01T10:00:00+03:00","method":"bank","bank_code":"01",)"
                                      R"("account_number":"0012345678"})")
                               .body);
  EXPECT_FALSE(later.at("flag_raised").as_bool());
  EXPECT_TRUE(Flags(*staff).empty());
}

// The other way round: billing knows how the client pays first, then the
// agent's owner sets its payout method to that very account.
TEST_F(PayoutMethodTest, APayoutMethodAClientOfTheAgentAlreadyPaysWithFlagsTheAssociationOnce) {
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  auto keys = ParseObject(
      staff->Json("POST", "/api/v1/api-keys", R"({"name":"billing","scopes":["billing:write"]})").body);
  // CL-DEMO (AG-DEMO's client) pays from an M-Pesa number; so does CL-KAREN,
  // which is not AG-DEMO's client.
  for (const char* event :
       {R"({"type":"payment_method_added","id":"PM-1","client":"CL-DEMO","at":"2026-12-01T09:00:00+03:00",)"
        R"("method":"mpesa","mpesa_number":"+254 733 444 555"})",
        R"({"type":"payment_method_added","id":"PM-2","client":"CL-KAREN","at":"2026-12-01T09:00:00+03:00",)"
        R"("method":"mpesa","mpesa_number":"+254733444555"})"}) {
    auto taken = PostClientEvent(*Client(), keys, event);
    ASSERT_EQ(taken.status, 200) << taken.body;
    EXPECT_TRUE(ParseObject(taken.body).at("fraud_flag").is_null());
  }
  ASSERT_NE(AgentOf(*staff, "CL-KAREN"), "AG-DEMO");
  EXPECT_TRUE(Flags(*staff).empty());

  auto owner = SignedIn(kAgentEmail, kAgentPassword);
  auto set = owner->Json("PUT", "/api/v1/agents/AG-DEMO/payout-method",
                         R"({"method":"mpesa","mpesa_number":"+254733444555"})");
  ASSERT_EQ(set.status, 200) << set.body;
  auto flags = Flags(*staff);
  ASSERT_EQ(flags.size(), 1U) << "CL-DEMO only: CL-KAREN is another agent's client";
  EXPECT_EQ(flags[0].at("agent_id"), "AG-DEMO");
  EXPECT_EQ(flags[0].at("client_id"), "CL-DEMO");
  EXPECT_EQ(flags[0].at("evidence").at("payment_fingerprint"), "mpesa:+254733444555");
  EXPECT_EQ(flags[0].at("evidence").at("payout_fingerprint"), "mpesa:+254733444555");
  EXPECT_TRUE(flags[0].at("evidence").at("found_by").as_string().starts_with("payout_method:"));
  EXPECT_EQ(flags[0].at("evidence").at("association").at("source"), "referral_link");

  // Away and back again: the flag raised stands, no second one.
  ASSERT_EQ(owner
                ->Json("PUT", "/api/v1/agents/AG-DEMO/payout-method",
                       R"({"method":"bank","bank_code":"01","account_number":"0012345678"})")
                .status,
            200);
  ASSERT_EQ(owner
                ->Json("PUT", "/api/v1/agents/AG-DEMO/payout-method",
                       R"({"method":"mpesa","mpesa_number":"+254733444555"})")
                .status,
            200);
  EXPECT_EQ(Flags(*staff).size(), 1U);
}

// CL-MOMBASA is AG-DEMO's client by service-manager link (demo data).
TEST_F(PayoutMethodTest, DismissingAFlagOnAnEarlierAssociationAssociatesNothing) {
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  ASSERT_EQ(staff
                ->Json("PUT", "/api/v1/agents/AG-DEMO/payout-method",
                       R"({"method":"mpesa","mpesa_number":"+254711999888"})")
                .status,
            200);
  auto keys = ParseObject(
      staff->Json("POST", "/api/v1/api-keys", R"({"name":"billing","scopes":["billing:write"]})").body);
  auto taken = PostClientEvent(*Client(), keys,
                               R"({"type":"payment_method_added","id":"PM-MSA","client":"CL-MOMBASA",)"
                               R"("at":"2026-12-01T09:00:00+03:00","method":"mpesa",)"
                               R"("fingerprint":"mpesa:+254711999888"})");
  ASSERT_EQ(taken.status, 200) << taken.body;
  const std::string flag_id(ParseObject(taken.body).at("fraud_flag").as_string());
  EXPECT_EQ(Flags(*staff).at(0).at("evidence").at("association").at("source"), "service_manager_link");
  // The client leaves its agent; the flag is dismissed later: no association comes back.
  ASSERT_EQ(staff->Json("POST", "/api/v1/clients/CL-MOMBASA/service-manager/revoke", "").status, 204);
  auto dismissed = staff->Json("POST", "/api/v1/fraud-flags/" + flag_id + "/dismiss", "");
  ASSERT_EQ(dismissed.status, 200) << dismissed.body;
  EXPECT_TRUE(ParseObject(dismissed.body).at("association").is_null());
  EXPECT_EQ(ParseObject(dismissed.body).at("status"), "dismissed");
  EXPECT_FALSE(AgentOf(*staff, "CL-MOMBASA"));
  // An unknown client is named.
  auto unknown = PostClientEvent(*Client(), keys,
                                 R"({"type":"payment_method_added","id":"PM-X","client":"CL-NOBODY",)"
                                 R"("at":"2026-12-01T09:00:00+03:00","method":"mpesa",)"
                                 R"("mpesa_number":"+254711999888"})");
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(ProblemFields(unknown), std::vector<std::string>{"client"});
}

}  // namespace
}  // namespace wakala::testing
