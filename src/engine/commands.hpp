#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/calendar.hpp"
#include "core/money.hpp"
#include "engine/facts.hpp"

namespace wakala::engine {

// One plain struct per event of the scenario format (docs/scenarios.md): what
// the server's services, `wakala import` and `wakala simulate` hand the engine.
// Each event's rules are in the file of its family (billing.cpp, …); the JSON
// form of each is in codec.cpp. Every event first runs the scheduled work due
// up to `at`.

// An agent registered by the server (a scenario may list them up front); runs
// the scheduled work up to `at` after adding it.
struct AddAgent {
  Timestamp at{};
  AgentFacts agent;
};

struct AddClient {
  Timestamp at{};
  ClientFacts client;
};

struct Associate {
  Timestamp at{};
  std::string client, agent;
  AssociationSource source = AssociationSource::kStaffAssignment;  // never kReassignment
  std::string referral_url;
};

struct Revoke {
  Timestamp at{};
  std::string client;
};

// A billing event: the same id with the same content is a retry (a no-op),
// with other content an error.
struct InvoicePaid {
  Timestamp at{};
  std::string id, client;
  std::vector<InvoiceLine> lines;
  // When the event happened, if it was booked later than that (kept for the
  // record; the engine books it at `at`).
  std::optional<std::string> occurred_at;
};

// A refund, or with `chargeback` a chargeback, of part of one invoice line.
struct Refund {
  Timestamp at{};
  std::string id, invoice, line;
  Money amount;
  bool chargeback = false;
  std::optional<std::string> occurred_at;
};

struct Certify {
  Timestamp at{};
  std::string agent, person;
  Certification certification;  // valid_from is the event's time
};

// A person leaves the agent: its certifications stop counting from `at`.
struct RemovePerson {
  Timestamp at{};
  std::string agent, person;
};

struct SetAgent {
  Timestamp at{};
  std::string agent;
  std::optional<bool> sip_trunk_active, agreement_signed;
  std::optional<std::string> residency;
};

struct OverrideTier {
  Timestamp at{};
  std::string agent, tier, reason;
};

struct ManualCommission {
  Timestamp at{};
  std::string id, agent;
  Money amount;
  program::Category category = program::Category::kManagedSubscription;
  std::string reason;
};

// Staff reversal of reversible commissions (4.4): every one of `agent` (or of
// every agent) when `commissions` is empty; otherwise exactly the named ones,
// each of which must be reversible (and the agent's, if given).
struct ReverseUnreferred {
  Timestamp at{};
  std::optional<std::string> agent;
  std::vector<std::string> commissions;
  std::optional<std::string> reason;  // staff's reason, kept in the log for the record
};

// `commissions` empty with all_unpaid: every unpaid commission.
struct Violation {
  Timestamp at{};
  std::string agent;
  bool all_unpaid = false;
  std::vector<std::string> commissions;
  std::string reason;
};

struct Terminate {
  Timestamp at{};
  std::string agent, reason;
};

struct Withdraw {
  Timestamp at{};
  std::string id, agent;
  Money amount;
};

// Staff approval between request and payout (optional: a requested withdrawal
// may also be paid directly).
struct WithdrawalApproved {
  Timestamp at{};
  std::string id;
};

struct WithdrawalPaid {
  Timestamp at{};
  std::string id, reference;
  // The gross the payout paid, if less than asked: M-Pesa pays whole
  // shillings, so the rest (under a shilling of net) returns to available.
  std::optional<Money> gross;
};

struct WithdrawalRejected {
  Timestamp at{};
  std::string id, reason;
};

// A payout that definitely did not happen (M-Pesa refused or failed it, the
// bank returned it): the amount returns to available, like a rejection.
struct WithdrawalFailed {
  Timestamp at{};
  std::string id, reason;
};

// Only the scheduled work due up to `at`.
struct Advance {
  Timestamp at{};
};

using Command =
    std::variant<AddAgent, AddClient, Associate, Revoke, InvoicePaid, Refund, Certify, RemovePerson, SetAgent,
                 OverrideTier, ManualCommission, ReverseUnreferred, Violation, Terminate, Withdraw,
                 WithdrawalApproved, WithdrawalPaid, WithdrawalRejected, WithdrawalFailed, Advance>;

// The event's `type` in the scenario format ("refund" or "chargeback" for a Refund).
std::string_view CommandType(const Command& command);
inline Timestamp CommandTime(const Command& command) {
  return std::visit([](const auto& event) { return event.at; }, command);
}
// Billing events may be booked later than they happened (see InvoicePaid).
inline bool IsBillingEvent(const Command& command) {
  return std::holds_alternative<InvoicePaid>(command) || std::holds_alternative<Refund>(command);
}

}  // namespace wakala::engine
