#include "payouts/withdrawal_service.hpp"

#include <fmt/format.h>
#include <boost/json.hpp>

#include <algorithm>
#include <cstdint>
#include <regex>
#include <tuple>

namespace wakala::payouts {

namespace json = boost::json;
using accounts::Principal;
using accounts::Role;

namespace {

Error UnknownAgent(const std::string& agent_id) {
  return Error::NotFound("no agent " + agent_id + " in the program");
}

Error Refused(const std::string& reason) {
  return Error::Invalid("withdrawal refused: " + reason, {{"amount", reason}});
}

// The program's withholding rate (basis points) for the residency a
// payout's tax was computed on.
std::int64_t RateOf(const engine::Engine& engine, const std::string& residency) {
  const auto rate = engine.program().withholding.find(residency);
  return rate == engine.program().withholding.end() ? 0 : rate->second.value;
}

std::string_view ActionName(Decision decision) {
  switch (decision) {
    case Decision::kApprove:
      return "approve";
    case Decision::kPay:
      return "pay";
    case Decision::kReject:
      break;
  }
  return "reject";
}

}  // namespace

WithdrawalService::WithdrawalService(Journal& journal, accounts::AccountService& accounts,
                                     const Clock& program_clock, const Clock& wall_clock)
    : journal_(journal), accounts_(accounts), program_clock_(program_clock), wall_clock_(wall_clock) {}

Timestamp WithdrawalService::ActionTime(const engine::Engine& engine) const {
  return std::max(program_clock_.Now(), engine.clock());
}

std::optional<engine::Withdrawal> WithdrawalService::Withdrawal(const std::string& id) {
  std::optional<engine::Withdrawal> found;
  journal_.Read([&](const engine::Engine& engine) {
    if (const auto w = engine.withdrawals().find(id); w != engine.withdrawals().end()) found = w->second;
  });
  return found;
}

Result<engine::WithdrawalPreview> WithdrawalService::Preview(const Principal& actor,
                                                             const std::string& agent_id, Money amount) {
  if (auto allowed = accounts::RequireAgentAccess(actor, agent_id); !allowed) return Fail(allowed.error());
  std::optional<engine::WithdrawalPreview> preview;
  journal_.Read([&](const engine::Engine& engine) {
    if (engine.agents().contains(agent_id)) preview = engine::PreviewWithdrawal(engine, agent_id, amount);
  });
  if (!preview) return Fail(UnknownAgent(agent_id));
  return std::move(*preview);
}

Result<std::vector<engine::Withdrawal>> WithdrawalService::OfAgent(const Principal& actor,
                                                                   const std::string& agent_id) {
  if (auto allowed = accounts::RequireAgentAccess(actor, agent_id); !allowed) return Fail(allowed.error());
  std::optional<std::vector<engine::Withdrawal>> mine;
  journal_.Read([&](const engine::Engine& engine) {
    if (!engine.agents().contains(agent_id)) return;
    mine.emplace();
    for (const auto& [id, withdrawal] : engine.withdrawals()) {
      if (withdrawal.agent == agent_id) mine->push_back(withdrawal);
    }
  });
  if (!mine) return Fail(UnknownAgent(agent_id));
  std::sort(mine->begin(), mine->end(), [](const auto& a, const auto& b) {
    return std::tie(b.requested_at, b.id) < std::tie(a.requested_at, a.id);
  });
  return std::move(*mine);
}

Result<std::vector<TaxMonth>> WithdrawalService::TaxWithheld(const Principal& actor,
                                                             const std::string& agent_id) {
  if (auto allowed = accounts::RequireAgentAccess(actor, agent_id); !allowed) return Fail(allowed.error());
  std::optional<std::vector<TaxMonth>> months;
  journal_.Read([&](const engine::Engine& engine) {
    if (!engine.agents().contains(agent_id)) return;
    months.emplace();
    const auto all = engine.TaxWithheldByMonth();
    if (const auto found = all.find(agent_id); found != all.end()) {
      for (const auto& [month, amount] : found->second) months->push_back({month, amount});
    }
  });
  if (!months) return Fail(Error::NotFound("no agent " + agent_id + " in the program"));
  return std::move(*months);
}

Result<void> WithdrawalService::MayRequest(const Principal& actor, const std::string& agent_id) {
  if (auto allowed = accounts::RequireAgentAccess(actor, agent_id); !allowed) return Fail(allowed.error());
  if (auto role = accounts::RequireRole(actor, {Role::kAgent}); !role) {
    return Fail(Error::Forbidden("only the agent's own users can request a withdrawal"));
  }
  return {};
}

Result<std::string> WithdrawalService::WithdrawalId(const std::string& agent_id,
                                                    const std::optional<std::string>& key) {
  static const std::regex kKey("^[A-Za-z0-9_-]{8,64}$");
  if (!key || !std::regex_match(*key, kKey)) {
    return Fail(Error::Invalid(
        "Idempotency-Key header: required on a withdrawal request, 8–64 letters, digits, '-' or '_' "
        "(e.g. a UUID); a retry with the same key returns the first request's withdrawal",
        {{"Idempotency-Key", key ? "must be 8-64 of A-Z a-z 0-9 - _" : "is required"}}));
  }
  return "WD-" + agent_id + "-" + *key;
}

Result<RequestedWithdrawal> WithdrawalService::Request(const Principal& actor,
                                                       const WithdrawalRequest& request) {
  if (auto allowed = MayRequest(actor, request.agent_id); !allowed) return Fail(allowed.error());
  auto id = WithdrawalId(request.agent_id, request.idempotency_key);
  if (!id) return Fail(id.error());

  // A retry of a request already made answers with its withdrawal, without a
  // second password check or a second event.
  std::optional<engine::Withdrawal> existing;
  std::optional<engine::WithdrawalPreview> preview;
  Timestamp at{};
  journal_.Read([&](const engine::Engine& engine) {
    if (!engine.agents().contains(request.agent_id)) return;
    if (const auto found = engine.withdrawals().find(*id); found != engine.withdrawals().end()) {
      existing = found->second;
    }
    preview = engine::PreviewWithdrawal(engine, request.agent_id, request.amount);
    at = ActionTime(engine);
  });
  if (!preview) return Fail(UnknownAgent(request.agent_id));
  // The answer to a retry: the first request's withdrawal, or a conflict when
  // the key was used for another amount.
  const auto replay = [&](const engine::Withdrawal& first) -> Result<RequestedWithdrawal> {
    if (first.gross != request.amount) {
      return Fail(Error::Conflict(
          fmt::format("Idempotency-Key was used for a withdrawal of {}; a different request needs a new key",
                      first.gross.ToString())));
    }
    return RequestedWithdrawal{first, true};
  };
  if (existing) return replay(*existing);
  if (auto confirmed = accounts_.ConfirmPassword(actor, request.password, request.ip); !confirmed) {
    return Fail(confirmed.error());
  }
  if (!preview->refusal.empty()) return Fail(Refused(preview->refusal));
  const auto audit = accounts::AuditEntryFor(
      actor, "withdrawal_requested", "withdrawal:" + *id, wall_clock_.Now(), request.ip,
      json::serialize(json::object{{"agent_id", request.agent_id}, {"amount", request.amount.ToString()}}));
  auto applied = journal_.Apply({engine::Withdraw{at, *id, request.agent_id, request.amount}},
                                [&](Stores& stores) -> Result<void> {
                                  stores.accounts.AppendAudit(audit);
                                  return {};
                                });
  if (!applied) {
    // A concurrent request with the same key got in first (double click,
    // retry storm): it made the withdrawal, and this one is its replay.
    if (auto raced = Withdrawal(*id)) return replay(*raced);
    return Fail(applied.error());
  }
  auto made = Withdrawal(*id);
  if (!made)
    return Fail(Error::Internal("withdrawal " + *id + " was logged but the engine does not hold it"));
  // The balance can change between the preview and the event (a reversal, a
  // second request): the engine's own check is the one that counts.
  if (made->state == "refused") return Fail(Refused(made->reason));
  return RequestedWithdrawal{std::move(*made), false};
}

Result<documents::Party> WithdrawalService::Payee(const Principal& actor, const std::string& agent_id) {
  if (auto allowed = accounts::RequireAgentAccess(actor, agent_id); !allowed) return Fail(allowed.error());
  std::optional<documents::Party> payee;
  journal_.Read([&](const engine::Engine& engine) {
    if (const auto agent = engine.agents().find(agent_id); agent != engine.agents().end()) {
      payee = documents::Party{agent_id, "", agent->second.facts.kra_pin};
    }
  });
  if (!payee) return Fail(UnknownAgent(agent_id));
  auto read = journal_.ReadStores([&](Stores& stores) -> Result<void> {
    if (const auto company = stores.agents.FindAgentProfile(agent_id)) payee->name = company->name;
    return {};
  });
  if (!read) return Fail(read.error());
  return std::move(*payee);
}

Result<documents::Remittance> WithdrawalService::Remittance(const Principal& actor, const std::string& id) {
  auto withdrawal = Find(actor, id);
  if (!withdrawal) return Fail(withdrawal.error());
  if (withdrawal->state != "paid" || !withdrawal->paid_at) {
    return Fail(Error::Conflict("withdrawal " + id + " is " + withdrawal->state +
                                "; its remittance exists once it is paid"));
  }
  auto payee = Payee(actor, withdrawal->agent);
  if (!payee) return Fail(payee.error());
  documents::Remittance remittance;
  remittance.residency = withdrawal->residency;
  journal_.Read(
      [&](const engine::Engine& engine) { remittance.rate_bp = RateOf(engine, withdrawal->residency); });
  remittance.paid_at = *withdrawal->paid_at;
  remittance.withdrawal = std::move(*withdrawal);
  remittance.payee = std::move(*payee);
  return remittance;
}

Result<std::vector<documents::TaxDeduction>> WithdrawalService::TaxReport(const Principal& actor,
                                                                          EatMonth month) {
  if (auto allowed = MayDecide(actor); !allowed) return Fail(allowed.error());
  std::vector<documents::TaxDeduction> deductions;
  journal_.Read([&](const engine::Engine& engine) {
    const auto& paid = engine.withdrawals_by_payment();
    const auto end = paid.lower_bound({month.Next().Start(), std::string()});
    for (auto it = paid.lower_bound({month.Start(), std::string()}); it != end; ++it) {
      const engine::Withdrawal& withdrawal = engine.withdrawals().at(it->second);
      documents::TaxDeduction deduction;
      auto& remittance = deduction.remittance;
      remittance.withdrawal = withdrawal;
      remittance.residency = withdrawal.residency;
      remittance.paid_at = *withdrawal.paid_at;
      remittance.rate_bp = RateOf(engine, withdrawal.residency);
      if (const auto agent = engine.agents().find(withdrawal.agent); agent != engine.agents().end()) {
        remittance.payee = documents::Party{withdrawal.agent, "", agent->second.facts.kra_pin};
      }
      deduction.remit_by = AddWorkingDays(EatDate(*withdrawal.paid_at), 5);
      deductions.push_back(std::move(deduction));
    }
  });
  auto named = journal_.ReadStores([&](Stores& stores) -> Result<void> {
    for (auto& deduction : deductions) {
      if (const auto company = stores.agents.FindAgentProfile(deduction.remittance.withdrawal.agent)) {
        deduction.remittance.payee.name = company->name;
      }
    }
    return {};
  });
  if (!named) return Fail(named.error());
  std::sort(deductions.begin(), deductions.end(), [](const auto& a, const auto& b) {
    return std::tie(a.remittance.paid_at, a.remittance.withdrawal.id) <
           std::tie(b.remittance.paid_at, b.remittance.withdrawal.id);
  });
  return deductions;
}

Result<void> WithdrawalService::MayDecide(const Principal& actor) {
  return accounts::RequireRole(actor, {Role::kStaff});
}

Result<std::vector<engine::Withdrawal>> WithdrawalService::Queue(const Principal& actor,
                                                                 const std::optional<std::string>& state) {
  if (auto allowed = MayDecide(actor); !allowed) return Fail(allowed.error());
  static const std::vector<std::string> kStates{"requested", "approved", "paid",
                                                "rejected",  "failed",   "refused"};
  if (state && std::find(kStates.begin(), kStates.end(), *state) == kStates.end()) {
    return Fail(
        Error::Invalid("invalid withdrawal filter",
                       {{"state", "must be one of requested, approved, paid, rejected, failed, refused"}}));
  }
  std::vector<engine::Withdrawal> queue;
  journal_.Read([&](const engine::Engine& engine) {
    for (const auto& [id, withdrawal] : engine.withdrawals()) {
      if (!state || withdrawal.state == *state) queue.push_back(withdrawal);
    }
  });
  // Oldest first: the queue is worked in the order agents asked.
  std::sort(queue.begin(), queue.end(), [](const auto& a, const auto& b) {
    return std::tie(a.requested_at, a.id) < std::tie(b.requested_at, b.id);
  });
  return queue;
}

Result<engine::Withdrawal> WithdrawalService::Find(const Principal& actor, const std::string& id) {
  auto found = Withdrawal(id);
  // Another agent's withdrawal is "not found", like one that does not exist.
  if (!found || !accounts::RequireAgentAccess(actor, found->agent)) {
    if (auto role = accounts::RequireRole(actor, {Role::kStaff, Role::kAgent}); !role)
      return Fail(role.error());
    return Fail(Error::NotFound("no withdrawal " + id));
  }
  return std::move(*found);
}

Result<engine::Withdrawal> WithdrawalService::Decide(const Principal& actor, const std::string& id,
                                                     Decision decision, const std::string& text,
                                                     const std::string& ip) {
  if (auto allowed = MayDecide(actor); !allowed) return Fail(allowed.error());
  std::optional<engine::Withdrawal> before;
  Timestamp at{};
  journal_.Read([&](const engine::Engine& engine) {
    if (const auto w = engine.withdrawals().find(id); w != engine.withdrawals().end()) before = w->second;
    at = ActionTime(engine);
  });
  if (!before) return Fail(Error::NotFound("no withdrawal " + id));
  // Checked first so that a wrong step is a clear conflict and nothing is logged.
  const bool open =
      before->state == "requested" || (before->state == "approved" && decision != Decision::kApprove);
  if (!open) {
    return Fail(Error::Conflict(fmt::format("withdrawal {} is {}; it cannot be {}", id, before->state,
                                            decision == Decision::kApprove ? "approved"
                                            : decision == Decision::kPay   ? "paid"
                                                                           : "rejected")));
  }
  // On its way by M-Pesa or in a bank file: its payout settles it, not a
  // hand. Checked before (a clear answer) and again in the transaction that
  // would log the decision (a dispatcher may have started it meanwhile).
  const auto underway = [&](Stores& stores) -> std::string {
    if (decision == Decision::kApprove) return "";
    if (const auto payments = stores.payouts.PaymentsOf(id); !payments.empty()) {
      return fmt::format(
          "it is being paid by M-Pesa ({} part(s)): its payout settles it, or resolve its payments "
          "on the payouts page",
          payments.size());
    }
    if (const auto bank = stores.payouts.FindBankPayout(id)) {
      return "it is in bank transfer file " + bank->batch_id + ": import the bank's confirmation";
    }
    return "";
  };
  const auto refusal = [&](const std::string& why) {
    return Error::Conflict(fmt::format("withdrawal {} cannot be {} by hand: {}", id,
                                       decision == Decision::kPay ? "paid" : "rejected", why));
  };
  auto early = journal_.ReadFrom(underway);
  if (!early) return Fail(early.error());
  if (!early->empty()) return Fail(refusal(*early));
  const engine::Command command =
      decision == Decision::kApprove ? engine::Command(engine::WithdrawalApproved{at, id})
      : decision == Decision::kPay   ? engine::Command(engine::WithdrawalPaid{at, id, text, std::nullopt})
                                     : engine::Command(engine::WithdrawalRejected{at, id, text});
  json::object detail{{"agent_id", before->agent}, {"gross", before->gross.ToString()}};
  if (decision == Decision::kPay && !text.empty()) detail["reference"] = text;
  if (decision == Decision::kReject && !text.empty()) detail["reason"] = text;
  const auto audit =
      accounts::AuditEntryFor(actor, "withdrawal_" + std::string(ActionName(decision)), "withdrawal:" + id,
                              wall_clock_.Now(), ip, json::serialize(detail));
  auto applied = journal_.Apply({command}, [&](Stores& stores) -> Result<void> {
    if (const std::string why = underway(stores); !why.empty()) return Fail(refusal(why));
    stores.accounts.AppendAudit(audit);
    return {};
  });
  if (!applied) return Fail(applied.error());
  auto after = Withdrawal(id);
  if (!after) return Fail(Error::Internal("withdrawal " + id + " is no longer in the engine"));
  const std::string expected = decision == Decision::kApprove ? "approved"
                               : decision == Decision::kPay   ? "paid"
                                                              : "rejected";
  if (after->state != expected) {
    // Someone else moved it first (two staff on one queue).
    return Fail(Error::Conflict(fmt::format("withdrawal {} is {}", id, after->state)));
  }
  return std::move(*after);
}

}  // namespace wakala::payouts
