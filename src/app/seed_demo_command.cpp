#include <iostream>

#include "app/application.hpp"
#include "app/commands.hpp"
#include "storage/migrations.hpp"

namespace wakala::app::commands {

SeedDemoCommand::SeedDemoCommand(CLI::App& cli, StoreFlags& flags)
    : command_(cli.add_subcommand("seed-demo", "Create the demo organisations and logins (idempotent)")) {
  command_->add_option("--database", flags.database, "database URL");
}

int SeedDemoCommand::Run(const Config& config) {
  if (const int refused = CheckPasswordDictionary(); refused != 0) return refused;
  auto application = Application::Open(config);
  if (!application) return Report(application.error());
  if (auto applied = storage::Migrate((*application)->database()); !applied) return Report(applied.error());
  auto logins = SeedDemo(**application);
  if (!logins) return Report(logins.error());
  std::cout << *logins;
  return 0;
}

}  // namespace wakala::app::commands
