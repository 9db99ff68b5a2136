#include "payouts/payout_desk.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <regex>
#include <set>

#include "core/secure_random.hpp"
#include "core/text.hpp"
#include "payouts/mpesa.hpp"
#include "payouts/mpesa_payouts.hpp"

namespace wakala::payouts {

namespace json = boost::json;
using accounts::Principal;

namespace {

std::optional<clients::PayoutMethodRecord> CurrentMethod(Stores& stores, const std::string& agent_id) {
  auto methods = stores.clients.PayoutMethods(agent_id);
  if (methods.empty() || methods.front().ended_at) return std::nullopt;
  return std::move(methods.front());
}

}  // namespace

PayoutDesk::PayoutDesk(Journal& journal, const Clock& program_clock, const Clock& wall_clock,
                       bool mpesa_configured)
    : journal_(journal),
      program_clock_(program_clock),
      wall_clock_(wall_clock),
      mpesa_configured_(mpesa_configured) {}

ReconciledWithdrawal PayoutDesk::Reconciled(Stores& stores, const engine::Withdrawal& withdrawal) const {
  ReconciledWithdrawal item;
  item.withdrawal = withdrawal;
  item.payments = stores.payouts.PaymentsOf(withdrawal.id);
  item.bank = stores.payouts.FindBankPayout(withdrawal.id);
  if (!item.payments.empty())
    item.channel = "mpesa";
  else if (item.bank)
    item.channel = "bank";
  else if (withdrawal.state == "paid")
    item.channel = "manual";
  const std::string& state = withdrawal.state;
  if (state != "approved") {
    item.status = state;
    if (state == "failed" || state == "rejected" || state == "refused") item.note = withdrawal.reason;
    return item;
  }
  item.status = "in_flight";
  if (!item.payments.empty()) {
    const auto paid = std::count_if(item.payments.begin(), item.payments.end(),
                                    [](const auto& p) { return p.state == "paid"; });
    const auto failed = std::find_if(item.payments.begin(), item.payments.end(),
                                     [](const auto& p) { return p.state == "failed"; });
    const auto unknown = std::find_if(item.payments.begin(), item.payments.end(),
                                      [](const auto& p) { return p.state == "unknown"; });
    if (failed != item.payments.end() && paid > 0) {
      item.status = "needs_attention";
      item.note = fmt::format(
          "part {} failed ({}) after {} part(s) were paid: pay the rest another way and "
          "resolve the part as paid",
          failed->part, failed->result_desc, paid);
    } else if (unknown != item.payments.end()) {
      item.note = fmt::format("part {}: outcome unknown, M-Pesa is being asked ({} status queries)",
                              unknown->part, unknown->status_queries);
    } else {
      item.note = fmt::format("{} of {} part(s) paid", paid, item.payments.size());
    }
    return item;
  }
  if (item.bank) {
    item.note = "in bank transfer file " + item.bank->batch_id + ", awaiting the bank's confirmation";
    return item;
  }
  const auto method = CurrentMethod(stores, withdrawal.agent);
  if (!method) {
    item.status = "needs_attention";
    item.note = "the agent has no payout method";
  } else if (method->method == "bank") {
    item.note = "to be put in the next bank transfer file";
  } else if (!MsisdnOf(method->mpesa_number)) {
    item.status = "needs_attention";
    item.note = method->mpesa_number + " is not a Kenyan M-Pesa number: pay it by bank or by hand";
  } else if (!mpesa_configured_) {
    item.status = "needs_attention";
    item.note = "M-Pesa payouts are not configured: pay it by hand with its reference";
  } else {
    item.note = "queued for M-Pesa";
  }
  return item;
}

Result<Reconciliation> PayoutDesk::Reconcile(const Principal& actor, std::optional<EatMonth> month,
                                             bool open) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  std::vector<engine::Withdrawal> withdrawals;
  journal_.Read([&](const engine::Engine& engine) {
    if (open) {
      for (const auto& id : engine.approved_withdrawals()) withdrawals.push_back(engine.withdrawals().at(id));
      std::sort(withdrawals.begin(), withdrawals.end(), [](const auto& a, const auto& b) {
        return std::tie(a.requested_at, a.id) < std::tie(b.requested_at, b.id);
      });
      return;
    }
    const EatMonth asked = month.value_or(EatMonth::Of(program_clock_.Now()));
    const auto& index = engine.withdrawals_by_request();
    const auto end = index.lower_bound({asked.Next().Start(), std::string()});
    for (auto it = index.lower_bound({asked.Start(), std::string()}); it != end; ++it) {
      withdrawals.push_back(engine.withdrawals().at(it->second));
    }
  });
  Reconciliation report;
  auto read = journal_.ReadStores([&](Stores& stores) -> Result<void> {
    for (const auto& withdrawal : withdrawals) report.items.push_back(Reconciled(stores, withdrawal));
    return {};
  });
  if (!read) return Fail(read.error());
  for (const auto& item : report.items) {
    StatusTotal& total = report.totals[item.status];
    ++total.count;
    total.gross += item.withdrawal.gross;
    total.net += item.withdrawal.net;
  }
  return report;
}

