#pragma once

#include <fmt/format.h>

#include <boost/json/object.hpp>
#include <chrono>
#include <functional>

#include "accounts/principal.hpp"
#include "http/handlers/routes.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace wakala::http::handlers {

// The names every handler file writes short. (WithPrincipal and AuthedHandler
// are in http/handlers/routes.hpp.)
namespace json = boost::json;
using accounts::Principal;
using http::Request;
using http::Response;

// The Set-Cookie value of a session (name per SessionCookieName).
std::string SessionCookie(const ApiContext& context, const std::string& value, std::chrono::seconds max_age);
json::object UserJson(const accounts::User& user);
// Does the request carry a valid session or API key (CSRF checked as for any request)?
bool IsSignedIn(ApiContext& context, const Request& request);

// Catalogue, invoices, payments, credit notes (billing.cpp).
void RegisterBilling(http::Router& router, ApiContext& context);
// Agents' quotes and the prospect's link (quotes.cpp).
void RegisterQuotes(http::Router& router, ApiContext& context);
// Sign-in, users, API keys, audit log (accounts.cpp).
void RegisterAccounts(http::Router& router, ApiContext& context);

// Every agent route about the agent's money (agent_money.cpp).
void RegisterAgentMoney(http::Router& router, ApiContext& context);
// Applications to join, their review, invitations (joining.cpp).
void RegisterJoining(http::Router& router, ApiContext& context);
// Evidence files, people, certifications, agreement, SIP trunk (agent_records.cpp).
void RegisterAgentRecords(http::Router& router, ApiContext& context);
// Referral links, client signup, fraud flags (clients.cpp).
void RegisterClients(http::Router& router, ApiContext& context);
// A referral click: logs it, sets the signed cookie, redirects to `landing`
// (also for ?affid= on any page).
Response ReferralRedirect(ApiContext& context, Request& request, const std::string& referral_id,
                          const std::string& landing);
// Directory, entitlement changes, quarter-close dry run (program_views.cpp).
void RegisterProgramViews(http::Router& router, ApiContext& context);
// The staff side of agents: list, record, violations, termination, manual
// commissions, tier overrides (staff_agents.cpp).
void RegisterStaffAgents(http::Router& router, ApiContext& context);
// Clients and their agents: list, assignment, transfer, association history;
// fraud-flag decisions; reversible commissions (allocation.cpp).
void RegisterAllocation(http::Router& router, ApiContext& context);

// Service-manager link, transfer requests, "My service manager", sign in as
// client (service_manager.cpp).
void RegisterServiceManagers(http::Router& router, ApiContext& context);
// Runs `handler` for an agent signed in as a client, if the route's action is
// one the client granted (403 otherwise), and writes every such request to the
// audit log with both identities. The one gate all impersonated requests pass.
Response ActForClient(ApiContext& context, Request& request, const Principal& principal,
                      const AuthedHandler& handler);

}  // namespace wakala::http::handlers
