#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "accounts/principal.hpp"
#include "clients/store.hpp"
#include "core/clock.hpp"
#include "engine/engine.hpp"

namespace wakala::clients {

// GET /api/v1/clients: `q` matches id, name and email (case-insensitive);
// `unassigned` keeps the clients with no agent (the ones staff may assign).
struct ClientQuery {
  std::string q;
  bool unassigned = false;
  std::size_t limit = 50;
  std::size_t offset = 0;
};

struct ClientSummary {
  std::string id, name, email;
  std::optional<std::string> agent;  // the service manager now
  std::optional<std::string> source;
  std::optional<Timestamp> since;
};

struct ClientPage {
  std::vector<ClientSummary> items;
  std::size_t total = 0;
};

// One association of a client, with the reason staff gave when it came from
// a transfer.
struct AssociationEntry {
  engine::Association association;
  std::optional<std::string> transfer_reason;
};

struct FlagDecision {
  clients::FraudFlag flag;
  std::optional<engine::Association> association;    // dismissed: the association it made
  std::optional<engine::ViolationRecord> violation;  // confirmed: the violation recorded
};

struct ReversibleCommission {
  engine::Commission commission;
  std::string client;  // whose invoice it came from ("" for none)
  std::string state;
};

// What else a transfer must check and do in its transaction (a transfer
// request's approval).
struct TransferOptions {
  // Refuse (409) unless the client's agent is this one when the transfer is made.
  std::optional<std::string> expected_from;
  // Runs in the transaction after the transfer is recorded, at its time.
  std::function<Result<void>(Stores&, Timestamp)> alongside;
};

struct TransferRequestDecision {
  clients::TransferRequest request;
  std::optional<engine::Association> association;  // approved: the new association
};

struct ReverseRequest {
  std::vector<std::string> commission_ids;
  std::optional<std::string> agent_id;
  std::string reason;
};

// Exclusive allocation of clients to agents (program-rules §4.1), the staff's
// decisions on fraud flags, and the staff reversal of reversible commissions
// (§4.4). Every change is engine events logged with its SQL rows and audit
// entry in one transaction, checked against the engine inside it.
class AllocationService {
 public:
  AllocationService(Journal& journal, const Clock& clock);

  Result<ClientPage> List(const accounts::Principal& actor, const ClientQuery& query);
  Result<engine::Association> Assign(const accounts::Principal& actor, const std::string& client_id,
                                     const std::string& agent_id, const std::string& ip);
  Result<engine::Association> Transfer(const accounts::Principal& actor, const std::string& client_id,
                                       const std::string& agent_id, const std::string& reason,
                                       const std::string& ip, const TransferOptions& options = {});
  // Staff decide a client's open transfer request. Approval makes the
  // transfer (reason: staff's, else the client's message) and marks the
  // request approved in the same transaction; it fails, changing nothing, if
  // the client's agent is no longer the one it asked to leave or the agent it
  // asked for cannot take clients. Declining needs a reason.
  Result<TransferRequestDecision> ApproveTransferRequest(const accounts::Principal& actor,
                                                         const std::string& request_id,
                                                         const std::string& reason, const std::string& ip);
  Result<TransferRequestDecision> DeclineTransferRequest(const accounts::Principal& actor,
                                                         const std::string& request_id,
                                                         const std::string& reason, const std::string& ip);
  // Staff, or the client itself.
  Result<std::vector<AssociationEntry>> History(const accounts::Principal& actor,
                                                const std::string& client_id);

  Result<FlagDecision> DismissFlag(const accounts::Principal& actor, const std::string& flag_id,
                                   const std::string& reason, const std::string& ip);
  Result<FlagDecision> ConfirmFlag(const accounts::Principal& actor, const std::string& flag_id,
                                   const std::string& reason, const std::string& ip);

  Result<std::vector<ReversibleCommission>> Reversible(const accounts::Principal& actor,
                                                       const std::optional<std::string>& agent_id);
  Result<std::vector<engine::Forfeit>> Reverse(const accounts::Principal& actor,
                                               const ReverseRequest& request, const std::string& ip);

  static constexpr std::size_t kMaxReasonLength = 1000;

 private:
  Timestamp ActionTime();
  Result<clients::FraudFlag> OpenFlag(const std::string& flag_id);
  Result<clients::TransferRequest> OpenTransferRequest(const std::string& request_id);

  Journal& journal_;
  const Clock& clock_;
};

}  // namespace wakala::clients
