#include "clients/service_manager_service.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "agents/audit.hpp"
#include "core/calendar.hpp"
#include "core/secure_random.hpp"
#include "core/text.hpp"

namespace wakala::clients {

namespace json = boost::json;
using accounts::Principal;
using accounts::Role;
using agents::AuditOf;
using engine::Engine;

namespace {

constexpr std::size_t kMaxMessageLength = 1000;

// The client's own users only: never an agent signed in as the client.
Result<std::string> ClientOf(const Principal& actor) {
  if (auto allowed = accounts::RequireRole(actor, {Role::kClient}); !allowed) return Fail(allowed.error());
  if (actor.impersonation || !actor.client_id) {
    return Fail(Error::Forbidden("only the client itself can choose its service manager"));
  }
  return *actor.client_id;
}

json::array PermissionsJson(const std::vector<std::string>& permissions) {
  json::array items;
  for (const auto& permission : permissions) items.emplace_back(permission);
  return items;
}

// The agent's id if it is in the program and not terminated.
Result<void> ActiveAgent(const Engine& engine, const std::string& agent_id) {
  const auto found = engine.agents().find(agent_id);
  if (found == engine.agents().end() || found->second.terminated) {
    return Fail(
        Error::Conflict("agent " + agent_id + " is not active in the program (suspended or terminated)"));
  }
  return {};
}

ManagerContact ContactOf(const agents::AgentProfile& agent) {
  return ManagerContact{agent.id, agent.name, agent.email, agent.phone, agent.referral_id};
}

// The client's open association, if any.
const engine::Association* OpenAssociation(const Engine& engine, const std::string& client_id) {
  const auto found = engine.clients().find(client_id);
  if (found == engine.clients().end() || !found->second.association) return nullptr;
  return &engine.associations()[*found->second.association];
}

}  // namespace

ServiceManagerService::ServiceManagerService(Journal& journal, const Clock& program_clock,
                                             const Clock& wall_clock, accounts::AccountService& accounts)
    : journal_(journal), program_clock_(program_clock), wall_clock_(wall_clock), accounts_(accounts) {}

Timestamp ServiceManagerService::ActionTime() {
  Timestamp at = program_clock_.Now();
  journal_.Read([&](const Engine& engine) { at = std::max(at, engine.clock()); });
  return at;
}

Result<ManagerContact> ServiceManagerService::Contact(const std::string& agent_id) {
  auto read_profile =
      journal_.ReadFrom([&](Stores& stores) { return stores.agents.FindAgentProfile(agent_id); });
  if (!read_profile) return Fail(read_profile.error());
  auto& profile = *read_profile;
  if (!profile) return ManagerContact{agent_id, agent_id, "", "", ""};  // an agent the engine knows only
  return ContactOf(*profile);
}

bool ServiceManagerService::Manages(const std::string& agent_id, const std::string& client_id) {
  bool manages = false;
  journal_.Read([&](const Engine& engine) {
    const auto* association = OpenAssociation(engine, client_id);
    manages = association != nullptr && association->agent == agent_id && ActiveAgent(engine, agent_id);
  });
  return manages;
}

Result<agents::AgentProfile> ServiceManagerService::AgentOfLink(const std::string& referral_id) {
  auto read_agent =
      journal_.ReadFrom([&](Stores& stores) { return stores.agents.FindAgentByReferralId(referral_id); });
  if (!read_agent) return Fail(read_agent.error());
  auto& agent = *read_agent;
  if (!agent) return Fail(Error::NotFound("no agent with referral id " + referral_id));
  return std::move(*agent);
}

Result<ServiceManagerLink> ServiceManagerService::Link(const Principal& actor,
                                                       const std::string& referral_id) {
  auto client_id = ClientOf(actor);
  if (!client_id) return Fail(client_id.error());
  auto agent = AgentOfLink(referral_id);
  if (!agent) return Fail(agent.error());
  Result<void> active;
  std::optional<std::string> current;
  journal_.Read([&](const Engine& engine) {
    active = ActiveAgent(engine, agent->id);
    if (const auto* association = OpenAssociation(engine, *client_id)) current = association->agent;
  });
  if (!active) return Fail(active.error());
  ServiceManagerLink link;
  link.agent = ContactOf(*agent);
  link.permissions = accounts::client_actions::Defaults();
  if (current) {
    auto contact = Contact(*current);
    if (!contact) return Fail(contact.error());
    link.current = std::move(*contact);
  }
  return link;
}

Result<ManagerContact> ServiceManagerService::LinkAgent(const std::string& referral_id) {
  // Public: the answer never echoes what the visitor sent (any length, any bytes).
  const auto nobody = [] { return Fail(Error::NotFound("no active agent has this referral id")); };
  auto agent = AgentOfLink(referral_id);
  if (!agent) return agent.error().code == ErrorCode::kNotFound ? nobody() : Fail(agent.error());
  Result<void> active;
  journal_.Read([&](const Engine& engine) { active = ActiveAgent(engine, agent->id); });
  // A terminated agent's link names nobody, as for a signed-in client.
  if (!active) return nobody();
  return ContactOf(*agent);
}

Result<ServiceManagerView> ServiceManagerService::Confirm(
    const Principal& actor, const std::string& referral_id,
    const std::optional<std::vector<std::string>>& permissions, const std::string& ip) {
  auto client_id = ClientOf(actor);
  if (!client_id) return Fail(client_id.error());
  std::vector<FieldError> problems;
  const std::vector<std::string> granted = permissions.value_or(accounts::client_actions::Defaults());
  for (std::size_t i = 0; i < granted.size(); ++i) {
    if (!accounts::client_actions::IsGrantable(granted[i])) {
      problems.push_back({"permissions/" + std::to_string(i), "'" + granted[i] + "' cannot be granted"});
    }
  }
  if (!problems.empty()) return Fail(Error::Invalid("the permissions cannot be granted", problems));

  // The referral URL is evidence only if this client's signup came through a
  // click on this agent's link (§4.4); otherwise the association has none.
  std::optional<agents::AgentProfile> agent;
  std::string referral_url;
  auto read = journal_.ReadStores([&](Stores& stores) -> Result<void> {
    agent = stores.agents.FindAgentByReferralId(referral_id);
    if (!agent) return {};
    auto& clients = stores.clients;
    if (const auto click_id = clients.SignupClickOf(*client_id)) {
      if (const auto click = clients.FindClick(*click_id); click && click->agent_id == agent->id) {
        referral_url = "/r/" + click->referral_id + " -> " + click->landing_url;
      }
    }
    return {};
  });
  if (!read) return Fail(read.error());
  if (!agent) return Fail(Error::NotFound("no agent with referral id " + referral_id));

  const Timestamp at = ActionTime();
  const engine::Command event = engine::Associate{
      at, *client_id, agent->id, engine::AssociationSource::kServiceManagerLink, referral_url};
  ServiceManagerView view;
  auto applied = journal_.ApplyChecked(
      {event},
      [&](const Engine& engine) -> Result<void> {
        if (auto active = ActiveAgent(engine, agent->id); !active) return active;
        if (!engine.clients().contains(*client_id)) {
          return Fail(Error::NotFound("client " + *client_id + " is not in the program"));
        }
        if (const auto* association = OpenAssociation(engine, *client_id)) {
          return Fail(Error::Conflict("the client already has a service manager (" + association->agent +
                                      "); ask staff for a transfer instead"));
        }
        return {};
      },
      [&](Stores& stores, const Engine& engine) -> Result<void> {
        const auto* association = OpenAssociation(engine, *client_id);
        if (association == nullptr || association->agent != agent->id) {
          // The engine refused it (e.g. the client's details are the agent's own).
          return Fail(Error::Conflict("the program refuses this association (self-referral)"));
        }
        view.source = std::string(engine::SourceName(association->source));
        view.since = association->created_at;
        view.reversible = association->reversible;
        stores.clients.ReplaceGrant({*client_id, agent->id, granted, at, actor.id});
        auto& accounts = stores.accounts;
        if (const auto account = accounts.FindClientAccount(*client_id)) view.client_name = account->name;
        accounts.AppendAudit(AuditOf(actor, "service_manager_confirmed", "client:" + *client_id,
                                     wall_clock_.Now(), ip,
                                     json::object{{"agent", agent->id},
                                                  {"permissions", PermissionsJson(granted)},
                                                  {"referral_evidence", !referral_url.empty()}}));
        return {};
      });
  if (!applied) return Fail(applied.error());
  view.client_id = *client_id;
  view.manager = ContactOf(*agent);
  view.permissions = granted;
  return view;
}

Result<clients::TransferRequest> ServiceManagerService::RequestTransfer(const Principal& actor,
                                                                        const std::string& referral_id,
                                                                        const std::string& message,
                                                                        const std::string& ip) {
  auto client_id = ClientOf(actor);
  if (!client_id) return Fail(client_id.error());
  if (CountCharacters(message) > kMaxMessageLength) {
    return Fail(Error::Invalid("the message is too long", {{"message", "at most 1000 characters"}}));
  }
  auto agent = AgentOfLink(referral_id);
  if (!agent) return Fail(agent.error());
  Result<void> allowed;
  std::string from;
  journal_.Read([&](const Engine& engine) {
    allowed = ActiveAgent(engine, agent->id);
    if (!allowed) return;
    const auto* association = OpenAssociation(engine, *client_id);
    if (association == nullptr) {
      allowed = Fail(Error::Conflict("the client has no service manager; confirm the link instead"));
    } else if (association->agent == agent->id) {
      allowed = Fail(Error::Conflict("this agent is already the client's service manager"));
    } else {
      from = association->agent;
    }
  });
  if (!allowed) return Fail(allowed.error());
  clients::TransferRequest request;
  request.id = "trq_" + RandomHex(8);
  request.client_id = *client_id;
  request.requested_by = actor.id;
  request.from_agent_id = from;
  request.to_agent_id = agent->id;
  request.message = message;
  request.status = "open";
  request.created_at = wall_clock_.Now();
  auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    auto& clients = stores.clients;
    clients.InsertTransferRequest(request);
    // Read back as every list reads it: with the agents' names.
    if (auto stored = clients.FindTransferRequest(request.id)) request = std::move(*stored);
    stores.accounts.AppendAudit(
        AuditOf(actor, "transfer_requested", "client:" + *client_id, request.created_at, ip,
                json::object{{"request", request.id}, {"from", from}, {"to", agent->id}}));
    return {};
  });
  if (!written) return Fail(written.error());
  return request;
}

