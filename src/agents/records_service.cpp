#include "agents/records_service.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <fstream>
#include <map>
#include <sstream>

#include "accounts/service.hpp"
#include "agents/evidence_files.hpp"
#include "core/calendar.hpp"
#include "core/secure_random.hpp"
#include "core/text.hpp"
#include "engine/commands.hpp"
#include "engine/program_views.hpp"
#include "notify/templates.hpp"

namespace wakala::agents {

using accounts::Principal;
namespace json = boost::json;

namespace {

// A verified certification as the engine counts it (from the event's time).
Result<engine::Certification> EngineCertification(const agents::Certification& record) {
  const auto kind = engine::ParseCertificationKind(record.kind);
  if (!kind) return Fail(Error::Invalid("kind: must be sales, 3cx, yeastar or yealink"));
  engine::Certification certification;
  certification.kind = *kind;
  certification.valid_until = record.valid_until;
  if (!record.level.empty()) {
    const auto level = program::ParseTechnicalLevel(record.level);
    if (!level) return Fail(Error::Invalid("level: must be basic, intermediate or advanced"));
    certification.level = *level;
  }
  return certification;
}

// A rejection's reason, trimmed: required, and at most 1000 characters.
Result<std::string> TrimmedReason(const std::string& reason) {
  std::string trimmed(Trim(reason));
  if (trimmed.empty() || CountCharacters(trimmed) > 1000) {
    return Fail(
        Error::Invalid("a rejection needs a reason the agent will read",
                       {{"reason", trimmed.empty() ? "is required" : "must be at most 1000 characters"}}));
  }
  return trimmed;
}

// A staff decision's rejection reason: none when verifying, a reason the
// agent will read otherwise.
Result<std::optional<std::string>> RejectionOf(bool verify, const std::string& reason) {
  if (verify) return std::optional<std::string>{};
  auto trimmed = TrimmedReason(reason);
  if (!trimmed) return Fail(trimmed.error());
  return std::optional<std::string>(std::move(*trimmed));
}

// Staff decide only what waits for them: a submitted certification or agreement.
template <class Record>
Result<void> RequireSubmitted(const std::optional<Record>& record, const std::string& what,
                              const std::string& id) {
  if (!record) return Fail(Error::NotFound("no " + what + " " + id));
  if (record->status != "submitted") {
    return Fail(Error::Conflict(what + " " + id + " is " + record->status + " already"));
  }
  return {};
}

template <class Record>
void MarkDecided(Record& record, const std::string& status, const Principal& actor, Timestamp at,
                 const std::optional<std::string>& rejection) {
  record.status = status;
  record.decided_by = actor.AuditName();
  record.decided_at = at;
  record.rejection_reason = rejection;
}

}  // namespace

AgentRecordsService::AgentRecordsService(Journal& journal, const Clock& clock,
                                         std::filesystem::path files_directory, std::string public_url)
    : journal_(journal),
      clock_(clock),
      files_directory_(std::move(files_directory)),
      public_url_(std::move(public_url)) {}

Timestamp AgentRecordsService::EventTime() {
  Timestamp at = clock_.Now();
  journal_.Read([&](const engine::Engine& engine) { at = std::max(at, engine.clock()); });
  return at;
}

bool AgentRecordsService::EngineKnowsAgent(const std::string& agent_id) {
  bool known = false;
  journal_.Read([&](const engine::Engine& engine) { known = engine.agents().contains(agent_id); });
  return known;
}

Result<void> CheckAgentPerson(const std::optional<Person>& person, const std::string& agent_id,
                              bool owner_only) {
  if (!person || person->removed_at || person->agent_id != agent_id) {
    return Fail(Error::Forbidden("you are no longer one of this agent's people"));
  }
  if (owner_only && person->agent_role != "owner") {
    return Fail(Error::Forbidden("only the agent's owner may do this"));
  }
  return {};
}

Result<void> AgentRecordsService::RequireAgentPerson(const Principal& actor, const std::string& agent_id,
                                                     bool owner_only) {
  return agents::RequireAgentPerson(journal_, actor, agent_id, owner_only);
}

// ---- files ----

Result<agents::StoredFile> AgentRecordsService::Upload(const Principal& actor, const std::string& agent_id,
                                                       std::string_view bytes,
                                                       const std::string& declared_type,
                                                       const std::string& original_name,
                                                       const std::string& ip) {
  if (auto allowed = RequireAgentPerson(actor, agent_id, false); !allowed) return Fail(allowed.error());
  if (!EngineKnowsAgent(agent_id)) return Fail(Error::NotFound("no agent " + agent_id + " in the program"));
  const auto sniffed = CheckEvidenceUpload(bytes, declared_type, original_name);
  if (!sniffed) return Fail(sniffed.error());
  agents::StoredFile file;
  file.id = "file_" + RandomHex(12);
  file.agent_id = agent_id;
  file.content_type = *sniffed;
  file.size_bytes = static_cast<long long>(bytes.size());
  file.sha256 = Sha256Hex(bytes);
  file.original_name = std::string(FirstCharacters(Trim(original_name), 200));
  file.uploaded_by = actor.AuditName();
  file.uploaded_at = clock_.Now();
  const auto path = files_directory_ / agent_id / file.id;
  if (auto written = WriteFileDurably(path, bytes); !written) return Fail(written.error());
  auto stored = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    stores.records.InsertFile(file);
    stores.accounts.AppendAudit(accounts::AuditEntryFor(
        actor, "file_uploaded", "file:" + file.id, file.uploaded_at, ip,
        json::serialize(json::object{{"agent_id", agent_id}, {"sha256", file.sha256}})));
    return {};
  });
  if (!stored) {
    std::error_code ec;
    std::filesystem::remove(path, ec);  // no row points to it
    return Fail(stored.error());
  }
  return file;
}

