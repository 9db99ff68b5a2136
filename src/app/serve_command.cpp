#include <spdlog/spdlog.h>

#include <cstdio>
#include <fstream>
#include <memory>

#include "app/application.hpp"
#include "app/commands.hpp"
#include "http/handlers/routes.hpp"
#include "http/server.hpp"
#include "jobs/email_delivery.hpp"
#include "jobs/periodic_worker.hpp"
#include "jobs/scheduler.hpp"
#include "notify/smtp.hpp"
#include "storage/migrations.hpp"

namespace wakala::app::commands {

ServeCommand::ServeCommand(CLI::App& cli, StoreFlags& flags)
    : command_(cli.add_subcommand("serve", "Serve the HTTP API and the panels")) {
  command_->add_option("--listen", flags.listen,
                       "HOST:PORT to listen on (env WAKALA_LISTEN; default 127.0.0.1:8080)");
  command_->add_option("--database", flags.database,
                       "database URL (env WAKALA_DATABASE_URL; default sqlite:var/wakala.db)");
  command_->add_option("--web-root", flags.web_root, "directory of the built web panels");
  command_->add_option("--ready-file", flags.ready_file, "write the bound HOST:PORT here once listening");
  command_->add_flag("--no-migrate", no_migrate_,
                     "do not migrate at start; refuse an out-of-date schema instead");
}

int ServeCommand::Run(const Config& config) const {
  if (const int refused = CheckPasswordDictionary(); refused != 0) return refused;
  auto application = Application::Open(config);
  if (!application) return Report(application.error());
  auto& database = (*application)->database();
  if (config.migrate_on_start && !no_migrate_) {
    if (auto applied = storage::Migrate(database); !applied) return Report(applied.error());
  } else if (auto current = storage::RequireCurrentSchema(database); !current) {
    return Report(current.error());
  }
  if (auto loaded = (*application)->journal().Load(); !loaded) return Report(loaded.error());
  (*application)->EmailEngineNotices();
  const auto listen = ParseListen(config.listen);
  if (!listen) return Report(listen.error());

  http::ServerOptions options;
  options.host = listen->first;
  options.port = listen->second;
  options.max_body_bytes = config.max_body_bytes;
  options.max_header_bytes = config.max_header_bytes;
  options.max_upload_bytes = config.max_upload_bytes;
  options.is_upload = http::handlers::IsUploadRequest;
  options.request_timeout = config.request_timeout;
  options.max_connections = config.max_connections;
  options.worker_threads = config.worker_threads;
  options.shutdown_grace = config.shutdown_grace;
  options.trust_forwarded_for = config.trust_forwarded_for;
  auto* app = application->get();
  http::Server server(
      options, [app](http::Request& request) { return app->Handle(request); }, app->metrics());
  auto bound = server.Listen();
  if (!bound) return Report(bound.error());
  // M-Pesa payouts (docs/operations.md): off without mpesa.base_url.
  auto mpesa = app->StartMpesaPayouts(*bound);
  if (!mpesa) return Report(mpesa.error());
  std::unique_ptr<jobs::PeriodicWorker> payouts;
  if (*mpesa != nullptr) {
    payouts = std::make_unique<jobs::PeriodicWorker>(
        "mpesa", std::chrono::duration_cast<std::chrono::milliseconds>(config.mpesa_poll),
        [mpesa = *mpesa] {
          auto pass = mpesa->RunOnce();
          if (!pass) {
            spdlog::error("mpesa: dispatch pass failed: {}", pass.error().message);
            return false;
          }
          if (pass->started + pass->sent + pass->queried + pass->settled > 0) {
            spdlog::info("mpesa: {} started, {} sent, {} asked about, {} settled", pass->started, pass->sent,
                         pass->queried, pass->settled);
          }
          return true;
        },
        &app->job_timings(), &app->wall_clock());
    spdlog::info("mpesa: paying approved withdrawals through {} every {} s", config.mpesa_base_url,
                 config.mpesa_poll.count());
    payouts->Start();
  } else {
    spdlog::info("mpesa: no mpesa.base_url; staff pay withdrawals by hand with their reference");
  }
  spdlog::info("wakala {} serving http://{} on {} ({})", kVersion, *bound,
               storage::EngineName(database.engine()),
               config.database_url.starts_with("sqlite:") ? config.database_url : "postgresql");
  if (!config.ready_file.empty()) {
    // Written whole then renamed, so a watcher never reads half an address.
    const std::string temporary = config.ready_file + ".tmp";
    std::ofstream(temporary) << *bound << "\n";
    std::rename(temporary.c_str(), config.ready_file.c_str());
  }
  // Scheduled engine jobs (docs/operations.md), stopped after the server has drained.
  std::unique_ptr<jobs::Scheduler> scheduler;
  if (config.scheduler_interval.count() > 0) {
    scheduler =
        std::make_unique<jobs::Scheduler>(app->journal(), database, app->engine_clock(), app->wall_clock(),
                                          config.scheduler_interval, jobs::Scheduler::ProcessHolder());
    scheduler->SetTimings(&app->job_timings());
    scheduler->AddTask("billing", [app]() -> Result<std::size_t> {
      auto run = app->renewals().Run();
      if (!run) return Fail(run.error());
      return run->renewals + run->reminders + run->suspended;
    });
    scheduler->Start();
  } else {
    spdlog::info("scheduler: off (engine.scheduler_interval = 0)");
  }
  // Email delivery (docs/operations.md): off without a host, mail waits in the outbox.
  std::unique_ptr<notify::SmtpTransport> smtp;
  std::unique_ptr<jobs::EmailDelivery> delivery;
  if (!config.email_smtp_host.empty()) {
    notify::SmtpSettings settings;
    settings.host = config.email_smtp_host;
    settings.port = static_cast<int>(config.email_smtp_port);
    settings.tls = config.email_tls == "none"    ? notify::TlsMode::kNone
                   : config.email_tls == "smtps" ? notify::TlsMode::kSmtps
                                                 : notify::TlsMode::kStartTls;
    settings.username = config.email_username;
    settings.password = config.email_password;
    settings.from = config.email_from;
    settings.ca_file = config.email_ca_file;
    settings.timeout = config.email_timeout;
    smtp = std::make_unique<notify::SmtpTransport>(settings);
    jobs::DeliveryPolicy policy;
    policy.max_attempts = static_cast<int>(config.email_max_attempts);
    policy.first_retry = config.email_retry;
    policy.max_retry = config.email_max_retry;
    policy.interval = config.email_poll;
    const std::string from = notify::AddressOf(config.email_from);
    delivery = std::make_unique<jobs::EmailDelivery>(database, *smtp, app->wall_clock(), policy,
                                                     jobs::Scheduler::ProcessHolder(),
                                                     from.substr(from.find('@') + 1), &app->job_timings());
    delivery->Start();
  } else {
    spdlog::info("email: no email.smtp_host; messages wait in the outbox");
  }
  server.Run();
  if (payouts) payouts->Stop();
  if (delivery) delivery->Stop();
  if (scheduler) scheduler->Stop();
  return 0;
}

}  // namespace wakala::app::commands
