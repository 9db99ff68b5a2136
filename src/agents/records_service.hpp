#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "accounts/principal.hpp"
#include "agents/records.hpp"
#include "agents/store.hpp"
#include "core/clock.hpp"

namespace wakala::agents {

struct FileContent {
  agents::StoredFile file;
  std::string bytes;
};

// One agent in the public directory (the provider's website listing): public
// contact details only.
struct DirectoryEntry {
  std::string id, name, town, tier, email, phone, website;
  std::vector<std::string> certifications;
};

// Whether `person` (the caller's record, if any) is a current person of the
// agent; with `owner_only`, its owner.
Result<void> CheckAgentPerson(const std::optional<Person>& person, const std::string& agent_id,
                              bool owner_only);

// Staff, or a current person of the agent; with `owner_only`, its owner.
// Staff need no read; anyone else's person record is read through `journal`
// (any domain's port whose stores hold `records`).
template <class Stores>
Result<void> RequireAgentPerson(engine::JournalPort<Stores>& journal, const accounts::Principal& actor,
                                const std::string& agent_id, bool owner_only) {
  if (auto allowed = accounts::RequireAgentAccess(actor, agent_id); !allowed) return allowed;
  if (actor.role == accounts::Role::kStaff) return {};
  auto person = journal.ReadFrom([&](Stores& stores) { return stores.records.FindPerson(actor.id); });
  if (!person) return Fail(person.error());
  return CheckAgentPerson(*person, agent_id, owner_only);
}

// What an agent proves to the program and staff check: evidence files,
// people (invited by the owner), certifications per person, the signed
// agreement, and the SIP trunk status. Each decision that changes what the
// engine counts is logged as an engine event in the transaction that records
// the decision.
class AgentRecordsService {
 public:
  AgentRecordsService(Journal& journal, const Clock& clock, std::filesystem::path files_directory,
                      std::string public_url);

  Result<agents::StoredFile> Upload(const accounts::Principal& actor, const std::string& agent_id,
                                    std::string_view bytes, const std::string& declared_type,
                                    const std::string& original_name, const std::string& ip);
  Result<FileContent> Download(const accounts::Principal& actor, const std::string& file_id);

  Result<std::vector<agents::Person>> People(const accounts::Principal& actor, const std::string& agent_id);
  Result<agents::Person> InvitePerson(const accounts::Principal& actor, const std::string& agent_id,
                                      const std::string& email, const std::string& display_name,
                                      const std::string& role, const std::string& ip);
  Result<void> RemovePerson(const accounts::Principal& actor, const std::string& agent_id,
                            const std::string& user_id, const std::string& ip);

  Result<std::vector<agents::Certification>> Certifications(const accounts::Principal& actor,
                                                            const std::string& agent_id);
  Result<agents::Certification> SubmitCertification(const accounts::Principal& actor,
                                                    const std::string& agent_id,
                                                    const agents::CertificationForm& form,
                                                    const std::string& ip);
  Result<std::vector<agents::Certification>> CertificationQueue(const accounts::Principal& actor,
                                                                const std::string& status);
  Result<agents::Certification> DecideCertification(const accounts::Principal& actor, const std::string& id,
                                                    bool verify, const std::string& reason,
                                                    const std::string& ip);

  Result<std::vector<agents::Agreement>> Agreements(const accounts::Principal& actor,
                                                    const std::string& agent_id);
  // method "in_app" (accept = true, counts at once) or "upload" (file_id; counts once staff verify it).
  Result<agents::Agreement> SignAgreement(const accounts::Principal& actor, const std::string& agent_id,
                                          const std::string& method, const std::string& signer_name,
                                          bool accept, const std::optional<std::string>& file_id,
                                          const std::string& ip);
  Result<agents::Agreement> DecideAgreement(const accounts::Principal& actor, const std::string& id,
                                            bool verify, const std::string& reason, const std::string& ip);

  // The agent's referral id (its links and banners): staff, or the agent's users.
  Result<std::string> ReferralIdOf(const accounts::Principal& actor, const std::string& agent_id);

  // Agents whose tier includes the website listing, not terminated, by tier
  // (highest first) then name. No sign-in needed; no private data.
  Result<std::vector<DirectoryEntry>> PublicDirectory();

  // Staff, or an integration with the provisioning:write scope.
  Result<void> SetSipTrunk(const accounts::Principal& actor, const std::string& agent_id, bool active,
                           const std::string& ip);

 private:
  // Staff, or a current person of this agent; with `owner_only`, its owner.
  Result<void> RequireAgentPerson(const accounts::Principal& actor, const std::string& agent_id,
                                  bool owner_only);
  // The time engine events are logged at: now, or the engine's clock if later.
  Timestamp EventTime();
  bool EngineKnowsAgent(const std::string& agent_id);

  Journal& journal_;
  const Clock& clock_;
  std::filesystem::path files_directory_;
  std::string public_url_;
};

}  // namespace wakala::agents
