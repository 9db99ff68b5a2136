#pragma once

#include <optional>
#include <string>
#include <vector>

#include "accounts/store.hpp"
#include "agents/joining.hpp"
#include "agents/records.hpp"
#include "core/clock.hpp"
#include "engine/journal_port.hpp"
#include "notify/templates.hpp"

namespace wakala::agents {

// An agent company as the program knows it outside the engine: contact
// details and the referral id (tier, balances and the rest live in the engine).
struct AgentProfile {
  std::string id, name, referral_id, email, phone, town, website;
  std::optional<std::string> application_id;
  std::optional<Timestamp> activated_at;
};

struct OutboundEmail {
  std::string id, recipient, subject, body;
  Timestamp created_at{};
  std::optional<Timestamp> sent_at;
  std::string html_body, template_name, language = "en";

  // A composed message for `recipient`, queued at `at` under a fresh id.
  static OutboundEmail To(std::string recipient, notify::Email email, Timestamp at);
};

// An evidence file an agent uploaded (its bytes are under files.directory).
struct StoredFile {
  std::string id, agent_id, content_type, sha256, original_name, uploaded_by;
  long long size_bytes = 0;
  Timestamp uploaded_at{};
};

// Applications, agent profiles and the email outbox. storage/ implements the
// ports of this header; methods throw on database failure, and a duplicate key
// comes back from the transaction as ErrorCode::kConflict.
class AgentStore {
 public:
  virtual ~AgentStore() = default;

  virtual void InsertApplication(const Application& application, const std::string& status_token_digest) = 0;
  virtual std::optional<Application> FindApplication(const std::string& id) = 0;
  virtual std::optional<std::string> ApplicationStatusTokenDigest(const std::string& id) = 0;
  // Oldest first; all when `status` is empty.
  virtual std::vector<Application> ListApplications(const std::string& status) = 0;
  // "kra_pin" or "email" when a live (pending or approved) application holds it.
  virtual std::optional<std::string> LiveDuplicate(const std::string& kra_pin, const std::string& email) = 0;
  virtual int ApplicationsFromIpSince(const std::string& ip, Timestamp since) = 0;
  // Only a pending application can be decided: false if it was not pending.
  virtual bool MarkApproved(const std::string& id, const std::string& by, Timestamp at,
                            const std::string& agent_id) = 0;
  virtual bool MarkRejected(const std::string& id, const std::string& by, Timestamp at,
                            const std::string& reason) = 0;

  virtual void InsertAgentProfile(const AgentProfile& profile) = 0;
  virtual std::optional<AgentProfile> FindAgentProfile(const std::string& id) = 0;
  virtual std::optional<AgentProfile> FindAgentByReferralId(const std::string& referral_id) = 0;
  virtual std::vector<AgentProfile> ListAgentProfiles() = 0;
  virtual void SetReferralId(const std::string& agent_id, const std::string& referral_id) = 0;
  virtual void SetContact(const AgentProfile& profile) = 0;  // email, phone, town, website

  virtual void QueueEmail(const OutboundEmail& email) = 0;
  virtual std::vector<OutboundEmail> ListEmailsTo(const std::string& recipient) = 0;
};

// People, evidence files, certifications and agreements of agents.
class RecordsStore {
 public:
  virtual ~RecordsStore() = default;

  virtual void AddPerson(const std::string& user_id, const std::string& agent_id, const std::string& role,
                         Timestamp at) = 0;
  virtual std::optional<Person> FindPerson(const std::string& user_id) = 0;
  // Current people first by role, then by email; removed ones are left out.
  virtual std::vector<Person> ListPeople(const std::string& agent_id) = 0;
  virtual bool MarkPersonRemoved(const std::string& user_id, Timestamp at) = 0;

  virtual void InsertFile(const StoredFile& file) = 0;
  virtual std::optional<StoredFile> FindFile(const std::string& id) = 0;

  virtual void InsertCertification(const Certification& certification) = 0;
  virtual std::optional<Certification> FindCertification(const std::string& id) = 0;
  virtual std::vector<Certification> ListCertificationsOf(const std::string& agent_id) = 0;
  virtual std::vector<Certification> ListCertificationsIn(const std::string& status) = 0;
  // Only a submitted certification is decided: false if it was not.
  virtual bool DecideCertification(const std::string& id, const std::string& status, const std::string& by,
                                   Timestamp at, const std::optional<std::string>& reason) = 0;

  virtual void InsertAgreement(const Agreement& agreement) = 0;
  virtual std::optional<Agreement> FindAgreement(const std::string& id) = 0;
  virtual std::vector<Agreement> ListAgreementsOf(const std::string& agent_id) = 0;  // newest first
  virtual bool DecideAgreement(const std::string& id, const std::string& status, const std::string& by,
                               Timestamp at, const std::optional<std::string>& reason) = 0;
};

// The stores an agents service works on in one transaction.
struct Stores {
  accounts::AccountStore& accounts;
  AgentStore& agents;
  RecordsStore& records;
};

// The engine and the agents' records, written together.
using Journal = engine::JournalPort<Stores>;

}  // namespace wakala::agents
