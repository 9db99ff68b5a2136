#include "commissions/engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string_view>
#include <unordered_set>

#include "core/text.hpp"

namespace wakala::commissions {

namespace {

using ledger::AccountKind;
using ledger::AccountRef;
using std::chrono::days;

constexpr std::array<std::string_view, 4> kSourceNames{"staff_assignment", "referral_link",
                                                       "service_manager_link", "reassignment"};
constexpr std::array<std::string_view, 4> kKindNames{"sale", "technical", "bonus", "manual"};

std::string Digits(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c >= '0' && c <= '9') digits += c;
  }
  return digits;
}

bool SameIdentity(std::string_view a, std::string_view b, bool digits_only) {
  if (digits_only) {
    const std::string x = Digits(a);
    return !x.empty() && x == Digits(b);
  }
  const std::string x = ToLower(Trim(a));
  return !x.empty() && x == ToLower(Trim(b));
}

bool IsValid(const Certification& certification, Timestamp at) {
  return certification.valid_from <= at && at < EndOfEatDay(certification.valid_until);
}

}  // namespace

std::optional<CertificationKind> ParseCertificationKind(std::string_view name) {
  if (name == "sales") return CertificationKind::kSales;
  if (name == "3cx") return CertificationKind::k3cx;
  if (name == "yeastar") return CertificationKind::kYeastar;
  if (name == "yealink") return CertificationKind::kYealink;
  return std::nullopt;
}

std::string_view SourceName(AssociationSource source) {
  return kSourceNames.at(static_cast<std::size_t>(source));
}

std::optional<AssociationSource> ParseSource(std::string_view name) {
  for (std::size_t i = 0; i < kSourceNames.size(); ++i) {
    if (kSourceNames[i] == name) return static_cast<AssociationSource>(i);
  }
  return std::nullopt;
}

std::string_view CommissionKindName(CommissionKind kind) {
  return kKindNames.at(static_cast<std::size_t>(kind));
}

EngineState::EngineState(program::Program program, Timestamp start)
    : program_(std::move(program)),
      start_(start),
      clock_(start),
      // Boundaries count only when strictly after the start.
      next_month_close_(EatMonth::Of(start).Next().Start()),
      next_quarter_close_(EatQuarter::Of(start).Next().Start()) {}

Engine::Engine(program::Program program, Timestamp start) : EngineState(std::move(program), start) {
  active_by_tier_.assign(program_.tiers.size(), {});
}

Engine::Engine(const Engine& other) : EngineState(other) {
  RebuildIndexes();
}

void Engine::RebuildIndexes() {
  active_by_tier_.assign(program_.tiers.size(), {});
  for (auto& [id, agent] : agents_) {
    agent_index_.emplace(id, &agent);
    if (!agent.terminated) active_by_tier_.at(static_cast<std::size_t>(agent.facts.tier)).insert(id);
  }
  for (auto& [id, client] : clients_) client_index_.emplace(id, &client);
  for (auto& [id, commission] : commissions_) {
    // Accrue queues every commission; only its maturation takes it out.
    if (!commission.matured) maturing_.emplace(commission.available_at, id, &commission);
    commissions_of_[commission.agent].push_back(&commission);
  }
}

// ---- setup ----------------------------------------------------------------

Result<void> Engine::AddAgent(AgentFacts facts) {
  if (facts.id.empty()) return Fail(Error::Invalid("agent id is empty"));
  if (agents_.contains(facts.id)) return Fail(Error::Invalid("agent \"" + facts.id + "\" is listed twice"));
  if (facts.residency != "resident" && facts.residency != "non_resident") {
    return Fail(Error::Invalid("agent \"" + facts.id + "\": residency must be resident or non_resident"));
  }
  if (facts.tier < 0 || facts.tier > program_.TopTier()) {
    return Fail(Error::Invalid("agent \"" + facts.id + "\": no such tier"));
  }
  Agent agent;
  agent.facts = std::move(facts);
  if (agent.facts.tier == 0) {
    StartAffiliateWindow(agent, agent.facts.activated_at);
  }
  const std::string id = agent.facts.id;
  auto& [key, stored] = *agents_.emplace(id, std::move(agent)).first;
  agent_index_.emplace(key, &stored);
  active_by_tier_.at(static_cast<std::size_t>(stored.facts.tier)).insert(key);
  return {};
}

Result<void> Engine::AddClient(ClientFacts facts) {
  if (facts.id.empty()) return Fail(Error::Invalid("client id is empty"));
  if (clients_.contains(facts.id)) return Fail(Error::Invalid("client \"" + facts.id + "\" is listed twice"));
  Client client;
  client.facts = std::move(facts);
  const std::string id = client.facts.id;
  auto& [key, stored] = *clients_.emplace(id, std::move(client)).first;
  client_index_.emplace(key, &stored);
  return {};
}

// ---- helpers ----------------------------------------------------------------

void Engine::SetTier(Agent& agent, TierIndex tier) {
  if (!agent.terminated) {
    active_by_tier_.at(static_cast<std::size_t>(agent.facts.tier)).erase(agent.facts.id);
    active_by_tier_.at(static_cast<std::size_t>(tier)).insert(agent_index_.find(agent.facts.id)->first);
  }
  agent.facts.tier = tier;
}

void Engine::MarkTerminated(Agent& agent) {
  active_by_tier_.at(static_cast<std::size_t>(agent.facts.tier)).erase(agent.facts.id);
  agent.terminated = true;
}

Agent* Engine::FindAgent(std::string_view id) {
  const auto found = agent_index_.find(id);
  return found == agent_index_.end() ? nullptr : found->second;
}

Client* Engine::FindClient(std::string_view id) {
  const auto found = client_index_.find(id);
  return found == client_index_.end() ? nullptr : found->second;
}

Result<Agent*> Engine::RequireAgent(const std::string& id, const char* field) {
  Agent* agent = FindAgent(id);
  if (agent == nullptr) return Fail(Error::Invalid(fmt::format("{}: no agent \"{}\"", field, id)));
  return agent;
}

std::optional<std::string> Engine::AgentOf(const std::string& client) const {
  const auto found = clients_.find(client);
  if (found == clients_.end() || !found->second.association) return std::nullopt;
  return associations_[*found->second.association].agent;
}

int Engine::CurrentClients(const std::string& agent) const {
  const auto found = clients_of_.find(agent);
  return found == clients_of_.end() ? 0 : static_cast<int>(found->second.size());
}

TechnicalLevel Engine::TechnicalLevelOf(const Agent& agent, Timestamp at) const {
  // A person qualifies at their 3CX/Yeastar level only together with Yealink.
  TechnicalLevel best = TechnicalLevel::kNone;
  for (const auto& person : agent.facts.people) {
    bool yealink = false;
    TechnicalLevel level = TechnicalLevel::kNone;
    for (const auto& certification : person.certifications) {
      if (!IsValid(certification, at)) continue;
      if (certification.kind == CertificationKind::kYealink) yealink = true;
      if (certification.kind == CertificationKind::k3cx ||
          certification.kind == CertificationKind::kYeastar) {
        level = std::max(level, certification.level);
      }
    }
    if (yealink) best = std::max(best, level);
  }
  return best;
}

