#include "api_fixture.hpp"

namespace wakala::testing {
namespace {

// Demo data: CL-DEMO (client@demo…) is AG-DEMO's client; AG-LAKESIDE's
// referral id is KSM4K1SN. Program time stands still.
class TransferRequestTest : public ApiTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    return FixedProgramTime("2026-12-05T10:00:00+03:00");
  }

  static std::string Ask(HttpClient& client, const std::string& message) {
    auto created = client.Json("POST", "/api/v1/service-manager/transfer-requests",
                               R"({"referral_id":"KSM4K1SN","message":")" + message + R"("})");
    EXPECT_EQ(created.status, 201) << created.body;
    return std::string(ParseObject(created.body).at("id").as_string());
  }

  static std::string AgentOf(HttpClient& staff, const std::string& client_id) {
    const auto view = ParseObject(staff.Get("/api/v1/clients/" + client_id + "/service-manager").body);
    if (view.at("service_manager").is_null()) return "";
    return std::string(view.at("service_manager").at("agent_id").as_string());
  }

  static boost::json::array Mine(HttpClient& client) {
    auto mine = client.Get("/api/v1/service-manager/transfer-requests");
    EXPECT_EQ(mine.status, 200) << mine.body;
    return ParseObject(mine.body).at("items").as_array();
  }
};

TEST_F(TransferRequestTest, StaffApproveARequestWithTheClientsReasonAndTheClientSeesIt) {
  auto client = SignedIn(kClientEmail, kClientPassword);
  const std::string id = Ask(*client, "Lakeside is closer to our office");
  auto mine = Mine(*client);
  ASSERT_EQ(mine.size(), 1U);
  EXPECT_EQ(mine[0].at("id"), boost::json::value(id));
  EXPECT_EQ(mine[0].at("status"), "open");
  // Named as the client knows them, from its manager now to the one it asked for.
  EXPECT_EQ(mine[0].at("from_agent_name"), "Nairobi Voice Solutions");
  EXPECT_EQ(mine[0].at("to_agent_name"), "Lakeside ICT, Kisumu");
  EXPECT_TRUE(mine[0].at("decided_at").is_null());

  // Only staff decide; the agent and the client cannot.
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  EXPECT_EQ(agent->Json("POST", "/api/v1/transfer-requests/" + id + "/approve", "").status, 403);
  EXPECT_EQ(client->Json("POST", "/api/v1/transfer-requests/" + id + "/approve", "").status, 403);
  EXPECT_EQ(agent->Get("/api/v1/service-manager/transfer-requests").status, 403);

  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  EXPECT_EQ(staff->Json("POST", "/api/v1/transfer-requests/trq_none/approve", "").status, 404);
  auto unknown_field = staff->Json("POST", "/api/v1/transfer-requests/" + id + "/approve", R"({"why":"x"})");
  EXPECT_EQ(unknown_field.status, 422);
  EXPECT_NE(unknown_field.body.find("\"field\":\"why\""), std::string::npos) << unknown_field.body;
  EXPECT_EQ(AgentOf(*staff, "CL-DEMO"), "AG-DEMO");

  auto approved = staff->Json("POST", "/api/v1/transfer-requests/" + id + "/approve", "");
  ASSERT_EQ(approved.status, 200) << approved.body;
  const auto decision = ParseObject(approved.body);
  EXPECT_EQ(decision.at("status"), "approved");
  EXPECT_EQ(decision.at("decision_reason"), "Lakeside is closer to our office");
  EXPECT_EQ(decision.at("decided_by").as_string().subview().substr(0, 5), "user:");
  EXPECT_FALSE(decision.at("decided_at").is_null());
  EXPECT_EQ(decision.at("association").at("agent_id"), "AG-LAKESIDE");
  EXPECT_EQ(decision.at("association").at("source"), "staff_assignment");
  EXPECT_EQ(AgentOf(*staff, "CL-DEMO"), "AG-LAKESIDE");
  const auto history =
      ParseObject(staff->Get("/api/v1/clients/CL-DEMO/associations").body).at("items").as_array();
  EXPECT_EQ(history.back().at("agent_id"), "AG-LAKESIDE");
  EXPECT_EQ(history.back().at("transfer_reason"), "Lakeside is closer to our office");

  // Decided once: approving or declining again is 409 and changes nothing.
  EXPECT_EQ(staff->Json("POST", "/api/v1/transfer-requests/" + id + "/approve", "").status, 409);
  EXPECT_EQ(
      staff->Json("POST", "/api/v1/transfer-requests/" + id + "/decline", R"({"reason":"late"})").status,
      409);
  mine = Mine(*client);
  ASSERT_EQ(mine.size(), 1U);
  EXPECT_EQ(mine[0].at("status"), "approved");
  EXPECT_EQ(mine[0].at("decision_reason"), "Lakeside is closer to our office");

  EXPECT_EQ(
      ParseObject(staff->Get("/api/v1/transfer-requests?status=approved").body).at("items").as_array().size(),
      1U);
  EXPECT_TRUE(ParseObject(staff->Get("/api/v1/transfer-requests").body).at("items").as_array().empty());
  EXPECT_EQ(staff->Get("/api/v1/transfer-requests?status=done").status, 422);
  const auto audit = ParseObject(staff->Get("/api/v1/audit-log?action=transfer_request_approved").body);
  EXPECT_EQ(audit.at("items").as_array().size(), 1U);
}

