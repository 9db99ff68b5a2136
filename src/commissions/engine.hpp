#pragma once

#include <boost/unordered/unordered_flat_map.hpp>
#include <boost/unordered/unordered_flat_set.hpp>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/calendar.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "ledger/ledger.hpp"
#include "program/program.hpp"

namespace wakala::commissions {

using program::Category;
using program::TechnicalLevel;
using program::TierIndex;

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

// ---- Inputs --------------------------------------------------------------

enum class CertificationKind { kSales, k3cx, kYeastar, kYealink };
std::optional<CertificationKind> ParseCertificationKind(std::string_view name);

struct Certification {
  CertificationKind kind = CertificationKind::kSales;
  TechnicalLevel level = TechnicalLevel::kNone;  // 3CX and Yeastar only
  Timestamp valid_from{};
  std::chrono::year_month_day valid_until{};  // valid through the end of this EAT day
};

struct Person {
  std::string id;
  std::vector<Certification> certifications;
};

struct AgentFacts {
  std::string id;
  TierIndex tier = 0;
  Timestamp activated_at{};
  std::string residency = "resident";
  bool sip_trunk_active = false;
  bool agreement_signed = false;
  std::string email, phone, kra_pin;
  std::vector<Person> people;
};

struct ClientFacts {
  std::string id;
  std::string email, phone, kra_pin;
};

enum class AssociationSource { kStaffAssignment, kReferralLink, kServiceManagerLink, kReassignment };
std::string_view SourceName(AssociationSource source);
std::optional<AssociationSource> ParseSource(std::string_view name);

struct InvoiceLine {
  std::string id;
  Category category = Category::kManagedSubscription;
  Money amount;
  std::optional<std::string> subscription;
  std::optional<std::string> performed_by;
};

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
  std::string state;  // requested, approved, paid, rejected, refused
  Money gross, tax, net;
  std::string reason, reference;
  Timestamp requested_at{};
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

// ---- The engine ------------------------------------------------------------

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
  std::vector<Flag> flags_;
  std::vector<Refusal> refusals_;
  std::vector<Notification> notifications_;
  ledger::Ledger ledger_;
};

// The whole program of program-rules.md over a double-entry ledger. Pure and
// deterministic: time comes only from the events (and `start`), so the same
// history always gives the same books. Every event first runs the scheduled
// work due up to its time (maturation, month close, affiliate checks, quarter
// close, in that order at equal times).
//
// An Error from an event means the input itself is wrong (unknown ids, bad
// amounts, a refund larger than the line); nothing is applied then. A business
// refusal (a withdrawal over the balance, a self-referral) is not an error: it
// is recorded in refusals()/flags() and the engine goes on.
class Engine : private EngineState {
 public:
  Engine(program::Program program, Timestamp start);
  // A copy gets its own indexes, pointing into its own state.
  Engine(const Engine& other);
  Engine& operator=(const Engine&) = delete;
  Engine(Engine&&) = delete;
  Engine& operator=(Engine&&) = delete;
  ~Engine() = default;

  Result<void> AddAgent(AgentFacts facts);
  Result<void> AddClient(ClientFacts facts);

  // Decides the following events (and the scheduled work they run) under the
  // rules of `version`, kFirstRulesVersion … kRulesVersion (checked by the caller):
  // replay sets each stored event's own version.
  void UseRules(int version) { rules_version_ = version; }
  int rules_version() const { return rules_version_; }

