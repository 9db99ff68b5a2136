#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

#include "app/commands.hpp"
#include "engine/state.hpp"
#include "sim/generator.hpp"
#include "sim/scenario.hpp"

namespace wakala::app::commands {

SimulateCommand::SimulateCommand(CLI::App& cli)
    : command_(cli.add_subcommand("simulate", "Run a scenario file through the commission engine")),
      rules_version_(engine::kRulesVersion) {
  command_->add_option("file", path_, "scenario JSON file (format: docs/scenarios.md)");
  command_->add_flag("--random", random_, "run a generated scenario (invariants checked after every event)");
  seed_option_ = command_->add_option("--seed", seed_, "seed of the generated scenario (replays it)");
  command_->add_option("--events", events_, "events in the generated scenario")
      ->check(CLI::Range(1, 1000000));
  command_->add_flag("--print-scenario", print_scenario_,
                     "print the generated scenario instead of running it");
  command_
      ->add_option("--rules-version", rules_version_,
                   "decide every event under these engine rules (docs/engine.md, \"Rules versions\"; "
                   "default the newest)")
      ->check(CLI::Range(engine::kFirstRulesVersion, engine::kRulesVersion));
}

int SimulateCommand::Run() {
  std::string text;
  if (random_) {
    if (seed_option_->count() == 0) seed_ = std::random_device{}();
    std::cerr << "wakala simulate: random scenario, seed " << seed_ << " (replay with --random --seed "
              << seed_ << ")\n";
    sim::GeneratorOptions generator;
    generator.events = events_;
    text = sim::GenerateScenario(seed_, generator);
    if (print_scenario_) {
      std::cout << text << "\n";
      return 0;
    }
  } else {
    if (path_.empty()) {
      std::cerr << "wakala simulate: give a scenario file, or --random\n";
      return 2;
    }
    std::ifstream file(path_);
    if (!file) {
      std::cerr << "wakala simulate: cannot read " << path_ << "\n";
      return 2;
    }
    std::ostringstream content;
    content << file.rdbuf();
    text = content.str();
  }
  sim::SimulationOptions simulation;
  simulation.rules_version = rules_version_;
  auto output = sim::RunScenario(text, simulation);
  if (!output) {
    std::cerr << output.error().message << "\n";
    return output.error().code == ErrorCode::kInvalidInput ? 2 : 1;
  }
  std::cout << *output;
  return 0;
}

}  // namespace wakala::app::commands
