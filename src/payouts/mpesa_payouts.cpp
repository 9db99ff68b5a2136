// M-Pesa B2C payouts: the dispatcher's passes and Daraja's callbacks.

#include "payouts/mpesa_payouts.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <optional>
#include <utility>
#include <vector>

#include "accounts/model.hpp"
#include "core/secure_random.hpp"
#include "payouts/mpesa.hpp"

namespace wakala::payouts {

namespace json = boost::json;

namespace {

constexpr std::size_t kLoggedBodyBytes = 4096;
constexpr int kCallbackTries = 3;
constexpr int kMaxDoublings = 10;

// What a callback says happened to the payment.
enum class Says {
  kPaid,
  kFailed,
  kUnknown,   // a queue timeout: it may or may not happen
  kNotFound,  // a status query found no such payment: it never reached M-Pesa
  kNothing,   // a status query with no answer yet
};

struct Reading {
  Says says = Says::kNothing;
  std::string code, description, receipt, amount;
};

std::string Parameter(const MpesaResult& result, const std::string& key) {
  const auto found = result.parameters.find(key);
  return found == result.parameters.end() ? std::string() : found->second;
}

Reading Read(const std::string& kind, const MpesaResult& result, bool accepted_before) {
  Reading reading{Says::kNothing, result.result_code, result.result_desc, "", ""};
  if (kind == "timeout") {
    reading.says = Says::kUnknown;
  } else if (kind == "result") {
    reading.says = result.result_code == "0" ? Says::kPaid : Says::kFailed;
    reading.amount = Parameter(result, "TransactionAmount");
    reading.receipt = Parameter(result, "TransactionReceipt");
    if (reading.receipt.empty()) reading.receipt = result.transaction_id;
  } else if (result.result_code != "0") {
    // The query itself failed: for a payment Daraja never acknowledged, that
    // it does not exist; for one it accepted, only that there is no answer yet.
    reading.says = accepted_before ? Says::kNothing : Says::kNotFound;
    reading.description = "status query: " + result.result_desc;
  } else {
    const std::string status = Parameter(result, "TransactionStatus");
    reading.description = "status query: " + (status.empty() ? result.result_desc : status);
    if (status == "Completed") {
      reading.says = Says::kPaid;
      reading.code = "0";
      reading.amount = Parameter(result, "Amount");
      reading.receipt = Parameter(result, "ReceiptNo");
      if (reading.receipt.empty()) reading.receipt = result.transaction_id;
    } else if (status == "Failed" || status == "Cancelled" || status == "Declined" || status == "Expired") {
      reading.says = Says::kFailed;
      reading.code = Parameter(result, "ResultCode");
      if (reading.code.empty()) reading.code = status;
    }
  }
  return reading;
}

bool Final(const std::string& state) {
  return state == "paid" || state == "failed";
}

CallbackReply Refused(int status, std::string reason) {
  return {status, "refused", std::move(reason)};
}

}  // namespace

Result<bool> SettleMpesaWithdrawal(Journal& journal, const Clock& program_clock, const Clock& wall_clock,
                                   const std::string& withdrawal_id, const std::string& actor) {
  auto payments = journal.ReadFrom([&](Stores& stores) { return stores.payouts.PaymentsOf(withdrawal_id); });
  if (!payments) return Fail(payments.error());
  if (payments->empty()) return false;
  bool all_paid = true;
  bool any_paid = false;
  std::optional<MpesaPayment> failed;
  std::vector<std::string> receipts;
  for (const auto& payment : *payments) {
    if (payment.state == "paid") {
      any_paid = true;
      receipts.push_back(payment.receipt.value_or("?"));
    } else {
      all_paid = false;
    }
    if (payment.state == "failed" && !failed) failed = payment;
  }
  if (!all_paid && (!failed || any_paid)) return false;  // in flight, or held for staff
  Timestamp at{};
  journal.Read([&](const engine::Engine& engine) { at = std::max(program_clock.Now(), engine.clock()); });
  const std::string reference = fmt::format("M-Pesa {}", fmt::join(receipts, ", "));
  const engine::Command command = all_paid
                                      ? engine::Command(engine::WithdrawalPaid{at, withdrawal_id, reference,
                                                                               payments->front().paid_gross})
                                      : engine::Command(engine::WithdrawalFailed{
                                            at, withdrawal_id,
                                            fmt::format("M-Pesa: {} (result code {})", failed->result_desc,
                                                        failed->result_code.value_or("none"))});
  bool settled = false;
  const Timestamp now = wall_clock.Now();
  auto applied = journal.ApplyChecked(
      {command},
      [&](const engine::Engine& engine) -> Result<void> {
        if (!engine.approved_withdrawals().contains(withdrawal_id))
          return Fail(Error::Conflict("withdrawal " + withdrawal_id + " is settled already"));
        if (all_paid) {
          // The engine taxes the payout at today's residency: it must come to
          // exactly what M-Pesa paid, or staff decide.
          const auto& withdrawal = engine.withdrawals().at(withdrawal_id);
          const auto& residency = engine.agents().at(withdrawal.agent).facts.residency;
          const Money gross = payments->front().paid_gross;
          Money sent;
          for (const auto& payment : *payments) sent += payment.amount;
          if (gross - ApplyRate(gross, engine.program().withholding.at(residency)) != sent) {
            return Fail(Error::Invalid(fmt::format(
                "withdrawal {}: M-Pesa paid KES {}, but the net at the agent's residency now ({}) differs; "
                "resolve it by hand",
                withdrawal_id, sent.ToString(), residency)));
          }
        }
        return {};
      },
      [&](Stores& stores, const engine::Engine&) -> Result<void> {
        settled = true;
        for (auto payment : *payments) {
          if (payment.state != "waiting") continue;
          payment.state = "failed";
          payment.result_desc = fmt::format("not sent: part {} failed", failed->part);
          payment.updated_at = now;
          stores.payouts.UpdatePayment(payment, "waiting");
        }
        json::object detail{{"channel", "mpesa"}, {"parts", payments->size()}};
        if (all_paid)
          detail["reference"] = reference;
        else
          detail["reason"] = std::get<engine::WithdrawalFailed>(command).reason;
        stores.accounts.AppendAudit(
            accounts::AuditEntry{0, actor, "", all_paid ? "withdrawal_paid" : "withdrawal_failed",
                                 "withdrawal:" + withdrawal_id, now, "", json::serialize(detail)});
        return {};
      });
  if (!applied) {
    if (applied.error().code != ErrorCode::kConflict) return Fail(applied.error());
    // Settled already: by another server (fine), or by hand while a part was
    // being paid (money out twice: staff must know).
    if (any_paid) {
      bool paid_by_mpesa = false;
      journal.Read([&](const engine::Engine& engine) {
        const auto found = engine.withdrawals().find(withdrawal_id);
        paid_by_mpesa = found != engine.withdrawals().end() && found->second.state == "paid" &&
                        found->second.reference.starts_with("M-Pesa");
      });
      if (!paid_by_mpesa) {
        spdlog::error("mpesa: withdrawal {} was settled by hand but M-Pesa paid {}: reconcile it",
                      withdrawal_id, fmt::join(receipts, ", "));
      }
    }
    return false;
  }
  return settled;
}

MpesaPayouts::MpesaPayouts(Journal& journal, DarajaGateway& gateway, const Clock& program_clock,
                           const Clock& wall_clock, MpesaPolicy policy, std::string holder)
    : journal_(journal),
      gateway_(gateway),
      program_clock_(program_clock),
      wall_clock_(wall_clock),
      policy_(std::move(policy)),
      holder_(std::move(holder)) {
  while (!policy_.callback_base_url.empty() && policy_.callback_base_url.back() == '/')
    policy_.callback_base_url.pop_back();
}

std::string MpesaPayouts::CallbackToken(const std::string& secret, const std::string& kind,
                                        const std::string& payment_id) {
  return HmacSha256Hex(secret, kind + "/" + payment_id);
}

std::string MpesaPayouts::CallbackUrl(const std::string& kind, const std::string& payment_id) const {
  return fmt::format("{}/api/v1/payouts/mpesa/{}/{}/{}", policy_.callback_base_url, kind, payment_id,
                     CallbackToken(policy_.callback_secret, kind, payment_id));
}

std::chrono::seconds MpesaPayouts::Backoff(int attempts) const {
  const int doublings = std::clamp(attempts - 1, 0, kMaxDoublings);
  return std::min(std::chrono::seconds(policy_.first_retry.count() << doublings), policy_.max_wait);
}

Result<PayoutPass> MpesaPayouts::RunOnce() {
  PayoutPass pass;
  const Timestamp now = wall_clock_.Now();
  if (auto started = StartApproved(now, pass); !started) return Fail(started.error());
  for (const std::string state : {"pending", "sent", "unknown"}) {
    auto due = journal_.ReadFrom(
        [&](Stores& stores) { return stores.payouts.DuePayments(state, now, policy_.batch); });
    if (!due) return Fail(due.error());
    for (const auto& id : *due) {
      // Each claim's lease starts now, not at the pass's start: a long pass
      // never hands out a lease that has already run out.
      const Timestamp at = wall_clock_.Now();
      std::optional<MpesaPayment> claimed;
      auto took = journal_.WriteStores([&](Stores& stores) -> Result<void> {
        if (stores.payouts.ClaimPayment(id, state, holder_, at, at + policy_.lease))
          claimed = stores.payouts.FindPayment(id);
        return {};
      });
      if (!took) return Fail(took.error());
      if (!claimed) continue;  // another server took it
      bool approved = false;
      journal_.Read([&](const engine::Engine& engine) {
        approved = engine.approved_withdrawals().contains(claimed->withdrawal_id);
      });
      if (!approved && state == "pending" && claimed->send_attempts == 0) {
        // Rejected or paid by hand before anything went to M-Pesa: never sent.
        claimed->state = "failed";
        claimed->result_desc = "not sent: the withdrawal is no longer approved";
        claimed->updated_at = at;
        auto dropped = journal_.WriteStores([&](Stores& stores) -> Result<void> {
          stores.payouts.UpdatePayment(*claimed, "pending");
          return {};
        });
        if (!dropped) return Fail(dropped.error());
        continue;
      }
      if (state == "pending") {
        Send(std::move(*claimed), at);
        ++pass.sent;
      } else {
        Query(std::move(*claimed), at);
        ++pass.queried;
      }
    }
  }
  return pass;
}

Result<std::size_t> MpesaPayouts::StartApproved(Timestamp now, PayoutPass& pass) {
  struct Approved {
    std::string id, agent, residency;
    Money gross;
  };
  std::vector<Approved> approved;
  journal_.Read([&](const engine::Engine& engine) {
    for (const auto& id : engine.approved_withdrawals()) {
      const engine::Withdrawal& withdrawal = engine.withdrawals().at(id);
      approved.push_back(
          {id, withdrawal.agent, engine.agents().at(withdrawal.agent).facts.residency, withdrawal.gross});
    }
  });
  for (const auto& withdrawal : approved) {
    std::optional<std::string> phone;
    bool has_parts = false;
    bool by_bank = false;
    auto read = journal_.ReadStores([&](Stores& stores) -> Result<void> {
      has_parts = !stores.payouts.PaymentsOf(withdrawal.id).empty();
      by_bank = stores.payouts.FindBankPayout(withdrawal.id).has_value();
      if (has_parts || by_bank) return {};
      const auto methods = stores.clients.PayoutMethods(withdrawal.agent);
      if (!methods.empty() && !methods.front().ended_at && methods.front().method == "mpesa")
        phone = MsisdnOf(methods.front().mpesa_number);
      return {};
    });
    if (!read) return Fail(read.error());
    if (has_parts) {
      // Parts answered while this process was away (or a crash before the
      // settling step): settle now.
      auto settled =
          SettleMpesaWithdrawal(journal_, program_clock_, wall_clock_, withdrawal.id, "system:mpesa");
      if (!settled) return Fail(settled.error());
      if (*settled) ++pass.settled;
      continue;
    }
    // In a bank file (whatever the method says now), paid by bank, or by
    // staff (reconciliation shows why).
    if (by_bank || !phone) continue;
    const auto whole =
        WholeShillings(withdrawal.gross, journal_.program().withholding.at(withdrawal.residency));
    const auto split = SplitPayout(whole.net, policy_.max_per_transaction);
    std::vector<MpesaPayment> parts;
    for (std::size_t i = 0; i < split.size(); ++i) {
      MpesaPayment part;
      part.part = static_cast<int>(i) + 1;
      part.parts = static_cast<int>(split.size());
      part.id = PaymentIdOf(withdrawal.id, part.part);
      part.withdrawal_id = withdrawal.id;
      part.agent_id = withdrawal.agent;
      part.phone = *phone;
      part.amount = split[i];
      part.paid_gross = whole.gross;
      part.state = i == 0 ? "pending" : "waiting";
      part.next_at = now;
      part.created_at = part.updated_at = now;
      parts.push_back(std::move(part));
    }
    bool inserted = false;
    auto wrote = journal_.WriteStores([&](Stores& stores) -> Result<void> {
      // Checked again where it is written: a bank file made meanwhile wins.
      if (stores.payouts.FindBankPayout(withdrawal.id)) return {};
      inserted = stores.payouts.InsertPayments(parts);
      return {};
    });
    if (!wrote) return Fail(wrote.error());
    if (inserted) {
      ++pass.started;
      spdlog::info("mpesa: withdrawal {} to {}: KES {} in {} part(s)", withdrawal.id, *phone,
                   whole.net.ToString(), parts.size());
    }
  }
  return pass.started;
}

void MpesaPayouts::Send(MpesaPayment payment, Timestamp now) {
  const PaymentOrder order{payment.id,
                           payment.amount.cents() / 100,
                           payment.phone,
                           policy_.remarks,
                           payment.withdrawal_id.substr(0, 100),
                           CallbackUrl("result", payment.id),
                           CallbackUrl("timeout", payment.id)};
  const DarajaAnswer answer = gateway_.RequestPayment(order);
  payment.updated_at = now;
  payment.result_desc = answer.description;
  switch (answer.kind) {
    case DarajaAnswer::Kind::kAccepted:
      payment.state = "sent";
      ++payment.send_attempts;
      payment.conversation_id = answer.conversation_id;
      payment.next_at = now + policy_.result_wait;
      break;
    case DarajaAnswer::Kind::kRefused:
      if (payment.send_attempts > 0) {
        // A refusal of a repeat (an earlier send went unanswered) may be
        // Daraja refusing a duplicate it already took: only a status query
        // can say whether the first one paid.
        ++payment.send_attempts;
        payment.state = "unknown";
        payment.next_at = now + policy_.result_wait;
        payment.result_desc = "repeat refused by Daraja (" + answer.description + "): asking for the outcome";
        break;
      }
      payment.state = "failed";
      ++payment.send_attempts;
      payment.result_code = answer.code.empty() ? "refused" : answer.code;
      payment.result_desc = "refused by Daraja: " + answer.description;
      break;
    case DarajaAnswer::Kind::kUnauthorized:
      // Nothing reached M-Pesa: sent again with a new token, not counted.
      payment.next_at = now + Backoff(payment.send_attempts + 1);
      break;
    case DarajaAnswer::Kind::kUnknown:
      ++payment.send_attempts;
      if (payment.send_attempts >= policy_.max_send_attempts) {
        payment.state = "unknown";  // only asked about from now on
        payment.next_at = now + policy_.result_wait;
      } else {
        payment.next_at = now + Backoff(payment.send_attempts);
      }
      break;
  }
  spdlog::info("mpesa: payment {} (part {}/{}, KES {}) sent: {} ({})", payment.id, payment.part,
               payment.parts, payment.amount.ToString(), payment.state, answer.description);
  auto wrote = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    // A callback that came first moved it on already: its news stands.
    stores.payouts.UpdatePayment(payment, "pending");
    return {};
  });
  if (!wrote) spdlog::error("mpesa: payment {}: {}", payment.id, wrote.error().message);
  if (payment.state == "failed") {
    auto settled =
        SettleMpesaWithdrawal(journal_, program_clock_, wall_clock_, payment.withdrawal_id, "system:mpesa");
    if (!settled) spdlog::error("mpesa: settling {}: {}", payment.withdrawal_id, settled.error().message);
  }
}

