#include "sim/generator.hpp"

#include <fmt/format.h>
#include <boost/json.hpp>

#include <map>
#include <random>
#include <vector>

#include "core/calendar.hpp"
#include "core/money.hpp"

namespace wakala::sim {

namespace json = boost::json;

namespace {

class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  // Uniform in [low, high]. Implemented here, not with std distributions, so
  // that a seed replays the same on every standard library.
  std::int64_t Between(std::int64_t low, std::int64_t high) {
    const auto span = static_cast<std::uint64_t>(high - low) + 1;
    return low + static_cast<std::int64_t>(engine_() % span);
  }
  bool Chance(int percent) { return Between(1, 100) <= percent; }
  template <class T>
  const T& Pick(const std::vector<T>& items) {
    return items[static_cast<std::size_t>(Between(0, static_cast<std::int64_t>(items.size()) - 1))];
  }

 private:
  std::mt19937_64 engine_;
};

struct Line {
  std::string invoice, id;
  std::int64_t cents = 0;
  std::int64_t refunded = 0;
};

// Function-local, so that building them happens on first use, not at start.
const std::vector<std::string>& Tiers() {
  static const std::vector<std::string> tiers{"affiliate", "bronze",   "silver",
                                              "gold",      "platinum", "titanium"};
  return tiers;
}
const std::vector<std::string>& Categories() {
  static const std::vector<std::string> categories{
      "managed_subscription", "talk_time",          "setup_fee", "software_equipment",
      "training_oos",         "custom_development", "addon",     "deposit"};
  return categories;
}
const std::vector<std::string>& Levels() {
  static const std::vector<std::string> levels{"basic", "intermediate", "advanced"};
  return levels;
}

// One generated history: the agents, the clients, then the events one by
// one, each kind drawn with its share of a roll of 1 to 100. What a kind
// needs of the history so far (invoice lines to refund, withdrawals to
// decide) it keeps here. Every draw comes from `random_` in a fixed order, so
// that a seed always gives the same text.
class HistoryGenerator {
 public:
  HistoryGenerator(std::uint64_t seed, Timestamp start) : random_(seed), now_(start) {}

  json::array Agents(int count, Timestamp start) {
    json::array agents;
    for (int i = 0; i < count; ++i) {
      const std::string id = fmt::format("A{:02}", i + 1);
      agent_ids_.push_back(id);
      json::array people;
      const auto person_count = random_.Between(0, 3);
      for (std::int64_t p = 0; p < person_count; ++p) {
        people.push_back({{"id", fmt::format("P{}", p + 1)}, {"certifications", Certifications()}});
      }
      agents.push_back({{"id", id},
                        {"tier", random_.Pick(Tiers())},
                        {"activated_at", FormatEat(start - std::chrono::days(random_.Between(0, 400)))},
                        {"residency", random_.Chance(80) ? "resident" : "non_resident"},
                        {"sip_trunk_active", random_.Chance(90)},
                        {"agreement_signed", random_.Chance(80)},
                        {"email", fmt::format("owner@{}.co.ke", id)},
                        {"phone", fmt::format("+2547000000{:02}", i + 1)},
                        {"people", std::move(people)}});
    }
    return agents;
  }

  json::array Clients(int count) {
    json::array clients;
    for (int i = 0; i < count; ++i) {
      const std::string id = fmt::format("C{:03}", i + 1);
      client_ids_.push_back(id);
      // Now and then a client that is really an agent (a self-referral attempt).
      const bool self = random_.Chance(3);
      clients.push_back(
          {{"id", id},
           {"email", self ? fmt::format("owner@{}.co.ke", random_.Pick(agent_ids_)) : id + "@client.co.ke"}});
    }
    return clients;
  }