Result<FileContent> AgentRecordsService::Download(const Principal& actor, const std::string& file_id) {
  auto read_file = journal_.ReadFrom([&](Stores& stores) { return stores.records.FindFile(file_id); });
  if (!read_file) return Fail(read_file.error());
  auto& file = *read_file;
  if (!file || !accounts::RequireAgentAccess(actor, file->agent_id)) {
    if (auto role = accounts::RequireRole(actor, {accounts::Role::kStaff, accounts::Role::kAgent}); !role) {
      return Fail(role.error());
    }
    return Fail(Error::NotFound("no file " + file_id));
  }
  auto bytes = ReadStoredFile(files_directory_ / file->agent_id / file->id);
  if (!bytes) return Fail(bytes.error());
  return FileContent{*file, std::move(*bytes)};
}

// ---- people ----

Result<std::vector<agents::Person>> AgentRecordsService::People(const Principal& actor,
                                                                const std::string& agent_id) {
  if (auto allowed = RequireAgentPerson(actor, agent_id, false); !allowed) return Fail(allowed.error());
  return journal_.ReadFrom([&](Stores& stores) { return stores.records.ListPeople(agent_id); });
}

Result<agents::Person> AgentRecordsService::InvitePerson(const Principal& actor, const std::string& agent_id,
                                                         const std::string& email,
                                                         const std::string& display_name,
                                                         const std::string& role, const std::string& ip) {
  if (auto allowed = RequireAgentPerson(actor, agent_id, true); !allowed) return Fail(allowed.error());
  std::vector<FieldError> problems;
  const std::string normalised = accounts::NormaliseEmail(email);
  if (normalised.empty()) problems.push_back({"email", "is not a valid email address"});
  const std::string name(Trim(display_name));
  if (name.empty() || CountCharacters(name) > 200)
    problems.push_back({"display_name", "is required (at most 200 characters)"});
  if (role != "sales" && role != "technical") {
    problems.push_back({"agent_role", "must be sales or technical (an agent has one owner)"});
  }
  if (!problems.empty()) return Fail(Error::Invalid("the person cannot be invited as given", problems));
  const Timestamp now = clock_.Now();
  accounts::UserRecord user;
  user.user.id = "usr_" + RandomHex(8);
  user.user.email = normalised;
  user.user.display_name = name;
  user.user.role = accounts::Role::kAgent;
  user.user.agent_id = agent_id;
  user.user.created_at = now;
  // Until the person chooses, email reaches them in the language of whoever invited them.
  user.user.language = std::string(notify::LanguageOrEnglish(actor.user.language));
  user.password_hash = accounts::kNoPasswordYet;
  const auto invitation = accounts::MakeInvitation(user.user.id, now, std::chrono::hours(24 * 7));
  std::optional<agents::Person> person;
  auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    auto& accounts = stores.accounts;
    auto& records = stores.records;
    auto& agents = stores.agents;
    const auto company = agents.FindAgentProfile(agent_id);
    if (!company) return Fail(Error::NotFound("no agent company " + agent_id));
    if (accounts.FindUserByEmail(normalised)) {
      return Fail(Error::Conflict("a user with email " + normalised + " exists already"));
    }
    accounts.InsertUser(user);
    records.AddPerson(user.user.id, agent_id, role, now);
    accounts.InsertInvitation(invitation.record);
    auto invited = notify::Compose(
        "invitation", user.user.language,
        {{"name", name},
         {"inviter", actor.user.display_name.empty() ? "The program staff" : actor.user.display_name},
         {"company", company->name},
         {"role", role},
         {"link", public_url_ + "/invitations/" + invitation.token}});
    if (!invited) return Fail(invited.error());
    agents.QueueEmail(agents::OutboundEmail::To(normalised, std::move(*invited), now));
    accounts.AppendAudit(
        accounts::AuditEntryFor(actor, "agent_person_invited", "user:" + user.user.id, now, ip,
                                json::serialize(json::object{{"agent_id", agent_id}, {"agent_role", role}})));
    person = records.FindPerson(user.user.id);
    return {};
  });
  if (!written) return Fail(written.error());
  return *person;
}

