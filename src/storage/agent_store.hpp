#pragma once

#include <optional>
#include <string>
#include <vector>

#include "agents/joining.hpp"
#include "core/clock.hpp"

namespace soci {
class session;
}

namespace wakala::storage {

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
};

// Applications, agent profiles and the email outbox (SQL of
// both engines), inside a transaction opened by Database.
class SqlAgentStore {
 public:
  explicit SqlAgentStore(soci::session& session) : session_(session) {}

  void InsertApplication(const agents::Application& application, const std::string& status_token_digest);
  std::optional<agents::Application> FindApplication(const std::string& id);
  std::optional<std::string> ApplicationStatusTokenDigest(const std::string& id);
  // Oldest first; all when `status` is empty.
  std::vector<agents::Application> ListApplications(const std::string& status);
  // "kra_pin" or "email" when a live (pending or approved) application holds it.
  std::optional<std::string> LiveDuplicate(const std::string& kra_pin, const std::string& email);
  int ApplicationsFromIpSince(const std::string& ip, Timestamp since);
  // Only a pending application can be decided: false if it was not pending.
  bool MarkApproved(const std::string& id, const std::string& by, Timestamp at, const std::string& agent_id);
  bool MarkRejected(const std::string& id, const std::string& by, Timestamp at, const std::string& reason);

  void InsertAgentProfile(const AgentProfile& profile);
  std::optional<AgentProfile> FindAgentProfile(const std::string& id);
  std::optional<AgentProfile> FindAgentByReferralId(const std::string& referral_id);
  std::vector<AgentProfile> ListAgentProfiles();
  void SetReferralId(const std::string& agent_id, const std::string& referral_id);
  void SetContact(const AgentProfile& profile);  // email, phone, town, website

  void QueueEmail(const OutboundEmail& email);
  std::vector<OutboundEmail> ListEmailsTo(const std::string& recipient);

 private:
  soci::session& session_;
};

}  // namespace wakala::storage
