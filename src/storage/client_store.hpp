#pragma once

#include <optional>
#include <string>
#include <vector>

#include "clients/store.hpp"

namespace soci {
class session;
}

namespace wakala::storage {

// Secrets, referral clicks, client accounts and fraud flags (SQL of both
// engines), inside a transaction opened by Database.
class SqlClientStore final : public clients::ClientStore {
 public:
  explicit SqlClientStore(soci::session& session) : session_(session) {}

  // The named secret, made from `candidate` if no process made it before.
  std::string SecretOrCreate(const std::string& name, const std::string& candidate, Timestamp now) override;

  void InsertClick(const clients::ReferralClick& click) override;
  std::optional<clients::ReferralClick> FindClick(const std::string& id) override;
  // A click on `referral_id` from `ip` after `since`: the repeat test.
  bool ClickedSince(const std::string& referral_id, const std::string& ip, Timestamp since) override;
  // The agent's clicks, signups through them and self-referral flags at or after `since`.
  clients::ReferralCounts CountReferrals(const std::string& agent_id, Timestamp since) override;

  void InsertClient(const clients::ClientRecord& client) override;
  // A client the engine knows from billing only gets a bare account row (no
  // signup), so that records about it (fraud flags, payment methods) can
  // refer to it. Nothing happens if the row exists.
  void EnsureClient(const clients::ClientRecord& client) override;
  std::optional<clients::ClientRecord> FindClient(const std::string& id) override;
  // Did any user of the agent sign in from `ip` after `since` (the audit log)?
  bool AgentLoggedInFrom(const std::string& agent_id, const std::string& ip, Timestamp since) override;
  // The agent's people's emails (its users), for the self-referral checks.
  std::vector<std::string> AgentUserEmails(const std::string& agent_id) override;

  clients::NotificationPreferences Preferences(const std::string& agent_id,
                                               const std::string& client_id) override;
  void SetPreferences(const std::string& agent_id, const std::string& client_id,
                      const clients::NotificationPreferences& preferences, Timestamp at) override;
  // Once per id: a retried event does not notify twice.
  bool RecordNotification(const clients::AgentNotification& notification) override;
  std::vector<clients::AgentNotification> Notifications(const std::string& agent_id, int limit) override;
  // The click the client's signup came through, if any.
  std::optional<std::string> SignupClickOf(const std::string& client_id) override;

  // One grant per client: a new one replaces the old.
  void ReplaceGrant(const clients::ServiceManagerGrant& grant) override;
  std::optional<clients::ServiceManagerGrant> FindGrant(const std::string& client_id) override;
  void DeleteGrant(const std::string& client_id) override;

  void InsertTransferRequest(const clients::TransferRequest& request) override;
  std::vector<clients::TransferRequest> ListTransferRequests(const std::string& status) override;
  std::optional<clients::TransferRequest> FindTransferRequest(const std::string& id) override;
  std::vector<clients::TransferRequest> TransferRequestsOf(
      const std::string& client_id) override;  // newest first
  // Open -> `status` (approved, declined); false if it is not open (any more).
  bool DecideTransferRequest(const std::string& id, const std::string& status, const std::string& actor,
                             const std::string& reason, Timestamp at) override;

  // Clients signed up from `ip` after `since` (the public form's rate limit),
  // signups with an already known email included.
  int SignupsFromIpSince(const std::string& ip, Timestamp since) override;

  // Ends the agent's current payout method (if any) and makes `method` current.
  void ReplacePayoutMethod(const clients::PayoutMethodRecord& method) override;
  std::vector<clients::PayoutMethodRecord> PayoutMethods(
      const std::string& agent_id) override;  // newest first
  // Every fingerprint the agent was ever paid to.
  std::vector<std::string> PayoutFingerprints(const std::string& agent_id) override;

  // Once per id: false if it was recorded already.
  bool InsertClientPaymentMethod(const clients::ClientPaymentMethod& method) override;
  std::optional<clients::ClientPaymentMethod> FindClientPaymentMethod(const std::string& id) override;
  void SetClientPaymentMethodFlag(const std::string& id, const std::string& agent_id,
                                  const std::string& flag_id) override;
  // Every recorded way of paying with this (normalised) fingerprint, any client.
  std::vector<clients::ClientPaymentMethod> ClientPaymentMethodsWith(const std::string& fingerprint) override;
  // The flag raised before for this client, agent and fingerprint, if any.
  std::optional<std::string> PaymentMatchFlag(const std::string& client_id, const std::string& agent_id,
                                              const std::string& fingerprint) override;

  void InsertFlag(const clients::FraudFlag& flag) override;
  std::vector<clients::FraudFlag> ListFlags(const std::string& status) override;
  std::optional<clients::FraudFlag> FindFlag(const std::string& id) override;
  // Open -> `status`; false if the flag is not open (any more).
  bool DecideFlag(const std::string& id, const std::string& status, const std::string& actor,
                  const std::string& reason, Timestamp at) override;

  std::vector<clients::ClientAccountRow> ListClientAccounts() override;
  void InsertTransfer(const clients::ClientTransfer& transfer) override;
  std::vector<clients::ClientTransfer> ListTransfers(const std::string& client_id) override;

 private:
  std::vector<clients::TransferRequest> QueryTransferRequests(const char* where, const std::string& key);

  soci::session& session_;
};

}  // namespace wakala::storage
