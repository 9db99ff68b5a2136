#pragma once

#include <memory>
#include <string>

#include "accounts/password.hpp"
#include "accounts/service.hpp"
#include "agents/joining_service.hpp"
#include "agents/records_service.hpp"
#include "agents/staff_agents_service.hpp"
#include "app/config.hpp"
#include "billing/billing_event_service.hpp"
#include "billing/billing_service.hpp"
#include "billing/order_service.hpp"
#include "billing/quote_service.hpp"
#include "billing/renewal_service.hpp"
#include "billing/ticket_service.hpp"
#include "clients/allocation_service.hpp"
#include "clients/client_service.hpp"
#include "clients/service_manager_service.hpp"
#include "core/clock.hpp"
#include "core/job_timings.hpp"
#include "documents/documents.hpp"
#include "http/handlers/routes.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "jobs/email_delivery.hpp"
#include "jobs/run_history.hpp"
#include "journal/domain_journal.hpp"
#include "journal/journal.hpp"
#include "payouts/daraja.hpp"
#include "payouts/mpesa_payouts.hpp"
#include "payouts/payout_desk.hpp"
#include "payouts/payout_method_service.hpp"
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
  // The background jobs' timings, shown by /metrics.
  JobTimings& job_timings() { return job_timings_; }
  journal::Journal& journal() { return *journal_; }
  // Built-in billing's scheduled work (renewals, reminders, suspensions).
  billing::RenewalService& renewals() { return *renewals_; }
  // Built-in billing's port (benchmarks build their own services on it).
  billing::Journal& billing_journal() { return *billing_journal_; }
  // The program's time: what the scheduler compares with the engine's next
  // due work (engine.clock: the system clock, or a file for tests and demos).
  const Clock& engine_clock() const { return *engine_clock_; }
  const Clock& wall_clock() const { return clock_; }
  const Config& config() const { return config_; }

  // From now on every batch of engine events also queues the emails agents
  // get of its effects (agents::QueueEngineNotices). `serve` turns it on;
  // `import` and `seed-demo` do not, so loading a history mails no one.
  void EmailEngineNotices();

  // With [mpesa] configured: the Daraja client (its certificate read and the
  // credential made now) and the M-Pesa payouts, whose callbacks the API
  // then takes. Their dispatcher is `serve`'s to run. Null when not configured.
  // Without mpesa.callback_url or server.public_url, Daraja is given the
  // address the server listens on (`bound`, "host:port").
  Result<payouts::MpesaPayouts*> StartMpesaPayouts(const std::string& bound);

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
  JobTimings job_timings_;
  http::Metrics metrics_;
  http::Router router_;
  std::unique_ptr<journal::Journal> journal_;
  // The journal as each domain's port: its commands and its SQL stores in one transaction.
  std::unique_ptr<journal::DomainJournal<agents::Stores>> agents_journal_;
  std::unique_ptr<journal::DomainJournal<clients::Stores>> clients_journal_;
  std::unique_ptr<journal::DomainJournal<billing::Stores>> billing_journal_;
  std::unique_ptr<journal::DomainJournal<payouts::Stores>> payouts_journal_;
  std::unique_ptr<agents::JoiningService> joining_;
  std::unique_ptr<agents::AgentRecordsService> records_;
  std::unique_ptr<agents::StaffAgentsService> staff_agents_;
  std::unique_ptr<clients::ClientService> clients_;
  std::unique_ptr<clients::AllocationService> allocation_;
  std::unique_ptr<clients::ServiceManagerService> service_managers_;
  std::unique_ptr<payouts::WithdrawalService> withdrawals_;
  std::unique_ptr<payouts::PayoutMethodService> payout_methods_;
  std::unique_ptr<payouts::PayoutDesk> payout_desk_;
  std::unique_ptr<payouts::HttpDaraja> daraja_;
  std::unique_ptr<payouts::MpesaPayouts> mpesa_;
  std::unique_ptr<billing::BillingEventService> billing_events_;
  std::unique_ptr<billing::BillingService> billing_;
  std::unique_ptr<billing::OrderService> orders_;
  std::unique_ptr<billing::RenewalService> renewals_;
  std::unique_ptr<billing::TicketService> tickets_;
  std::unique_ptr<billing::QuoteService> quotes_;
  std::unique_ptr<jobs::RunHistory> job_runs_;
  std::unique_ptr<jobs::EmailOutbox> outbox_;
  documents::Issuer issuer_;
  http::handlers::ApiContext api_context_;
};

// The OpenAPI document compiled into the binary.
std::string_view OpenApiDocument();

// Creates the demo organisations and users if missing; returns what to print.
Result<std::string> SeedDemo(Application& application);

}  // namespace wakala::app