Result<std::vector<clients::TransferRequest>> ServiceManagerService::TransferRequests(
    const Principal& actor, const std::string& status) {
  if (auto allowed = accounts::RequireRole(actor, {Role::kStaff}); !allowed) return Fail(allowed.error());
  return journal_.ReadFrom([&](Stores& stores) { return stores.clients.ListTransferRequests(status); });
}

Result<std::vector<clients::TransferRequest>> ServiceManagerService::MyTransferRequests(
    const Principal& actor) {
  auto client_id = ClientOf(actor);
  if (!client_id) return Fail(client_id.error());
  return journal_.ReadFrom([&](Stores& stores) { return stores.clients.TransferRequestsOf(*client_id); });
}

Result<ServiceManagerView> ServiceManagerService::View(const Principal& actor, const std::string& client_id) {
  if (auto allowed = accounts::RequireClientAction(actor, client_id, accounts::client_actions::kViewAccount);
      !allowed) {
    return Fail(allowed.error());
  }
  ServiceManagerView view;
  view.client_id = client_id;
  bool known = false;
  std::optional<std::string> agent_id;
  journal_.Read([&](const Engine& engine) {
    known = engine.clients().contains(client_id);
    if (const auto* association = OpenAssociation(engine, client_id)) {
      agent_id = association->agent;
      view.source = std::string(engine::SourceName(association->source));
      view.since = association->created_at;
      view.reversible = association->reversible;
    }
  });
  if (!known) return Fail(Error::NotFound("client " + client_id + " is not in the program"));
  std::optional<clients::ServiceManagerGrant> grant;
  auto read = journal_.ReadStores([&](Stores& stores) -> Result<void> {
    auto& accounts = stores.accounts;
    grant = stores.clients.FindGrant(client_id);
    view.impersonations = accounts.ListImpersonations(client_id);
    if (const auto account = accounts.FindClientAccount(client_id)) view.client_name = account->name;
    for (const auto& record : view.impersonations) {
      if (view.agent_user_names.contains(record.agent_user_id)) continue;
      if (const auto user = accounts.FindUserById(record.agent_user_id)) {
        view.agent_user_names.emplace(record.agent_user_id, user->user.display_name);
      }
    }
    return {};
  });
  if (!read) return Fail(read.error());
  // A session that ran out with no request since is over all the same.
  const Timestamp now = wall_clock_.Now();
  for (auto& record : view.impersonations) {
    if (!record.ended_at && now >= record.expires_at) {
      record.ended_at = record.expires_at;
      record.end_reason = "expired";
    }
  }
  if (agent_id) {
    auto contact = Contact(*agent_id);
    if (!contact) return Fail(contact.error());
    view.manager = std::move(*contact);
    view.permissions =
        grant && grant->agent_id == *agent_id ? grant->permissions : accounts::client_actions::Defaults();
  }
  return view;
}