  // The next event, about 20 hours after the last on average (so that holds
  // mature and quarters close over a year); nullopt when the roll drew a
  // refund of a line with nothing left.
  std::optional<json::object> NextEvent() {
    now_ += std::chrono::minutes(random_.Between(1, 2400));
    json::object event{{"at", FormatEat(now_)}};
    const auto roll = random_.Between(1, 100);
    if (roll <= 14) return Associate(std::move(event));
    if (roll <= 50) return InvoicePaid(std::move(event));
    if (roll <= 58 && !lines_.empty()) return Refund(std::move(event));
    if (roll <= 62 && !billing_.empty()) {
      event = random_.Pick(billing_);  // a webhook retry: same content, later time
      event["at"] = FormatEat(now_);
      return event;
    }
    if (roll <= 74) return Withdraw(std::move(event));
    if (roll <= 82 && !requested_.empty()) return WithdrawalDecision(std::move(event));
    if (roll <= 92) return AgentEvent(std::move(event), roll);
    return StaffAction(std::move(event), roll);
  }

 private:
  json::array Certifications() {
    json::array certifications;
    if (random_.Chance(80)) certifications.push_back({{"kind", "sales"}, {"valid_until", "2027-06-30"}});
    if (random_.Chance(50)) {
      certifications.push_back({{"kind", random_.Chance(50) ? "3cx" : "yeastar"},
                                {"level", random_.Pick(Levels())},
                                {"valid_until", random_.Chance(20) ? "2026-05-31" : "2027-12-31"}});
    }
    if (random_.Chance(60)) certifications.push_back({{"kind", "yealink"}, {"valid_until", "2027-12-31"}});
    return certifications;
  }

  json::object Associate(json::object event) {
    const std::vector<std::string> sources{"staff_assignment", "referral_link", "service_manager_link"};
    const std::string source = random_.Pick(sources);
    event["type"] = "associate";
    event["client"] = random_.Pick(client_ids_);
    event["agent"] = random_.Pick(agent_ids_);
    event["source"] = source;
    if (source == "referral_link" && random_.Chance(80))
      event["referral_url"] = "https://cloudone.co/?affid=x";
    return event;
  }

  json::object InvoiceLine(const std::string& invoice, std::int64_t number) {
    const std::string category = random_.Pick(Categories());
    const std::int64_t cents = random_.Chance(10) ? random_.Between(1, 99) : random_.Between(100, 60'000'000);
    json::object line{{"id", fmt::format("L{}", number)},
                      {"category", category},
                      {"amount", Money::Cents(cents).ToString()}};
    if (category == "managed_subscription") {
      line["subscription"] = random_.Chance(50) && subscription_number_ > 0
                                 ? fmt::format("S{}", random_.Between(1, subscription_number_))
                                 : fmt::format("S{}", ++subscription_number_);
    }
    if ((category == "setup_fee" || category == "training_oos") && random_.Chance(60)) {
      line["performed_by"] = random_.Pick(agent_ids_);
    }
    lines_.push_back(Line{invoice, fmt::format("L{}", number), cents, 0});
    return line;
  }

  json::object InvoicePaid(json::object event) {
    const std::string invoice = fmt::format("INV-{}", ++invoice_number_);
    json::array invoice_lines;
    const auto count = random_.Between(1, 4);
    for (std::int64_t l = 0; l < count; ++l) invoice_lines.push_back(InvoiceLine(invoice, l + 1));
    event["type"] = "invoice_paid";
    event["id"] = invoice;
    event["client"] = random_.Pick(client_ids_);
    event["lines"] = std::move(invoice_lines);
    billing_.push_back(event);
    return event;
  }

  std::optional<json::object> Refund(json::object event) {
    Line& line =
        lines_[static_cast<std::size_t>(random_.Between(0, static_cast<std::int64_t>(lines_.size()) - 1))];
    const std::int64_t left = line.cents - line.refunded;
    if (left <= 0) return std::nullopt;
    const std::int64_t amount = random_.Chance(40) ? left : random_.Between(1, left);
    line.refunded += amount;
    event["type"] = random_.Chance(75) ? "refund" : "chargeback";
    event["id"] = fmt::format("R{}", ++refund_number_);
    event["invoice"] = line.invoice;
    event["line"] = line.id;
    event["amount"] = Money::Cents(amount).ToString();
    billing_.push_back(event);
    return event;
  }

