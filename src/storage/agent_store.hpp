#pragma once

#include <optional>
#include <string>
#include <vector>

#include "agents/store.hpp"

namespace soci {
class session;
}

namespace wakala::storage {

// Applications, agent profiles and the email outbox (SQL of
// both engines), inside a transaction opened by Database.
class SqlAgentStore final : public agents::AgentStore {
 public:
  explicit SqlAgentStore(soci::session& session) : session_(session) {}

  void InsertApplication(const agents::Application& application,
                         const std::string& status_token_digest) override;
  std::optional<agents::Application> FindApplication(const std::string& id) override;
  std::optional<std::string> ApplicationStatusTokenDigest(const std::string& id) override;
  // Oldest first; all when `status` is empty.
  std::vector<agents::Application> ListApplications(const std::string& status) override;
  // "kra_pin" or "email" when a live (pending or approved) application holds it.
  std::optional<std::string> LiveDuplicate(const std::string& kra_pin, const std::string& email) override;
  int ApplicationsFromIpSince(const std::string& ip, Timestamp since) override;
  // Only a pending application can be decided: false if it was not pending.
  bool MarkApproved(const std::string& id, const std::string& by, Timestamp at,
                    const std::string& agent_id) override;
  bool MarkRejected(const std::string& id, const std::string& by, Timestamp at,
                    const std::string& reason) override;

  void InsertAgentProfile(const agents::AgentProfile& profile) override;
  std::optional<agents::AgentProfile> FindAgentProfile(const std::string& id) override;
  std::optional<agents::AgentProfile> FindAgentByReferralId(const std::string& referral_id) override;
  std::vector<agents::AgentProfile> ListAgentProfiles() override;
  void SetReferralId(const std::string& agent_id, const std::string& referral_id) override;
  void SetContact(const agents::AgentProfile& profile) override;  // email, phone, town, website

  void QueueEmail(const agents::OutboundEmail& email) override;
  std::vector<agents::OutboundEmail> ListEmailsTo(const std::string& recipient) override;

 private:
  soci::session& session_;
};

}  // namespace wakala::storage