Result<void> AgentRecordsService::RemovePerson(const Principal& actor, const std::string& agent_id,
                                               const std::string& user_id, const std::string& ip) {
  if (auto allowed = RequireAgentPerson(actor, agent_id, true); !allowed) return Fail(allowed.error());
  auto read_person = journal_.ReadFrom([&](Stores& stores) { return stores.records.FindPerson(user_id); });
  if (!read_person) return Fail(read_person.error());
  auto& person = *read_person;
  if (!person || person->agent_id != agent_id || person->removed_at) {
    return Fail(Error::NotFound("no person " + user_id + " at agent " + agent_id));
  }
  if (person->agent_role == "owner") {
    return Fail(Error::Conflict("the owner cannot be removed; staff can transfer ownership"));
  }
  bool engine_knows = false;
  journal_.Read([&](const engine::Engine& engine) {
    const auto found = engine.agents().find(agent_id);
    if (found == engine.agents().end()) return;
    const auto& people = found->second.facts.people;
    engine_knows = std::any_of(people.begin(), people.end(), [&](const auto& p) { return p.id == user_id; });
  });
  const Timestamp now = clock_.Now();
  std::vector<engine::Command> events;
  // Its certifications stop counting: the engine is told in the same transaction.
  if (engine_knows) events.emplace_back(engine::RemovePerson{EventTime(), agent_id, user_id});
  auto applied = journal_.Apply(events, [&](Stores& stores) -> Result<void> {
    auto& records = stores.records;
    auto& accounts = stores.accounts;
    if (!records.MarkPersonRemoved(user_id, now))
      return Fail(Error::Conflict("the person was removed meanwhile"));
    auto record = accounts.FindUserById(user_id);
    if (record) {
      record->user.active = false;
      accounts.UpdateUser(record->user);
      accounts.DeleteSessionsOfUser(user_id);  // signed out everywhere at once
    }
    accounts.AppendAudit(accounts::AuditEntryFor(actor, "agent_person_removed", "user:" + user_id, now, ip,
                                                 json::serialize(json::object{{"agent_id", agent_id}})));
    return {};
  });
  if (!applied) return Fail(applied.error());
  return {};
}

// ---- certifications ----

