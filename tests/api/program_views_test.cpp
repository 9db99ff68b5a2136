#include "api_fixture.hpp"

namespace wakala::testing {
namespace {

// The demo history (AG-DEMO bronze, AG-LAKESIDE affiliate), then staff lift
// AG-LAKESIDE to silver on 2026-12-01. Program time: 2026-12-10, in 2026Q4.
class ProgramViewsTest : public ApiTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    return FixedProgramTime("2026-12-10T12:00:00+03:00");
  }
  std::string History() const override {
    return R"({"type":"override_tier","at":"2026-12-01T10:00:00+03:00","agent":"AG-LAKESIDE","tier":"silver","reason":"strategic partner"}
)";
  }
};

TEST_F(ProgramViewsTest, PublicDirectoryListsListedTiersWithoutPrivateData) {
  auto response = Client()->Get("/api/v1/directory/agents");  // no sign-in
  ASSERT_EQ(response.status, 200) << response.body;
  const auto items = ParseObject(response.body).at("items").as_array();
  ASSERT_EQ(items.size(), 2U);
  // Highest tier first.
  EXPECT_EQ(items[0].at("id"), "AG-LAKESIDE");
  EXPECT_EQ(items[0].at("tier"), "silver");
  EXPECT_EQ(items[0].at("town"), "Kisumu");
  EXPECT_EQ(items[1].at("id"), "AG-DEMO");
  EXPECT_EQ(items[1].at("name"), "Nairobi Voice Solutions");
  EXPECT_EQ(items[1].at("email"), "sales@nairobivoice.example");
  EXPECT_FALSE(items[1].at("certifications").as_array().empty());
  for (const char* secret : {"kra_pin", "balances", "available", "residency", "referral_id"}) {
    EXPECT_EQ(response.body.find(secret), std::string::npos) << secret;
  }
}

TEST_F(ProgramViewsTest, EntitlementChangesFeedForProvisioning) {
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  auto feed = ParseObject(staff->Get("/api/v1/entitlement-changes").body);
  const auto& items = feed.at("items").as_array();
  ASSERT_EQ(items.size(), 3U);  // two agents joined, one override
  EXPECT_EQ(items[0].at("reason"), "joined");
  EXPECT_EQ(items[0].at("from_tier"), nullptr);
  const auto& lifted = items[2];
  EXPECT_EQ(lifted.at("agent_id"), "AG-LAKESIDE");
  EXPECT_EQ(lifted.at("from_tier"), "affiliate");
  EXPECT_EQ(lifted.at("to_tier"), "silver");
  EXPECT_EQ(lifted.at("reason"), "staff override: strategic partner");
  EXPECT_EQ(lifted.at("at"), "2026-12-01T07:00:00Z");
  EXPECT_EQ(lifted.at("entitlements_before").at("free_talk_time"), "100.00");
  EXPECT_EQ(lifted.at("entitlements_before").at("free_talk_time_period"), "once");
  EXPECT_EQ(lifted.at("entitlements_after").at("free_talk_time"), "2000.00");
  EXPECT_EQ(feed.at("next_after"), 3);
  // Polling from the cursor returns only what is new.
  auto rest = ParseObject(staff->Get("/api/v1/entitlement-changes?after=2").body);
  ASSERT_EQ(rest.at("items").as_array().size(), 1U);
  EXPECT_EQ(rest.at("items").at(0).at("seq"), 3);
  EXPECT_TRUE(
      ParseObject(staff->Get("/api/v1/entitlement-changes?after=3").body).at("items").as_array().empty());
  EXPECT_EQ(staff->Get("/api/v1/entitlement-changes?after=-1").status, 422);
  // The provisioning system reads it with its key; agents do not.
  auto key = staff->Json("POST", "/api/v1/api-keys", R"({"name":"prov","scopes":["provisioning:write"]})");
  auto provisioning = Client();
  provisioning->bearer = std::string(ParseObject(key.body).at("key").as_string());
  EXPECT_EQ(provisioning->Get("/api/v1/entitlement-changes").body,
            staff->Get("/api/v1/entitlement-changes").body);
  EXPECT_EQ(SignedIn(kAgentEmail, kAgentPassword)->Get("/api/v1/entitlement-changes").status, 403);
}

TEST_F(ProgramViewsTest, QuarterCloseDryRunChangesNothing) {
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  const auto evaluations_before = staff->Get("/api/v1/agents/AG-DEMO/evaluations").body;
  auto response = staff->Get("/api/v1/quarter-close/dry-run");
  ASSERT_EQ(response.status, 200) << response.body;
  const auto dry_run = ParseObject(response.body);
  EXPECT_EQ(dry_run.at("quarter"), "2026Q4");
  EXPECT_EQ(dry_run.at("close_at"), "2026-12-31T21:00:00Z");
  EXPECT_EQ(dry_run.at("agents_evaluated"), 2);
  EXPECT_EQ(dry_run.at("written"), false);
  // AG-DEMO signed up nobody in the quarter (bronze needs 1 a month on
  // average): it would drop to affiliate. AG-LAKESIDE, without a sales-
  // certified person, would fall back from silver to affiliate too.
  std::map<std::string, std::string> to;
  for (const auto& change : dry_run.at("changes").as_array()) {
    to[std::string(change.at("agent_id").as_string())] = std::string(change.at("to").as_string());
  }
  EXPECT_EQ(to["AG-DEMO"], "affiliate");
  EXPECT_EQ(to["AG-LAKESIDE"], "affiliate");
  // With no agent of a tier above affiliate left, their clients would go to
  // the unassigned pool.
  const auto& moved = dry_run.at("reassignments").as_array();
  ASSERT_EQ(moved.size(), 3U);
  for (const auto& reassignment : moved) EXPECT_EQ(reassignment.at("to_agent"), nullptr) << reassignment;
  // Nothing was written: the engine still has the same evaluations and tiers.
  EXPECT_EQ(staff->Get("/api/v1/agents/AG-DEMO/evaluations").body, evaluations_before);
  EXPECT_EQ(ParseObject(staff->Get("/api/v1/agents/AG-DEMO/dashboard").body).at("tier"), "bronze");
  EXPECT_EQ(staff->Get("/api/v1/quarter-close/dry-run").body, response.body);  // and it can be run again
  EXPECT_EQ(SignedIn(kAgentEmail, kAgentPassword)->Get("/api/v1/quarter-close/dry-run").status, 403);
}

}  // namespace
}  // namespace wakala::testing
