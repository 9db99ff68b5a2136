#pragma once

#include <boost/unordered/unordered_flat_map.hpp>
#include <boost/unordered/unordered_flat_set.hpp>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/calendar.hpp"
#include "core/money.hpp"
#include "engine/facts.hpp"
#include "ledger/ledger.hpp"
#include "program/program.hpp"

namespace wakala::engine {

// ---- Rules versions -------------------------------------------------------
//
// The engine's behaviour where a rule fix changed what an event decides. Each
// stored event keeps the version it was decided under and is replayed under
// it, so that history replays as it was decided (docs/engine.md, "Rules
// versions"); new events are decided under kRulesVersion.
//   1  the first rules.
//   2  the affiliate 90-day rule forfeits only recurring sale commissions (the
//      program's recurring categories, not one-off rates); a client's signup is
//      its first paid invoice with a non-deposit line; a violation of "all
//      unpaid" takes what termination takes (a requested withdrawal goes on).
inline constexpr int kFirstRulesVersion = 1;
inline constexpr int kRulesVersion = 2;

// ---- State ---------------------------------------------------------------

enum class CommissionKind { kSale, kTechnical, kBonus, kManual };
std::string_view CommissionKindName(CommissionKind kind);

struct Commission {
  std::string id;  // "<invoice>/<line>/sale", "<invoice>/<line>/technical", "bonus/<agent>/<YYYY-MM>",
                   // manual: event id
  std::string agent;
  CommissionKind kind = CommissionKind::kSale;
  std::optional<Category> category;
  Money base;
  std::optional<BasisPoints> rate;
  Money amount;
  Timestamp created_at{};
  Timestamp available_at{};
  bool matured = false;
  bool recurring = false;  // a recurring sale commission (program data): forfeited by the affiliate rule
  bool first_invoice_only = false;  // a sale at a one-off rate (what rules version 1 forfeited on)
  bool reversible = false;          // from an association without referral evidence (4.4)
  Money reversed;
  Money forfeited;
  std::string invoice, line;  // source line, for sale and technical
  std::string reason;         // manual: why staff posted it

  Money Left() const { return amount - reversed - forfeited; }
};

struct CheckResult {
  std::string requirement;  // sip_trunk, sales_certified_people, technical_level, agreement_signed,
                            // monthly_sales_avg, monthly_signups_avg
  std::string tier;
  std::string measured, threshold;
  bool met = false;
};

struct Evaluation {
  std::string quarter;  // "2026Q1"; "override" for a staff override
  std::string from, to;
  std::string reason;  // overrides only
  Timestamp at{};
  std::vector<CheckResult> checks;
};

struct Notification {
  std::string kind;  // "affiliate_warning"
  std::string agent;
  Timestamp at{};
  std::string detail;
};

// One commission's part taken by a forfeiture.
struct Forfeit {
  std::string commission;
  Money amount;
};

// A client taken from an agent (termination, demotion to affiliate, the
// affiliate rule) and where it went: `to` empty is the unassigned pool.
struct ClientMove {
  std::string client, from;
  std::optional<std::string> to;
};

// A violation staff recorded (3.6): what it forfeited, commission by commission.
struct ViolationRecord {
  Timestamp at{};
  std::string reason;
  bool all_unpaid = false;
  std::vector<std::string> named;  // the commission ids staff named (empty with all_unpaid)
  std::vector<Forfeit> forfeited;  // only commissions that had something left
};

struct TerminationRecord {
  Timestamp at{};
  std::string reason;
  std::vector<Forfeit> forfeited;
  std::vector<ClientMove> reassigned;  // in client-id order
};

struct Agent {
  AgentFacts facts;
  bool terminated = false;
  // Affiliate 90-day rule: the open window, if the agent is an affiliate whose
  // window has not yet been settled by a sale.
  std::optional<Timestamp> window_start;
  bool window_sale = false;
  int warnings_sent = 0;
  std::optional<Timestamp> affiliate_due;  // its entry in Engine::affiliate_due_
  std::vector<Evaluation> evaluations;
  std::vector<ViolationRecord> violations;
  std::optional<TerminationRecord> termination;
};

struct Association {
  std::string client, agent;
  AssociationSource source = AssociationSource::kStaffAssignment;
  std::string referral_url;
  Timestamp created_at{};
  std::string rate_card;  // locked at creation
  bool reversible = false;
  std::optional<Timestamp> ended_at;
};

struct Client {
  ClientFacts facts;
  std::optional<std::size_t> association;  // index into Engine associations, while one is open
  bool ever_paid = false;                  // any invoice paid (rules version 1: its signup)
  bool ever_paid_non_deposit = false;      // an invoice with a non-deposit line paid (its signup)
};

struct StoredLine {
  InvoiceLine line;
  Money refunded;
  std::string agent;  // associated agent at payment time ("" if none)
};

struct Invoice {
  std::string id, client;
  Timestamp paid_at{};
  std::vector<StoredLine> lines;
};

struct Withdrawal {
  std::string id, agent;
  std::string state;  // requested, approved, paid, rejected, failed, refused
  Money gross, tax, net;
  Money returned;  // of what was asked, what the payout left in available (whole-shilling M-Pesa)
  std::string reason, reference;
  Timestamp requested_at{};
  std::optional<Timestamp> paid_at;
  std::string residency;  // the agent's at payout: what its tax was computed on
};

struct Flag {
  std::string kind, agent, client;
  Timestamp at{};
};

struct Refusal {
  Timestamp at{};
  std::string event, reason;
};

struct MonthFigures {
  Money sales;
  int signups = 0;
};

// The engine's own data, copied as is when the engine is copied (a dry run
// works on a copy); the Engine adds indexes that point into it.
struct EngineState {
  EngineState(program::Program program, Timestamp start);

  program::Program program_;
  int rules_version_ = kRulesVersion;  // what the next events are decided under
  Timestamp start_;
  Timestamp clock_;
  Timestamp next_month_close_;
  Timestamp next_quarter_close_;
  std::map<std::string, Agent> agents_;
  std::map<std::string, Client> clients_;
  std::vector<Association> associations_;
  std::map<std::string, Invoice> invoices_;
  // Hashed: looked up on every billing event, never walked.
  boost::unordered_flat_map<std::string, std::string> billing_fingerprints_;  // billing event id -> content
  boost::unordered_flat_set<std::string> subscriptions_seen_;
  std::map<std::string, Commission> commissions_;
  std::set<std::pair<Timestamp, std::string>> affiliate_due_;  // (due, agent id)
  std::map<std::string, std::set<std::string>> clients_of_;    // agent -> its current clients
  std::map<std::string, std::map<EatMonth, MonthFigures>> figures_;
  std::map<std::string, Withdrawal> withdrawals_;
  std::set<std::string> approved_withdrawals_;  // approved, not yet paid, rejected or failed
  std::set<std::pair<Timestamp, std::string>> withdrawals_by_request_;  // (requested_at, id)
  std::set<std::pair<Timestamp, std::string>> withdrawals_by_payment_;  // (paid_at, id) of paid ones
  std::vector<Flag> flags_;
  std::vector<Refusal> refusals_;
  std::vector<Notification> notifications_;
  ledger::Ledger ledger_;
};

}  // namespace wakala::engine