Result<std::vector<agents::Certification>> AgentRecordsService::Certifications(const Principal& actor,
                                                                               const std::string& agent_id) {
  if (auto allowed = RequireAgentPerson(actor, agent_id, false); !allowed) return Fail(allowed.error());
  return journal_.ReadFrom([&](Stores& stores) { return stores.records.ListCertificationsOf(agent_id); });
}

Result<agents::Certification> AgentRecordsService::SubmitCertification(const Principal& actor,
                                                                       const std::string& agent_id,
                                                                       const agents::CertificationForm& form,
                                                                       const std::string& ip) {
  if (auto allowed = RequireAgentPerson(actor, agent_id, false); !allowed) return Fail(allowed.error());
  auto certification = agents::ValidateCertification(form, clock_.Now());
  if (!certification) return Fail(certification.error());
  certification->id = "cert_" + RandomHex(10);
  certification->agent_id = agent_id;
  certification->submitted_by = actor.AuditName();
  auto written = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    auto& records = stores.records;
    std::vector<FieldError> problems;
    const auto person = records.FindPerson(form.person_id);
    if (!person || person->agent_id != agent_id || person->removed_at) {
      problems.push_back({"person_id", "is not one of this agent's people"});
    }
    const auto file = records.FindFile(form.evidence_file_id);
    if (!file || file->agent_id != agent_id) {
      problems.push_back({"evidence_file_id", "is not a file uploaded for this agent"});
    }
    if (!problems.empty())
      return Fail(Error::Invalid("the certification cannot be submitted as given", problems));
    records.InsertCertification(*certification);
    stores.accounts.AppendAudit(accounts::AuditEntryFor(
        actor, "certification_submitted", "certification:" + certification->id, certification->submitted_at,
        ip, json::serialize(json::object{{"agent_id", agent_id}, {"person_id", form.person_id}})));
    return {};
  });
  if (!written) return Fail(written.error());
  return *certification;
}

Result<std::vector<agents::Certification>> AgentRecordsService::CertificationQueue(
    const Principal& actor, const std::string& status) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  return journal_.ReadFrom([&](Stores& stores) { return stores.records.ListCertificationsIn(status); });
}

Result<agents::Certification> AgentRecordsService::DecideCertification(const Principal& actor,
                                                                       const std::string& id, bool verify,
                                                                       const std::string& reason,
                                                                       const std::string& ip) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  auto rejected = RejectionOf(verify, reason);
  if (!rejected) return Fail(rejected.error());
  const std::optional<std::string>& rejection = *rejected;
  auto read_certification =
      journal_.ReadFrom([&](Stores& stores) { return stores.records.FindCertification(id); });
  if (!read_certification) return Fail(read_certification.error());
  auto& certification = *read_certification;
  if (auto waiting = RequireSubmitted(certification, "certification", id); !waiting)
    return Fail(waiting.error());
  const Timestamp now = clock_.Now();
  std::vector<engine::Command> events;
  if (verify) {
    auto certified = EngineCertification(*certification);
    if (!certified) return Fail(certified.error());
    events.emplace_back(
        engine::Certify{EventTime(), certification->agent_id, certification->person_id, *certified});
  }
  const std::string status = verify ? "verified" : "rejected";
  auto applied = journal_.Apply(events, [&](Stores& stores) -> Result<void> {
    if (!stores.records.DecideCertification(id, status, actor.AuditName(), now, rejection)) {
      return Fail(Error::Conflict("certification " + id + " was decided by someone else meanwhile"));
    }
    stores.accounts.AppendAudit(accounts::AuditEntryFor(
        actor, "certification_" + status, "certification:" + id, now, ip,
        json::serialize(json::object{{"agent_id", certification->agent_id},
                                     {"reason", rejection ? json::value(*rejection) : nullptr}})));
    return {};
  });
  if (!applied) return Fail(applied.error());
  MarkDecided(*certification, status, actor, now, rejection);
  return *certification;
}

// ---- agreement ----

