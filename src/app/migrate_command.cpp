#include <iostream>

#include "app/application.hpp"
#include "app/commands.hpp"
#include "storage/migrations.hpp"

namespace wakala::app::commands {

MigrateCommand::MigrateCommand(CLI::App& cli, StoreFlags& flags)
    : command_(cli.add_subcommand("migrate", "Apply database migrations")) {
  command_->add_option("--database", flags.database, "database URL");
}

int MigrateCommand::Run(const Config& config) {
  auto application = Application::Open(config);
  if (!application) return Report(application.error());
  auto applied = storage::Migrate((*application)->database());
  if (!applied) return Report(applied.error());
  auto status = storage::ReadSchemaStatus((*application)->database());
  if (!status) return Report(status.error());
  std::cout << "applied " << *applied << " migration(s); schema at version " << status->applied << "\n";
  return 0;
}

}  // namespace wakala::app::commands