int Engine::SalesCertifiedPeople(const Agent& agent, Timestamp at) const {
  int count = 0;
  for (const auto& person : agent.facts.people) {
    const bool certified =
        std::any_of(person.certifications.begin(), person.certifications.end(),
                    [&](const auto& c) { return c.kind == CertificationKind::kSales && IsValid(c, at); });
    if (certified) ++count;
  }
  return count;
}

MonthFigures Engine::Figures(const std::string& agent, EatMonth month) const {
  const auto by_agent = figures_.find(agent);
  if (by_agent == figures_.end()) return {};
  const auto found = by_agent->second.find(month);
  return found == by_agent->second.end() ? MonthFigures{} : found->second;
}

void Engine::Refuse(Timestamp at, std::string event, std::string reason) {
  refusals_.push_back(Refusal{at, std::move(event), std::move(reason)});
}

void Engine::StartAffiliateWindow(Agent& agent, Timestamp at) {
  agent.window_start = at;
  agent.window_sale = false;
  agent.warnings_sent = 0;
  RefreshAffiliateDue(agent);
}

void Engine::CloseAffiliateWindow(Agent& agent) {
  agent.window_start.reset();
  RefreshAffiliateDue(agent);
}

void Engine::RefreshAffiliateDue(Agent& agent) {
  if (agent.affiliate_due) affiliate_due_.erase({*agent.affiliate_due, agent.facts.id});
  agent.affiliate_due.reset();
  if (!agent.window_start || agent.terminated) return;
  Timestamp due = *agent.window_start + days(program_.affiliate_window_days);
  if (agent.warnings_sent < static_cast<int>(program_.affiliate_warning_days.size()) && !agent.window_sale) {
    due = *agent.window_start +
          days(program_.affiliate_warning_days[static_cast<std::size_t>(agent.warnings_sent)]);
  }
  agent.affiliate_due = due;
  affiliate_due_.emplace(due, agent.facts.id);
}

void Engine::Accrue(Commission commission, Timestamp at) {
  if (commission.amount.IsZero()) return;  // a commission that rounds to 0.00 is not recorded
  commission.created_at = at;
  commission.available_at = at + days(program_.hold_days);
  static_cast<void>(ledger_.Post(
      ledger::Accrual("accrue/" + commission.id, at, commission.agent, commission.id, commission.amount)));
  std::string id = commission.id;
  auto& [key, stored] = *commissions_.emplace(std::move(id), std::move(commission)).first;
  maturing_.emplace(stored.available_at, key, &stored);
  commissions_of_[stored.agent].push_back(&stored);
}

Money Engine::TakeBack(Commission& commission, Money amount, bool forfeit, const std::string& key,
                       Timestamp at) {
  const Money taken = std::min(amount, commission.Left());
  if (taken <= Money{}) return Money{};
  const AccountKind from = commission.matured ? AccountKind::kAvailable : AccountKind::kPending;
  if (forfeit) {
    commission.forfeited += taken;
    static_cast<void>(
        ledger_.Post(ledger::Forfeiture(key, at, commission.agent, commission.id, from, taken)));
  } else {
    commission.reversed += taken;
    static_cast<void>(ledger_.Post(ledger::Reversal(key, at, commission.agent, commission.id, from, taken)));
  }
  return taken;
}

std::map<std::string, Money> Engine::PaidCoverage(const std::string& agent) const {
  // Paid withdrawals cover matured commissions first in, first out.
  Money remaining = ledger_.Balance(AccountRef::Agent(agent, AccountKind::kPaidOut));
  std::map<std::string, Money> paid;
  for (const Commission* commission : CommissionsOf(agent)) {
    if (!commission->matured) continue;
    const Money covered = std::clamp(remaining, Money{}, std::max(commission->Left(), Money{}));
    paid[commission->id] = covered;
    remaining -= covered;
  }
  return paid;
}

std::vector<const Commission*> Engine::CommissionsOf(const std::string& agent) const {
  std::vector<const Commission*> list;
  if (const auto ids = commissions_of_.find(agent); ids != commissions_of_.end()) {
    list.assign(ids->second.begin(), ids->second.end());
  }
  std::sort(list.begin(), list.end(), [](const Commission* a, const Commission* b) {
    return std::tie(a->available_at, a->id) < std::tie(b->available_at, b->id);
  });
  return list;
}

std::string Engine::CommissionState(const Commission& commission) const {
  if (!commission.matured || commission.Left().IsZero()) return CommissionState(commission, {});
  return CommissionState(commission, PaidCoverage(commission.agent));
}

std::string Engine::CommissionState(const Commission& commission,
                                    const std::map<std::string, Money>& coverage) const {
  if (commission.reversed == commission.amount) return "reversed";
  if (commission.Left().IsZero()) return "forfeited";
  if (!commission.matured) return "pending";
  const auto found = coverage.find(commission.id);
  return found != coverage.end() && found->second == commission.Left() ? "paid" : "available";
}

std::vector<Commission*> Engine::CommissionsById(const std::string& agent) {
  // The agent's own commissions (its index), not every commission: this runs
  // for each affiliate check, violation and termination. Id order keeps the
  // ledger in the order it always had.
  std::vector<Commission*> list;
  if (const auto ids = commissions_of_.find(agent); ids != commissions_of_.end()) {
    list.reserve(ids->second.size());
    for (Commission* commission : ids->second) {
      if (commission->Left() > Money{}) list.push_back(commission);
    }
  }
  std::sort(list.begin(), list.end(), [](const Commission* a, const Commission* b) { return a->id < b->id; });
  return list;
}

std::vector<Forfeit> Engine::ForfeitAll(const std::string& agent, bool recurring_only,
                                        const std::string& key_prefix, Timestamp at) {
  std::vector<Forfeit> forfeited;
  const auto coverage = PaidCoverage(agent);
  const auto recurring = [this](const Commission& commission) {
    if (rules_version_ < 2) return commission.kind == CommissionKind::kSale && !commission.first_invoice_only;
    return commission.recurring;
  };
  for (Commission* commission : CommissionsById(agent)) {
    if (recurring_only && !recurring(*commission)) continue;
    // What is unpaid: all of a pending commission, the uncovered part of a matured one.
    Money unpaid = commission->Left();
    if (commission->matured) {
      const auto covered = coverage.find(commission->id);
      unpaid -= covered == coverage.end() ? Money{} : covered->second;
    }
    if (unpaid > Money{}) {
      const Money taken = TakeBack(*commission, unpaid, true, key_prefix + "/" + commission->id, at);
      if (taken > Money{}) forfeited.push_back(Forfeit{commission->id, taken});
    }
  }
  return forfeited;
}

