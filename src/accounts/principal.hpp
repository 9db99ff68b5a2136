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

  std::string AuditName() const;  // "user:<id>" or "api_key:<id>"
};

// API key scopes. Keys carry only what an integration needs.
namespace scopes {
inline constexpr std::string_view kBillingWrite = "billing:write";
inline constexpr std::string_view kProvisioningWrite = "provisioning:write";
inline constexpr std::string_view kRead = "read";
bool IsKnown(std::string_view scope);
}  // namespace scopes

// The authorisation helpers every endpoint uses. Role checks answer 403; an
// object belonging to someone else answers 404, so that ids of other agents'
// and clients' objects cannot be probed.
Result<void> RequireUser(const Principal& principal);
Result<void> RequireRole(const Principal& principal, std::initializer_list<Role> allowed);
Result<void> RequireScope(const Principal& principal, std::string_view scope);
// Staff, or a user of this agent company.
Result<void> RequireAgentAccess(const Principal& principal, std::string_view agent_id);
// Staff, or a user of this client account.
Result<void> RequireClientAccess(const Principal& principal, std::string_view client_id);
// Staff, or the user itself.
Result<void> RequireUserAccess(const Principal& principal, std::string_view user_id);

}  // namespace wakala::accounts
