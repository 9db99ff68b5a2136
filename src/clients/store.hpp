#pragma once

#include <optional>
#include <string>
#include <vector>

#include "accounts/store.hpp"
#include "agents/store.hpp"
#include "core/clock.hpp"
#include "engine/journal_port.hpp"

namespace wakala::clients {

struct ReferralClick {
  std::string id, agent_id, referral_id, ip, user_agent, referrer, landing_url;
  Timestamp at{};
  bool counted = true;
};

// What an agent's link brought in since a moment (§4.4: repeats not counted).
struct ReferralCounts {
  long long clicks = 0;         // counted clicks (a repeat from one address within seconds is not)
  long long clicks_logged = 0;  // every click, repeats included
  long long signups = 0;        // client signups that came through one of the clicks
  long long flagged = 0;        // self-referral flags raised against the agent
};

struct ClientRecord {
  std::string id, name, email, phone, kra_pin, signup_ip;
  std::optional<std::string> signup_click_id;
  Timestamp created_at{};
};

struct FraudFlag {
  std::string id, kind, agent_id, client_id, evidence, status;
  Timestamp created_at{};
  std::optional<std::string> decided_by, decision_reason;
  std::optional<Timestamp> decided_at;
};

// What the client account row says (the engine knows the association).
struct ClientAccountRow {
  std::string id, name, email;
};

// Staff moving a client between agents, and why.
struct ClientTransfer {
  std::string id, client_id, from_agent_id, to_agent_id, reason, actor;
  Timestamp at{};
};

// Which events an agent wants to hear about for one client. Everything is on
// until the agent says otherwise.
struct NotificationPreferences {
  bool service_changes = true, invoice_paid = true, invoice_overdue = true, ticket_opened = true;
  bool invoice_issued = true;
};

struct AgentNotification {
  std::string id, agent_id, client_id, kind, detail;
  Timestamp at{}, created_at{};
};

// What a client granted its service manager (space-separated permission names).
struct ServiceManagerGrant {
  std::string client_id, agent_id;
  std::vector<std::string> permissions;
  Timestamp granted_at{};
  std::string granted_by;  // user id
};

struct TransferRequest {
  std::string id, client_id, requested_by, from_agent_id, to_agent_id, message, status;
  std::string from_agent_name, to_agent_name;  // read with the request ("" if unknown)
  Timestamp created_at{};
  std::optional<std::string> decided_by, decision_reason;
  std::optional<Timestamp> decided_at;
};

// Where an agent's withdrawals are paid. The current one has no ended_at;
// the old ones are kept (they still count as the agent's own).
struct PayoutMethodRecord {
  std::string id, agent_id, method, mpesa_number, bank_code, account_number, fingerprint, set_by;
  Timestamp created_at{};
  std::optional<Timestamp> ended_at;
};

// A way a client pays, from its signup ("signup:<client>") or a client event
// ("event:<event id>"), and what it matched.
struct ClientPaymentMethod {
  std::string id, client_id, method, fingerprint;
  std::optional<std::string> matched_agent_id, flag_id;
  Timestamp created_at{};
};

// Secrets, referral clicks, client accounts, fraud flags, service-manager
// grants, transfer requests and the ways clients pay and agents are paid.
// storage/ implements it; methods throw on database failure.
class ClientStore {
 public:
  virtual ~ClientStore() = default;

  // The named secret, made from `candidate` if no process made it before.
  virtual std::string SecretOrCreate(const std::string& name, const std::string& candidate,
                                     Timestamp now) = 0;

  virtual void InsertClick(const ReferralClick& click) = 0;
  virtual std::optional<ReferralClick> FindClick(const std::string& id) = 0;
  // A click on `referral_id` from `ip` after `since`: the repeat test.
  virtual bool ClickedSince(const std::string& referral_id, const std::string& ip, Timestamp since) = 0;
  // The agent's clicks, signups through them and self-referral flags at or after `since`.
  virtual ReferralCounts CountReferrals(const std::string& agent_id, Timestamp since) = 0;