  json::object Withdraw(json::object event) {
    event["type"] = "withdraw";
    const std::string id = fmt::format("W{}", ++withdrawal_number_);
    event["id"] = id;
    event["agent"] = random_.Pick(agent_ids_);
    event["amount"] = Money::Cents(random_.Between(500'000, 20'000'000)).ToString();
    requested_.push_back(id);
    return event;
  }

  json::object WithdrawalDecision(json::object event) {
    const std::string id = random_.Pick(requested_);
    if (random_.Chance(20)) {
      event["type"] = "withdrawal_approved";
    } else if (random_.Chance(80)) {
      event["type"] = "withdrawal_paid";
      event["reference"] = "MPESA-" + id;
    } else {
      event["type"] = "withdrawal_rejected";
      event["reason"] = "details do not match";
    }
    event["id"] = id;
    return event;
  }

  // Rolls 83 to 92: certifications, agent settings, tier overrides, manual commissions.
  json::object AgentEvent(json::object event, std::int64_t roll) {
    if (roll <= 85) {
      event["type"] = "certify";
      event["agent"] = random_.Pick(agent_ids_);
      event["person"] = fmt::format("P{}", random_.Between(1, 4));
      const std::vector<std::string> kinds{"sales", "3cx", "yeastar", "yealink"};
      const std::string kind = random_.Pick(kinds);
      event["kind"] = kind;
      if (kind == "3cx" || kind == "yeastar") event["level"] = random_.Pick(Levels());
      event["valid_until"] = random_.Chance(30) ? "2026-09-30" : "2027-12-31";
    } else if (roll <= 88) {
      event["type"] = "set_agent";
      event["agent"] = random_.Pick(agent_ids_);
      event["sip_trunk_active"] = random_.Chance(85);
      event["agreement_signed"] = random_.Chance(85);
    } else if (roll <= 90) {
      event["type"] = "override_tier";
      event["agent"] = random_.Pick(agent_ids_);
      event["tier"] = random_.Pick(Tiers());
      event["reason"] = "staff review";
    } else {
      event["type"] = "manual_commission";
      event["id"] = fmt::format("M{}", ++manual_number_);
      event["agent"] = random_.Pick(agent_ids_);
      event["amount"] = Money::Cents(random_.Between(1, 5'000'000)).ToString();
      event["category"] = random_.Chance(50) ? "custom_development" : "addon";
      event["reason"] = "quarterly manual commission";
    }
    return event;
  }

  // Rolls 93 to 100: revocations, reversals, violations, terminations, advances.
  json::object StaffAction(json::object event, std::int64_t roll) {
    if (roll <= 94) {
      event["type"] = "revoke";
      event["client"] = random_.Pick(client_ids_);
    } else if (roll <= 95) {
      event["type"] = "reverse_unreferred";
      if (random_.Chance(50)) event["agent"] = random_.Pick(agent_ids_);
    } else if (roll <= 97) {
      event["type"] = "violation";
      event["agent"] = random_.Pick(agent_ids_);
      event["commissions"] = "all_unpaid";
      event["reason"] = "terms breached";
    } else if (roll <= 98) {
      event["type"] = "terminate";
      event["agent"] = random_.Pick(agent_ids_);
      event["reason"] = "terminated by staff";
    } else {
      event["type"] = "advance";
    }
    return event;
  }

  Random random_;
  Timestamp now_;
  std::vector<std::string> agent_ids_, client_ids_;
  std::vector<Line> lines_;
  std::vector<json::object> billing_;  // for webhook retries
  std::vector<std::string> requested_;
  int invoice_number_ = 0, refund_number_ = 0, withdrawal_number_ = 0, manual_number_ = 0;
  std::int64_t subscription_number_ = 0;
};

}  // namespace

std::string GenerateScenario(std::uint64_t seed, const GeneratorOptions& options) {
  const Timestamp start = ParseRfc3339Timestamp("2026-01-01T00:00:00+03:00").value();
  HistoryGenerator generator(seed, start);
  json::array agents = generator.Agents(options.agents, start);
  json::array clients = generator.Clients(options.clients);
  json::array events;
  for (int i = 0; i < options.events; ++i) {
    if (auto event = generator.NextEvent()) events.push_back(std::move(*event));
  }
  const json::object scenario{{"description", fmt::format("generated from seed {}", seed)},
                              {"start", FormatEat(start)},
                              {"agents", std::move(agents)},
                              {"clients", std::move(clients)},
                              {"events", std::move(events)}};
  return json::serialize(scenario);
}

}  // namespace wakala::sim
