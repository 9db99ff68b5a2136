// Paid invoices and their refunds and chargebacks (program-rules.md 2 and 4).

#include "engine/engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <unordered_set>
#include <vector>

#include "engine/codec.hpp"

namespace wakala::engine {

namespace {

// A commission earned on one invoice line at `rate` (sale or technical work).
Commission LineCommission(const InvoicePaid& event, const InvoiceLine& line, const std::string& agent,
                          CommissionKind kind, BasisPoints rate) {
  Commission commission;
  commission.id = event.id + "/" + line.id + (kind == CommissionKind::kSale ? "/sale" : "/technical");
  commission.agent = agent;
  commission.kind = kind;
  commission.category = line.category;
  commission.base = line.amount;
  commission.rate = rate;
  commission.amount = ApplyRate(line.amount, rate);
  commission.invoice = event.id;
  commission.line = line.id;
  return commission;
}

}  // namespace

Result<void> Engine::CheckInvoiceLines(const std::vector<InvoiceLine>& lines) {
  // Check every line before changing anything. Most invoices have a few
  // lines: a scan finds a repeated id without building a set; long ones get one.
  constexpr std::size_t kScanLimit = 16;
  std::unordered_set<std::string_view> line_ids;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& line = lines[i];
    // Formatted only for an error: this loop runs for every invoice.
    const auto where = [i] { return fmt::format("lines[{}]", i); };
    const auto before = lines.begin() + static_cast<std::ptrdiff_t>(i);
    const bool repeated = lines.size() <= kScanLimit
                              ? std::any_of(lines.begin(), before,
                                            [&](const InvoiceLine& other) { return other.id == line.id; })
                              : !line_ids.insert(line.id).second;
    if (line.id.empty() || repeated) {
      return Fail(Error::Invalid(where() + ".id: missing or repeated (\"" + line.id + "\")"));
    }
    if (line.category == Category::kManagedSubscription && !line.subscription) {
      return Fail(Error::Invalid(where() + ".subscription: required on managed_subscription lines"));
    }
    if (line.performed_by) {
      if (!program::IsTechnicalWork(line.category)) {
        return Fail(Error::Invalid(where() +
                                   ".performed_by: only setup_fee and training_oos lines name a performer"));
      }
      if (FindAgent(*line.performed_by) == nullptr) {
        return Fail(Error::Invalid(where() + ".performed_by: no agent \"" + *line.performed_by + "\""));
      }
    }
  }
  return {};
}

// A sale commission on a line of an invoice the seller's client paid (2.2),
// at the rate of the rate card locked with the association.
void Engine::AccrueSale(const InvoicePaid& event, const InvoiceLine& line, const Agent& seller,
                        const Association& association, const program::RateCard& card,
                        bool new_subscription) {
  const TierIndex tier = seller.facts.tier;
  const auto rate = card.Rate(line.category, tier);
  const bool first_only = card.FirstInvoiceOnly(line.category, tier);
  if (rate && (!first_only || new_subscription)) {
    Commission sale = LineCommission(event, line, seller.facts.id, CommissionKind::kSale, *rate);
    sale.recurring = program_.IsRecurringSale(line.category, first_only);
    sale.first_invoice_only = first_only;
    sale.reversible = association.reversible;
    Accrue(std::move(sale), event.at);
  }
}

// A technical commission for the agent that did a line's setup or training
// work (2.3), at its technical level's rate.
void Engine::AccrueTechnical(const InvoicePaid& event, const InvoiceLine& line) {
  Agent& performer = *FindAgent(*line.performed_by);
  const TechnicalLevel level = TechnicalLevelOf(performer, event.at);
  const auto rate = program_.CardAt(event.at).TechnicalRate(level);
  if (!performer.terminated && performer.facts.tier >= program_.technical_min_tier &&
      level != TechnicalLevel::kNone && rate) {
    Accrue(LineCommission(event, line, performer.facts.id, CommissionKind::kTechnical, *rate), event.at);
  }
}