std::vector<Forfeit> Engine::ForfeitUnpaid(const std::string& agent, const std::string& key_prefix,
                                           Timestamp at) {
  std::vector<Forfeit> forfeited;
  for (Commission* commission : CommissionsById(agent)) {
    if (commission->matured) continue;
    const Money taken =
        TakeBack(*commission, commission->Left(), true, key_prefix + "/" + commission->id, at);
    if (taken > Money{}) forfeited.push_back(Forfeit{commission->id, taken});
  }
  Money available = ledger_.Balance(AccountRef::Agent(agent, AccountKind::kAvailable));
  if (available > Money{}) {
    // Newest matured commissions first: the oldest are the ones withdrawals covered.
    auto list = CommissionsOf(agent);
    for (auto it = list.rbegin(); it != list.rend() && available > Money{}; ++it) {
      Commission& commission = commissions_.at((*it)->id);
      if (!commission.matured) continue;
      const Money taken = TakeBack(commission, available, true, key_prefix + "/" + commission.id, at);
      if (taken > Money{}) forfeited.push_back(Forfeit{commission.id, taken});
      available -= taken;
    }
  }
  return forfeited;
}

void Engine::StartAssociation(Timestamp at, const std::string& client, const std::string& agent,
                              AssociationSource source, const std::string& referral_url) {
  Association association;
  association.client = client;
  association.agent = agent;
  association.source = source;
  association.referral_url = referral_url;
  association.created_at = at;
  association.rate_card = program_.CardAt(at).version;
  // 4.4: an association the agent made itself without a referral URL behind it.
  association.reversible =
      (source == AssociationSource::kReferralLink || source == AssociationSource::kServiceManagerLink) &&
      referral_url.empty();
  associations_.push_back(association);
  clients_.at(client).association = associations_.size() - 1;
  clients_of_[agent].insert(client);
}

void Engine::EndAssociation(Timestamp at, const std::string& client) {
  auto& record = clients_.at(client);
  if (!record.association) return;
  clients_of_[associations_[*record.association].agent].erase(client);
  associations_[*record.association].ended_at = at;
  record.association.reset();
}

std::vector<ClientMove> Engine::Reassign(Timestamp at, const std::vector<std::string>& losing_agents) {
  std::vector<ClientMove> moves;
  // Receivers: the active agents of the highest tier (above the lowest) that
  // has any. Tiers do not change while clients move, so this is found once;
  // losing agents are terminated or at the lowest tier, so never among them.
  std::vector<std::string> receivers;
  for (TierIndex tier = program_.TopTier(); tier > 0 && receivers.empty(); --tier) {
    for (const std::string_view id : active_by_tier_.at(static_cast<std::size_t>(tier))) {
      receivers.emplace_back(id);
    }
  }
  // Each client goes to the receiver with the fewest current clients, ties to
  // the lowest id: the first of this set ordered by (count, id).
  std::set<std::pair<int, std::string>> by_load;
  for (const auto& id : receivers) by_load.emplace(CurrentClients(id), id);
  for (const auto& losing : losing_agents) {
    const auto current = clients_of_.find(losing);
    const std::vector<std::string> clients =
        current == clients_of_.end()
            ? std::vector<std::string>{}
            : std::vector<std::string>(current->second.begin(), current->second.end());
    for (const auto& client : clients) {  // client-id order
      EndAssociation(at, client);
      if (by_load.empty()) {  // waits in the unassigned pool for staff
        moves.push_back(ClientMove{client, losing, std::nullopt});
        continue;
      }
      auto [count, chosen] = *by_load.begin();
      by_load.erase(by_load.begin());
      StartAssociation(at, client, chosen, AssociationSource::kReassignment, "");
      moves.push_back(ClientMove{client, losing, chosen});
      by_load.emplace(count + 1, std::move(chosen));
    }
  }
  return moves;
}

// ---- scheduled work ----------------------------------------------------------

std::optional<Timestamp> Engine::NextDue() const {
  Timestamp due = std::min(next_month_close_, next_quarter_close_);
  if (!maturing_.empty()) due = std::min(due, std::get<0>(*maturing_.begin()));
  if (!affiliate_due_.empty()) due = std::min(due, affiliate_due_.begin()->first);
  return due;
}

std::optional<Timestamp> Engine::CatchUpStep(Timestamp until, std::size_t max_units) const {
  // (due time, units) of the queued work up to `until`; each queue is read no
  // further than the budget can reach.
  std::vector<std::pair<Timestamp, std::size_t>> due;
  bool truncated = false;
  const std::size_t cap = max_units + 1;
  std::size_t taken = 0;
  for (auto it = maturing_.begin(); it != maturing_.end() && std::get<0>(*it) <= until; ++it) {
    if (++taken > cap) {
      truncated = true;
      break;
    }
    due.emplace_back(std::get<0>(*it), 1);
  }
  taken = 0;
  for (auto it = affiliate_due_.begin(); it != affiliate_due_.end() && it->first <= until; ++it) {
    if (++taken > cap) {
      truncated = true;
      break;
    }
    due.emplace_back(it->first, 1);
  }
  // A close is a unit per agent.
  const std::size_t per_close = std::max<std::size_t>(agents_.size(), 1);
  taken = 0;
  for (Timestamp close = next_month_close_; close <= until; close = EatMonth::Of(close).Next().Start()) {
    if (++taken > cap) {
      truncated = true;
      break;
    }
    due.emplace_back(close, per_close);
  }
  taken = 0;
  for (Timestamp close = next_quarter_close_; close <= until; close = EatQuarter::Of(close).Next().Start()) {
    if (++taken > cap) {
      truncated = true;
      break;
    }
    due.emplace_back(close, per_close);
  }
  std::sort(due.begin(), due.end());
  std::optional<Timestamp> step;
  std::size_t units = 0;
  for (std::size_t i = 0; i < due.size();) {
    const Timestamp at = due[i].first;
    std::size_t group = 0;
    for (; i < due.size() && due[i].first == at; ++i) group += due[i].second;
    if (step && units + group > max_units) return step;
    units += group;
    step = at;
  }
  if (!step) return std::nullopt;
  return truncated ? step : until;
}

