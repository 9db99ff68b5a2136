// The dry run's slim copy (Engine::WithoutMoney) decides the scheduled
// program work exactly as a full copy of the engine does: same tiers, same
// evaluations with their checks, same clients where they end up, on random
// histories at many points (WAKALA_TEST_SEED to repeat one).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <iostream>
#include <random>

#include "core/calendar.hpp"
#include "engine/codec.hpp"
#include "engine/engine.hpp"
#include "engine/program_views.hpp"
#include "program/program.hpp"
#include "sim/generator.hpp"

namespace wakala::engine {
namespace {

namespace json = boost::json;

// Where the program leaves agents and clients: each agent's tier and state,
// each client's agent.
std::string Standing(const Engine& engine) {
  std::string out;
  for (const auto& [id, agent] : engine.agents()) {
    out += id + " tier " + std::to_string(agent.facts.tier) + (agent.terminated ? " terminated" : "") + "\n";
  }
  for (const auto& [id, client] : engine.clients()) {
    out += id + " with " + engine.AgentOf(id).value_or("nobody") + "\n";
  }
  return out;
}

// The program's decisions an engine holds: the standing, and every
// evaluation with its checks.
std::string Decisions(const Engine& engine) {
  std::string out = Standing(engine);
  for (const auto& [id, agent] : engine.agents()) {
    for (const auto& evaluation : agent.evaluations) {
      out += "  " + evaluation.quarter + " " + evaluation.from + "->" + evaluation.to + " at " +
             FormatEat(evaluation.at) + "\n";
      for (const auto& check : evaluation.checks) {
        out += "    " + check.tier + " " + check.requirement + " " + check.measured + "/" + check.threshold +
               (check.met ? " met" : " missed") + "\n";
      }
    }
  }
  return out;
}

// A generated scenario as the event stream the server logs: its agents and
// clients as add_agent/add_client events at the start, then its events.
std::vector<json::object> EventsOf(const std::string& scenario_text, Timestamp& start) {
  const auto scenario = json::parse(scenario_text).as_object();
  start = ParseRfc3339Timestamp(std::string(scenario.at("start").as_string())).value();
  std::vector<json::object> events;
  for (const char* list : {"agents", "clients"}) {
    for (const auto& entry : scenario.at(list).as_array()) {
      json::object event = entry.as_object();
      event["type"] = std::string(list) == "agents" ? "add_agent" : "add_client";
      event["at"] = scenario.at("start");
      events.push_back(std::move(event));
    }
  }
  for (const auto& event : scenario.at("events").as_array()) events.push_back(event.as_object());
  return events;
}

TEST(DryRun, TheSlimCopyDecidesAsAFullCopyOfTheEngine) {
  std::uint64_t seed = std::random_device{}();
  if (const char* given = std::getenv("WAKALA_TEST_SEED")) seed = std::strtoull(given, nullptr, 10);
  std::cout << "DryRun seed " << seed << " (WAKALA_TEST_SEED to repeat)\n";
  std::mt19937_64 random(seed);
  int compared = 0, with_changes = 0;
  for (int history = 0; history < 5; ++history) {
    const std::uint64_t scenario_seed = random();
    Timestamp start{};
    const auto events = EventsOf(sim::GenerateScenario(scenario_seed), start);
    Engine engine(program::BuiltinProgram("cloudone").value(), start);
    for (std::size_t i = 0; i < events.size(); ++i) {
      ASSERT_TRUE(ApplyEvent(engine, events[i], i)) << "scenario seed " << scenario_seed << " event " << i;
      if (random() % 8 != 0) continue;
      const Timestamp close = EatQuarter::Of(engine.clock()).Next().Start();
      Engine full = engine;
      Engine slim(engine, Engine::WithoutMoney{});
      ASSERT_TRUE(full.Apply(Advance{close}));
      ASSERT_TRUE(slim.Apply(Advance{close}));
      const std::string decided = Decisions(full);
      ASSERT_EQ(Decisions(slim), decided) << "scenario seed " << scenario_seed << " after event " << i;
      if (Standing(full) != Standing(engine)) ++with_changes;
      EXPECT_TRUE(slim.ledger().transactions().size() <= full.ledger().transactions().size());
      ++compared;
      // The dry run itself reads the slim copy and leaves the engine as it was.
      const std::string before = Decisions(engine);
      static_cast<void>(QuarterCloseDryRun(engine, engine.clock()));
      ASSERT_EQ(Decisions(engine), before);
    }
  }
  std::cout << compared << " points compared, " << with_changes
            << " of them with a tier changed or a client moved\n";
  EXPECT_GT(with_changes, 0);
}

}  // namespace
}  // namespace wakala::engine
