// Scheduled work: maturation, month close (bonus), affiliate checks, quarter close, in time order.

#include "engine/engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

namespace wakala::engine {

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

// ---- events -----------------------------------------------------------------

Result<void> Engine::Run(const Advance& event) {
  return RunScheduled(event.at);
}

Result<void> Engine::AdvanceAfterRegistering(Timestamp at) {
  auto ran = RunScheduled(at);
  if (!ran) return Fail(Error{ran.error().code, "at: " + ran.error().message, {}, {}});
  return {};
}

}  // namespace wakala::engine