Result<void> Engine::Run(const InvoicePaid& event) {
  const std::string fingerprint = engine::BillingFingerprint(event);
  if (event.id.empty()) return Fail(Error::Invalid("id: missing"));
  if (auto seen = billing_fingerprints_.find(event.id); seen != billing_fingerprints_.end()) {
    if (seen->second == fingerprint) return RunScheduled(event.at);  // a retried webhook
    return Fail(Error::Invalid("id: \"" + event.id + "\" was seen before with different content"));
  }
  Client* const client = FindClient(event.client);
  if (client == nullptr) return Fail(Error::Invalid("client: no client \"" + event.client + "\""));
  if (event.lines.empty()) return Fail(Error::Invalid("lines: an invoice needs at least one line"));
  if (auto checked = CheckInvoiceLines(event.lines); !checked) return checked;
  if (auto ran = RunScheduled(event.at); !ran) return ran;
  billing_fingerprints_[event.id] = fingerprint;

  const std::optional<std::size_t> association_index = client->association;
  const Association* association = association_index ? &associations_[*association_index] : nullptr;
  Agent* seller = association ? FindAgent(association->agent) : nullptr;
  if (seller != nullptr && seller->terminated) seller = nullptr;  // a terminated agent earns nothing more
  // 3.1: the signup is the client's first paid invoice with a non-deposit line
  // (rules version 1: its first paid invoice, so a deposit used it up).
  const bool first_paid_invoice = rules_version_ < 2 ? !client->ever_paid : !client->ever_paid_non_deposit;
  bool any_non_deposit = false;
  Invoice invoice{event.id, event.client, event.at, {}};
  invoice.lines.reserve(event.lines.size());
  const program::RateCard* card =
      association != nullptr ? program_.FindCard(association->rate_card) : nullptr;
  // The seller's figures for the month, found on its first sale line.
  MonthFigures* seller_month = nullptr;
  bool any_sale = false;
  for (const auto& line : event.lines) {
    invoice.lines.push_back(StoredLine{line, Money{}, seller != nullptr ? seller->facts.id : ""});
    if (line.category == Category::kDeposit) continue;  // never commissionable, not sales volume
    any_non_deposit = true;
    const bool new_subscription = line.subscription && subscriptions_seen_.insert(*line.subscription).second;
    if (seller != nullptr) {
      any_sale = true;
      if (seller_month == nullptr) seller_month = &figures_[seller->facts.id][EatMonth::Of(event.at)];
      seller_month->sales += line.amount;
      AccrueSale(event, line, *seller, *association, *card, new_subscription);
    }
    if (line.performed_by) AccrueTechnical(event, line);
  }
  if (seller != nullptr) {
    // 3.1: a signup is a client the agent brought itself, on its first paid invoice.
    const bool self_made = MadeByAgent(association->source);
    if (first_paid_invoice && self_made && any_sale) ++seller_month->signups;
    if (any_sale && seller->window_start && !seller->window_sale) {
      seller->window_sale = true;  // the 90-day rule is met
      RefreshAffiliateDue(*seller);
    }
  }
  client->ever_paid = true;
  client->ever_paid_non_deposit = client->ever_paid_non_deposit || any_non_deposit;
  invoices_.emplace(event.id, std::move(invoice));
  return {};
}

Result<void> Engine::Run(const Refund& event) {
  const std::string fingerprint = engine::BillingFingerprint(event);
  if (event.id.empty()) return Fail(Error::Invalid("id: missing"));
  if (auto seen = billing_fingerprints_.find(event.id); seen != billing_fingerprints_.end()) {
    if (seen->second == fingerprint) return RunScheduled(event.at);
    return Fail(Error::Invalid("id: \"" + event.id + "\" was seen before with different content"));
  }
  auto invoice = invoices_.find(event.invoice);
  if (invoice == invoices_.end())
    return Fail(Error::Invalid("invoice: no invoice \"" + event.invoice + "\""));
  auto stored = std::find_if(invoice->second.lines.begin(), invoice->second.lines.end(),
                             [&](const StoredLine& s) { return s.line.id == event.line; });
  if (stored == invoice->second.lines.end()) {
    return Fail(
        Error::Invalid("line: line \"" + event.line + "\" is not on invoice \"" + event.invoice + "\""));
  }
  if (event.amount <= Money{}) return Fail(Error::Invalid("amount: must be more than 0.00"));
  const Money left = stored->line.amount - stored->refunded;
  if (event.amount > left) {
    return Fail(Error::Invalid(fmt::format("amount: {} is more than the {} left of line \"{}\"",
                                           event.amount.ToString(), left.ToString(), event.line)));
  }
  if (auto ran = RunScheduled(event.at); !ran) return ran;
  billing_fingerprints_[event.id] = fingerprint;
  // The k-th reversal is commission(A − R_before) − commission(A − R_before − R_k),
  // so refunding a line in full reverses exactly its commission.
  for (const char* kind : {"sale", "technical"}) {
    auto found = commissions_.find(event.invoice + "/" + event.line + "/" + kind);
    if (found == commissions_.end()) continue;
    Commission& commission = found->second;
    const BasisPoints rate = *commission.rate;
    const Money reversal = ApplyRate(left, rate) - ApplyRate(left - event.amount, rate);
    TakeBack(commission, reversal, false,
             std::string(event.chargeback ? "chargeback/" : "refund/") + event.id + "/" + kind, event.at);
  }
  stored->refunded += event.amount;
  if (!stored->agent.empty() && stored->line.category != Category::kDeposit) {
    figures_[stored->agent][EatMonth::Of(event.at)].sales -= event.amount;
  }
  return {};
}

}  // namespace wakala::engine
