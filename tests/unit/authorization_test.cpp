#include <gtest/gtest.h>

#include "accounts/principal.hpp"

namespace wakala::accounts {
namespace {

Principal User(Role role, std::optional<std::string> agent = {}, std::optional<std::string> client = {}) {
  Principal principal;
  principal.kind = Principal::Kind::kUser;
  principal.id = "usr_self";
  principal.role = role;
  principal.agent_id = std::move(agent);
  principal.client_id = std::move(client);
  return principal;
}

// Expected outcome of each helper for each caller: ok, forbidden (403) or
// not found (404: someone else's object).
enum class Outcome { kOk, kForbidden, kNotFound };

Outcome Of(const Result<void>& result) {
  if (result) return Outcome::kOk;
  return result.error().code == ErrorCode::kForbidden ? Outcome::kForbidden : Outcome::kNotFound;
}

struct Row {
  const char* caller = "";
  Principal principal;
  Outcome own_agent = Outcome::kOk, other_agent = Outcome::kOk, own_client = Outcome::kOk,
          other_client = Outcome::kOk, self_user = Outcome::kOk, other_user = Outcome::kOk;
};

TEST(Authorization, RoleByOwnershipTable) {
  Principal key;
  key.kind = Principal::Kind::kApiKey;
  key.id = "k1";
  key.scopes = {"read"};
  const Row rows[] = {
      {"staff", User(Role::kStaff), Outcome::kOk, Outcome::kOk, Outcome::kOk, Outcome::kOk, Outcome::kOk,
       Outcome::kOk},
      {"agent of AG-1", User(Role::kAgent, "AG-1"), Outcome::kOk, Outcome::kNotFound, Outcome::kForbidden,
       Outcome::kForbidden, Outcome::kOk, Outcome::kNotFound},
      {"client of CL-1", User(Role::kClient, {}, "CL-1"), Outcome::kForbidden, Outcome::kForbidden,
       Outcome::kOk, Outcome::kNotFound, Outcome::kOk, Outcome::kNotFound},
      {"API key", key, Outcome::kForbidden, Outcome::kForbidden, Outcome::kForbidden, Outcome::kForbidden,
       Outcome::kForbidden, Outcome::kForbidden},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.caller);
    EXPECT_EQ(Of(RequireAgentAccess(row.principal, "AG-1")), row.own_agent);
    EXPECT_EQ(Of(RequireAgentAccess(row.principal, "AG-2")), row.other_agent);
    EXPECT_EQ(Of(RequireClientAccess(row.principal, "CL-1")), row.own_client);
    EXPECT_EQ(Of(RequireClientAccess(row.principal, "CL-2")), row.other_client);
    EXPECT_EQ(Of(RequireUserAccess(row.principal, row.principal.id)), row.self_user);
    EXPECT_EQ(Of(RequireUserAccess(row.principal, "usr_other")), row.other_user);
  }
}

TEST(Authorization, ScopesBindApiKeysOnly) {
  Principal key;
  key.kind = Principal::Kind::kApiKey;
  key.scopes = {"billing:write"};
  EXPECT_TRUE(RequireScope(key, "billing:write"));
  EXPECT_EQ(RequireScope(key, "read").error().code, ErrorCode::kForbidden);
  EXPECT_EQ(RequireScope(User(Role::kStaff), "billing:write").error().code, ErrorCode::kForbidden);
  EXPECT_TRUE(scopes::IsKnown("provisioning:write"));
  EXPECT_FALSE(scopes::IsKnown("admin"));
}

TEST(Authorization, AgentWithoutCompanyOwnsNothing) {
  EXPECT_EQ(Of(RequireAgentAccess(User(Role::kAgent), "AG-1")), Outcome::kNotFound);
}

// An agent signed in as its client: the client's account, within what the
// client granted, never the never-grantable actions, never another client.
TEST(ClientActions, AnImpersonatedSessionIsLimitedToTheGrant) {
  Principal acting = User(Role::kClient, {}, "CL-DEMO");
  acting.impersonation = ImpersonationRecord{};
  acting.impersonation->client_id = "CL-DEMO";
  acting.impersonation->permissions = {"view_invoices", "place_orders"};
  EXPECT_EQ(Of(RequireClientAction(acting, "CL-DEMO", client_actions::kViewAccount)), Outcome::kOk);
  EXPECT_EQ(Of(RequireClientAction(acting, "CL-DEMO", client_actions::kViewInvoices)), Outcome::kOk);
  EXPECT_EQ(Of(RequireClientAction(acting, "CL-DEMO", client_actions::kPlaceOrders)), Outcome::kOk);
  EXPECT_EQ(Of(RequireClientAction(acting, "CL-DEMO", client_actions::kOpenTickets)), Outcome::kForbidden);
  EXPECT_EQ(Of(RequireClientAction(acting, "CL-KAREN", client_actions::kViewAccount)), Outcome::kNotFound);
  // Granting a never-grantable action does not make it allowed.
  acting.impersonation->permissions.emplace_back("change_credentials");
  for (const auto never : {client_actions::kChangeCredentials, client_actions::kChangeContactDetails,
                           client_actions::kChangePaymentMethods, client_actions::kCloseAccount,
                           client_actions::kManageAssociation}) {
    EXPECT_EQ(Of(RequireClientAction(acting, "CL-DEMO", never)), Outcome::kForbidden) << never;
    EXPECT_FALSE(client_actions::IsGrantable(never)) << never;
  }
  // The client itself may do everything in its own account.
  const Principal client = User(Role::kClient, {}, "CL-DEMO");
  EXPECT_EQ(Of(RequireClientAction(client, "CL-DEMO", client_actions::kManageAssociation)), Outcome::kOk);
  EXPECT_EQ(client_actions::Defaults(),
            (std::vector<std::string>{"view_services", "place_orders", "view_quotes", "accept_quotes",
                                      "view_invoices", "open_tickets"}));
}

}  // namespace
}  // namespace wakala::accounts
