#include <spdlog/spdlog.h>

#include <iostream>

#include "accounts/password.hpp"
#include "app/commands.hpp"

namespace wakala::app::commands {

int Report(const Error& error) {
  std::cerr << "wakala: " << error.message << "\n";
  for (const auto& field : error.fields) {
    std::cerr << "  " << field.field << ": " << field.reason << "\n";
  }
  return 1;
}

Result<Config> StoreFlags::Resolve() const {
  Config config;
  if (!config_path.empty()) {
    if (auto loaded = LoadConfigFile(config_path, config); !loaded) return Fail(loaded.error());
  }
  if (auto applied = ApplyEnvironment(WakalaEnvironment(), config); !applied) return Fail(applied.error());
  if (!listen.empty()) {
    if (auto parsed = ParseListen(listen); !parsed) return Fail(parsed.error());
    config.listen = listen;
  }
  if (!database.empty()) config.database_url = database;
  if (!web_root.empty()) config.web_root = web_root;
  if (!ready_file.empty()) config.ready_file = ready_file;
  if (auto valid = Validate(config); !valid) return Fail(valid.error());
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  return config;
}

int CheckPasswordDictionary() {
  if (const std::string problem = accounts::PasswordDictionaryProblem(); !problem.empty()) {
    return Report(Error::Internal(problem));
  }
  return 0;
}

}  // namespace wakala::app::commands
