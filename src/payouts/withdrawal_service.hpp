#pragma once

#include <optional>
#include <string>
#include <vector>

#include "accounts/principal.hpp"
#include "accounts/service.hpp"
#include "core/calendar.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "documents/documents.hpp"
#include "engine/agent_views.hpp"
#include "engine/state.hpp"
#include "payouts/store.hpp"

namespace wakala::payouts {

// A withdrawal request as the agent made it.
struct WithdrawalRequest {
  std::string agent_id;
  std::optional<std::string> idempotency_key;  // the Idempotency-Key header, if sent
  Money amount;
  std::string password;  // the signed-in user's, again: fresh re-authentication
  std::string ip;
};

struct RequestedWithdrawal {
  engine::Withdrawal withdrawal;
  bool replayed = false;  // a retry with the same key: the first request's withdrawal
};

enum class Decision { kApprove, kPay, kReject };

// Withholding tax kept from an agent's payouts in one EAT month of payout.
struct TaxMonth {
  EatMonth month;
  Money withheld;
};

// An agent's money leaving the program (program-rules.md 5): who may ask,
// the preview of gross, tax and net, the request (idempotent by key, after the
// password again), and the staff decisions that move it from requested to
// approved, paid or rejected. Every decision is a journal command with its
// audit entry in the same transaction.
class WithdrawalService {
 public:
  WithdrawalService(Journal& journal, accounts::AccountService& accounts, const Clock& program_clock,
                    const Clock& wall_clock);

  // The agent's own view (its people and staff).
  Result<engine::WithdrawalPreview> Preview(const accounts::Principal& actor, const std::string& agent_id,
                                            Money amount);
  // The agent's withdrawals, newest first.
  Result<std::vector<engine::Withdrawal>> OfAgent(const accounts::Principal& actor,
                                                  const std::string& agent_id);
  // Withholding tax kept from the agent's payouts, by month (the figures of
  // its tax certificates): its people and staff.
  Result<std::vector<TaxMonth>> TaxWithheld(const accounts::Principal& actor, const std::string& agent_id);
  // Only the agent's own users ask for its money (checked before anything
  // else is read).
  static Result<void> MayRequest(const accounts::Principal& actor, const std::string& agent_id);
  // The client's Idempotency-Key becomes part of the withdrawal's id, so a
  // repeated submission finds the withdrawal the first one made.
  static Result<std::string> WithdrawalId(const std::string& agent_id, const std::optional<std::string>& key);
  // A refusal by the rules (over the balance, under the minimum) is an
  // invalid `amount`; a key used before for another amount, a conflict.
  Result<RequestedWithdrawal> Request(const accounts::Principal& actor, const WithdrawalRequest& request);

  // The agent company as its documents name it (name, KRA PIN): its people and staff.
  Result<documents::Party> Payee(const accounts::Principal& actor, const std::string& agent_id);
  // A paid withdrawal's remittance and withholding-tax figures: staff and the
  // agent's people; another agent's is "not found", an unpaid one a conflict.
  Result<documents::Remittance> Remittance(const accounts::Principal& actor, const std::string& id);

  // Staff: every withdrawal paid in the EAT month with its withholding tax,
  // in payment order, for the iTax return.
  Result<std::vector<documents::TaxDeduction>> TaxReport(const accounts::Principal& actor, EatMonth month);

  // Only staff decide (checked before the decision's text is read).
  static Result<void> MayDecide(const accounts::Principal& actor);
  // Staff: the queue (oldest first), optionally in one state.
  Result<std::vector<engine::Withdrawal>> Queue(const accounts::Principal& actor,
                                                const std::optional<std::string>& state);
  // Staff, or the agent's own people; another agent's is "not found".
  Result<engine::Withdrawal> Find(const accounts::Principal& actor, const std::string& id);
  // `text` is the payment reference (pay) or the reason (reject). A step the
  // withdrawal's state does not allow is a conflict, and nothing is logged;
  // so is paying or rejecting by hand one that is on its way by M-Pesa or in
  // a bank transfer file (its payout settles it).
  Result<engine::Withdrawal> Decide(const accounts::Principal& actor, const std::string& id,
                                    Decision decision, const std::string& text, const std::string& ip);

 private:
  // Now, or the engine's clock if a history with later times was imported.
  Timestamp ActionTime(const engine::Engine& engine) const;
  std::optional<engine::Withdrawal> Withdrawal(const std::string& id);

  Journal& journal_;
  accounts::AccountService& accounts_;
  const Clock& program_clock_;
  const Clock& wall_clock_;
};

}  // namespace wakala::payouts