  // `fingerprint` identifies the event's content for idempotency (billing
  // events): the same id with the same fingerprint is a no-op, with another
  // fingerprint an error.
  Result<void> Associate(Timestamp at, const std::string& client, const std::string& agent,
                         AssociationSource source, const std::string& referral_url);
  Result<void> Revoke(Timestamp at, const std::string& client);
  Result<void> InvoicePaid(Timestamp at, const std::string& id, const std::string& client,
                           const std::vector<InvoiceLine>& lines, const std::string& fingerprint);
  Result<void> Refund(Timestamp at, const std::string& id, const std::string& invoice,
                      const std::string& line, Money amount, bool chargeback, const std::string& fingerprint);
  Result<void> Certify(Timestamp at, const std::string& agent, const std::string& person,
                       Certification certification);
  // A person leaves the agent: its certifications stop counting from `at`.
  Result<void> RemovePerson(Timestamp at, const std::string& agent, const std::string& person);
  Result<void> SetAgent(Timestamp at, const std::string& agent, std::optional<bool> sip_trunk_active,
                        std::optional<bool> agreement_signed, std::optional<std::string> residency);
  Result<void> OverrideTier(Timestamp at, const std::string& agent, const std::string& tier,
                            const std::string& reason);
  Result<void> ManualCommission(Timestamp at, const std::string& id, const std::string& agent, Money amount,
                                Category category, const std::string& reason);
  // Staff reversal of reversible commissions (4.4): every one of `agent` (or
  // of every agent) when `commission_ids` is empty; otherwise exactly the
  // named ones, each of which must be reversible (and the agent's, if given).
  Result<void> ReverseUnreferred(Timestamp at, const std::optional<std::string>& agent,
                                 const std::vector<std::string>& commission_ids = {});
  // `commission_ids` empty with all_unpaid = true: every unpaid commission.
  Result<void> Violation(Timestamp at, const std::string& agent, bool all_unpaid,
                         const std::vector<std::string>& commission_ids, const std::string& reason);
  Result<void> Terminate(Timestamp at, const std::string& agent, const std::string& reason);
  Result<void> Withdraw(Timestamp at, const std::string& id, const std::string& agent, Money amount);
  // Staff approval between request and payout (optional: a requested
  // withdrawal may also be paid directly).
  Result<void> WithdrawalApproved(Timestamp at, const std::string& id);
  Result<void> WithdrawalPaid(Timestamp at, const std::string& id, const std::string& reference);
  Result<void> WithdrawalRejected(Timestamp at, const std::string& id, const std::string& reason);
  Result<void> Advance(Timestamp at);

  // ---- Read side ----
  const program::Program& program() const { return program_; }
  Timestamp clock() const { return clock_; }
  // The earliest time at which scheduled work (a maturation, a month close, an
  // affiliate warning or end of window, a quarter close) is due: an event at
  // that time or later runs it. Always after clock(). The server's scheduler
  // advances the engine when this has passed.
  std::optional<Timestamp> NextDue() const;
  // Where to advance to next when catching up to `until`, in steps of about
  // `max_units` units of scheduled work (a maturation, an affiliate check, an
  // agent at a month or quarter close): `until` itself when no more than that
  // is queued up to it, else the latest due time within the budget (work due
  // at one time is never split; the first due time is taken whatever its
  // size). A bound on the queued work, not an exact count: an affiliate check
  // may queue its next one. nullopt when nothing is due by `until`.
  std::optional<Timestamp> CatchUpStep(Timestamp until, std::size_t max_units) const;
  const std::map<std::string, Agent>& agents() const { return agents_; }
  const std::map<std::string, Client>& clients() const { return clients_; }
  const std::vector<Association>& associations() const { return associations_; }
  const std::map<std::string, Commission>& commissions() const { return commissions_; }
  const std::map<std::string, Invoice>& invoices() const { return invoices_; }
  const std::map<std::string, Withdrawal>& withdrawals() const { return withdrawals_; }
  const std::vector<Flag>& flags() const { return flags_; }
  const std::vector<Refusal>& refusals() const { return refusals_; }
  const std::vector<Notification>& notifications() const { return notifications_; }
  const ledger::Ledger& ledger() const { return ledger_; }
  MonthFigures Figures(const std::string& agent, EatMonth month) const;
  // The content a billing event id was first seen with, if it was.
  const std::string* BillingFingerprint(const std::string& id) const {
    auto found = billing_fingerprints_.find(id);
    return found == billing_fingerprints_.end() ? nullptr : &found->second;
  }
  // A commission's state: pending, available, paid, reversed or forfeited.
  std::string CommissionState(const Commission& commission) const;
  // The same with the agent's PaidCoverage computed once by the caller: for
  // listing many commissions of one agent without recomputing it each time.
  std::string CommissionState(const Commission& commission,
                              const std::map<std::string, Money>& coverage) const;
  // Of each matured commission of the agent, the part paid out (FIFO).
  std::map<std::string, Money> PaidCoverage(const std::string& agent) const;
  // The commissions of an agent in output order (created_at, then id).
  std::vector<const Commission*> CommissionsOf(const std::string& agent) const;

  // Where an agent stands against the requirements of `tier` (1 … top) in the
  // quarter containing `at`, on that quarter's figures so far: the "progress to
  // next tier" view. Empty for an unknown agent or tier.
  std::vector<CheckResult> TierChecks(const std::string& agent, TierIndex tier, Timestamp at) const;