  virtual void InsertClient(const ClientRecord& client) = 0;
  // A client the engine knows from billing only gets a bare account row (no
  // signup), so that records about it (fraud flags, payment methods) can
  // refer to it. Nothing happens if the row exists.
  virtual void EnsureClient(const ClientRecord& client) = 0;
  virtual std::optional<ClientRecord> FindClient(const std::string& id) = 0;
  // Did any user of the agent sign in from `ip` after `since` (the audit log)?
  virtual bool AgentLoggedInFrom(const std::string& agent_id, const std::string& ip, Timestamp since) = 0;
  // The agent's people's emails (its users), for the self-referral checks.
  virtual std::vector<std::string> AgentUserEmails(const std::string& agent_id) = 0;

  virtual NotificationPreferences Preferences(const std::string& agent_id, const std::string& client_id) = 0;
  virtual void SetPreferences(const std::string& agent_id, const std::string& client_id,
                              const NotificationPreferences& preferences, Timestamp at) = 0;
  // Once per id: a retried event does not notify twice.
  // True when this call recorded it (false: the id was recorded before).
  virtual bool RecordNotification(const AgentNotification& notification) = 0;
  virtual std::vector<AgentNotification> Notifications(const std::string& agent_id, int limit) = 0;
  // The click the client's signup came through, if any.
  virtual std::optional<std::string> SignupClickOf(const std::string& client_id) = 0;

  // One grant per client: a new one replaces the old.
  virtual void ReplaceGrant(const ServiceManagerGrant& grant) = 0;
  virtual std::optional<ServiceManagerGrant> FindGrant(const std::string& client_id) = 0;
  virtual void DeleteGrant(const std::string& client_id) = 0;

  virtual void InsertTransferRequest(const TransferRequest& request) = 0;
  virtual std::vector<TransferRequest> ListTransferRequests(const std::string& status) = 0;
  virtual std::optional<TransferRequest> FindTransferRequest(const std::string& id) = 0;
  virtual std::vector<TransferRequest> TransferRequestsOf(const std::string& client_id) = 0;  // newest first
  // Open -> `status` (approved, declined); false if it is not open (any more).
  virtual bool DecideTransferRequest(const std::string& id, const std::string& status,
                                     const std::string& actor, const std::string& reason, Timestamp at) = 0;

  // Clients signed up from `ip` after `since` (the public form's rate limit),
  // signups with an already known email included.
  virtual int SignupsFromIpSince(const std::string& ip, Timestamp since) = 0;

  // Ends the agent's current payout method (if any) and makes `method` current.
  virtual void ReplacePayoutMethod(const PayoutMethodRecord& method) = 0;
  virtual std::vector<PayoutMethodRecord> PayoutMethods(const std::string& agent_id) = 0;  // newest first
  // Every fingerprint the agent was ever paid to.
  virtual std::vector<std::string> PayoutFingerprints(const std::string& agent_id) = 0;

  // Once per id: false if it was recorded already.
  virtual bool InsertClientPaymentMethod(const ClientPaymentMethod& method) = 0;
  virtual std::optional<ClientPaymentMethod> FindClientPaymentMethod(const std::string& id) = 0;
  virtual void SetClientPaymentMethodFlag(const std::string& id, const std::string& agent_id,
                                          const std::string& flag_id) = 0;
  // Every recorded way of paying with this (normalised) fingerprint, any client.
  virtual std::vector<ClientPaymentMethod> ClientPaymentMethodsWith(const std::string& fingerprint) = 0;
  // The flag raised before for this client, agent and fingerprint, if any.
  virtual std::optional<std::string> PaymentMatchFlag(const std::string& client_id,
                                                      const std::string& agent_id,
                                                      const std::string& fingerprint) = 0;

  virtual void InsertFlag(const FraudFlag& flag) = 0;
  virtual std::vector<FraudFlag> ListFlags(const std::string& status) = 0;
  virtual std::optional<FraudFlag> FindFlag(const std::string& id) = 0;
  // Open -> `status`; false if the flag is not open (any more).
  virtual bool DecideFlag(const std::string& id, const std::string& status, const std::string& actor,
                          const std::string& reason, Timestamp at) = 0;

  virtual std::vector<ClientAccountRow> ListClientAccounts() = 0;
  virtual void InsertTransfer(const ClientTransfer& transfer) = 0;
  virtual std::vector<ClientTransfer> ListTransfers(const std::string& client_id) = 0;
};

// The stores a clients service works on in one transaction: the agents' own
// and the clients'.
struct Stores : agents::Stores {
  ClientStore& clients;
};

// The engine and the clients' records, written together.
using Journal = engine::JournalPort<Stores>;

}  // namespace wakala::clients
