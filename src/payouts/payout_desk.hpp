#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "accounts/principal.hpp"
#include "core/calendar.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "engine/state.hpp"
#include "payouts/bank_file.hpp"
#include "payouts/store.hpp"

namespace wakala::payouts {

// A withdrawal with how it is being paid.
struct ReconciledWithdrawal {
  engine::Withdrawal withdrawal;
  std::string channel;  // mpesa, bank, manual, or "" (not on its way yet)
  // requested, in_flight, needs_attention, paid, failed, rejected, refused
  std::string status;
  std::string note;  // what staff should know (why it needs attention, what it waits for)
  std::vector<MpesaPayment> payments;
  std::optional<BankPayout> bank;
};

struct StatusTotal {
  long long count = 0;
  Money gross, net;
};

struct Reconciliation {
  std::vector<ReconciledWithdrawal> items;  // oldest request first
  std::map<std::string, StatusTotal> totals;
};

struct BankBatch {
  std::string id;
  std::vector<BankPayout> payouts;
};

struct BankImport {
  std::size_t paid = 0, failed = 0, unchanged = 0;
};

// The finance desk (staff only): payouts reconciliation, a payment whose
// outcome staff established themselves, and bank payouts as files.
class PayoutDesk {
 public:
  PayoutDesk(Journal& journal, const Clock& program_clock, const Clock& wall_clock, bool mpesa_configured);

  // Withdrawals requested in the EAT month, or (`open`) every approved one
  // not yet paid or failed, with their payments and totals per status.
  Result<Reconciliation> Reconcile(const accounts::Principal& actor, std::optional<EatMonth> month,
                                   bool open);

  // A payment whose outcome the provider established on the M-Pesa portal:
  // `outcome` paid (text: the M-Pesa receipt) or failed (text: the reason).
  Result<MpesaPayment> Resolve(const accounts::Principal& actor, const std::string& payment_id,
                               const std::string& outcome, const std::string& text, const std::string& ip);
  // Every callback that reached the payment, oldest first.
  Result<std::vector<PayoutCallback>> Callbacks(const accounts::Principal& actor,
                                                const std::string& payment_id);

  // Every approved withdrawal to a bank account not in a file yet, as a new
  // batch (empty when there is nothing to pay).
  Result<BankBatch> ExportBankBatch(const accounts::Principal& actor, const std::string& ip);
  Result<BankBatch> FindBankBatch(const accounts::Principal& actor, const std::string& batch_id);
  // The bank's confirmation: each paid line pays its withdrawal, each failed
  // one returns it to available, in one transaction; a line already
  // imported with the same outcome is unchanged; any bad line and nothing is.
  Result<BankImport> ImportBankConfirmation(const accounts::Principal& actor, std::string_view csv,
                                            const std::string& ip);

 private:
  ReconciledWithdrawal Reconciled(Stores& stores, const engine::Withdrawal& withdrawal) const;

  Journal& journal_;
  const Clock& program_clock_;
  const Clock& wall_clock_;
  bool mpesa_configured_;
};

}  // namespace wakala::payouts
