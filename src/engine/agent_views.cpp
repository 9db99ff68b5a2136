#include "engine/agent_views.hpp"

#include <algorithm>
#include <map>

namespace wakala::engine {

using ledger::AccountKind;
using ledger::AccountRef;

namespace {

constexpr std::size_t kRecentCommissions = 10;
constexpr std::size_t kMaturationDays = 5;

std::string ClientOf(const Engine& engine, const Commission& commission) {
  if (commission.invoice.empty()) return {};
  const auto found = engine.invoices().find(commission.invoice);
  return found == engine.invoices().end() ? std::string() : found->second.client;
}

ledger::AgentBalances BalancesAsOf(const ledger::Ledger& ledger, const std::string& agent, Timestamp as_of) {
  const auto of = [&](AccountKind kind) { return ledger.BalanceAsOf(AccountRef::Agent(agent, kind), as_of); };
  return ledger::AgentBalances{of(AccountKind::kPending),     of(AccountKind::kAvailable),
                               of(AccountKind::kWithdrawing), of(AccountKind::kPaidOut),
                               of(AccountKind::kTaxWithheld), of(AccountKind::kReversed),
                               of(AccountKind::kForfeited)};
}

}  // namespace

std::vector<CommissionRow> ListCommissions(const Engine& engine, const std::string& agent,
                                           const CommissionFilter& filter) {
  std::vector<CommissionRow> rows;
  const auto coverage = engine.PaidCoverage(agent);
  for (const Commission* commission : engine.CommissionsOf(agent)) {
    if (filter.from && commission->created_at < *filter.from) continue;
    if (filter.until && commission->created_at >= *filter.until) continue;
    if (filter.kind && commission->kind != *filter.kind) continue;
    CommissionRow row{commission, engine.CommissionState(*commission, coverage),
                      ClientOf(engine, *commission)};
    if (filter.state && row.state != *filter.state) continue;
    if (filter.client && row.client != *filter.client) continue;
    rows.push_back(std::move(row));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const CommissionRow& a, const CommissionRow& b) {
    return std::tie(b.commission->created_at, b.commission->id) <
           std::tie(a.commission->created_at, a.commission->id);
  });
  return rows;
}

Dashboard BuildDashboard(const Engine& engine, const std::string& agent_id, Timestamp now) {
  Dashboard dashboard;
  const auto& program = engine.program();
  const Agent& agent = engine.agents().at(agent_id);
  const auto& tier = program.tiers.at(static_cast<std::size_t>(agent.facts.tier));
  dashboard.tier = tier.name;
  dashboard.month = EatMonth::Of(now);
  dashboard.figures = engine.Figures(agent_id, dashboard.month);
  dashboard.target_sales = tier.requirements.monthly_sales;
  dashboard.target_signups = tier.requirements.monthly_signups;
  dashboard.balances = ledger::BalancesOf(engine.ledger(), agent_id);
  // Pending commissions grouped by the EAT day they mature on, soonest first.
  for (const Commission* commission : engine.CommissionsOf(agent_id)) {
    if (commission->matured || commission->Left() <= Money{}) continue;
    const auto day = EatDate(commission->available_at);
    if (dashboard.next_maturations.empty() || dashboard.next_maturations.back().date != day) {
      if (dashboard.next_maturations.size() == kMaturationDays) break;
      dashboard.next_maturations.push_back(Maturation{day, Money{}});
    }
    dashboard.next_maturations.back().amount += commission->Left();
  }
  auto all = ListCommissions(engine, agent_id, {});
  if (all.size() > kRecentCommissions) all.resize(kRecentCommissions);
  dashboard.recent = std::move(all);
  const int this_month = dashboard.month.year * 12 + static_cast<int>(dashboard.month.month) - 1;
  for (int index = this_month - 11; index <= this_month; ++index) {
    dashboard.last_twelve_months.push_back(
        {EatMonth{index / 12, static_cast<unsigned>(index % 12) + 1}, Money{}, 0});
  }
  const Timestamp from = dashboard.last_twelve_months.front().month.Start();
  const Timestamp until = dashboard.month.Next().Start();
  for (const Commission* commission : engine.CommissionsOf(agent_id)) {
    if (commission->created_at < from || commission->created_at >= until) continue;
    const EatMonth month = EatMonth::Of(commission->created_at);
    const int index = month.year * 12 + static_cast<int>(month.month) - 1 - (this_month - 11);
    auto& bucket = dashboard.last_twelve_months.at(static_cast<std::size_t>(index));
    bucket.amount += commission->amount;
    ++bucket.count;
  }
  return dashboard;
}

TierProgress BuildProgress(const Engine& engine, const std::string& agent_id, Timestamp now) {
  TierProgress progress;
  const auto& program = engine.program();
  const Agent& agent = engine.agents().at(agent_id);
  progress.tier = program.TierName(agent.facts.tier);
  const EatQuarter quarter = EatQuarter::Of(now);
  progress.quarter = quarter.ToString();
  const auto today = std::chrono::sys_days(EatDate(now));
  const auto last_day = std::chrono::sys_days(EatDate(quarter.Next().Start() - std::chrono::seconds(1)));
  progress.days_left = static_cast<int>((last_day - today).count()) + 1;
  if (agent.facts.tier >= program.TopTier()) return progress;
  const TierIndex next = agent.facts.tier + 1;
  progress.next_tier = program.TierName(next);
  progress.checks = engine.TierChecks(agent_id, next, now);
  for (const auto& check : progress.checks) {
    std::string gap;
    if (check.requirement == "monthly_sales_avg" || check.requirement == "monthly_signups_avg" ||
        check.requirement == "sales_certified_people") {
      const bool whole = check.requirement == "sales_certified_people";
      const auto measured =
          // Sales may be negative (a refund in a month without sales): read with the sign.
          whole ? Money::Cents(std::stoll(check.measured) * 100)
                : Money::Parse(check.measured, true).value_or(Money{});
      const auto threshold = whole ? Money::Cents(std::stoll(check.threshold) * 100)
                                   : Money::Parse(check.threshold, true).value_or(Money{});
      const Money missing = std::max(threshold - measured, Money{});
      gap = whole ? std::to_string(missing.cents() / 100) : missing.ToString();
    }
    progress.gaps.push_back(std::move(gap));
  }
  return progress;
}