Result<std::vector<agents::Agreement>> AgentRecordsService::Agreements(const Principal& actor,
                                                                       const std::string& agent_id) {
  if (auto allowed = RequireAgentPerson(actor, agent_id, false); !allowed) return Fail(allowed.error());
  return journal_.ReadFrom([&](Stores& stores) { return stores.records.ListAgreementsOf(agent_id); });
}

Result<agents::Agreement> AgentRecordsService::SignAgreement(const Principal& actor,
                                                             const std::string& agent_id,
                                                             const std::string& method,
                                                             const std::string& signer_name, bool accept,
                                                             const std::optional<std::string>& file_id,
                                                             const std::string& ip) {
  if (auto allowed = RequireAgentPerson(actor, agent_id, true); !allowed) return Fail(allowed.error());
  if (auto user = accounts::RequireRole(actor, {accounts::Role::kAgent}); !user) {
    return Fail(Error::Forbidden("the agent's owner signs its agreement, not staff"));
  }
  std::vector<FieldError> problems;
  const std::string signer(Trim(signer_name));
  if (signer.empty() || CountCharacters(signer) > 200)
    problems.push_back({"signer_name", "is required (at most 200 characters)"});
  if (method == "in_app") {
    if (!accept) problems.push_back({"accept", "must be true to sign the agreement in the app"});
    if (file_id) problems.push_back({"file_id", "only with method \"upload\""});
  } else if (method == "upload") {
    if (!file_id)
      problems.push_back({"file_id", "is required: upload the signed agreement first (POST …/files)"});
  } else {
    problems.push_back({"method", "must be in_app or upload"});
  }
  if (!problems.empty()) return Fail(Error::Invalid("the agreement cannot be recorded as given", problems));
  if (!EngineKnowsAgent(agent_id)) return Fail(Error::NotFound("no agent " + agent_id + " in the program"));
  const Timestamp now = clock_.Now();
  agents::Agreement agreement;
  agreement.id = "agr_" + RandomHex(10);
  agreement.agent_id = agent_id;
  agreement.method = method;
  agreement.signer_name = signer;
  agreement.signed_by = actor.AuditName();
  agreement.signed_at = now;
  agreement.ip = ip;
  agreement.file_id = file_id;
  std::vector<engine::Command> events;
  if (method == "in_app") {
    // An in-app acceptance (name, time, address) is the signature: it counts now.
    agreement.status = "verified";
    agreement.decided_by = "in_app_acceptance";
    agreement.decided_at = now;
    events.emplace_back(engine::SetAgent{EventTime(), agent_id, std::nullopt, true, std::nullopt});
  } else {
    agreement.status = "submitted";
  }
  auto applied = journal_.Apply(events, [&](Stores& stores) -> Result<void> {
    auto& records = stores.records;
    if (file_id) {
      const auto file = records.FindFile(*file_id);
      if (!file || file->agent_id != agent_id) {
        return Fail(Error::Invalid("the agreement cannot be recorded as given",
                                   {{"file_id", "is not a file uploaded for this agent"}}));
      }
    }
    records.InsertAgreement(agreement);
    stores.accounts.AppendAudit(accounts::AuditEntryFor(
        actor, "agreement_signed", "agreement:" + agreement.id, now, ip,
        json::serialize(json::object{{"agent_id", agent_id}, {"method", method}, {"signer_name", signer}})));
    return {};
  });
  if (!applied) return Fail(applied.error());
  return agreement;
}

