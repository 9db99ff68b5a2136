#pragma once

#include <memory>
#include <string>

#include "accounts/password.hpp"
#include "accounts/service.hpp"
#include "app/agent_records_service.hpp"
#include "app/allocation_service.hpp"
#include "app/client_service.hpp"
#include "app/config.hpp"
#include "app/joining_service.hpp"
#include "app/service_manager_service.hpp"
#include "app/staff_agents_service.hpp"
#include "core/clock.hpp"
#include "http/handlers/routes.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "journal/journal.hpp"
#include "payouts/withdrawal_service.hpp"
#include "storage/account_store.hpp"
#include "storage/database.hpp"

namespace wakala::app {

// The composition root: one of everything, wired together. The server, the
// CLI commands and the tests all build their world through this.
class Application {
 public:
  static Result<std::unique_ptr<Application>> Open(const Config& config);

  storage::Database& database() { return *database_; }
  accounts::AccountService& accounts() { return accounts_; }
  http::Router& router() { return router_; }
  http::Metrics& metrics() { return metrics_; }
  journal::Journal& engine() { return *engine_; }
  // The program's time: what the scheduler compares with the engine's next
  // due work (engine.clock: the system clock, or a file for tests and demos).
  const Clock& engine_clock() const { return *engine_clock_; }
  const Clock& wall_clock() const { return clock_; }
  const Config& config() const { return config_; }

  Result<std::vector<http::handlers::IngestOutcome>> Ingest(const std::vector<boost::json::object>& events);
  std::optional<std::vector<http::handlers::TaxMonth>> TaxReport(const std::string& agent_id);
  Result<http::handlers::JobsReport> JobsReport(int limit);

  // Answers one request (the server's dispatcher): never throws.
  http::Response Handle(http::Request& request);

 private:
  Application(const Config& config, std::unique_ptr<storage::Database> database, program::Program program,
              std::unique_ptr<Clock> engine_clock);

  Config config_;
  std::unique_ptr<storage::Database> database_;
  SystemClock clock_;
  std::unique_ptr<Clock> engine_clock_;
  storage::SqlAccountTransactions transactions_;
  accounts::PasswordHasher hasher_;
  accounts::AccountService accounts_;
  http::Metrics metrics_;
  http::Router router_;
  std::unique_ptr<journal::Journal> engine_;
  std::unique_ptr<JoiningService> joining_;
  std::unique_ptr<AgentRecordsService> records_;
  std::unique_ptr<ClientService> clients_;
  std::unique_ptr<StaffAgentsService> staff_agents_;
  std::unique_ptr<AllocationService> allocation_;
  std::unique_ptr<ServiceManagerService> service_managers_;
  std::unique_ptr<payouts::WithdrawalService> withdrawals_;
  http::handlers::ApiContext api_context_;
};

// The OpenAPI document compiled into the binary.
std::string_view OpenApiDocument();

// Creates the demo organisations and users if missing; returns what to print.
Result<std::string> SeedDemo(Application& application);

}  // namespace wakala::app