Result<void> ServiceManagerService::Revoke(const Principal& actor, const std::string& client_id,
                                           const std::string& ip) {
  if (auto allowed =
          accounts::RequireClientAction(actor, client_id, accounts::client_actions::kManageAssociation);
      !allowed) {
    return allowed;
  }
  const Timestamp at = ActionTime();
  std::string agent_id;
  return journal_.ApplyChecked(
      {engine::Revoke{at, client_id}},
      [&](const Engine& engine) -> Result<void> {
        if (!engine.clients().contains(client_id)) {
          return Fail(Error::NotFound("client " + client_id + " is not in the program"));
        }
        const auto* association = OpenAssociation(engine, client_id);
        if (association == nullptr)
          return Fail(Error::Conflict("the client has no service manager to revoke"));
        agent_id = association->agent;
        return {};
      },
      [&](Stores& stores, const Engine&) -> Result<void> {
        const Timestamp now = wall_clock_.Now();
        auto& accounts = stores.accounts;
        // The agent's access ends with the association: its sessions in the panel too.
        accounts.EndImpersonationsOfClient(client_id, now, "revoked");
        stores.clients.DeleteGrant(client_id);
        accounts.AppendAudit(AuditOf(actor, "service_manager_revoked", "client:" + client_id, now, ip,
                                     json::object{{"agent", agent_id}}));
        return {};
      });
}

Result<accounts::LoginResult> ServiceManagerService::SignInAsClient(const Principal& actor,
                                                                    const std::string& client_id,
                                                                    const std::string& ip) {
  if (auto allowed = accounts::RequireRole(actor, {Role::kAgent}); !allowed) return Fail(allowed.error());
  // Checked at this moment in the engine: only the client's current manager may.
  if (!actor.agent_id || actor.impersonation || !Manages(*actor.agent_id, client_id)) {
    return Fail(Error::NotFound("no such client, or it is not yours"));
  }
  auto read_grant = journal_.ReadFrom([&](Stores& stores) { return stores.clients.FindGrant(client_id); });
  if (!read_grant) return Fail(read_grant.error());
  auto& grant = *read_grant;
  const auto permissions =
      grant && grant->agent_id == *actor.agent_id ? grant->permissions : accounts::client_actions::Defaults();
  if (permissions.empty()) {
    return Fail(
        Error::Forbidden("the client granted no permission to its service manager, so it cannot be "
                         "signed in as; the client can grant some in \"My service manager\""));
  }
  return accounts_.StartImpersonation(actor, client_id, permissions, ip);
}

}  // namespace wakala::clients