void MpesaPayouts::Query(MpesaPayment payment, Timestamp now) {
  const StatusOrder order{payment.id, policy_.remarks, CallbackUrl("status", payment.id),
                          CallbackUrl("timeout", payment.id)};
  const DarajaAnswer answer = gateway_.QueryStatus(order);
  const std::string from = payment.state;
  ++payment.status_queries;
  payment.updated_at = now;
  const int doublings = std::min(payment.status_queries - 1, kMaxDoublings);
  payment.next_at =
      now + std::min(std::chrono::seconds(policy_.result_wait.count() << doublings), policy_.max_wait);
  if (answer.kind != DarajaAnswer::Kind::kAccepted)
    payment.result_desc = "status query: " + answer.description;
  spdlog::info("mpesa: payment {} ({}): status query {}", payment.id, from,
               answer.kind == DarajaAnswer::Kind::kAccepted ? "accepted" : answer.description);
  auto wrote = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    stores.payouts.UpdatePayment(payment, from);
    return {};
  });
  if (!wrote) spdlog::error("mpesa: payment {}: {}", payment.id, wrote.error().message);
}

CallbackReply MpesaPayouts::Callback(const std::string& kind, const std::string& payment_id,
                                     const std::string& token, std::string_view body, const std::string& ip) {
  CallbackReply reply;
  if (kind != "result" && kind != "timeout" && kind != "status") {
    reply = Refused(404, "no such callback kind: " + kind.substr(0, 16));
  } else if (!ConstantTimeEquals(token, CallbackToken(policy_.callback_secret, kind, payment_id))) {
    reply = Refused(403, "forged: the URL's token is not the one given to this payment");
  } else {
    for (int attempt = 0; attempt < kCallbackTries; ++attempt) {
      auto payment =
          journal_.ReadFrom([&](Stores& stores) { return stores.payouts.FindPayment(payment_id); });
      if (!payment) {
        reply = Refused(503, payment.error().message);
        break;
      }
      if (!*payment) {
        reply = Refused(404, "no M-Pesa payment " + payment_id);
        break;
      }
      reply = Apply(kind, **payment, body);
      if (reply.outcome != "retry") break;
    }
    if (reply.outcome == "retry") reply = Refused(503, "the payment kept changing; send the callback again");
  }
  // Ids in the order they arrived (microseconds, then a random tail): the
  // log reads in order within one second too.
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  PayoutCallback record{fmt::format("{:014x}-{}", micros, RandomHex(4)),
                        wall_clock_.Now(),
                        kind.substr(0, 16),
                        payment_id.substr(0, 80),
                        reply.outcome,
                        reply.reason,
                        ip,
                        std::string(body.substr(0, kLoggedBodyBytes))};
  // Kept only for a payment this server gave the URL to: a forged or
  // misdirected request is logged, never stored (nobody can fill the table).
  if (reply.status != 403 && !(reply.status == 404 && reply.outcome == "refused")) {
    auto logged = journal_.WriteStores([&](Stores& stores) -> Result<void> {
      stores.payouts.InsertCallback(record);
      return {};
    });
    if (!logged) spdlog::error("mpesa: callback log: {}", logged.error().message);
  }
  if (reply.outcome == "refused") {
    spdlog::warn("mpesa: {} callback for {} from {} refused ({}): {}", kind, payment_id, ip, reply.status,
                 reply.reason);
  } else {
    spdlog::info("mpesa: {} callback for {}: {}: {}", kind, payment_id, reply.outcome, reply.reason);
  }
  return reply;
}