Result<void> Engine::RunScheduled(Timestamp until) {
  if (until < clock_) {
    return Fail(Error::Invalid(
        fmt::format("events must be in time order: {} is before {}", FormatEat(until), FormatEat(clock_))));
  }
  for (;;) {
    // The earliest due work; at equal times: maturation, month close,
    // affiliate checks, quarter close.
    std::optional<std::pair<Timestamp, int>> next;
    const std::string* affiliate = nullptr;
    Timestamp affiliate_due{};
    auto consider = [&](Timestamp due, int order) {
      if (due <= until && (!next || std::make_pair(due, order) < *next)) next = std::make_pair(due, order);
    };
    if (!maturing_.empty()) consider(std::get<0>(*maturing_.begin()), 0);
    consider(next_month_close_, 1);
    if (!affiliate_due_.empty()) {
      affiliate_due = affiliate_due_.begin()->first;
      affiliate = &affiliate_due_.begin()->second;
    }
    if (affiliate != nullptr && affiliate_due <= until) consider(affiliate_due, 2);
    consider(next_quarter_close_, 3);
    if (!next) break;
    const Timestamp at = next->first;
    clock_ = std::max(clock_, at);
    switch (next->second) {
      case 0: {
        const auto [due, id, commission] = *maturing_.begin();
        maturing_.erase(maturing_.begin());
        MatureDue(due, *commission);
        break;
      }
      case 1: {
        const EatMonth closing = EatMonth::Of(at - std::chrono::seconds(1));
        next_month_close_ = closing.Next().Next().Start();
        CloseMonth(at, closing);
        break;
      }
      case 2: {
        const std::string agent = *affiliate;  // a copy: the check moves the agent's entry
        CheckAffiliate(at, agent);
        break;
      }
      default: {
        const EatQuarter closing = EatQuarter::Of(at - std::chrono::seconds(1));
        next_quarter_close_ = closing.Next().Next().Start();
        CloseQuarter(at, closing);
        break;
      }
    }
  }
  clock_ = until;
  return {};
}

void Engine::MatureDue(Timestamp at, Commission& commission) {
  if (commission.matured) return;
  commission.matured = true;
  const Money left = commission.Left();
  if (left > Money{}) {
    static_cast<void>(ledger_.Post(
        ledger::Maturation("mature/" + commission.id, at, commission.agent, commission.id, left)));
  }
}

void Engine::CloseMonth(Timestamp at, EatMonth month) {
  const auto& card = program_.CardAt(at);
  for (const auto& [id, agent] : agents_) {
    const TierIndex tier = agent.facts.tier;
    if (agent.terminated || tier == 0) continue;
    const auto rate = card.BonusRate(tier);
    if (!rate) continue;
    const MonthFigures figures = Figures(id, month);
    const auto& requirements = program_.tiers[static_cast<std::size_t>(tier)].requirements;
    if (figures.sales < requirements.monthly_sales || figures.signups < requirements.monthly_signups ||
        figures.sales <= Money{}) {
      continue;
    }
    Commission bonus;
    bonus.id = "bonus/" + id + "/" + month.ToString();
    bonus.agent = id;
    bonus.kind = CommissionKind::kBonus;
    bonus.base = figures.sales;
    bonus.rate = rate;
    bonus.amount = ApplyRate(figures.sales, *rate);
    Accrue(std::move(bonus), at);
  }
}

void Engine::CheckAffiliate(Timestamp at, const std::string& agent_id) {
  Agent& agent = agents_.at(agent_id);
  const Timestamp start = *agent.window_start;
  const Timestamp end = start + days(program_.affiliate_window_days);
  if (at < end) {
    // A warning day: only while no sale has been made in the window.
    const int day = program_.affiliate_warning_days[static_cast<std::size_t>(agent.warnings_sent)];
    ++agent.warnings_sent;
    RefreshAffiliateDue(agent);
    if (!agent.window_sale && at > start_) {
      notifications_.push_back(
          Notification{"affiliate_warning", agent_id, at,
                       fmt::format("day {} of {} without a sale; the rule applies on {}", day,
                                   program_.affiliate_window_days, FormatEat(end))});
    }
    return;
  }
  if (agent.window_sale) {
    CloseAffiliateWindow(agent);  // settled: no more checks until made an affiliate again
    return;
  }
  if (end <= start_) {
    StartAffiliateWindow(agent, end);  // nothing to act on before the simulation starts
    return;
  }
  // 3.3: no sale in the window — recurring commissions not yet paid out are
  // forfeited, the clients go to the highest tiers, and the clock restarts.
  ForfeitAll(agent_id, true, "forfeit/affiliate-rule/" + FormatEat(at), at);
  Reassign(at, {agent_id});
  StartAffiliateWindow(agent, at);
}

Engine::Standing Engine::StandingIn(const Agent& agent, EatQuarter quarter, Timestamp at) const {
  Standing standing;
  // Months of the quarter in which the agent was active (a partly active month counts).
  EatMonth month = quarter.FirstMonth();
  for (int i = 0; i < 3; ++i, month = month.Next()) {
    if (agent.facts.activated_at < month.Next().Start()) {
      ++standing.active_months;
      const auto figures = Figures(agent.facts.id, month);
      standing.sales += figures.sales;
      standing.signups += figures.signups;
    }
  }
  standing.active_months = std::max(standing.active_months, 1);
  standing.people = SalesCertifiedPeople(agent, at);
  standing.level = TechnicalLevelOf(agent, at);
  return standing;
}

std::vector<CheckResult> Engine::ChecksFor(const Agent& agent, const Standing& standing,
                                           TierIndex tier) const {
  const auto& tier_def = program_.tiers[static_cast<std::size_t>(tier)];
  const auto& r = tier_def.requirements;
  const int months = standing.active_months;
  const int people = standing.people;
  const TechnicalLevel level = standing.level;
  return {
      {"sip_trunk", tier_def.name, agent.facts.sip_trunk_active ? "true" : "false",
       r.sip_trunk ? "true" : "false", !r.sip_trunk || agent.facts.sip_trunk_active},
      {"sales_certified_people", tier_def.name, std::to_string(people),
       std::to_string(r.sales_certified_people), people >= r.sales_certified_people},
      {"technical_level", tier_def.name, std::string(program::TechnicalLevelName(level)),
       std::string(program::TechnicalLevelName(r.technical_level)), level >= r.technical_level},
      {"agreement_signed", tier_def.name, agent.facts.agreement_signed ? "true" : "false",
       r.agreement_signed ? "true" : "false", !r.agreement_signed || agent.facts.agreement_signed},
      // Exact comparison: total ≥ target × active months (no rounded average).
      {"monthly_sales_avg", tier_def.name, DivideRoundHalfUp(standing.sales, months).ToString(),
       r.monthly_sales.ToString(), standing.sales.cents() >= r.monthly_sales.cents() * months},
      {"monthly_signups_avg", tier_def.name,
       DivideRoundHalfUp(Money::Cents(std::int64_t{standing.signups} * 100), months).ToString(),
       std::to_string(r.monthly_signups) + ".00", standing.signups >= r.monthly_signups * months},
  };
}