Result<MpesaPayment> PayoutDesk::Resolve(const Principal& actor, const std::string& payment_id,
                                         const std::string& outcome, const std::string& text,
                                         const std::string& ip) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  static const std::regex kReceipt("^[A-Z0-9]{8,20}$");
  if (outcome != "paid" && outcome != "failed")
    return Fail(Error::Invalid("invalid resolution", {{"outcome", "must be paid or failed"}}));
  if (outcome == "paid" && !std::regex_match(text, kReceipt)) {
    return Fail(Error::Invalid("invalid resolution",
                               {{"receipt", "must be the M-Pesa receipt: 8-20 capital letters and digits"}}));
  }
  if (outcome == "failed" && (Trim(text).empty() || text.size() > 500))
    return Fail(Error::Invalid("invalid resolution", {{"reason", "is required, at most 500 characters"}}));
  auto found = journal_.ReadFrom([&](Stores& stores) { return stores.payouts.FindPayment(payment_id); });
  if (!found) return Fail(found.error());
  if (!*found) return Fail(Error::NotFound("no M-Pesa payment " + payment_id));
  MpesaPayment payment = std::move(**found);
  bool approved = false;
  journal_.Read([&](const engine::Engine& engine) {
    approved = engine.approved_withdrawals().contains(payment.withdrawal_id);
  });
  if (!approved) {
    return Fail(Error::Conflict(
        fmt::format("withdrawal {} is settled: its payments cannot change", payment.withdrawal_id)));
  }
  const std::string from = payment.state;
  // Paid: any part not known paid (a failed one too, once others are paid:
  // staff paid the rest another way). Failed: only one M-Pesa was asked
  // about and could not say (unknown); one just sent may yet be paid.
  const bool allowed = outcome == "paid" ? from != "paid" && from != "waiting" : from == "unknown";
  if (!allowed) {
    return Fail(Error::Conflict(
        fmt::format("payment {} is {}; it cannot be resolved as {}", payment_id, from, outcome)));
  }
  const Timestamp now = wall_clock_.Now();
  payment.state = outcome;
  payment.updated_at = now;
  if (outcome == "paid") {
    payment.receipt = text;
    payment.result_code = "0";
    payment.result_desc = "resolved by staff: paid";
  } else {
    payment.result_code = "staff";
    payment.result_desc = "resolved by staff: " + std::string(Trim(text));
  }
  bool moved = false;
  auto wrote = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    moved = stores.payouts.UpdatePayment(payment, from);
    if (!moved) return {};
    if (outcome == "paid" && payment.part < payment.parts) {
      if (auto following = stores.payouts.FindPayment(PaymentIdOf(payment.withdrawal_id, payment.part + 1));
          following && following->state == "waiting") {
        following->state = "pending";
        following->next_at = now;
        following->updated_at = now;
        stores.payouts.UpdatePayment(*following, "waiting");
      }
    }
    stores.accounts.AppendAudit(accounts::AuditEntryFor(
        actor, "mpesa_payment_resolved", "mpesa_payment:" + payment_id, now, ip,
        json::serialize(json::object{{"withdrawal_id", payment.withdrawal_id},
                                     {"from", from},
                                     {"outcome", outcome},
                                     {outcome == "paid" ? "receipt" : "reason", text}})));
    return {};
  });
  if (!wrote) return Fail(wrote.error());
  if (!moved) return Fail(Error::Conflict("payment " + payment_id + " changed meanwhile; read it again"));
  auto settled = SettleMpesaWithdrawal(journal_, program_clock_, wall_clock_, payment.withdrawal_id,
                                       accounts::AuditEntryFor(actor, "", "", now, ip, "").actor);
  if (!settled) return Fail(settled.error());
  auto after = journal_.ReadFrom([&](Stores& stores) { return stores.payouts.FindPayment(payment_id); });
  if (!after || !*after) return Fail(Error::Internal("payment " + payment_id + " is gone"));
  return std::move(**after);
}

