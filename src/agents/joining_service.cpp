#include "agents/joining_service.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "accounts/service.hpp"
#include "core/calendar.hpp"
#include "core/secure_random.hpp"
#include "core/text.hpp"
#include "notify/templates.hpp"

namespace wakala::agents {

namespace {

constexpr int kReferralIdAttempts = 8;

}  // namespace

JoiningService::JoiningService(Journal& journal, const Clock& clock, const program::Program& program,
                               std::string public_url)
    : journal_(journal), clock_(clock), program_(program), public_url_(std::move(public_url)) {}

Result<SubmittedApplication> JoiningService::Submit(const agents::ApplicationForm& form,
                                                    const std::string& ip) {
  std::vector<std::string> residencies;
  for (const auto& [residency, rate] : program_.withholding) residencies.push_back(residency);
  const Timestamp now = clock_.Now();
  auto application = agents::ValidateApplication(form, residencies, now, ip);
  if (!application) return Fail(application.error());
  application->id = "APP-" + RandomHex(8);
  SubmittedApplication submitted{*application, RandomHex(24)};
  auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    auto& store = stores.agents;
    if (store.ApplicationsFromIpSince(ip, now - std::chrono::hours(1)) >= kApplicationsPerIpPerHour) {
      return Fail(Error::RateLimited("too many applications from this address; try again later",
                                     std::chrono::hours(1)));
    }
    if (const auto duplicate = store.LiveDuplicate(application->kra_pin, application->email)) {
      const bool pin = *duplicate == "kra_pin";
      return Fail(Error::Conflict(
          pin ? "an application with KRA PIN " + application->kra_pin + " is already open or approved"
              : "an application with email " + application->email + " is already open or approved"));
    }
    store.InsertApplication(*application, SecretDigest(submitted.status_token));
    stores.accounts.AppendAudit(accounts::AuditEntryFor(
        accounts::Principal{}, "agent_application_submitted", "application:" + application->id, now, ip,
        boost::json::serialize(boost::json::object{{"kra_pin", application->kra_pin}})));
    return {};
  });
  if (!written) return Fail(written.error());
  return submitted;
}

Result<agents::Application> JoiningService::Status(const std::string& id, const std::string& status_token) {
  std::optional<agents::Application> found;
  auto read = journal_.ReadStores([&](Stores& stores) -> Result<void> {
    auto& store = stores.agents;
    const auto digest = store.ApplicationStatusTokenDigest(id);
    if (digest && ConstantTimeEquals(*digest, SecretDigest(status_token))) found = store.FindApplication(id);
    return {};
  });
  if (!read) return Fail(read.error());
  // A wrong token and an unknown id look the same.
  if (!found) return Fail(Error::NotFound("no application " + id + " with this status token"));
  return *found;
}

Result<std::vector<agents::Application>> JoiningService::List(const accounts::Principal& actor,
                                                              const std::string& status) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  return journal_.ReadFrom([&](Stores& stores) { return stores.agents.ListApplications(status); });
}

Result<agents::Application> JoiningService::Get(const accounts::Principal& actor, const std::string& id) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  auto read_found = journal_.ReadFrom([&](Stores& stores) { return stores.agents.FindApplication(id); });
  if (!read_found) return Fail(read_found.error());
  auto& found = *read_found;
  if (!found) return Fail(Error::NotFound("no application " + id));
  return *found;
}

