#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cstdlib>
#include <random>

#include "sim/generator.hpp"
#include "sim/scenario.hpp"

namespace wakala::sim {
namespace {

// A fresh random seed per run; WAKALA_TEST_SEED replays one. Every seed is
// printed, so any failure can be replayed exactly.
constexpr int kMinimumSeeds = 12;
constexpr int kMaximumSeeds = 60;
constexpr std::array<const char*, 5> kCommissionStates{"pending", "available", "paid", "reversed",
                                                       "forfeited"};

std::uint64_t FreshSeed() {
  std::random_device device;
  return (static_cast<std::uint64_t>(device()) << 32) | device();
}

// Random histories through the engine with every invariant checked after
// every event: the ledger sums to zero, each commission's parts add up to its
// amount, ledger balances equal the commissions' states, nothing but
// available goes negative.
TEST(RandomScenarios, InvariantsHoldAfterEveryEvent) {
  const char* fixed_seed = std::getenv("WAKALA_TEST_SEED");
  std::map<std::string, int> states;
  int evaluations = 0;
  int withdrawals_paid = 0;
  const auto every_state_reached = [&] {
    return std::all_of(kCommissionStates.begin(), kCommissionStates.end(),
                       [&](const char* state) { return states[state] > 0; }) &&
           evaluations > 0 && withdrawals_paid > 0;
  };
  // At least kMinimumSeeds histories; more (up to kMaximumSeeds) while some
  // state has not been reached yet, since a single history may miss one (a
  // "paid" commission needs a withdrawal that covers it whole).
  for (int run = 0;
       fixed_seed != nullptr ? run < 1
                             : (run < kMinimumSeeds || (!every_state_reached() && run < kMaximumSeeds));
       ++run) {
    const std::uint64_t seed = fixed_seed != nullptr ? std::strtoull(fixed_seed, nullptr, 10) : FreshSeed();
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
  if (fixed_seed == nullptr) {
    for (const char* state : kCommissionStates) {
      EXPECT_GT(states[state], 0) << "no commission ended " << state;
    }
    EXPECT_GT(evaluations, 0);
    EXPECT_GT(withdrawals_paid, 0);
  }
}

}  // namespace
}  // namespace wakala::sim