Evaluation Engine::Evaluate(const Agent& agent, EatQuarter quarter, Timestamp at) const {
  Evaluation evaluation;
  evaluation.quarter = quarter.ToString();
  evaluation.at = at;
  evaluation.from = program_.TierName(agent.facts.tier);
  const Standing standing = StandingIn(agent, quarter, at);
  TierIndex reached = 0;
  bool still_climbing = true;
  for (TierIndex tier = 1; tier <= program_.TopTier(); ++tier) {
    const auto checks = ChecksFor(agent, standing, tier);
    const bool all_met = std::all_of(checks.begin(), checks.end(), [](const auto& c) { return c.met; });
    if (still_climbing) {
      // Explain each tier held, and the first one missed.
      evaluation.checks.insert(evaluation.checks.end(), checks.begin(), checks.end());
    }
    if (all_met && still_climbing) {
      reached = tier;
    } else {
      still_climbing = false;
    }
  }
  evaluation.to = program_.TierName(reached);
  return evaluation;
}

std::vector<CheckResult> Engine::TierChecks(const std::string& agent_id, TierIndex tier, Timestamp at) const {
  const auto found = agents_.find(agent_id);
  if (found == agents_.end() || tier < 1 || tier > program_.TopTier()) return {};
  return ChecksFor(found->second, StandingIn(found->second, EatQuarter::Of(at), at), tier);
}

void Engine::CloseQuarter(Timestamp at, EatQuarter quarter) {
  // All agents are evaluated first; then demoted agents lose their clients,
  // in agent-id order, to agents at their new tiers.
  std::vector<std::string> demoted;
  for (auto& [id, agent] : agents_) {
    if (agent.terminated) continue;
    Evaluation evaluation = Evaluate(agent, quarter, at);
    const TierIndex old_tier = agent.facts.tier;
    const TierIndex new_tier = *program_.FindTier(evaluation.to);
    agent.evaluations.push_back(std::move(evaluation));
    SetTier(agent, new_tier);
    if (new_tier == 0 && old_tier > 0) {
      demoted.push_back(id);
      StartAffiliateWindow(agent, at);  // the 90-day clock restarts
    } else if (new_tier > 0 && agent.window_start) {
      CloseAffiliateWindow(agent);
    }
  }
  Reassign(at, demoted);
}

// ---- events -----------------------------------------------------------------

Result<void> Engine::Advance(Timestamp at) {
  return RunScheduled(at);
}

Result<void> Engine::Associate(Timestamp at, const std::string& client_id, const std::string& agent_id,
                               AssociationSource source, const std::string& referral_url) {
  if (!clients_.contains(client_id)) return Fail(Error::Invalid("client: no client \"" + client_id + "\""));
  auto agent = RequireAgent(agent_id, "agent");
  if (!agent) return Fail(agent.error());
  if (source == AssociationSource::kReassignment) {
    return Fail(Error::Invalid("source: reassignment is done by the engine, not by an event"));
  }
  if (auto ran = RunScheduled(at); !ran) return ran;
  const Client& client = clients_.at(client_id);
  if ((*agent)->terminated) {
    Refuse(at, "associate " + client_id, "agent " + agent_id + " is terminated");
    return {};
  }
  if (client.association) {
    Refuse(at, "associate " + client_id,
           "client already has an agent (" + associations_[*client.association].agent + ")");
    return {};
  }
  if (source != AssociationSource::kStaffAssignment) {
    const auto& a = (*agent)->facts;
    const auto& c = client.facts;
    if (SameIdentity(a.email, c.email, false) || SameIdentity(a.phone, c.phone, true) ||
        SameIdentity(a.kra_pin, c.kra_pin, false)) {
      flags_.push_back(Flag{"self_referral", agent_id, client_id, at});
      Refuse(at, "associate " + client_id, "self-referral by " + agent_id);
      return {};
    }
  }
  StartAssociation(at, client_id, agent_id, source, referral_url);
  return {};
}

Result<void> Engine::Revoke(Timestamp at, const std::string& client_id) {
  if (!clients_.contains(client_id)) return Fail(Error::Invalid("client: no client \"" + client_id + "\""));
  if (auto ran = RunScheduled(at); !ran) return ran;
  if (!clients_.at(client_id).association) {
    Refuse(at, "revoke " + client_id, "client has no agent");
    return {};
  }
  EndAssociation(at, client_id);
  return {};
}

Result<void> Engine::InvoicePaid(Timestamp at, const std::string& id, const std::string& client_id,
                                 const std::vector<InvoiceLine>& lines, const std::string& fingerprint) {
  if (id.empty()) return Fail(Error::Invalid("id: missing"));
  if (auto seen = billing_fingerprints_.find(id); seen != billing_fingerprints_.end()) {
    if (seen->second == fingerprint) return RunScheduled(at);  // a retried webhook
    return Fail(Error::Invalid("id: \"" + id + "\" was seen before with different content"));
  }
  Client* const client = FindClient(client_id);
  if (client == nullptr) return Fail(Error::Invalid("client: no client \"" + client_id + "\""));
  if (lines.empty()) return Fail(Error::Invalid("lines: an invoice needs at least one line"));
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
  if (auto ran = RunScheduled(at); !ran) return ran;
  billing_fingerprints_[id] = fingerprint;

  const std::optional<std::size_t> association_index = client->association;
  const Association* association = association_index ? &associations_[*association_index] : nullptr;
  Agent* seller = association ? FindAgent(association->agent) : nullptr;
  if (seller != nullptr && seller->terminated) seller = nullptr;  // a terminated agent earns nothing more
  // 3.1: the signup is the client's first paid invoice with a non-deposit line
  // (rules version 1: its first paid invoice, so a deposit used it up).
  const bool first_paid_invoice = rules_version_ < 2 ? !client->ever_paid : !client->ever_paid_non_deposit;
  bool any_non_deposit = false;
  Invoice invoice{id, client_id, at, {}};
  invoice.lines.reserve(lines.size());
  const program::RateCard* card =
      association != nullptr ? program_.FindCard(association->rate_card) : nullptr;
  // The seller's figures for the month, found on its first sale line.
  MonthFigures* seller_month = nullptr;
  bool any_sale = false;
  for (const auto& line : lines) {
    invoice.lines.push_back(StoredLine{line, Money{}, seller != nullptr ? seller->facts.id : ""});
    if (line.category == Category::kDeposit) continue;  // never commissionable, not sales volume
    any_non_deposit = true;
    const bool new_subscription = line.subscription && subscriptions_seen_.insert(*line.subscription).second;
    if (seller != nullptr) {
      any_sale = true;
      if (seller_month == nullptr) seller_month = &figures_[seller->facts.id][EatMonth::Of(at)];
      seller_month->sales += line.amount;
      const TierIndex tier = seller->facts.tier;
      const auto rate = card->Rate(line.category, tier);
      const bool first_only = card->FirstInvoiceOnly(line.category, tier);
      if (rate && (!first_only || new_subscription)) {
        Commission sale;
        sale.id = id + "/" + line.id + "/sale";
        sale.agent = seller->facts.id;
        sale.kind = CommissionKind::kSale;
        sale.category = line.category;
        sale.base = line.amount;
        sale.rate = rate;
        sale.amount = ApplyRate(line.amount, *rate);
        sale.recurring = program_.IsRecurringSale(line.category, first_only);
        sale.first_invoice_only = first_only;
        sale.reversible = association->reversible;
        sale.invoice = id;
        sale.line = line.id;
        Accrue(std::move(sale), at);
      }
    }
    if (line.performed_by) {
      Agent& performer = *FindAgent(*line.performed_by);
      const TechnicalLevel level = TechnicalLevelOf(performer, at);
      const auto rate = program_.CardAt(at).TechnicalRate(level);
      if (!performer.terminated && performer.facts.tier >= program_.technical_min_tier &&
          level != TechnicalLevel::kNone && rate) {
        Commission technical;
        technical.id = id + "/" + line.id + "/technical";
        technical.agent = performer.facts.id;
        technical.kind = CommissionKind::kTechnical;
        technical.category = line.category;
        technical.base = line.amount;
        technical.rate = rate;
        technical.amount = ApplyRate(line.amount, *rate);
        technical.invoice = id;
        technical.line = line.id;
        Accrue(std::move(technical), at);
      }
    }
  }
  if (seller != nullptr) {
    // 3.1: a signup is a client the agent brought itself, on its first paid invoice.
    const bool self_made = association->source == AssociationSource::kReferralLink ||
                           association->source == AssociationSource::kServiceManagerLink;
    if (first_paid_invoice && self_made && any_sale) ++seller_month->signups;
    if (any_sale && seller->window_start && !seller->window_sale) {
      seller->window_sale = true;  // the 90-day rule is met
      RefreshAffiliateDue(*seller);
    }
  }
  client->ever_paid = true;
  client->ever_paid_non_deposit = client->ever_paid_non_deposit || any_non_deposit;
  invoices_.emplace(id, std::move(invoice));
  return {};
}

