#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "payouts/daraja.hpp"
#include "payouts/store.hpp"

namespace wakala::payouts {

struct MpesaPolicy {
  // Where Daraja reaches this program: the callbacks are
  // <callback_base_url>/api/v1/payouts/mpesa/{result|timeout|status}/<payment>/<token>.
  std::string callback_base_url;
  // The key of the callbacks' tokens (HMAC-SHA256 of kind and payment).
  std::string callback_secret;
  Money max_per_transaction = Money::Cents(15'000'000);  // KES 150,000.00: B2C's limit per payment
  std::chrono::seconds result_wait{120};                 // accepted, no result yet: ask the status then
  std::chrono::seconds first_retry{30};                  // an unanswered send, tried again (same id)…
  std::chrono::seconds max_wait{3600};                   // …with doubling waits up to this
  int max_send_attempts = 5;                             // then the outcome is unknown: status queries
  std::chrono::seconds lease{120};                       // a dispatcher that dies holds a payment this long
  int batch = 20;
  std::string remarks = "Commission payout";
};

// What one dispatch pass did.
struct PayoutPass {
  std::size_t started = 0, sent = 0, queried = 0, settled = 0;
};

// What a callback got: the HTTP status to answer with, and why.
struct CallbackReply {
  int status = 200;
  std::string outcome;  // applied, duplicate, refused
  std::string reason;
};

// The withdrawal's payout from its M-Pesa parts, once they say it: all paid,
// a `withdrawal_paid` (the receipts as reference, the whole-shilling gross);
// a part failed before any was paid, a `withdrawal_failed` and the parts not
// sent are dropped. Parts still in flight, or a failure after a part was
// paid (staff resolve it), change nothing. Runs once whoever calls it: the
// engine step is checked against the withdrawal's state in its transaction.
Result<bool> SettleMpesaWithdrawal(Journal& journal, const Clock& program_clock, const Clock& wall_clock,
                                   const std::string& withdrawal_id, const std::string& actor);

// Approved withdrawals to an M-Pesa number, paid through Daraja B2C.
//
// A withdrawal's parts are made once, each with its OriginatorConversationID;
// every send of a part, first or retried after a lost answer, carries that id,
// so Daraja pays it at most once. A refused request is a definite failure; an
// unanswered one is sent again (same id) a few times, then only asked about.
// An accepted part waits for its result callback; without one (or after a
// queue timeout) it is asked about with a transaction-status query until an
// answer comes. Parts go one after another: the next is sent when the one
// before is paid.
class MpesaPayouts {
 public:
  MpesaPayouts(Journal& journal, DarajaGateway& gateway, const Clock& program_clock, const Clock& wall_clock,
               MpesaPolicy policy, std::string holder);

  // One pass on the caller's thread: start approved withdrawals, send what
  // is due, ask about what is overdue, settle what is answered.
  Result<PayoutPass> RunOnce();

  // A callback from Daraja: `kind` (result, timeout, status) and `payment`
  // from the URL with its `token`. Every one is logged with what was done.
  CallbackReply Callback(const std::string& kind, const std::string& payment_id, const std::string& token,
                         std::string_view body, const std::string& ip);

  // The token in a payment's callback URLs.
  static std::string CallbackToken(const std::string& secret, const std::string& kind,
                                   const std::string& payment_id);

 private:
  std::string CallbackUrl(const std::string& kind, const std::string& payment_id) const;
  Result<std::size_t> StartApproved(Timestamp now, PayoutPass& pass);
  void Send(MpesaPayment payment, Timestamp now);
  void Query(MpesaPayment payment, Timestamp now);
  std::chrono::seconds Backoff(int attempts) const;
  CallbackReply Apply(const std::string& kind, const MpesaPayment& payment, std::string_view body);

  Journal& journal_;
  DarajaGateway& gateway_;
  const Clock& program_clock_;
  const Clock& wall_clock_;
  MpesaPolicy policy_;
  std::string holder_;
};

}  // namespace wakala::payouts
