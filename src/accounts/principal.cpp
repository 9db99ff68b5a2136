#include "accounts/principal.hpp"

#include <algorithm>
#include <array>

namespace wakala::accounts {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kStaff:
      return "staff";
    case Role::kAgent:
      return "agent";
    case Role::kClient:
      return "client";
  }
  return "unknown";
}

std::optional<Role> ParseRole(std::string_view name) {
  if (name == "staff") return Role::kStaff;
  if (name == "agent") return Role::kAgent;
  if (name == "client") return Role::kClient;
  return std::nullopt;
}

std::string Principal::AuditName() const {
  return (kind == Kind::kUser ? "user:" : "api_key:") + id;
}

namespace scopes {
bool IsKnown(std::string_view scope) {
  constexpr std::array kAll{kBillingWrite, kProvisioningWrite, kRead};
  return std::find(kAll.begin(), kAll.end(), scope) != kAll.end();
}
}  // namespace scopes

namespace client_actions {
namespace {
constexpr std::array kGrantable{kViewServices, kPlaceOrders,  kViewQuotes,
                                kAcceptQuotes, kViewInvoices, kOpenTickets};
}  // namespace
std::vector<std::string> Defaults() {
  return std::vector<std::string>(kGrantable.begin(), kGrantable.end());
}
bool IsGrantable(std::string_view action) {
  return std::find(kGrantable.begin(), kGrantable.end(), action) != kGrantable.end();
}
}  // namespace client_actions

namespace {
Error NotYours() {
  return Error::NotFound("no such resource, or it is not yours");
}
}  // namespace

Result<void> RequireUser(const Principal& principal) {
  if (principal.kind != Principal::Kind::kUser) {
    return Fail(Error::Forbidden("this endpoint is for signed-in users, not API keys"));
  }
  return {};
}

Result<void> RequireRole(const Principal& principal, std::initializer_list<Role> allowed) {
  if (auto user = RequireUser(principal); !user) {
    return user;
  }
  if (std::find(allowed.begin(), allowed.end(), principal.role) == allowed.end()) {
    return Fail(Error::Forbidden(std::string("role '") + std::string(RoleName(principal.role)) +
                                 "' may not do this"));
  }
  return {};
}

Result<void> RequireStaff(const Principal& principal) {
  return RequireRole(principal, {Role::kStaff});
}

AuditEntry AuditEntryFor(const Principal& actor, std::string action, std::string subject, Timestamp at,
                         std::string ip, std::string detail) {
  AuditEntry entry;
  entry.actor = actor.kind == Principal::Kind::kUser && actor.id.empty() ? "anonymous" : actor.AuditName();
  if (actor.impersonation) entry.on_behalf_of = "client:" + actor.impersonation->client_id;
  entry.action = std::move(action);
  entry.subject = std::move(subject);
  entry.at = at;
  entry.ip = std::move(ip);
  entry.detail = std::move(detail);
  return entry;
}

Result<void> RequireScope(const Principal& principal, std::string_view scope) {
  if (principal.kind != Principal::Kind::kApiKey) {
    return Fail(Error::Forbidden("this endpoint is for API keys"));
  }
  if (std::find(principal.scopes.begin(), principal.scopes.end(), scope) == principal.scopes.end()) {
    return Fail(Error::Forbidden("API key lacks scope '" + std::string(scope) + "'"));
  }
  return {};
}

Result<void> RequireAgentAccess(const Principal& principal, std::string_view agent_id) {
  if (auto role = RequireRole(principal, {Role::kStaff, Role::kAgent}); !role) {
    return role;
  }
  if (principal.role == Role::kStaff || principal.agent_id == agent_id) {
    return {};
  }
  return Fail(NotYours());
}

Result<void> RequireClientAccess(const Principal& principal, std::string_view client_id) {
  if (auto role = RequireRole(principal, {Role::kStaff, Role::kClient}); !role) {
    return role;
  }
  if (principal.role == Role::kStaff || principal.client_id == client_id) {
    return {};
  }
  return Fail(NotYours());
}

Result<void> RequireUserAccess(const Principal& principal, std::string_view user_id) {
  if (auto user = RequireUser(principal); !user) {
    return user;
  }
  if (principal.role == Role::kStaff || principal.id == user_id) {
    return {};
  }
  return Fail(NotYours());
}

}  // namespace wakala::accounts

namespace wakala::accounts {

Result<void> RequireClientAction(const Principal& principal, std::string_view client_id,
                                 std::string_view action) {
  if (auto access = RequireClientAccess(principal, client_id); !access) return access;
  if (!principal.impersonation || action == client_actions::kViewAccount) return {};
  const auto& granted = principal.impersonation->permissions;
  if (client_actions::IsGrantable(action) &&
      std::find(granted.begin(), granted.end(), action) != granted.end()) {
    return {};
  }
  return Fail(
      Error::Forbidden("an agent signed in as the client may not do this (" + std::string(action) + ")"));
}

}  // namespace wakala::accounts