Result<void> Engine::Refund(Timestamp at, const std::string& id, const std::string& invoice_id,
                            const std::string& line_id, Money amount, bool chargeback,
                            const std::string& fingerprint) {
  if (id.empty()) return Fail(Error::Invalid("id: missing"));
  if (auto seen = billing_fingerprints_.find(id); seen != billing_fingerprints_.end()) {
    if (seen->second == fingerprint) return RunScheduled(at);
    return Fail(Error::Invalid("id: \"" + id + "\" was seen before with different content"));
  }
  auto invoice = invoices_.find(invoice_id);
  if (invoice == invoices_.end()) return Fail(Error::Invalid("invoice: no invoice \"" + invoice_id + "\""));
  auto stored = std::find_if(invoice->second.lines.begin(), invoice->second.lines.end(),
                             [&](const StoredLine& s) { return s.line.id == line_id; });
  if (stored == invoice->second.lines.end()) {
    return Fail(Error::Invalid("line: line \"" + line_id + "\" is not on invoice \"" + invoice_id + "\""));
  }
  if (amount <= Money{}) return Fail(Error::Invalid("amount: must be more than 0.00"));
  const Money left = stored->line.amount - stored->refunded;
  if (amount > left) {
    return Fail(Error::Invalid(fmt::format("amount: {} is more than the {} left of line \"{}\"",
                                           amount.ToString(), left.ToString(), line_id)));
  }
  if (auto ran = RunScheduled(at); !ran) return ran;
  billing_fingerprints_[id] = fingerprint;
  // The k-th reversal is commission(A − R_before) − commission(A − R_before − R_k),
  // so refunding a line in full reverses exactly its commission.
  for (const char* kind : {"sale", "technical"}) {
    auto found = commissions_.find(invoice_id + "/" + line_id + "/" + kind);
    if (found == commissions_.end()) continue;
    Commission& commission = found->second;
    const BasisPoints rate = *commission.rate;
    const Money reversal = ApplyRate(left, rate) - ApplyRate(left - amount, rate);
    TakeBack(commission, reversal, false,
             std::string(chargeback ? "chargeback/" : "refund/") + id + "/" + kind, at);
  }
  stored->refunded += amount;
  if (!stored->agent.empty() && stored->line.category != Category::kDeposit) {
    figures_[stored->agent][EatMonth::Of(at)].sales -= amount;
  }
  return {};
}

Result<void> Engine::Certify(Timestamp at, const std::string& agent_id, const std::string& person_id,
                             Certification certification) {
  auto agent = RequireAgent(agent_id, "agent");
  if (!agent) return Fail(agent.error());
  if (person_id.empty()) return Fail(Error::Invalid("person: missing"));
  if (auto ran = RunScheduled(at); !ran) return ran;
  certification.valid_from = at;
  auto& people = (*agent)->facts.people;
  auto person =
      std::find_if(people.begin(), people.end(), [&](const Person& p) { return p.id == person_id; });
  if (person == people.end()) {
    people.push_back(Person{person_id, {}});
    person = people.end() - 1;
  }
  person->certifications.push_back(certification);
  return {};
}

Result<void> Engine::RemovePerson(Timestamp at, const std::string& agent_id, const std::string& person_id) {
  auto agent = RequireAgent(agent_id, "agent");
  if (!agent) return Fail(agent.error());
  auto& people = (*agent)->facts.people;
  const auto person =
      std::find_if(people.begin(), people.end(), [&](const Person& p) { return p.id == person_id; });
  if (person == people.end())
    return Fail(Error::Invalid("person: agent " + agent_id + " has no person " + person_id));
  if (auto ran = RunScheduled(at); !ran) return ran;
  people.erase(person);
  return {};
}

Result<void> Engine::SetAgent(Timestamp at, const std::string& agent_id, std::optional<bool> sip_trunk_active,
                              std::optional<bool> agreement_signed, std::optional<std::string> residency) {
  auto agent = RequireAgent(agent_id, "agent");
  if (!agent) return Fail(agent.error());
  if (residency && *residency != "resident" && *residency != "non_resident") {
    return Fail(Error::Invalid("residency: must be resident or non_resident"));
  }
  if (auto ran = RunScheduled(at); !ran) return ran;
  if (sip_trunk_active) (*agent)->facts.sip_trunk_active = *sip_trunk_active;
  if (agreement_signed) (*agent)->facts.agreement_signed = *agreement_signed;
  if (residency) (*agent)->facts.residency = *residency;
  return {};
}

