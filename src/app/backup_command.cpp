#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <system_error>

#include "app/application.hpp"
#include "app/commands.hpp"
#include "storage/backup.hpp"
#include "storage/engine_store.hpp"
#include "storage/migrations.hpp"

namespace wakala::app::commands {

BackupCommand::BackupCommand(CLI::App& cli, StoreFlags& flags)
    : command_(cli.add_subcommand("backup", "Copy the SQLite store while it serves, and check the copy")) {
  command_->add_option("file", destination_, "the backup file to write (must not exist)")->required();
  command_->add_option("--database", flags.database, "database URL");
}

// Copies the store (SQLite's online backup: one consistent moment, writers
// go on), then checks the copy as a restore would meet it: SQLite's
// integrity check, the schema, and the engine log replayed to the books
// stored beside it. A copy that fails a check is reported, not trusted.
int BackupCommand::Run(const Config& config) const {
  const auto started = std::chrono::steady_clock::now();
  auto source = storage::Database::Open(config.database_url, 1);
  if (!source) return Report(source.error());
  std::error_code ec;
  if (std::filesystem::exists(destination_, ec)) {
    return Report(Error::Conflict(fmt::format("backup: {} exists; give a new file", destination_)));
  }
  // Written and checked under another name, renamed when sound: a file under
  // the name asked for is always a whole, checked store.
  const std::string partial = destination_ + ".partial";
  std::filesystem::remove(partial, ec);
  auto copied = storage::BackupSqlite(**source, partial);
  if (!copied) return Report(copied.error());
  const double copy_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  Config copy_config = config;
  copy_config.database_url = "sqlite:" + partial;
  copy_config.database_pool = 1;
  long long events = 0;
  int schema_version = 0;
  {
    auto copy = Application::Open(copy_config);
    if (!copy) return Report(copy.error());
    auto& database = (*copy)->database();
    auto unsound = [&](const std::string& why) {
      return Report(Error::Internal(fmt::format(
          "backup: the copy {} is not sound ({}); it is left there to be looked at", partial, why)));
    };
    auto integrity = storage::SqliteIntegrity(database);
    if (!integrity) return unsound(integrity.error().message);
    if (*integrity != "ok") return unsound("SQLite's integrity check: " + *integrity);
    auto schema = storage::ReadSchemaStatus(database);
    if (!schema) return unsound(schema.error().message);
    schema_version = schema->applied;
    if (auto loaded = (*copy)->journal().Load(); !loaded) return unsound(loaded.error().message);
    if (auto counted = database.Read([&](soci::session& session) -> Result<void> {
          events = storage::EngineEventStore(session).LastSeq();
          return {};
        });
        !counted) {
      return unsound(counted.error().message);
    }
  }
  std::filesystem::rename(partial, destination_, ec);
  if (ec) {
    return Report(Error::Internal(
        fmt::format("backup: cannot rename {} to {}: {}", partial, destination_, ec.message())));
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << fmt::format(
      "backup {}: {} bytes ({} pages), schema version {}, {} engine events; copied in {:.2f} s, checked "
      "(integrity ok, the log replays to its books) in {:.2f} s\n",
      destination_, copied->bytes, copied->pages, schema_version, events, copy_seconds,
      seconds - copy_seconds);
  return 0;
}

}  // namespace wakala::app::commands
