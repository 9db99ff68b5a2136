#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/engine.hpp"

// What an agent (and staff about an agent) reads: the dashboard, the
// commission list, the monthly statement, progress to the next tier, and the
// figures of a withdrawal before it is asked for. Pure functions of the
// engine's state; balances always come from the ledger.
namespace wakala::engine {

struct CommissionRow {
  const Commission* commission = nullptr;
  std::string state;   // pending, available, paid, reversed, forfeited
  std::string client;  // of the source invoice ("" for bonus and manual)
};

struct CommissionFilter {
  std::optional<Timestamp> from;   // created_at >= from
  std::optional<Timestamp> until;  // created_at < until
  std::optional<std::string> state;
  std::optional<CommissionKind> kind;
  std::optional<std::string> client;
};

// The agent's commissions that pass `filter`, newest first.
std::vector<CommissionRow> ListCommissions(const Engine& engine, const std::string& agent,
                                           const CommissionFilter& filter);

struct Maturation {
  std::chrono::year_month_day date{};  // EAT day on which the amount becomes available
  Money amount;
};

struct MonthCommissions {
  EatMonth month;
  Money amount;
  int count = 0;
};

struct Dashboard {
  std::string tier;
  EatMonth month;
  MonthFigures figures;  // this month so far
  Money target_sales;    // of the agent's tier (per month)
  int target_signups = 0;
  ledger::AgentBalances balances;            // from the ledger
  std::vector<Maturation> next_maturations;  // the next few days with amounts maturing
  std::vector<CommissionRow> recent;         // newest first
  // The twelve EAT months ending with this one, oldest first: commissions
  // earned in each (their amount, by the month they were created), for the chart.
  std::vector<MonthCommissions> last_twelve_months;
};

Dashboard BuildDashboard(const Engine& engine, const std::string& agent, Timestamp now);

struct TierProgress {
  std::string tier, next_tier;  // next_tier "" at the top
  std::string quarter;
  int days_left = 0;  // whole EAT days left in the quarter, today included
  std::vector<CheckResult> checks;
  // For the numeric requirements, how far the agent is from the threshold
  // ("0.00" when met); "" for yes/no and level requirements.
  std::vector<std::string> gaps;
};

TierProgress BuildProgress(const Engine& engine, const std::string& agent, Timestamp now);

struct WithdrawalPreview {
  Money gross, tax, net;
  Money available;
  std::string residency;
  BasisPoints withholding_rate;
  std::string refusal;  // "" if the request would be accepted now
};

WithdrawalPreview PreviewWithdrawal(const Engine& engine, const std::string& agent, Money gross);

// One line of a monthly statement: a ledger transaction touching the agent.
struct StatementLine {
  Timestamp at{};
  std::string kind;       // accrual, maturation, reversal, forfeiture, withdrawal_request, …
  std::string reference;  // commission id or withdrawal id
  Money amount;           // the movement's size (positive)
};

struct Statement {
  EatMonth month;
  ledger::AgentBalances opening, closing;
  Money accrued, reversed, forfeited, withdrawn_gross, tax_withheld, paid_net;
  std::vector<StatementLine> lines;
};

Statement BuildStatement(const Engine& engine, const std::string& agent, EatMonth month);

// One of an agent's current clients, as the agent's client list shows it.
struct AgentClientRow {
  std::string client;
  std::string source;  // how the association came about
  Timestamp since{};
  std::vector<std::string> subscriptions;  // managed subscriptions seen on its invoices
  int invoices_paid = 0;
  std::optional<std::string> last_invoice;
  std::optional<Timestamp> last_invoice_paid_at;
  Money last_invoice_total;
  Money commissions_earned;  // the agent's commissions from its invoices, less reversals and forfeits
};

// The agent's current clients, by client id.
std::vector<AgentClientRow> AgentClients(const Engine& engine, const std::string& agent);

}  // namespace wakala::engine
