#include "agents/agent_mail.hpp"

#include <fmt/format.h>

#include <map>

#include "core/calendar.hpp"

namespace wakala::agents {

namespace {

using ledger::AccountKind;
using ledger::AccountRef;

std::string Kes(Money amount) {
  return amount.ToString();
}

// One withdrawal's step, emailed when the engine took it (a refused step
// leaves the withdrawal as it was, and says nothing).
Result<void> WithdrawalNotice(Stores& stores, const engine::Engine& engine, const std::string& id,
                              const std::string& expected_state, const std::string& public_url) {
  const auto found = engine.withdrawals().find(id);
  if (found == engine.withdrawals().end()) return {};
  const engine::Withdrawal& withdrawal = found->second;
  const bool refused = expected_state == "requested" && withdrawal.state == "refused";
  if (withdrawal.state != expected_state && !refused) return {};
  notify::Params params{{"withdrawal", withdrawal.id},
                        {"gross", Kes(withdrawal.gross)},
                        {"tax", Kes(withdrawal.tax)},
                        {"net", Kes(withdrawal.net)},
                        {"reason", withdrawal.reason},
                        {"reference", withdrawal.reference},
                        {"link", public_url + "/agent/withdrawals"}};
  return EmailAgent(stores, withdrawal.agent,
                    "withdrawal_" + (refused ? std::string("refused") : expected_state), std::move(params),
                    engine.clock());
}

// "- monthly_sales_avg (gold): 41,000.00, needs 50,000.00: not met", one line per check.
std::string Explanation(const engine::Evaluation& evaluation) {
  std::string lines;
  for (const auto& check : evaluation.checks) {
    lines += fmt::format("- {} ({}): {} / {} {}\n", check.requirement, check.tier, check.measured,
                         check.threshold, check.met ? "✓" : "✗");
  }
  if (!evaluation.reason.empty()) lines += evaluation.reason + "\n";
  return lines.empty() ? "-\n" : lines;
}

Result<void> TierNotice(Stores& stores, const engine::Engine& engine, const std::string& agent_id,
                        const engine::Evaluation& evaluation, const std::string& public_url) {
  if (evaluation.from == evaluation.to) return {};
  const std::string quarter = evaluation.quarter == "override" ? "" : evaluation.quarter;
  return EmailAgent(stores, agent_id, quarter.empty() ? "tier_overridden" : "tier_changed",
                    {{"from", evaluation.from},
                     {"to", evaluation.to},
                     {"quarter", quarter},
                     {"explanation", Explanation(evaluation)},
                     {"link", public_url + "/agent/evaluations"}},
                    engine.clock());
}

}  // namespace

std::optional<Mailbox> AgentMailbox(Stores& stores, const std::string& agent_id) {
  const auto company = stores.agents.FindAgentProfile(agent_id);
  if (!company || company->email.empty()) return std::nullopt;
  Mailbox mailbox{company->email, "en"};
  if (const auto holder = stores.accounts.FindUserByEmail(company->email);
      holder && holder->user.agent_id == agent_id) {
    mailbox.language = holder->user.language;
  }
  return mailbox;
}

Result<void> EmailAgent(Stores& stores, const std::string& agent_id, const std::string& template_name,
                        notify::Params params, Timestamp at) {
  const auto mailbox = AgentMailbox(stores, agent_id);
  if (!mailbox) return {};
  if (const auto company = stores.agents.FindAgentProfile(agent_id)) params.emplace("company", company->name);
  auto email = notify::Compose(template_name, mailbox->language, params);
  if (!email) return Fail(email.error());
  stores.agents.QueueEmail(OutboundEmail::To(mailbox->address, std::move(*email), at));
  return {};
}

Result<void> QueueEngineNotices(Stores& stores, const engine::Engine& engine,
                                const engine::EngineMarks& before,
                                const std::vector<engine::Command>& commands, const std::string& public_url) {
  for (const auto& command : commands) {
    Result<void> told;
    if (const auto* withdraw = std::get_if<engine::Withdraw>(&command)) {
      told = WithdrawalNotice(stores, engine, withdraw->id, "requested", public_url);
    } else if (const auto* approved = std::get_if<engine::WithdrawalApproved>(&command)) {
      told = WithdrawalNotice(stores, engine, approved->id, "approved", public_url);
    } else if (const auto* paid = std::get_if<engine::WithdrawalPaid>(&command)) {
      told = WithdrawalNotice(stores, engine, paid->id, "paid", public_url);
    } else if (const auto* rejected = std::get_if<engine::WithdrawalRejected>(&command)) {
      told = WithdrawalNotice(stores, engine, rejected->id, "rejected", public_url);
    } else if (const auto* failed = std::get_if<engine::WithdrawalFailed>(&command)) {
      told = WithdrawalNotice(stores, engine, failed->id, "failed", public_url);
    } else if (const auto* overridden = std::get_if<engine::OverrideTier>(&command)) {
      const auto agent = engine.agents().find(overridden->agent);
      if (agent != engine.agents().end() && !agent->second.evaluations.empty() &&
          agent->second.evaluations.back().quarter == "override") {
        told = TierNotice(stores, engine, overridden->agent, agent->second.evaluations.back(), public_url);
      }
    }
    if (!told) return told;
  }

  // Commission that matured in the batch: one email per agent, with the sum.
  std::map<std::string, Money> matured;
  const auto& transactions = engine.ledger().transactions();
  for (std::size_t i = before.ledger_size; i < transactions.size(); ++i) {
    if (transactions[i].kind != ledger::kinds::kMaturation) continue;
    for (const auto& posting : transactions[i].postings) {
      if (posting.account.kind == AccountKind::kAvailable && posting.amount > Money{}) {
        matured[posting.account.agent_id] += posting.amount;
      }
    }
  }
  for (const auto& [agent, amount] : matured) {
    const Money available = engine.ledger().Balance(AccountRef::Agent(agent, AccountKind::kAvailable));
    auto told = EmailAgent(
        stores, agent, "commission_matured",
        {{"amount", Kes(amount)}, {"available", Kes(available)}, {"link", public_url + "/agent/withdrawals"}},
        engine.clock());
    if (!told) return told;
  }

  const auto& notifications = engine.notifications();
  for (std::size_t i = before.notifications; i < notifications.size(); ++i) {
    const auto& notification = notifications[i];
    if (notification.kind != "affiliate_warning") continue;
    const auto agent = engine.agents().find(notification.agent);
    if (agent == engine.agents().end() || !agent->second.window_start) continue;
    const Timestamp start = *agent->second.window_start;
    const auto window = std::chrono::days(engine.program().affiliate_window_days);
    const auto day = std::chrono::duration_cast<std::chrono::days>(notification.at - start).count();
    auto told = EmailAgent(stores, notification.agent, "affiliate_warning",
                           {{"day", std::to_string(day)},
                            {"window", std::to_string(window.count())},
                            {"deadline", FormatDate(EatDate(start + window))},
                            {"link", public_url + "/agent/tier"}},
                           notification.at);
    if (!told) return told;
  }

  // A quarter closed in the batch: every agent was evaluated, so reading each
  // agent's newest evaluations is in proportion to the work the batch did.
  if (engine.Marks().next_quarter_close != before.next_quarter_close) {
    for (const auto& [id, agent] : engine.agents()) {
      for (auto evaluation = agent.evaluations.rbegin(); evaluation != agent.evaluations.rend();
           ++evaluation) {
        if (evaluation->at <= before.clock) break;
        if (evaluation->quarter == "override") continue;
        if (auto told = TierNotice(stores, engine, id, *evaluation, public_url); !told) return told;
      }
    }
  }
  return {};
}

}  // namespace wakala::agents