TEST_F(TransferRequestTest, ApprovalFailsWhenTheClientsSituationChangedAndDeclineNeedsAReason) {
  auto client = SignedIn(kClientEmail, kClientPassword);
  const std::string id = Ask(*client, "");
  auto staff = SignedIn(kStaffEmail, kStaffPassword);

  // The client left its agent since it asked: approval refused, nothing changes.
  ASSERT_EQ(client->Json("POST", "/api/v1/clients/CL-DEMO/service-manager/revoke", "").status, 204);
  auto changed = staff->Json("POST", "/api/v1/transfer-requests/" + id + "/approve", "");
  EXPECT_EQ(changed.status, 409) << changed.body;
  EXPECT_NE(changed.body.find("situation changed"), std::string::npos) << changed.body;
  EXPECT_EQ(AgentOf(*staff, "CL-DEMO"), "");
  EXPECT_EQ(Mine(*client).at(0).at("status"), "open");

  // Back with AG-DEMO, but the agent it asked for was terminated meanwhile.
  ASSERT_EQ(staff->Json("POST", "/api/v1/clients/CL-DEMO/assignment", R"({"agent_id":"AG-DEMO"})").status,
            201);
  ASSERT_EQ(
      staff
          ->Json("POST", "/api/v1/agents/AG-LAKESIDE/terminate", R"({"reason":"Repeated misrepresentation"})")
          .status,
      200);
  auto terminated =
      staff->Json("POST", "/api/v1/transfer-requests/" + id + "/approve", R"({"reason":"asked"})");
  EXPECT_EQ(terminated.status, 409) << terminated.body;
  EXPECT_NE(terminated.body.find("terminated"), std::string::npos) << terminated.body;
  EXPECT_EQ(AgentOf(*staff, "CL-DEMO"), "AG-DEMO");
  EXPECT_EQ(Mine(*client).at(0).at("status"), "open");

  // Declining needs a reason the client will read.
  auto bare = staff->Json("POST", "/api/v1/transfer-requests/" + id + "/decline", R"({"reason":"  "})");
  EXPECT_EQ(bare.status, 422);
  EXPECT_NE(bare.body.find("\"field\":\"reason\""), std::string::npos) << bare.body;
  EXPECT_EQ(Mine(*client).at(0).at("status"), "open");
  auto declined = staff->Json("POST", "/api/v1/transfer-requests/" + id + "/decline",
                              R"({"reason":"Agent AG-LAKESIDE has left the program"})");
  ASSERT_EQ(declined.status, 200) << declined.body;
  EXPECT_EQ(ParseObject(declined.body).at("status"), "declined");
  EXPECT_TRUE(ParseObject(declined.body).at("association").is_null());
  const auto mine = Mine(*client);
  EXPECT_EQ(mine.at(0).at("status"), "declined");
  EXPECT_EQ(mine.at(0).at("decision_reason"), "Agent AG-LAKESIDE has left the program");
  EXPECT_EQ(AgentOf(*staff, "CL-DEMO"), "AG-DEMO");
  EXPECT_EQ(staff->Json("POST", "/api/v1/transfer-requests/" + id + "/approve", "").status, 409);
}

}  // namespace
}  // namespace wakala::testing