  // Withholding tax kept from payouts, per agent and EAT month of payout: the
  // figures of the KRA return and of each agent's certificate. From the ledger.
  std::map<std::string, std::map<EatMonth, Money>> TaxWithheldByMonth() const;

  // Every invariant of the books; empty when sound. Cheap enough to run after
  // every event in tests and simulations.
  std::vector<std::string> CheckInvariants() const;

 private:
  struct Coverage {
    Money paid;  // of each matured commission, the part paid out (FIFO)
  };

  Result<void> RunScheduled(Timestamp until);
  void MatureDue(Timestamp at, Commission& commission);
  void CloseMonth(Timestamp at, EatMonth month);
  void CheckAffiliate(Timestamp at, const std::string& agent);
  void CloseQuarter(Timestamp at, EatQuarter quarter);

  Agent* FindAgent(std::string_view id);
  Client* FindClient(std::string_view id);
  Result<Agent*> RequireAgent(const std::string& id, const char* field);
  TechnicalLevel TechnicalLevelOf(const Agent& agent, Timestamp at) const;
  int SalesCertifiedPeople(const Agent& agent, Timestamp at) const;
  // The quarter's figures an evaluation judges (sales and signups over the
  // active months; certified people and technical level at `at`).
  struct Standing {
    Money sales;
    int signups = 0;
    int active_months = 0;
    int people = 0;
    TechnicalLevel level = TechnicalLevel::kNone;
  };
  Standing StandingIn(const Agent& agent, EatQuarter quarter, Timestamp at) const;
  std::vector<CheckResult> ChecksFor(const Agent& agent, const Standing& standing, TierIndex tier) const;
  Evaluation Evaluate(const Agent& agent, EatQuarter quarter, Timestamp at) const;
  std::optional<std::string> AgentOf(const std::string& client) const;
  int CurrentClients(const std::string& agent) const;

  void Accrue(Commission commission, Timestamp at);
  // Takes up to `amount` back from a commission (reversal or forfeiture).
  Money TakeBack(Commission& commission, Money amount, bool forfeit, const std::string& key, Timestamp at);
  // Every commission of the agent with something unpaid, in id order.
  std::vector<Commission*> CommissionsById(const std::string& agent);
  // Rules version 1's "everything not covered by a paid withdrawal", and the
  // affiliate rule's recurring commissions (rules 1: every sale at a rate not
  // first_invoice_only; 2: the program's recurring ones).
  std::vector<Forfeit> ForfeitAll(const std::string& agent, bool recurring_only,
                                  const std::string& key_prefix, Timestamp at);
  // What termination takes (3.6): every pending commission, then a positive
  // available balance from the newest matured commissions first; an amount
  // inside a requested withdrawal goes on.
  std::vector<Forfeit> ForfeitUnpaid(const std::string& agent, const std::string& key_prefix, Timestamp at);
  void StartAssociation(Timestamp at, const std::string& client, const std::string& agent,
                        AssociationSource source, const std::string& referral_url);
  void EndAssociation(Timestamp at, const std::string& client);
  std::vector<ClientMove> Reassign(Timestamp at, const std::vector<std::string>& losing_agents);
  void StartAffiliateWindow(Agent& agent, Timestamp at);
  void CloseAffiliateWindow(Agent& agent);
  // Keeps affiliate_due_ in step with the agent's window (next warning or end).
  void RefreshAffiliateDue(Agent& agent);
  void Refuse(Timestamp at, std::string event, std::string reason);

  // Lookups by pointer into the maps of EngineState (map nodes never move,
  // and agents, clients and commissions are never removed): derived data,
  // rebuilt when the engine is copied.
  void RebuildIndexes();
  // Changes an agent's tier or ends it, keeping active_by_tier_ in step.
  void SetTier(Agent& agent, TierIndex tier);
  void MarkTerminated(Agent& agent);
  boost::unordered_flat_map<std::string_view, Agent*> agent_index_;
  // The agents not terminated, per tier, in id order: reassignment's receivers.
  std::vector<std::set<std::string_view>> active_by_tier_;
  boost::unordered_flat_map<std::string_view, Client*> client_index_;
  // The commissions not yet matured by (available_at, id): the id is the key in commissions_.
  std::set<std::tuple<Timestamp, std::string_view, Commission*>> maturing_;
  boost::unordered_flat_map<std::string, std::vector<Commission*>> commissions_of_;  // by agent
};

}  // namespace wakala::commissions