CallbackReply MpesaPayouts::Apply(const std::string& kind, const MpesaPayment& payment,
                                  std::string_view body) {
  auto parsed = ParseResult(body);
  if (!parsed) return Refused(400, parsed.error().message);
  const MpesaResult& result = *parsed;
  if (kind != "status" && result.originator_id != payment.id) {
    return Refused(409, fmt::format("OriginatorConversationID {} is not this payment's ({})",
                                    result.originator_id, payment.id));
  }
  if (const std::string asked = Parameter(result, "OriginatorConversationID");
      kind == "status" && result.result_code == "0" && asked != payment.id) {
    return Refused(409,
                   fmt::format("the status answers about \"{}\", not this payment ({})", asked, payment.id));
  }
  if (kind != "status" && payment.conversation_id && !result.conversation_id.empty() &&
      result.conversation_id != *payment.conversation_id) {
    return Refused(409, fmt::format("ConversationID {} is not the one Daraja gave this payment ({})",
                                    result.conversation_id, *payment.conversation_id));
  }
  const Reading reading = Read(kind, result, payment.conversation_id.has_value());
  if (reading.says == Says::kPaid) {
    auto amount = ShillingsOf(reading.amount);
    if (!amount) return Refused(422, "a success without a valid amount: " + amount.error().message);
    if (*amount != payment.amount) {
      return Refused(409, fmt::format("amount mismatch: M-Pesa reports KES {} for a payment of KES {}",
                                      amount->ToString(), payment.amount.ToString()));
    }
    if (reading.receipt.empty()) return Refused(422, "a success without its M-Pesa receipt");
  }
  // A payment with its outcome takes a repeat as a duplicate; news that
  // contradicts it is refused (and logged for staff), never applied.
  if (payment.state == "paid") {
    if (reading.says == Says::kFailed ||
        (reading.says == Says::kPaid && reading.receipt != payment.receipt)) {
      return Refused(409, fmt::format("contradicts the recorded outcome: paid, receipt {}",
                                      payment.receipt.value_or("?")));
    }
    return {200, "duplicate", "already paid, receipt " + payment.receipt.value_or("?")};
  }
  if (payment.state == "failed") {
    if (reading.says == Says::kPaid ||
        (reading.says == Says::kFailed && reading.code != payment.result_code.value_or(""))) {
      return Refused(409, fmt::format("contradicts the recorded outcome: failed, result code {}",
                                      payment.result_code.value_or("none")));
    }
    return {200, "duplicate", "already failed"};
  }
  if (payment.state == "waiting") return Refused(409, "this part has not been sent yet");
  const Timestamp now = wall_clock_.Now();
  MpesaPayment next = payment;
  next.updated_at = now;
  next.next_at = std::max(payment.next_at, now);
  if (kind != "status" && !next.conversation_id && !result.conversation_id.empty())
    next.conversation_id = result.conversation_id;
  std::string what;
  switch (reading.says) {
    case Says::kPaid:
      next.state = "paid";
      next.receipt = reading.receipt;
      next.result_code = "0";
      next.result_desc = reading.description;
      what = "paid, receipt " + reading.receipt;
      break;
    case Says::kFailed:
      next.state = "failed";
      next.result_code = reading.code;
      next.result_desc = reading.description;
      what = fmt::format("failed, result code {}: {}", reading.code, reading.description);
      break;
    case Says::kUnknown:
      if (payment.state == "unknown") return {200, "duplicate", "already being asked about"};
      next.state = "unknown";
      next.next_at = now + policy_.first_retry;
      next.result_desc = "queue timeout: " + reading.description;
      what = "queue timeout: the outcome will be asked for";
      break;
    case Says::kNotFound:
      next.state = "pending";
      next.next_at = now;
      next.result_desc = reading.description;
      what = "M-Pesa has no such payment: it is sent again with the same id";
      break;
    case Says::kNothing:
      next.result_desc = reading.description;
      what = "no outcome yet: " + reading.description;
      break;
  }
  bool moved = false;
  auto wrote = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    moved = stores.payouts.UpdatePayment(next, payment.state);
    if (moved && next.state == "paid" && next.part < next.parts) {
      if (auto following = stores.payouts.FindPayment(PaymentIdOf(next.withdrawal_id, next.part + 1));
          following && following->state == "waiting") {
        following->state = "pending";
        following->next_at = now;
        following->updated_at = now;
        stores.payouts.UpdatePayment(*following, "waiting");
      }
    }
    return {};
  });
  if (!wrote) return Refused(503, wrote.error().message);
  if (!moved) return {0, "retry", ""};  // changed meanwhile: read again
  if (Final(next.state)) {
    auto settled =
        SettleMpesaWithdrawal(journal_, program_clock_, wall_clock_, next.withdrawal_id, "system:mpesa");
    if (!settled) spdlog::error("mpesa: settling {}: {}", next.withdrawal_id, settled.error().message);
  }
  return {200, "applied", what};
}

}  // namespace wakala::payouts
