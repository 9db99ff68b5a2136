#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <random>

#include "simulate/generator.hpp"
#include "simulate/scenario.hpp"

namespace wakala::simulate {
namespace {

// Seeds to run: WAKALA_TEST_SEED replays one; otherwise fresh random seeds,
// each printed, so any failure can be replayed exactly.
std::vector<std::uint64_t> Seeds() {
  if (const char* fixed = std::getenv("WAKALA_TEST_SEED")) return {std::strtoull(fixed, nullptr, 10)};
  std::random_device device;
  std::vector<std::uint64_t> seeds;
  seeds.reserve(12);
  for (int i = 0; i < 12; ++i) seeds.push_back((static_cast<std::uint64_t>(device()) << 32) | device());
  return seeds;
}

// Random histories through the engine with every invariant checked after
// every event: the ledger sums to zero, each commission's parts add up to its
// amount, ledger balances equal the commissions' states, nothing but
// available goes negative.
TEST(RandomScenarios, InvariantsHoldAfterEveryEvent) {
  std::map<std::string, int> states;
  int evaluations = 0;
  int withdrawals_paid = 0;
  for (const auto seed : Seeds()) {
    std::cout << "random scenario seed " << seed << " (replay: WAKALA_TEST_SEED=" << seed
              << ", or wakala simulate --random --seed " << seed << ")\n";
    const std::string scenario = GenerateScenario(seed);
    EXPECT_EQ(scenario, GenerateScenario(seed)) << "a seed always gives the same scenario";
    SimulationOptions options;
    options.check_invariants = true;
    auto output = RunScenario(scenario, options);
    ASSERT_TRUE(output) << "seed " << seed << ": " << output.error().message;
    auto again = RunScenario(scenario, options);
    ASSERT_TRUE(again);
    EXPECT_EQ(*output, *again) << "seed " << seed << ": output not byte-stable";
    const auto result = boost::json::parse(*output).as_object();
    EXPECT_EQ(result.at("ledger").at("balanced"), true) << "seed " << seed;
    for (const auto& [id, agent] : result.at("agents").as_object()) {
      for (const auto& commission : agent.at("commissions").as_array()) {
        ++states[std::string(commission.at("state").as_string())];
      }
      evaluations += static_cast<int>(agent.at("evaluations").as_array().size());
    }
    for (const auto& [id, withdrawal] : result.at("withdrawals").as_object()) {
      if (withdrawal.at("state") == "paid") ++withdrawals_paid;
    }
  }
  // The generator reaches every state of a commission, so the invariants were
  // exercised on all of them (a single replayed seed may not).
  if (std::getenv("WAKALA_TEST_SEED") == nullptr) {
    for (const char* state : {"pending", "available", "paid", "reversed", "forfeited"}) {
      EXPECT_GT(states[state], 0) << "no commission ended " << state;
    }
    EXPECT_GT(evaluations, 0);
    EXPECT_GT(withdrawals_paid, 0);
  }
}

}  // namespace
}  // namespace wakala::simulate
