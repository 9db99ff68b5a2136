#pragma once

#include <optional>
#include <string>
#include <vector>

#include "billing/store.hpp"
#include "core/clock.hpp"
#include "core/money.hpp"

namespace wakala::payouts {

// One payment request to M-Pesa B2C: a withdrawal's net, or one part of it.
// `id` is its OriginatorConversationID (Daraja's idempotency key), made once.
struct MpesaPayment {
  std::string id, withdrawal_id, agent_id;
  int part = 1, parts = 1;
  std::string phone;  // 2547XXXXXXXX
  Money amount;       // whole shillings
  Money paid_gross;   // the withdrawal's gross the parts pay together
  std::string state;  // waiting, pending, sent, unknown, paid, failed
  std::optional<std::string> conversation_id, receipt, result_code, lease_holder;
  std::string result_desc;
  int send_attempts = 0, status_queries = 0;
  Timestamp next_at{}, created_at{}, updated_at{};
};

// A callback as it reached an M-Pesa endpoint, and what was done with it.
struct PayoutCallback {
  std::string id;
  Timestamp received_at{};
  std::string kind;        // result, timeout, status
  std::string payment_id;  // from the URL
  std::string outcome;     // applied, duplicate, refused
  std::string reason, ip, body;
};

// A withdrawal in an exported bank transfer file.
struct BankPayout {
  std::string withdrawal_id, batch_id, agent_id, account_name, bank_code, account_number;
  Money amount;       // the net to transfer
  std::string state;  // exported, paid, failed
  std::optional<std::string> bank_reference, reason;
  Timestamp exported_at{};
  std::optional<Timestamp> confirmed_at;
};

// The payouts' own records (storage/ implements it; methods throw on a
// database failure). Every change of a payment is conditional on the state
// it comes from, so two servers never both send or both settle one.
class PayoutStore {
 public:
  virtual ~PayoutStore() = default;

  // The withdrawal's parts, unless it has parts already (false then).
  virtual bool InsertPayments(const std::vector<MpesaPayment>& parts) = 0;
  virtual std::vector<MpesaPayment> PaymentsOf(const std::string& withdrawal_id) = 0;  // by part
  virtual std::optional<MpesaPayment> FindPayment(const std::string& id) = 0;
  // Payments in `state` due by `now`, or claimed by a holder whose lease
  // (next_at) ran out; oldest due first.
  virtual std::vector<std::string> DuePayments(const std::string& state, Timestamp now, int limit) = 0;
  // Takes the payment for `holder` until `lease_until` if it is still in
  // `state` and due; false if another process took or moved it.
  virtual bool ClaimPayment(const std::string& id, const std::string& state, const std::string& holder,
                            Timestamp now, Timestamp lease_until) = 0;
  // Writes the payment's state, result and next_at (releasing any lease) if
  // it is still in `from_state`; false otherwise.
  virtual bool UpdatePayment(const MpesaPayment& payment, const std::string& from_state) = 0;

  virtual void InsertCallback(const PayoutCallback& callback) = 0;
  virtual std::vector<PayoutCallback> CallbacksOf(const std::string& payment_id) = 0;  // oldest first

  // False if the withdrawal was in a transfer file before.
  virtual bool InsertBankPayout(const BankPayout& payout) = 0;
  virtual std::optional<BankPayout> FindBankPayout(const std::string& withdrawal_id) = 0;
  virtual std::vector<BankPayout> BankBatch(const std::string& batch_id) = 0;
  // exported -> `state` (paid, failed); false if it is not exported (any more).
  virtual bool ConfirmBankPayout(const std::string& withdrawal_id, const std::string& state,
                                 const std::optional<std::string>& reference,
                                 const std::optional<std::string>& reason, Timestamp at) = 0;
};

// The stores a payouts service works on in one transaction.
struct Stores : billing::Stores {
  PayoutStore& payouts;
};

// The engine and the payouts' records, written together: a confirmed
// payment and the withdrawal's payout in one transaction.
using Journal = engine::JournalPort<Stores>;

}  // namespace wakala::payouts
