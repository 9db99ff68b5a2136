#include <iostream>

#include "app/commands.hpp"
#include "program/program.hpp"

namespace wakala::app::commands {

ProgramCommand::ProgramCommand(CLI::App& cli)
    : command_(cli.add_subcommand("program", "Show or check an agent program (tiers, rates, holds, tax)")) {
  command_->require_subcommand(1);
  auto* show = command_->add_subcommand("show", "Print the effective program as a program file");
  show->add_option("--builtin", builtin_, "a built-in program (default cloudone)");
  show->add_option("--file", file_, "a program file instead of a built-in one");
  check_ = command_->add_subcommand("check", "Validate a program file");
  check_->add_option("file", file_, "program file (TOML)")->required();
}

int ProgramCommand::Run() const {
  auto loaded = file_.empty() ? program::BuiltinProgram(builtin_) : program::LoadProgramFile(file_);
  if (!loaded) {
    std::cerr << "wakala program: " << loaded.error().message << "\n";
    return 2;
  }
  if (check_->parsed()) {
    std::cout << file_ << ": program \"" << loaded->name << "\" is valid (" << loaded->tiers.size()
              << " tiers, " << loaded->rate_cards.size() << " rate card(s))\n";
  } else {
    std::cout << program::FormatProgram(*loaded);
  }
  return 0;
}

}  // namespace wakala::app::commands