WithdrawalPreview PreviewWithdrawal(const Engine& engine, const std::string& agent_id, Money gross) {
  WithdrawalPreview preview;
  const auto& program = engine.program();
  const Agent& agent = engine.agents().at(agent_id);
  preview.gross = gross;
  preview.residency = agent.facts.residency;
  preview.withholding_rate = program.withholding.at(agent.facts.residency);
  preview.tax = ApplyRate(gross, preview.withholding_rate);
  preview.net = gross - preview.tax;
  preview.available = engine.ledger().Balance(AccountRef::Agent(agent_id, AccountKind::kAvailable));
  // The same refusals, in the same order, as Engine::Withdraw.
  if (agent.terminated) {
    preview.refusal = "agent is terminated";
  } else if (gross < program.min_withdrawal) {
    preview.refusal = "below the minimum withdrawal of " + program.min_withdrawal.ToString();
  } else if (gross > preview.available) {
    preview.refusal = "more than the available balance of " + preview.available.ToString();
  }
  return preview;
}

Statement BuildStatement(const Engine& engine, const std::string& agent, EatMonth month) {
  Statement statement;
  statement.month = month;
  const Timestamp start = month.Start();
  const Timestamp end = month.Next().Start();
  const auto& ledger = engine.ledger();
  statement.opening = BalancesAsOf(ledger, agent, start - std::chrono::seconds(1));
  statement.closing = BalancesAsOf(ledger, agent, end - std::chrono::seconds(1));
  for (const auto& transaction : ledger.transactions()) {
    if (transaction.at < start || transaction.at >= end) continue;
    Money moved;
    Money tax;
    bool touches = false;
    for (const auto& posting : transaction.postings) {
      if (posting.account.agent_id != agent) continue;
      touches = true;
      if (posting.account.kind == AccountKind::kTaxWithheld) {
        tax += posting.amount;
      } else if (posting.amount > Money{}) {
        moved += posting.amount;
      }
    }
    if (!touches) continue;
    std::string reference = transaction.commission_id;
    if (reference.empty()) {
      const auto slash = transaction.key.find('/');
      reference = slash == std::string::npos ? transaction.key : transaction.key.substr(slash + 1);
    }
    const std::string& kind = transaction.kind;
    if (kind == ledger::kinds::kAccrual) statement.accrued += moved;
    if (kind == ledger::kinds::kReversal) statement.reversed += moved;
    if (kind == ledger::kinds::kForfeiture) statement.forfeited += moved;
    if (kind == ledger::kinds::kWithdrawalPaid) {
      statement.withdrawn_gross += moved;
      statement.tax_withheld += tax;
      statement.paid_net += moved - tax;
    }
    statement.lines.push_back(StatementLine{transaction.at, kind, std::move(reference), moved});
  }
  return statement;
}

std::vector<AgentClientRow> AgentClients(const Engine& engine, const std::string& agent) {
  std::map<std::string, AgentClientRow> rows;
  for (const auto& [id, client] : engine.clients()) {
    if (!client.association) continue;
    const auto& association = engine.associations()[*client.association];
    if (association.agent != agent) continue;
    AgentClientRow row;
    row.client = id;
    row.source = std::string(SourceName(association.source));
    row.since = association.created_at;
    rows.emplace(id, std::move(row));
  }
  for (const auto& [id, invoice] : engine.invoices()) {
    const auto found = rows.find(invoice.client);
    if (found == rows.end()) continue;
    AgentClientRow& row = found->second;
    ++row.invoices_paid;
    Money total;
    for (const auto& line : invoice.lines) {
      total += line.line.amount - line.refunded;
      if (line.line.subscription && std::find(row.subscriptions.begin(), row.subscriptions.end(),
                                              *line.line.subscription) == row.subscriptions.end()) {
        row.subscriptions.push_back(*line.line.subscription);
      }
    }
    if (!row.last_invoice_paid_at || invoice.paid_at >= *row.last_invoice_paid_at) {
      row.last_invoice = id;
      row.last_invoice_paid_at = invoice.paid_at;
      row.last_invoice_total = total;
    }
  }
  for (const Commission* commission : engine.CommissionsOf(agent)) {
    if (commission->invoice.empty()) continue;
    const auto invoice = engine.invoices().find(commission->invoice);
    if (invoice == engine.invoices().end()) continue;
    const auto found = rows.find(invoice->second.client);
    if (found != rows.end()) found->second.commissions_earned += commission->Left();
  }
  std::vector<AgentClientRow> list;
  list.reserve(rows.size());
  for (auto& [id, row] : rows) {
    std::sort(row.subscriptions.begin(), row.subscriptions.end());
    list.push_back(std::move(row));
  }
  return list;
}

}  // namespace wakala::engine
