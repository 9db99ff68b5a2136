#include "app/application.hpp"

#include "agents/agent_mail.hpp"
#include "storage/agent_records_store.hpp"
#include "storage/agent_store.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include <boost/json.hpp>

#include "core/embedded_file.hpp"
#include "core/secure_random.hpp"
#include "http/problem.hpp"
#include "jobs/scheduler.hpp"
#include "storage/job_store.hpp"

namespace wakala::app {

std::string_view OpenApiDocument() {
  for (const auto& file : embedded::api_docs::Files()) {
    if (file.name == "openapi.json") {
      return file.content;
    }
  }
  return "{}";
}

Result<std::unique_ptr<Application>> Application::Open(const Config& config) {
  // The program first: a bad program file stops the process before anything opens.
  auto program = config.program_file.empty() ? program::BuiltinProgram(config.program)
                                             : program::LoadProgramFile(config.program_file);
  if (!program) {
    return Fail(Error::Invalid("engine program: " + program.error().message));
  }
  auto engine_clock = MakeClock(config.engine_clock);
  if (!engine_clock) {
    return Fail(Error::Invalid("engine.clock: " + engine_clock.error().message));
  }
  std::string logo;
  if (!config.documents_logo_file.empty()) {
    std::ifstream file(config.documents_logo_file, std::ios::binary);
    if (!file) return Fail(Error::Invalid("documents.logo_file: cannot read " + config.documents_logo_file));
    logo.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    if (!logo.starts_with("\x89PNG\r\n\x1a\n")) {
      return Fail(
          Error::Invalid("documents.logo_file: " + config.documents_logo_file + " is not a PNG image"));
    }
  }
  auto database = storage::Database::Open(config.database_url, config.database_pool);
  if (!database) {
    return Fail(database.error());
  }
  auto application = std::unique_ptr<Application>(
      new Application(config, std::move(*database), std::move(*program), std::move(*engine_clock)));
  application->issuer_.logo_png = std::move(logo);
  return application;
}

namespace {
std::string PublicUrl(const Config& config) {
  std::string url = config.public_url.empty() ? "http://" + config.listen : config.public_url;
  while (url.ends_with('/')) url.pop_back();
  return url;
}
}  // namespace

Application::Application(const Config& config, std::unique_ptr<storage::Database> database,
                         program::Program program, std::unique_ptr<Clock> engine_clock)
    : config_(config),
      database_(std::move(database)),
      engine_clock_(std::move(engine_clock)),
      transactions_(*database_),
      hasher_(accounts::PasswordCost{config.argon2_ops, config.argon2_memory_kib * 1024}),
      accounts_(transactions_, clock_, hasher_,
                accounts::SessionPolicy{
                    config.session_idle, config.session_absolute,
                    std::min<std::chrono::seconds>(std::chrono::seconds(60), config.session_idle / 10)},
                accounts::LoginLimits{config.login_failures_per_account, config.login_failures_per_ip,
                                      config.login_window, config.login_first_delay, config.login_max_delay,
                                      config.login_max_delay_per_ip}),
      journal_(std::make_unique<journal::Journal>(*database_, std::move(program), clock_, *engine_clock_,
                                                  config.max_future_skew)),
      api_context_{accounts_,
                   [this] { return database_->Ping(); },
                   metrics_,
                   OpenApiDocument(),
                   config.web_root,
                   config.cookie_secure,
                   config.session_absolute,
                   &clock_} {
  metrics_.SetJobTimings(&job_timings_);
  metrics_.SetGaugeSource([this] {
    const auto stats = database_->Stats();
    return std::vector<http::Gauge>{
        {"wakala_db_pool_connections", "Database connections in the pool.", static_cast<double>(stats.size)},
        {"wakala_db_pool_in_use", "Database connections leased right now.",
         static_cast<double>(stats.in_use)}};
  });
  api_context_.program_clock = engine_clock_.get();
  api_context_.public_url = PublicUrl(config);
  issuer_.name = config.documents_provider_name;
  issuer_.kra_pin = config.documents_provider_kra_pin;
  issuer_.address = config.documents_provider_address;
  api_context_.issuer = &issuer_;
  api_context_.metrics_token = config.metrics_token;
  api_context_.metrics_allow_loopback = config.metrics_allow_loopback;
  api_context_.trust_forwarded_for = config.trust_forwarded_for;
  agents_journal_ = std::make_unique<journal::DomainJournal<agents::Stores>>(*database_, *journal_);
  clients_journal_ = std::make_unique<journal::DomainJournal<clients::Stores>>(*database_, *journal_);
  billing_journal_ = std::make_unique<journal::DomainJournal<billing::Stores>>(*database_, *journal_);
  payouts_journal_ = std::make_unique<journal::DomainJournal<payouts::Stores>>(*database_, *journal_);
  joining_ = std::make_unique<agents::JoiningService>(*agents_journal_, *engine_clock_, journal_->program(),
                                                      PublicUrl(config));
  api_context_.joining = joining_.get();
  records_ = std::make_unique<agents::AgentRecordsService>(*agents_journal_, *engine_clock_,
                                                           config.files_directory, PublicUrl(config));
  api_context_.records = records_.get();
  staff_agents_ = std::make_unique<agents::StaffAgentsService>(*agents_journal_, *engine_clock_);
  api_context_.staff_agents = staff_agents_.get();
  clients_ =
      std::make_unique<clients::ClientService>(*clients_journal_, *engine_clock_, hasher_, PublicUrl(config));
  api_context_.clients = clients_.get();
  allocation_ = std::make_unique<clients::AllocationService>(*clients_journal_, *engine_clock_);
  api_context_.allocation = allocation_.get();
  service_managers_ =
      std::make_unique<clients::ServiceManagerService>(*clients_journal_, *engine_clock_, clock_, accounts_);
  api_context_.service_managers = service_managers_.get();
  withdrawals_ =
      std::make_unique<payouts::WithdrawalService>(*payouts_journal_, accounts_, *engine_clock_, clock_);
  api_context_.withdrawals = withdrawals_.get();
  payout_methods_ = std::make_unique<payouts::PayoutMethodService>(*clients_journal_, *engine_clock_);
  api_context_.payout_methods = payout_methods_.get();
  payout_desk_ = std::make_unique<payouts::PayoutDesk>(*payouts_journal_, *engine_clock_, clock_,
                                                       !config.mpesa_base_url.empty());
  api_context_.payout_desk = payout_desk_.get();
  billing_events_ = std::make_unique<billing::BillingEventService>(*clients_journal_, *clients_);
  api_context_.billing_events = billing_events_.get();
  billing_ = std::make_unique<billing::BillingService>(*billing_journal_, *engine_clock_, PublicUrl(config));
  api_context_.billing = billing_.get();
  // Each day count is range-checked by LoadConfigFile (at most 365), so it fits an int.
  const billing::RenewalPolicy policy{static_cast<int>(config.billing_invoice_due_days),
                                      static_cast<int>(config.billing_renewal_lead_days),
                                      static_cast<int>(config.billing_reminder_days_before),
                                      static_cast<int>(config.billing_reminder_days_after),
                                      static_cast<int>(config.billing_suspend_after_days)};
  orders_ =
      std::make_unique<billing::OrderService>(*billing_journal_, *engine_clock_, policy, PublicUrl(config));
  api_context_.orders = orders_.get();
  renewals_ =
      std::make_unique<billing::RenewalService>(*billing_journal_, *engine_clock_, policy, PublicUrl(config));
  tickets_ = std::make_unique<billing::TicketService>(*billing_journal_, *engine_clock_,
                                                      config.files_directory, PublicUrl(config));
  api_context_.tickets = tickets_.get();
  quotes_ = std::make_unique<billing::QuoteService>(*billing_journal_, *engine_clock_, policy, hasher_,
                                                    PublicUrl(config));
  api_context_.quotes = quotes_.get();
  job_runs_ = std::make_unique<jobs::RunHistory>(*database_, *clients_journal_);
  api_context_.job_runs = job_runs_.get();
  outbox_ = std::make_unique<jobs::EmailOutbox>(*database_, clock_, !config.email_smtp_host.empty());
  api_context_.outbox = outbox_.get();
  api_context_.engine = clients_journal_.get();
  http::handlers::RegisterRoutes(router_, api_context_);
}

void Application::EmailEngineNotices() {
  journal_->SetEffectsHook([public_url = PublicUrl(config_)](soci::session& session,
                                                             const engine::Engine& engine,
                                                             const engine::EngineMarks& before,
                                                             const std::vector<engine::Command>& commands) {
    storage::SqlStores stores(session);
    auto view = stores.View();
    return agents::QueueEngineNotices(view, engine, before, commands, public_url);
  });
}

Result<payouts::MpesaPayouts*> Application::StartMpesaPayouts(const std::string& bound) {
  if (config_.mpesa_base_url.empty()) return nullptr;
  if (mpesa_) return mpesa_.get();
  payouts::DarajaSettings settings;
  settings.base_url = config_.mpesa_base_url;
  settings.consumer_key = config_.mpesa_consumer_key;
  settings.consumer_secret = config_.mpesa_consumer_secret;
  settings.initiator_name = config_.mpesa_initiator_name;
  settings.initiator_password = config_.mpesa_initiator_password;
  settings.certificate_file = config_.mpesa_certificate_file;
  settings.shortcode = config_.mpesa_shortcode;
  settings.command_id = config_.mpesa_command_id;
  settings.timeout = config_.mpesa_timeout;
  auto daraja = payouts::HttpDaraja::Create(settings);
  if (!daraja) return Fail(daraja.error());
  daraja_ = std::move(*daraja);
  payouts::MpesaPolicy policy;
  policy.callback_base_url = !config_.mpesa_callback_url.empty() ? config_.mpesa_callback_url
                             : !config_.public_url.empty()       ? PublicUrl(config_)
                                                                 : "http://" + bound;
  policy.callback_secret = config_.mpesa_callback_secret;
  if (policy.callback_secret.empty()) {
    // One key for every server on the database: made by the first, read by the rest.
    auto made = payouts_journal_->WriteStores([&](payouts::Stores& stores) -> Result<void> {
      policy.callback_secret = stores.clients.SecretOrCreate("mpesa_callbacks", RandomHex(32), clock_.Now());
      return {};
    });
    if (!made) return Fail(made.error());
  }
  policy.max_per_transaction = Money::Cents(config_.mpesa_max_per_transaction_cents);
  policy.result_wait = config_.mpesa_result_wait;
  policy.first_retry = config_.mpesa_retry;
  policy.max_wait = config_.mpesa_max_wait;
  policy.max_send_attempts = static_cast<int>(config_.mpesa_max_send_attempts);
  // A send may take two requests (a new token, then the payment): the lease
  // outlives both, so no other server takes a payment still being sent.
  policy.lease = std::max(policy.lease, 2 * config_.mpesa_timeout + std::chrono::seconds(60));
  mpesa_ = std::make_unique<payouts::MpesaPayouts>(*payouts_journal_, *daraja_, *engine_clock_, clock_,
                                                   std::move(policy), jobs::Scheduler::ProcessHolder());
  api_context_.mpesa = mpesa_.get();
  return mpesa_.get();
}

http::Response Application::Handle(http::Request& request) {
  try {
    return router_.Dispatch(request);
  } catch (const std::exception& error) {
    // The route, not the path: a callback's path carries its token.
    spdlog::error("{} {} failed: {}", request.method, request.route.empty() ? request.path : request.route,
                  error.what());
    return http::ErrorResponse(Error::Internal(error.what()));
  }
}

namespace {
struct DemoUser {
  const char* email;
  const char* name;
  const char* role;
  const char* agent_id;
  const char* client_id;
  const char* password;
};
// Demo credentials: for the local demo store only, printed by `make run`.
constexpr DemoUser kDemoUsers[] = {
    {"staff@demo.wakala.test", "Wanjiku Program Manager", "staff", nullptr, nullptr, "demo-staff-2026!"},
    {"agent@demo.wakala.test", "Otieno (Nairobi Voice Solutions)", "agent", "AG-DEMO", nullptr,
     "demo-agent-2026!"},
    {"client@demo.wakala.test", "Achieng (Kilimani Dental Clinic)", "client", nullptr, "CL-DEMO",
     "demo-client-2026!"},
};
}  // namespace

Result<std::string> SeedDemo(Application& application) {
  auto& accounts = application.accounts();
  const auto system = accounts::AccountService::System();
  // A second agent company and client account, without logins, so that the
  // demo (and the tests) always have someone else's data to be kept out of.
  for (const auto& agent : {accounts::Organisation{"AG-DEMO", "Nairobi Voice Solutions"},
                            accounts::Organisation{"AG-LAKESIDE", "Lakeside ICT, Kisumu"}}) {
    if (auto made = accounts.EnsureAgentCompany(system, agent, "seed"); !made) {
      return Fail(made.error());
    }
  }
  for (const auto& client : {accounts::Organisation{"CL-DEMO", "Kilimani Dental Clinic"},
                             accounts::Organisation{"CL-KAREN", "Karen Logistics"}}) {
    if (auto made = accounts.EnsureClientAccount(system, client, "seed"); !made) {
      return Fail(made.error());
    }
  }
  // Public contact details and referral ids of the demo agents (directory, links).
  auto contacts = application.database().Write([](soci::session& session) -> Result<void> {
    storage::SqlAgentStore agents(session);
    for (const auto& demo :
         {agents::AgentProfile{"AG-DEMO", "", "NVS7DEMQ", "sales@nairobivoice.example", "+254700100200",
                               "Nairobi", "https://nairobivoice.example", std::nullopt, std::nullopt},
          agents::AgentProfile{"AG-LAKESIDE", "", "KSM4K1SN", "hello@lakeside.example", "+254700300400",
                               "Kisumu", "", std::nullopt, std::nullopt}}) {
      const auto found = agents.FindAgentProfile(demo.id);
      if (!found || !found->referral_id.empty()) continue;  // set once; later edits are kept
      agents.SetReferralId(demo.id, demo.referral_id);
      agents.SetContact(demo);
    }
    return {};
  });
  if (!contacts) return Fail(contacts.error());
  std::string logins = "Demo logins (demo data only):\n";
  for (const auto& demo : kDemoUsers) {
    accounts::NewUser user{demo.email, demo.name, demo.role, std::nullopt, std::nullopt, demo.password};
    if (demo.agent_id != nullptr) user.agent_id = demo.agent_id;
    if (demo.client_id != nullptr) user.client_id = demo.client_id;
    auto created = accounts.CreateUser(system, user, "seed");
    if (!created && created.error().code != ErrorCode::kConflict) {
      return Fail(created.error());
    }
    if (demo.agent_id != nullptr) {
      // The demo agent user is its company's owner (invites colleagues, signs).
      auto owned = application.database().Write([&](soci::session& session) -> Result<void> {
        const auto record = storage::SqlAccountStore(session).FindUserByEmail(demo.email);
        storage::SqlAgentRecordsStore people(session);
        if (record && !people.FindPerson(record->user.id)) {
          people.AddPerson(record->user.id, demo.agent_id, "owner", record->user.created_at);
        }
        return {};
      });
      if (!owned) return Fail(owned.error());
    }
    logins += fmt::format("  {:<7} {:<26} password: {}{}\n", demo.role, demo.email, demo.password,
                          created ? "" : "  (already present; unchanged)");
  }
  // The engine's demo history: the demo agent's clients, invoices, a refund, a
  // technical job and an affiliate's one-off sale, up to 20 November 2026.
  // Only into a store whose engine log is still empty.
  auto& engine = application.journal();
  if (auto loaded = engine.Load(); !loaded) return Fail(loaded.error());
  if (engine.Empty()) {
    std::vector<boost::json::object> events;
    for (const auto& file : embedded::demo_data::Files()) {
      std::string_view rest = file.content;
      while (!rest.empty()) {
        const auto end = rest.find('\n');
        const std::string_view line = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
        if (line.empty()) continue;
        events.push_back(std::move(boost::json::parse(line).as_object()));
      }
    }
    auto applied = engine.ApplyEvents(events);
    if (!applied) return Fail(applied.error());
    logins +=
        fmt::format("Demo commission history: {} events (agents AG-DEMO, AG-LAKESIDE; up to 2026-11-20)\n",
                    events.size());
  }
  return logins;
}

}  // namespace wakala::app