Result<void> Engine::OverrideTier(Timestamp at, const std::string& agent_id, const std::string& tier_name,
                                  const std::string& reason) {
  auto agent = RequireAgent(agent_id, "agent");
  if (!agent) return Fail(agent.error());
  const auto tier = program_.FindTier(tier_name);
  if (!tier) return Fail(Error::Invalid("tier: no tier \"" + tier_name + "\""));
  if (Trim(reason).empty()) return Fail(Error::Invalid("reason: an override needs a reason"));
  if (auto ran = RunScheduled(at); !ran) return ran;
  Agent& target = **agent;
  Evaluation record;
  record.quarter = "override";
  record.at = at;
  record.from = program_.TierName(target.facts.tier);
  record.to = tier_name;
  record.reason = reason;
  target.evaluations.push_back(record);
  const TierIndex old_tier = target.facts.tier;
  SetTier(target, *tier);
  if (*tier == 0 && old_tier > 0) {
    StartAffiliateWindow(target, at);  // restarts the clock; reassigns nothing
  } else if (*tier > 0 && target.window_start) {
    CloseAffiliateWindow(target);
  }
  return {};
}

Result<void> Engine::ManualCommission(Timestamp at, const std::string& id, const std::string& agent_id,
                                      Money amount, Category category, const std::string& reason) {
  auto agent = RequireAgent(agent_id, "agent");
  if (!agent) return Fail(agent.error());
  if (id.empty()) return Fail(Error::Invalid("id: missing"));
  if (commissions_.contains(id))
    return Fail(Error::Invalid("id: a commission \"" + id + "\" exists already"));
  if (amount <= Money{}) return Fail(Error::Invalid("amount: must be more than 0.00"));
  if (category == Category::kDeposit)
    return Fail(Error::Invalid("category: deposits are never commissionable"));
  if (Trim(reason).empty()) return Fail(Error::Invalid("reason: a manual commission needs a reason"));
  if (auto ran = RunScheduled(at); !ran) return ran;
  if ((*agent)->terminated) {
    Refuse(at, "manual_commission " + id, "agent " + agent_id + " is terminated");
    return {};
  }
  Commission manual;
  manual.id = id;
  manual.agent = agent_id;
  manual.kind = CommissionKind::kManual;
  manual.category = category;
  manual.base = amount;
  manual.amount = amount;
  manual.reason = reason;
  Accrue(std::move(manual), at);
  return {};
}

Result<void> Engine::ReverseUnreferred(Timestamp at, const std::optional<std::string>& agent_id,
                                       const std::vector<std::string>& commission_ids) {
  if (agent_id) {
    if (auto agent = RequireAgent(*agent_id, "agent"); !agent) return Fail(agent.error());
  }
  for (const auto& id : commission_ids) {
    const auto found = commissions_.find(id);
    if (found == commissions_.end() || (agent_id && found->second.agent != *agent_id)) {
      return Fail(Error::Invalid("commissions: \"" + id + "\" is not a commission" +
                                 (agent_id ? " of " + *agent_id : std::string())));
    }
    if (!found->second.reversible) {
      return Fail(
          Error::Invalid("commissions: \"" + id +
                         "\" is not reversible (only those of associations without referral evidence are)"));
    }
  }
  if (auto ran = RunScheduled(at); !ran) return ran;
  // A reversal takes all that is left, so a commission is reversed at most once
  // and its ledger key stays unique.
  if (!commission_ids.empty()) {
    for (const auto& id : commission_ids) {
      auto& commission = commissions_.at(id);
      TakeBack(commission, commission.Left(), false, "reverse/unreferred/" + id, at);
    }
    return {};
  }
  for (auto& [id, commission] : commissions_) {
    if (!commission.reversible || (agent_id && commission.agent != *agent_id)) continue;
    TakeBack(commission, commission.Left(), false, "reverse/unreferred/" + id, at);
  }
  return {};
}

Result<void> Engine::Violation(Timestamp at, const std::string& agent_id, bool all_unpaid,
                               const std::vector<std::string>& commission_ids, const std::string& reason) {
  auto agent = RequireAgent(agent_id, "agent");
  if (!agent) return Fail(agent.error());
  if (Trim(reason).empty()) return Fail(Error::Invalid("reason: a violation needs a reason"));
  for (const auto& id : commission_ids) {
    auto found = commissions_.find(id);
    if (found == commissions_.end() || found->second.agent != agent_id) {
      return Fail(Error::Invalid("commissions: \"" + id + "\" is not a commission of " + agent_id));
    }
  }
  if (auto ran = RunScheduled(at); !ran) return ran;
  ViolationRecord record;
  record.at = at;
  record.reason = reason;
  record.all_unpaid = all_unpaid;
  // Ledger keys must stay unique when one agent gets two violations in the
  // same second (the second may take the rest of a commission the first took
  // part of); the first keeps the plain key.
  const auto same_second = std::count_if((*agent)->violations.begin(), (*agent)->violations.end(),
                                         [&](const ViolationRecord& earlier) { return earlier.at == at; });
  std::string key = "forfeit/violation/" + FormatEat(at);
  if (same_second > 0) key += fmt::format("#{}", same_second + 1);
  if (all_unpaid) {
    // "All unpaid" takes what termination takes; rules version 1 also took the
    // amount inside a requested withdrawal (left owing it once paid).
    record.forfeited =
        rules_version_ < 2 ? ForfeitAll(agent_id, false, key, at) : ForfeitUnpaid(agent_id, key, at);
  } else {
    record.named = commission_ids;
    // A pending one loses what is left; a matured one is taken back from the
    // available balance, which may go negative.
    for (const auto& id : commission_ids) {
      auto& commission = commissions_.at(id);
      const Money taken = TakeBack(commission, commission.Left(), true, key + "/" + id, at);
      if (taken > Money{}) record.forfeited.push_back(Forfeit{id, taken});
    }
  }
  (*agent)->violations.push_back(std::move(record));
  return {};
}

Result<void> Engine::Terminate(Timestamp at, const std::string& agent_id, const std::string& reason) {
  auto agent = RequireAgent(agent_id, "agent");
  if (!agent) return Fail(agent.error());
  if (Trim(reason).empty()) return Fail(Error::Invalid("reason: a termination needs a reason"));
  if (auto ran = RunScheduled(at); !ran) return ran;
  if ((*agent)->terminated) {
    Refuse(at, "terminate " + agent_id, "already terminated");
    return {};
  }
  // Everything unpaid is forfeited: all pending amounts and a positive
  // available balance (amounts already requested go on through their withdrawal).
  TerminationRecord record;
  record.at = at;
  record.reason = reason;
  record.forfeited = ForfeitUnpaid(agent_id, "forfeit/termination/" + agent_id, at);
  MarkTerminated(**agent);
  CloseAffiliateWindow(**agent);
  record.reassigned = Reassign(at, {agent_id});
  (*agent)->termination = std::move(record);
  return {};
}