Result<agents::Agreement> AgentRecordsService::DecideAgreement(const Principal& actor, const std::string& id,
                                                               bool verify, const std::string& reason,
                                                               const std::string& ip) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  auto rejected = RejectionOf(verify, reason);
  if (!rejected) return Fail(rejected.error());
  const std::optional<std::string>& rejection = *rejected;
  auto read_agreement = journal_.ReadFrom([&](Stores& stores) { return stores.records.FindAgreement(id); });
  if (!read_agreement) return Fail(read_agreement.error());
  auto& agreement = *read_agreement;
  if (auto waiting = RequireSubmitted(agreement, "agreement", id); !waiting) return Fail(waiting.error());
  const Timestamp now = clock_.Now();
  std::vector<engine::Command> events;
  if (verify) {
    events.emplace_back(engine::SetAgent{EventTime(), agreement->agent_id, std::nullopt, true, std::nullopt});
  }
  const std::string status = verify ? "verified" : "rejected";
  auto applied = journal_.Apply(events, [&](Stores& stores) -> Result<void> {
    if (!stores.records.DecideAgreement(id, status, actor.AuditName(), now, rejection)) {
      return Fail(Error::Conflict("agreement " + id + " was decided by someone else meanwhile"));
    }
    stores.accounts.AppendAudit(
        accounts::AuditEntryFor(actor, "agreement_" + status, "agreement:" + id, now, ip));
    return {};
  });
  if (!applied) return Fail(applied.error());
  MarkDecided(*agreement, status, actor, now, rejection);
  return *agreement;
}

Result<std::string> AgentRecordsService::ReferralIdOf(const Principal& actor, const std::string& agent_id) {
  if (auto allowed = accounts::RequireAgentAccess(actor, agent_id); !allowed) return Fail(allowed.error());
  auto read_profile =
      journal_.ReadFrom([&](Stores& stores) { return stores.agents.FindAgentProfile(agent_id); });
  if (!read_profile) return Fail(read_profile.error());
  auto& profile = *read_profile;
  if (!profile || profile->referral_id.empty())
    return Fail(Error::NotFound("agent " + agent_id + " has no referral id"));
  return profile->referral_id;
}

// ---- directory ----

Result<std::vector<DirectoryEntry>> AgentRecordsService::PublicDirectory() {
  auto read_profiles = journal_.ReadFrom([&](Stores& stores) { return stores.agents.ListAgentProfiles(); });
  if (!read_profiles) return Fail(read_profiles.error());
  auto& profiles = *read_profiles;
  std::vector<std::pair<int, DirectoryEntry>> listed;
  journal_.Read([&](const engine::Engine& engine) {
    const auto& program = engine.program();
    for (const auto& profile : profiles) {
      const auto found = engine.agents().find(profile.id);
      if (found == engine.agents().end() || found->second.terminated) continue;
      const auto tier = found->second.facts.tier;
      if (!program.tiers.at(static_cast<std::size_t>(tier)).benefits.website_listing) continue;
      listed.emplace_back(
          tier, DirectoryEntry{profile.id, profile.name, profile.town, program.TierName(tier), profile.email,
                               profile.phone, profile.website,
                               engine::CertificationLabels(engine, profile.id, engine.clock())});
    }
  });
  std::stable_sort(listed.begin(), listed.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second.name < b.second.name;
  });
  std::vector<DirectoryEntry> entries;
  entries.reserve(listed.size());
  for (auto& [tier, entry] : listed) entries.push_back(std::move(entry));
  return entries;
}

// ---- SIP trunk ----

Result<void> AgentRecordsService::SetSipTrunk(const Principal& actor, const std::string& agent_id,
                                              bool active, const std::string& ip) {
  const bool staff = actor.kind == Principal::Kind::kUser && actor.role == accounts::Role::kStaff;
  if (!staff) {
    if (auto scoped = accounts::RequireScope(actor, accounts::scopes::kProvisioningWrite); !scoped) {
      return Fail(
          Error::Forbidden("only staff or the provisioning system (API key with provisioning:write) set "
                           "the SIP trunk status"));
    }
  }
  if (!EngineKnowsAgent(agent_id)) return Fail(Error::NotFound("no agent " + agent_id + " in the program"));
  const Timestamp now = clock_.Now();
  const engine::Command event = engine::SetAgent{EventTime(), agent_id, active, std::nullopt, std::nullopt};
  auto applied = journal_.Apply({event}, [&](Stores& stores) -> Result<void> {
    stores.accounts.AppendAudit(accounts::AuditEntryFor(actor, "sip_trunk_set", "agent:" + agent_id, now, ip,
                                                        json::serialize(json::object{{"active", active}})));
    return {};
  });
  if (!applied) return Fail(applied.error());
  return {};
}

}  // namespace wakala::agents
