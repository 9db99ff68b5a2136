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

}  // namespace

std::string GenerateScenario(std::uint64_t seed, const GeneratorOptions& options) {
  Random random(seed);
  const Timestamp start = ParseRfc3339Timestamp("2026-01-01T00:00:00+03:00").value();
  const std::vector<std::string> tiers{"affiliate", "bronze", "silver", "gold", "platinum", "titanium"};
  const std::vector<std::string> categories{
      "managed_subscription", "talk_time",          "setup_fee", "software_equipment",
      "training_oos",         "custom_development", "addon",     "deposit"};
  const std::vector<std::string> levels{"basic", "intermediate", "advanced"};

  json::array agents;
  std::vector<std::string> agent_ids;
  for (int i = 0; i < options.agents; ++i) {
    const std::string id = fmt::format("A{:02}", i + 1);
    agent_ids.push_back(id);
    json::array people;
    const auto person_count = random.Between(0, 3);
    for (std::int64_t p = 0; p < person_count; ++p) {
      json::array certifications;
      if (random.Chance(80)) certifications.push_back({{"kind", "sales"}, {"valid_until", "2027-06-30"}});
      if (random.Chance(50)) {
        certifications.push_back({{"kind", random.Chance(50) ? "3cx" : "yeastar"},
                                  {"level", random.Pick(levels)},
                                  {"valid_until", random.Chance(20) ? "2026-05-31" : "2027-12-31"}});
      }
      if (random.Chance(60)) certifications.push_back({{"kind", "yealink"}, {"valid_until", "2027-12-31"}});
      people.push_back({{"id", fmt::format("P{}", p + 1)}, {"certifications", std::move(certifications)}});
    }
    agents.push_back({{"id", id},
                      {"tier", random.Pick(tiers)},
                      {"activated_at", FormatEat(start - std::chrono::days(random.Between(0, 400)))},
                      {"residency", random.Chance(80) ? "resident" : "non_resident"},
                      {"sip_trunk_active", random.Chance(90)},
                      {"agreement_signed", random.Chance(80)},
                      {"email", fmt::format("owner@{}.co.ke", id)},
                      {"phone", fmt::format("+2547000000{:02}", i + 1)},
                      {"people", std::move(people)}});
  }
  json::array clients;
  std::vector<std::string> client_ids;
  for (int i = 0; i < options.clients; ++i) {
    const std::string id = fmt::format("C{:03}", i + 1);
    client_ids.push_back(id);
    // Now and then a client that is really an agent (a self-referral attempt).
    const bool self = random.Chance(3);
    clients.push_back(
        {{"id", id},
         {"email", self ? fmt::format("owner@{}.co.ke", random.Pick(agent_ids)) : id + "@client.co.ke"}});
  }

  json::array events;
  std::vector<Line> lines;
  std::vector<json::object> billing;  // for webhook retries
  std::vector<std::string> requested;
  std::vector<std::string> commission_like;
  int invoice_number = 0;
  int refund_number = 0;
  int withdrawal_number = 0;
  int manual_number = 0;
  int subscription_number = 0;
  Timestamp now = start;
  for (int i = 0; i < options.events; ++i) {
    // About a year: ~20 hours apart on average, so holds mature and quarters close.
    now += std::chrono::minutes(random.Between(1, 2400));
    json::object event{{"at", FormatEat(now)}};
    const auto roll = random.Between(1, 100);
    if (roll <= 14) {
      const std::vector<std::string> sources{"staff_assignment", "referral_link", "service_manager_link"};
      const std::string source = random.Pick(sources);
      event["type"] = "associate";
      event["client"] = random.Pick(client_ids);
      event["agent"] = random.Pick(agent_ids);
      event["source"] = source;
      if (source == "referral_link" && random.Chance(80))
        event["referral_url"] = "https://cloudone.co/?affid=x";
    } else if (roll <= 50) {
      const std::string invoice = fmt::format("INV-{}", ++invoice_number);
      json::array invoice_lines;
      const auto count = random.Between(1, 4);
      for (std::int64_t l = 0; l < count; ++l) {
        const std::string category = random.Pick(categories);
        const std::int64_t cents =
            random.Chance(10) ? random.Between(1, 99) : random.Between(100, 60'000'000);
        json::object line{{"id", fmt::format("L{}", l + 1)},
                          {"category", category},
                          {"amount", Money::Cents(cents).ToString()}};
        if (category == "managed_subscription") {
          line["subscription"] = random.Chance(50) && subscription_number > 0
                                     ? fmt::format("S{}", random.Between(1, subscription_number))
                                     : fmt::format("S{}", ++subscription_number);
        }
        if ((category == "setup_fee" || category == "training_oos") && random.Chance(60)) {
          line["performed_by"] = random.Pick(agent_ids);
        }
        lines.push_back(Line{invoice, fmt::format("L{}", l + 1), cents, 0});
        invoice_lines.push_back(std::move(line));
      }
      event["type"] = "invoice_paid";
      event["id"] = invoice;
      event["client"] = random.Pick(client_ids);
      event["lines"] = std::move(invoice_lines);
      billing.push_back(event);
    } else if (roll <= 58 && !lines.empty()) {
      Line& line =
          lines[static_cast<std::size_t>(random.Between(0, static_cast<std::int64_t>(lines.size()) - 1))];
      const std::int64_t left = line.cents - line.refunded;
      if (left <= 0) continue;
      const std::int64_t amount = random.Chance(40) ? left : random.Between(1, left);
      line.refunded += amount;
      event["type"] = random.Chance(75) ? "refund" : "chargeback";
      event["id"] = fmt::format("R{}", ++refund_number);
      event["invoice"] = line.invoice;
      event["line"] = line.id;
      event["amount"] = Money::Cents(amount).ToString();
      billing.push_back(event);
    } else if (roll <= 62 && !billing.empty()) {
      event = random.Pick(billing);  // a webhook retry: same content, later time
      event["at"] = FormatEat(now);
    } else if (roll <= 74) {
      event["type"] = "withdraw";
      const std::string id = fmt::format("W{}", ++withdrawal_number);
      event["id"] = id;
      event["agent"] = random.Pick(agent_ids);
      event["amount"] = Money::Cents(random.Between(500'000, 20'000'000)).ToString();
      requested.push_back(id);
    } else if (roll <= 82 && !requested.empty()) {
      const std::string id = random.Pick(requested);
      if (random.Chance(20)) {
        event["type"] = "withdrawal_approved";
      } else if (random.Chance(80)) {
        event["type"] = "withdrawal_paid";
        event["reference"] = "MPESA-" + id;
      } else {
        event["type"] = "withdrawal_rejected";
        event["reason"] = "details do not match";
      }
      event["id"] = id;
    } else if (roll <= 85) {
      event["type"] = "certify";
      event["agent"] = random.Pick(agent_ids);
      event["person"] = fmt::format("P{}", random.Between(1, 4));
      const std::vector<std::string> kinds{"sales", "3cx", "yeastar", "yealink"};
      const std::string kind = random.Pick(kinds);
      event["kind"] = kind;
      if (kind == "3cx" || kind == "yeastar") event["level"] = random.Pick(levels);
      event["valid_until"] = random.Chance(30) ? "2026-09-30" : "2027-12-31";
    } else if (roll <= 88) {
      event["type"] = "set_agent";
      event["agent"] = random.Pick(agent_ids);
      event["sip_trunk_active"] = random.Chance(85);
      event["agreement_signed"] = random.Chance(85);
    } else if (roll <= 90) {
      event["type"] = "override_tier";
      event["agent"] = random.Pick(agent_ids);
      event["tier"] = random.Pick(tiers);
      event["reason"] = "staff review";
    } else if (roll <= 92) {
      event["type"] = "manual_commission";
      event["id"] = fmt::format("M{}", ++manual_number);
      event["agent"] = random.Pick(agent_ids);
      event["amount"] = Money::Cents(random.Between(1, 5'000'000)).ToString();
      event["category"] = random.Chance(50) ? "custom_development" : "addon";
      event["reason"] = "quarterly manual commission";
    } else if (roll <= 94) {
      event["type"] = "revoke";
      event["client"] = random.Pick(client_ids);
    } else if (roll <= 95) {
      event["type"] = "reverse_unreferred";
      if (random.Chance(50)) event["agent"] = random.Pick(agent_ids);
    } else if (roll <= 97) {
      event["type"] = "violation";
      event["agent"] = random.Pick(agent_ids);
      event["commissions"] = "all_unpaid";
      event["reason"] = "terms breached";
    } else if (roll <= 98) {
      event["type"] = "terminate";
      event["agent"] = random.Pick(agent_ids);
      event["reason"] = "terminated by staff";
    } else {
      event["type"] = "advance";
    }
    events.push_back(std::move(event));
  }
  const json::object scenario{{"description", fmt::format("generated from seed {}", seed)},
                              {"start", FormatEat(start)},
                              {"agents", std::move(agents)},
                              {"clients", std::move(clients)},
                              {"events", std::move(events)}};
  return json::serialize(scenario);
}

}  // namespace wakala::sim