Result<std::vector<PayoutCallback>> PayoutDesk::Callbacks(const Principal& actor,
                                                          const std::string& payment_id) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  return journal_.ReadFrom([&](Stores& stores) { return stores.payouts.CallbacksOf(payment_id); });
}

Result<BankBatch> PayoutDesk::ExportBankBatch(const Principal& actor, const std::string& ip) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  struct Approved {
    std::string id, agent;
    Money net;
  };
  std::vector<Approved> approved;
  journal_.Read([&](const engine::Engine& engine) {
    for (const auto& id : engine.approved_withdrawals()) {
      const auto& withdrawal = engine.withdrawals().at(id);
      const auto& residency = engine.agents().at(withdrawal.agent).facts.residency;
      // The net the engine will pay: tax on today's residency.
      const Money tax = ApplyRate(withdrawal.gross, engine.program().withholding.at(residency));
      approved.push_back({id, withdrawal.agent, withdrawal.gross - tax});
    }
  });
  const Timestamp now = wall_clock_.Now();
  BankBatch batch;
  batch.id = fmt::format("BANK-{}-{}", FormatDate(EatDate(now)), RandomHex(3));
  auto wrote = journal_.WriteStores([&](Stores& stores) -> Result<void> {
    for (const auto& withdrawal : approved) {
      if (!stores.payouts.PaymentsOf(withdrawal.id).empty()) continue;  // on its way by M-Pesa
      const auto method = CurrentMethod(stores, withdrawal.agent);
      if (!method || method->method != "bank") continue;
      const auto company = stores.agents.FindAgentProfile(withdrawal.agent);
      BankPayout payout{withdrawal.id,     batch.id,
                        withdrawal.agent,  company ? company->name : withdrawal.agent,
                        method->bank_code, method->account_number,
                        withdrawal.net,  // at today's residency: what the engine will post
                        "exported",        std::nullopt,
                        std::nullopt,      now,
                        std::nullopt};
      if (stores.payouts.InsertBankPayout(payout)) batch.payouts.push_back(std::move(payout));
    }
    if (!batch.payouts.empty()) {
      Money total;
      for (const auto& payout : batch.payouts) total += payout.amount;
      stores.accounts.AppendAudit(accounts::AuditEntryFor(
          actor, "bank_batch_exported", "bank_batch:" + batch.id, now, ip,
          json::serialize(json::object{{"withdrawals", batch.payouts.size()}, {"total", total.ToString()}})));
    }
    return {};
  });
  if (!wrote) return Fail(wrote.error());
  return batch;
}

