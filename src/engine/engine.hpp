#pragma once

#include <boost/unordered/unordered_flat_map.hpp>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/error.hpp"
#include "engine/commands.hpp"
#include "engine/state.hpp"

namespace wakala::engine {

// ---- The engine ------------------------------------------------------------

// Where the engine stood before a batch of commands, so that what the batch
// did (new ledger transactions, notifications, a quarter closed) can be read
// off the engine after it without walking the whole history.
struct EngineMarks {
  std::size_t ledger_size = 0, notifications = 0;
  Timestamp clock{}, next_quarter_close{};
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
  // A copy of what the program's own decisions read — agents, clients and
  // their associations, the figures of the quarter not yet closed, the
  // affiliate clocks — without the money (commissions, invoices, ledger,
  // withdrawals, billing fingerprints): enough to run the scheduled program
  // work (evaluations, the affiliate rule, reassignments) at a cost that
  // follows the agents and clients, not the history. Its money is empty, so
  // its balances and commissions mean nothing (a dry run reads tiers and
  // clients only).
  struct WithoutMoney {};
  Engine(const Engine& other, WithoutMoney);
  Engine& operator=(const Engine&) = delete;
  Engine(Engine&&) = delete;
  Engine& operator=(Engine&&) = delete;
  ~Engine() = default;

  // Registers an agent or a client without running scheduled work: a
  // scenario's agents and clients listed up front (events use AddAgent and
  // AddClient commands).
  Result<void> Register(AgentFacts facts);
  Result<void> Register(ClientFacts facts);

  // Decides the following events (and the scheduled work they run) under the
  // rules of `version`, kFirstRulesVersion … kRulesVersion (checked by the caller):
  // replay sets each stored event's own version.
  void UseRules(int version) { rules_version_ = version; }
  int rules_version() const { return rules_version_; }

  // Decides one event (commands.hpp). An error names the field at fault
  // ("client: no client …"); nothing is applied then.
  Result<void> Apply(const Command& command);

  // ---- Read side ----
  const program::Program& program() const { return program_; }
  Timestamp clock() const { return clock_; }
  EngineMarks Marks() const { return {ledger_.size(), notifications_.size(), clock_, next_quarter_close_}; }
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
  // The withdrawals approved and not yet paid, rejected or failed: what the
  // payouts work on, without walking every withdrawal ever made.
  const std::set<std::string>& approved_withdrawals() const { return approved_withdrawals_; }
  // Every withdrawal by (requested_at, id): a month's without walking them all.
  const std::set<std::pair<Timestamp, std::string>>& withdrawals_by_request() const {
    return withdrawals_by_request_;
  }
  // The paid ones by (paid_at, id): a month's withholding tax without walking them all.
  const std::set<std::pair<Timestamp, std::string>>& withdrawals_by_payment() const {
    return withdrawals_by_payment_;
  }
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
  // The agent a client is associated with now, if any.
  std::optional<std::string> AgentOf(const std::string& client) const;

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
  // One per command, in the file of its rule family: associations.cpp
  // (AddClient, Associate, Revoke), billing.cpp (InvoicePaid, Refund),
  // agent_lifecycle.cpp (AddAgent, Certify, RemovePerson, SetAgent),
  // evaluation.cpp (OverrideTier), violations.cpp (ManualCommission,
  // ReverseUnreferred, Violation, Terminate), payouts.cpp (the withdrawals),
  // schedule.cpp (Advance).
  Result<void> Run(const AddAgent& event);
  Result<void> Run(const AddClient& event);
  Result<void> Run(const Associate& event);
  Result<void> Run(const Revoke& event);
  Result<void> Run(const InvoicePaid& event);
  Result<void> Run(const Refund& event);
  Result<void> Run(const Certify& event);
  Result<void> Run(const RemovePerson& event);
  Result<void> Run(const SetAgent& event);
  Result<void> Run(const OverrideTier& event);
  Result<void> Run(const ManualCommission& event);
  Result<void> Run(const ReverseUnreferred& event);
  Result<void> Run(const Violation& event);
  Result<void> Run(const Terminate& event);
  Result<void> Run(const Withdraw& event);
  Result<void> Run(const WithdrawalApproved& event);
  Result<void> Run(const WithdrawalPaid& event);
  Result<void> Run(const WithdrawalRejected& event);
  Result<void> Run(const WithdrawalFailed& event);
  Result<void> Run(const Advance& event);
  // The scheduled work after an agent or client was registered: an error
  // names the event's time.
  Result<void> AdvanceAfterRegistering(Timestamp at);

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
  int CurrentClients(const std::string& agent) const;

  void Accrue(Commission commission, Timestamp at);
  // billing.cpp: every line checked before anything changes; the commissions of one line.
  Result<void> CheckInvoiceLines(const std::vector<InvoiceLine>& lines);
  void AccrueSale(const InvoicePaid& event, const InvoiceLine& line, const Agent& seller,
                  const Association& association, const program::RateCard& card, bool new_subscription);
  void AccrueTechnical(const InvoicePaid& event, const InvoiceLine& line);
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

}  // namespace wakala::engine