Result<Approval> JoiningService::Approve(const accounts::Principal& actor, const std::string& id,
                                         const std::string& ip) {
  auto application = Get(actor, id);
  if (!application) return Fail(application.error());
  if (application->status != "pending") {
    return Fail(Error::Conflict("application " + id + " is " + application->status + " already"));
  }
  // The agent starts at the program's time: now, or the engine's clock if it is
  // ahead (an imported history, a test clock); its log never goes back.
  Timestamp now = clock_.Now();
  journal_.Read([&](const engine::Engine& engine) { now = std::max(now, engine.clock()); });
  Approval approval;
  approval.application = *application;
  agents::AgentProfile& agent = approval.agent;
  agent.id = agents::AgentIdFor(application->id);
  agent.name = application->name;
  agent.email = application->email;
  agent.phone = application->phone;
  agent.town = application->town;
  agent.website = application->website;
  agent.application_id = application->id;
  agent.activated_at = now;
  accounts::UserRecord owner;
  owner.user.id = "usr_" + RandomHex(8);
  owner.user.email = application->email;
  owner.user.display_name = application->contact_name;
  owner.user.role = accounts::Role::kAgent;
  owner.user.agent_id = agent.id;
  owner.user.created_at = now;
  owner.password_hash = accounts::kNoPasswordYet;
  owner.user.language = application->language;
  approval.owner_user_id = owner.user.id;
  approval.tier = program_.TierName(0);
  const auto invitation = accounts::MakeInvitation(owner.user.id, now, kInvitationLifetime);

  // The engine event and the records around it commit together or not at all.
  engine::AgentFacts facts;
  facts.id = agent.id;
  facts.tier = 0;
  facts.activated_at = now;
  facts.residency = application->residency;
  facts.email = application->email;
  facts.phone = application->phone;
  facts.kra_pin = application->kra_pin;
  const engine::Command add_agent = engine::AddAgent{now, std::move(facts)};
  auto applied = journal_.Apply({add_agent}, [&](Stores& stores) -> Result<void> {
    auto& agents = stores.agents;
    auto& accounts = stores.accounts;
    if (accounts.FindUserByEmail(owner.user.email)) {
      return Fail(Error::Conflict("a user with email " + owner.user.email +
                                  " exists already; the agent's owner needs an address of its own"));
    }
    for (int attempt = 0; attempt < kReferralIdAttempts && agent.referral_id.empty(); ++attempt) {
      const std::string candidate = agents::ReferralIdFrom(RandomHex(5));
      if (!agents.FindAgentByReferralId(candidate)) agent.referral_id = candidate;
    }
    if (agent.referral_id.empty()) return Fail(Error::Internal("no free referral id after several attempts"));
    agents.InsertAgentProfile(agent);
    if (!agents.MarkApproved(id, actor.AuditName(), now, agent.id)) {
      return Fail(Error::Conflict("application " + id + " was decided by someone else meanwhile"));
    }
    accounts.InsertUser(owner);
    stores.records.AddPerson(owner.user.id, agent.id, "owner", now);
    accounts.InsertInvitation(invitation.record);
    auto welcome = notify::Compose("application_approved", application->language,
                                   {{"name", application->contact_name},
                                    {"application", application->id},
                                    {"company", application->name},
                                    {"referral_id", agent.referral_id},
                                    {"link", public_url_ + "/invitations/" + invitation.token}});
    if (!welcome) return Fail(welcome.error());
    agents.QueueEmail(agents::OutboundEmail::To(application->email, std::move(*welcome), now));
    accounts.AppendAudit(accounts::AuditEntryFor(
        actor, "agent_application_approved", "application:" + id, now, ip,
        boost::json::serialize(boost::json::object{{"agent_id", agent.id}, {"owner", owner.user.id}})));
    return {};
  });
  if (!applied) return Fail(applied.error());
  approval.application.status = "approved";
  approval.application.agent_id = agent.id;
  approval.application.decided_by = actor.AuditName();
  approval.application.decided_at = now;
  return approval;
}

Result<agents::Application> JoiningService::Reject(const accounts::Principal& actor, const std::string& id,
                                                   const std::string& reason, const std::string& ip) {
  auto application = Get(actor, id);
  if (!application) return Fail(application.error());
  const std::string trimmed(Trim(reason));
  if (trimmed.empty() || CountCharacters(trimmed) > 1000) {
    return Fail(
        Error::Invalid("a rejection needs a reason the applicant will read",
                       {{"reason", trimmed.empty() ? "is required" : "must be at most 1000 characters"}}));
  }
  if (application->status != "pending") {
    return Fail(Error::Conflict("application " + id + " is " + application->status + " already"));
  }
  const Timestamp now = clock_.Now();
  auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    auto& agents = stores.agents;
    if (!agents.MarkRejected(id, actor.AuditName(), now, trimmed)) {
      return Fail(Error::Conflict("application " + id + " was decided by someone else meanwhile"));
    }
    auto refusal =
        notify::Compose("application_rejected", application->language,
                        {{"name", application->contact_name}, {"application", id}, {"reason", trimmed}});
    if (!refusal) return Fail(refusal.error());
    agents.QueueEmail(agents::OutboundEmail::To(application->email, std::move(*refusal), now));
    stores.accounts.AppendAudit(
        accounts::AuditEntryFor(actor, "agent_application_rejected", "application:" + id, now, ip,
                                boost::json::serialize(boost::json::object{{"reason", trimmed}})));
    return {};
  });
  if (!written) return Fail(written.error());
  application->status = "rejected";
  application->rejection_reason = trimmed;
  application->decided_by = actor.AuditName();
  application->decided_at = now;
  return *application;
}

}  // namespace wakala::agents