Result<BankBatch> PayoutDesk::FindBankBatch(const Principal& actor, const std::string& batch_id) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  auto payouts = journal_.ReadFrom([&](Stores& stores) { return stores.payouts.BankBatch(batch_id); });
  if (!payouts) return Fail(payouts.error());
  if (payouts->empty()) return Fail(Error::NotFound("no bank batch " + batch_id));
  return BankBatch{batch_id, std::move(*payouts)};
}

Result<BankImport> PayoutDesk::ImportBankConfirmation(const Principal& actor, std::string_view csv,
                                                      const std::string& ip) {
  if (auto allowed = accounts::RequireStaff(actor); !allowed) return Fail(allowed.error());
  auto lines = ReadBankConfirmation(csv);
  if (!lines) return Fail(lines.error());
  // Checked against what was exported before anything is written.
  std::vector<FieldError> problems;
  std::vector<const BankConfirmation*> to_apply;
  BankImport result;
  auto read = journal_.ReadStores([&](Stores& stores) -> Result<void> {
    for (const auto& line : *lines) {
      const auto where = fmt::format("line {}", line.line);
      const auto payout = stores.payouts.FindBankPayout(line.reference);
      if (!payout) {
        problems.push_back({where + ": reference", line.reference + " is in no exported transfer file"});
        continue;
      }
      if (line.amount != payout->amount) {
        problems.push_back(
            {where + ": amount", fmt::format("{} does not match the {} exported", line.amount.ToString(),
                                             payout->amount.ToString())});
        continue;
      }
      if (payout->state != "exported") {
        const bool same = payout->state == line.status &&
                          (line.status != "paid" || payout->bank_reference == line.bank_reference);
        if (same) {
          ++result.unchanged;
        } else {
          problems.push_back(
              {where + ": status", fmt::format("the transfer was confirmed {} before", payout->state)});
        }
        continue;
      }
      to_apply.push_back(&line);
    }
    return {};
  });
  if (!read) return Fail(read.error());
  if (!problems.empty()) return Fail(Error::Invalid("bank confirmation: nothing was imported", problems));
  if (to_apply.empty()) return result;
  Timestamp at{};
  journal_.Read([&](const engine::Engine& engine) { at = std::max(program_clock_.Now(), engine.clock()); });
  std::vector<engine::Command> commands;
  for (const auto* line : to_apply) {
    if (line->status == "paid") {
      commands.emplace_back(
          engine::WithdrawalPaid{at, line->reference, "Bank " + line->bank_reference, std::nullopt});
      ++result.paid;
    } else {
      commands.emplace_back(engine::WithdrawalFailed{at, line->reference, "Bank: " + line->reason});
      ++result.failed;
    }
  }
  const Timestamp now = wall_clock_.Now();
  auto applied = journal_.ApplyChecked(
      commands,
      [&](const engine::Engine& engine) -> Result<void> {
        for (const auto* line : to_apply) {
          if (!engine.approved_withdrawals().contains(line->reference)) {
            return Fail(Error::Conflict(fmt::format("line {}: withdrawal {} is not approved and unpaid",
                                                    line->line, line->reference)));
          }
        }
        return {};
      },
      [&](Stores& stores, const engine::Engine&) -> Result<void> {
        for (const auto* line : to_apply) {
          const bool paid = line->status == "paid";
          if (!stores.payouts.ConfirmBankPayout(line->reference, line->status,
                                                paid ? std::optional(line->bank_reference) : std::nullopt,
                                                paid ? std::nullopt : std::optional(line->reason), now)) {
            return Fail(Error::Conflict("withdrawal " + line->reference + " was confirmed meanwhile"));
          }
        }
        stores.accounts.AppendAudit(accounts::AuditEntryFor(
            actor, "bank_confirmation_imported", "bank_confirmation", now, ip,
            json::serialize(json::object{
                {"paid", result.paid}, {"failed", result.failed}, {"unchanged", result.unchanged}})));
        return {};
      });
  if (!applied) return Fail(applied.error());
  return result;
}

}  // namespace wakala::payouts
