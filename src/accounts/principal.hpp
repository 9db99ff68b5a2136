#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/model.hpp"
#include "core/error.hpp"

namespace wakala::accounts {

// Who is making a request: a signed-in user (via a session cookie) or an
// integration (via an API key). Handlers authorise against this and nothing else.
struct Principal {
  enum class Kind { kUser, kApiKey };
  Kind kind = Kind::kUser;
  std::string id;  // user id or API key id
  Role role = Role::kClient;
  std::optional<std::string> agent_id;
  std::optional<std::string> client_id;
  std::vector<std::string> scopes;  // API keys only
  std::string signing_secret;       // API keys only: HMAC key of signed requests
  std::string session_digest;       // users only: the session this request rides on
  std::string csrf_token;           // users only
  User user;                        // users only: as read when the session was checked
  // Set while an agent user acts for a client: then `id`/`user` are the agent
  // user, `role` is client and `client_id` the client acted for.
  std::optional<ImpersonationRecord> impersonation;

  std::string AuditName() const;  // "user:<id>" or "api_key:<id>"
};

// API key scopes. Keys carry only what an integration needs.
namespace scopes {
inline constexpr std::string_view kBillingWrite = "billing:write";
inline constexpr std::string_view kProvisioningWrite = "provisioning:write";
inline constexpr std::string_view kRead = "read";
bool IsKnown(std::string_view scope);
}  // namespace scopes

// What an agent signed in as its client may do there (§4.3). A client grants
// a subset of the grantable actions; the never-grantable ones are refused to
// an impersonated session whatever the grant. Reading the client's account
// (`kViewAccount`) comes with any impersonation: it is the panel itself.
namespace client_actions {
inline constexpr std::string_view kViewAccount = "view_account";
inline constexpr std::string_view kViewServices = "view_services";
inline constexpr std::string_view kPlaceOrders = "place_orders";
inline constexpr std::string_view kViewQuotes = "view_quotes";
inline constexpr std::string_view kAcceptQuotes = "accept_quotes";
inline constexpr std::string_view kViewInvoices = "view_invoices";
inline constexpr std::string_view kOpenTickets = "open_tickets";
inline constexpr std::string_view kChangeCredentials = "change_credentials";
inline constexpr std::string_view kChangeContactDetails = "change_contact_details";
inline constexpr std::string_view kChangePaymentMethods = "change_payment_methods";
inline constexpr std::string_view kCloseAccount = "close_account";
inline constexpr std::string_view kManageAssociation = "manage_association";
// What a client grants when it does not say: every grantable action.
std::vector<std::string> Defaults();
bool IsGrantable(std::string_view action);
}  // namespace client_actions

// The authorisation helpers every endpoint uses. Role checks answer 403; an
// object belonging to someone else answers 404, so that ids of other agents'
// and clients' objects cannot be probed.
Result<void> RequireUser(const Principal& principal);
Result<void> RequireRole(const Principal& principal, std::initializer_list<Role> allowed);
Result<void> RequireStaff(const Principal& principal);
Result<void> RequireScope(const Principal& principal, std::string_view scope);
// Staff, or a user of this agent company.
Result<void> RequireAgentAccess(const Principal& principal, std::string_view agent_id);
// Staff, or a user of this client account.
Result<void> RequireClientAccess(const Principal& principal, std::string_view client_id);
// RequireClientAccess, and for an agent signed in as the client: `action` is
// in the client's grant (403 otherwise, and always for never-grantable actions).
// Every client-panel endpoint calls this with the action it performs.
Result<void> RequireClientAction(const Principal& principal, std::string_view client_id,
                                 std::string_view action);
// Staff, or the user itself.
Result<void> RequireUserAccess(const Principal& principal, std::string_view user_id);

// An audit line for what `actor` did: "anonymous" for nobody signed in, and
// the client acted for when the actor is an agent signed in as a client.
AuditEntry AuditEntryFor(const Principal& actor, std::string action, std::string subject, Timestamp at,
                         std::string ip, std::string detail = "{}");

}  // namespace wakala::accounts
