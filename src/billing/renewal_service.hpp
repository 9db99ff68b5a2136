#pragma once

#include <cstddef>

#include "billing/order.hpp"
#include "billing/store.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"

namespace wakala::billing {

// What one run of the billing schedule did.
struct ScheduleRun {
  std::size_t renewals = 0;   // renewal invoices issued
  std::size_t reminders = 0;  // reminders sent (before and after due)
  std::size_t suspended = 0;  // services suspended for an unpaid renewal
};

// Billing's scheduled work, run by the scheduler on every tick of every
// server: renewal invoices ahead of each period, reminders before and after
// an invoice is due, suspension after the grace period. Each item is claimed
// by a conditional write in the transaction that does it (a renewal row per
// service and period, a reminder row per invoice and kind, a state change
// from active), so of several servers on one database exactly one does it.
// Each pass reads only what is due, through indexes: its cost follows the
// work, not the history.
class RenewalService {
 public:
  // `public_url` starts the links in the emails it sends.
  RenewalService(Journal& journal, const Clock& program_clock, RenewalPolicy policy, std::string public_url);

  Result<ScheduleRun> Run();

  // Renewals written per transaction.
  static constexpr int kBatch = 200;

 private:
  Result<std::size_t> IssueRenewals(Timestamp now);
  Result<std::size_t> SendReminders(Timestamp now);
  Result<std::size_t> SuspendUnpaid(Timestamp now);

  Journal& journal_;
  const Clock& clock_;
  RenewalPolicy policy_;
  std::string public_url_;
};

}  // namespace wakala::billing