Result<void> Engine::Withdraw(Timestamp at, const std::string& id, const std::string& agent_id,
                              Money amount) {
  auto agent = RequireAgent(agent_id, "agent");
  if (!agent) return Fail(agent.error());
  if (id.empty()) return Fail(Error::Invalid("id: missing"));
  if (withdrawals_.contains(id)) return Fail(Error::Invalid("id: withdrawal \"" + id + "\" exists already"));
  if (amount <= Money{}) return Fail(Error::Invalid("amount: must be more than 0.00"));
  if (auto ran = RunScheduled(at); !ran) return ran;
  Withdrawal withdrawal;
  withdrawal.id = id;
  withdrawal.agent = agent_id;
  withdrawal.gross = amount;
  withdrawal.requested_at = at;
  const Money available = ledger_.Balance(AccountRef::Agent(agent_id, AccountKind::kAvailable));
  if ((*agent)->terminated) {
    withdrawal.reason = "agent is terminated";
  } else if (amount < program_.min_withdrawal) {
    withdrawal.reason = "below the minimum withdrawal of " + program_.min_withdrawal.ToString();
  } else if (amount > available) {
    withdrawal.reason = "more than the available balance of " + available.ToString();
  }
  if (!withdrawal.reason.empty()) {
    withdrawal.state = "refused";  // gross keeps what was asked; nothing moved
    withdrawals_.emplace(id, withdrawal);
    return {};
  }
  withdrawal.state = "requested";
  withdrawal.tax = ApplyRate(amount, program_.withholding.at((*agent)->facts.residency));
  withdrawal.net = amount - withdrawal.tax;
  static_cast<void>(ledger_.Post(ledger::WithdrawalRequest("withdraw/" + id, at, agent_id, amount)));
  withdrawals_.emplace(id, withdrawal);
  return {};
}

Result<void> Engine::WithdrawalApproved(Timestamp at, const std::string& id) {
  auto found = withdrawals_.find(id);
  if (found == withdrawals_.end()) return Fail(Error::Invalid("id: no withdrawal \"" + id + "\""));
  if (auto ran = RunScheduled(at); !ran) return ran;
  if (found->second.state != "requested") {
    Refuse(at, "withdrawal_approved " + id, "withdrawal is " + found->second.state);
    return {};
  }
  found->second.state = "approved";
  return {};
}

std::map<std::string, std::map<EatMonth, Money>> Engine::TaxWithheldByMonth() const {
  std::map<std::string, std::map<EatMonth, Money>> report;
  for (const auto& transaction : ledger_.transactions()) {
    for (const auto& posting : transaction.postings) {
      if (posting.account.kind == ledger::AccountKind::kTaxWithheld) {
        report[posting.account.agent_id][EatMonth::Of(transaction.at)] += posting.amount;
      }
    }
  }
  return report;
}

Result<void> Engine::WithdrawalPaid(Timestamp at, const std::string& id, const std::string& reference) {
  auto found = withdrawals_.find(id);
  if (found == withdrawals_.end()) return Fail(Error::Invalid("id: no withdrawal \"" + id + "\""));
  if (Trim(reference).empty())
    return Fail(Error::Invalid("reference: a payout needs its M-Pesa or bank reference"));
  if (auto ran = RunScheduled(at); !ran) return ran;
  Withdrawal& withdrawal = found->second;
  if (withdrawal.state != "requested" && withdrawal.state != "approved") {
    Refuse(at, "withdrawal_paid " + id, "withdrawal is " + withdrawal.state);
    return {};
  }
  // Tax is computed at payout on the residency of that moment.
  withdrawal.tax =
      ApplyRate(withdrawal.gross, program_.withholding.at(agents_.at(withdrawal.agent).facts.residency));
  withdrawal.net = withdrawal.gross - withdrawal.tax;
  withdrawal.state = "paid";
  withdrawal.reference = reference;
  static_cast<void>(ledger_.Post(ledger::WithdrawalPaid("withdrawal_paid/" + id, at, withdrawal.agent,
                                                        withdrawal.gross, withdrawal.tax)));
  return {};
}

Result<void> Engine::WithdrawalRejected(Timestamp at, const std::string& id, const std::string& reason) {
  auto found = withdrawals_.find(id);
  if (found == withdrawals_.end()) return Fail(Error::Invalid("id: no withdrawal \"" + id + "\""));
  if (Trim(reason).empty()) return Fail(Error::Invalid("reason: a rejection needs a reason"));
  if (auto ran = RunScheduled(at); !ran) return ran;
  Withdrawal& withdrawal = found->second;
  if (withdrawal.state != "requested" && withdrawal.state != "approved") {
    Refuse(at, "withdrawal_rejected " + id, "withdrawal is " + withdrawal.state);
    return {};
  }
  withdrawal.state = "rejected";
  withdrawal.reason = reason;
  withdrawal.tax = Money{};
  withdrawal.net = Money{};
  static_cast<void>(ledger_.Post(
      ledger::WithdrawalRejected("withdrawal_rejected/" + id, at, withdrawal.agent, withdrawal.gross)));
  return {};
}

// ---- invariants ---------------------------------------------------------------

std::vector<std::string> Engine::CheckInvariants() const {
  std::vector<std::string> problems = ledger::CheckInvariants(ledger_);
  for (const auto& [agent_id, agent] : agents_) {
    Money pending, matured, reversed, forfeited;
    const auto coverage = PaidCoverage(agent_id);
    for (const Commission* commission : CommissionsOf(agent_id)) {
      const Money left = commission->Left();
      if (left.IsNegative() || commission->reversed.IsNegative() || commission->forfeited.IsNegative()) {
        problems.push_back("commission " + commission->id + " has a negative part");
      }
      // amount = pending + available + paid + reversed + forfeited
      const Money paid = coverage.contains(commission->id) ? coverage.at(commission->id) : Money{};
      const Money pending_part = commission->matured ? Money{} : left;
      const Money available_part = commission->matured ? left - paid : Money{};
      if (pending_part + available_part + paid + commission->reversed + commission->forfeited !=
          commission->amount) {
        problems.push_back("commission " + commission->id + ": parts do not add up to its amount");
      }
      (commission->matured ? matured : pending) += left;
      reversed += commission->reversed;
      forfeited += commission->forfeited;
    }
    const auto balances = ledger::BalancesOf(ledger_, agent_id);
    if (balances.pending != pending) {
      problems.push_back(fmt::format("agent {}: ledger pending {} but commissions pending {}", agent_id,
                                     balances.pending.ToString(), pending.ToString()));
    }
    if (balances.available + balances.withdrawing + balances.paid_out != matured) {
      problems.push_back(fmt::format(
          "agent {}: available+withdrawing+paid_out {} but matured commissions {}", agent_id,
          (balances.available + balances.withdrawing + balances.paid_out).ToString(), matured.ToString()));
    }
    if (balances.reversed != reversed || balances.forfeited != forfeited) {
      problems.push_back("agent " + agent_id + ": reversed/forfeited differ between ledger and commissions");
    }
  }
  return problems;
}

}  // namespace wakala::commissions
