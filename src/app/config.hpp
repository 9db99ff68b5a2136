#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "core/error.hpp"

namespace wakala::app {

// Everything `wakala` can be told. Sources, later ones winning: built-in
// defaults, the TOML file (--config), WAKALA_* environment variables, then
// command-line flags.
struct Config {
  // [server]
  std::string listen = "127.0.0.1:8080";
  std::string web_root = "build/web";  // built from web/ by scripts/build-web
  // How users reach this server, for links in emails and banners
  // ("https://partners.cloudone.co"); "" = http://<listen>.
  std::string public_url;
  std::size_t worker_threads = 4;
  std::size_t max_body_bytes = std::size_t{1024} * 1024;
  std::size_t max_header_bytes = std::size_t{16} * 1024;
  std::size_t max_upload_bytes = std::size_t{5} * 1024 * 1024;  // evidence files (PDF, PNG, JPEG)
  std::size_t max_connections = 1024;
  std::chrono::seconds request_timeout{30};
  std::chrono::seconds shutdown_grace{30};
  std::string ready_file;  // written with the bound address once listening ("" = none)
  bool trust_forwarded_for = false;
  // GET /metrics: from loopback (when allowed), or with this bearer token ("" = none).
  std::string metrics_token;
  bool metrics_allow_loopback = true;
  // [database]
  std::string database_url = "sqlite:var/wakala.db";
  std::size_t database_pool = 4;
  bool migrate_on_start = true;
  // Uploaded evidence (certificates, signed agreements): outside the web root,
  // never served as static files.
  std::string files_directory = "var/files";
  // [security]
  bool cookie_secure = false;
  std::chrono::seconds session_idle{std::chrono::hours(1)};
  std::chrono::seconds session_absolute{std::chrono::hours(12)};
  // Sign-in throttling (accounts::LoginLimits): free failures, then doubling waits.
  int login_failures_per_account = 5;  // per account and address
  int login_failures_per_ip = 20;
  std::chrono::seconds login_window{std::chrono::hours(24)};
  std::chrono::seconds login_first_delay{1};
  std::chrono::seconds login_max_delay{std::chrono::minutes(15)};
  std::chrono::seconds login_max_delay_per_ip{std::chrono::minutes(1)};
  unsigned long long argon2_ops = 2;
  std::size_t argon2_memory_kib = std::size_t{64} * 1024;
  // [engine]
  std::string program = "cloudone";  // a built-in program
  std::string program_file;          // a program file instead ("" = use `program`)
  // `serve` advances the engine through scheduled work this often (0 = never).
  std::chrono::seconds scheduler_interval{30};
  // How far ahead of the program clock an event may be dated (clocks of
  // billing systems drift); anything later is refused (engine.max_future_skew_seconds).
  std::chrono::seconds max_future_skew{300};

  // The engine's time in `serve`: "system", or "file:PATH" (tests and demos).
  std::string engine_clock = "system";
  // [log]
  std::string log_level = "info";

  // [billing]: when built-in billing issues renewals, reminds and suspends
  // (days; billing::RenewalPolicy). 64-bit so the small fields above pack
  // without padding (clang-analyzer-optin.performance.Padding).
  std::int64_t billing_invoice_due_days = 7;
  std::int64_t billing_renewal_lead_days = 7;
  std::int64_t billing_reminder_days_before = 3;
  std::int64_t billing_reminder_days_after = 1;
  std::int64_t billing_suspend_after_days = 14;

  // [email]: delivery of the outbox over SMTP (notify::SmtpSettings,
  // jobs::DeliveryPolicy). No host = no delivery: mail waits in the outbox.
  std::string email_smtp_host;
  std::string email_tls = "starttls";  // none | starttls | smtps
  std::string email_username, email_password;
  std::string email_from = "Cloud One agent program <partners@localhost>";
  std::string email_ca_file;
  // [documents]: the provider as its PDFs name it.
  std::string documents_provider_name = "Cloud One";
  std::string documents_provider_kra_pin, documents_provider_address;
  std::string documents_logo_file;  // a PNG; "" = the built-in mark
  std::int64_t email_smtp_port = 25;
  std::int64_t email_max_attempts = 8;
  std::chrono::seconds email_retry{60};
  std::chrono::seconds email_max_retry{3600};
  std::chrono::seconds email_poll{5};
  std::chrono::seconds email_timeout{30};

  // [mpesa]: withdrawals paid by M-Pesa B2C through Daraja
  // (payouts::DarajaSettings, payouts::MpesaPolicy). No base_url = off:
  // staff pay M-Pesa withdrawals by hand with their reference.
  std::string mpesa_base_url;
  std::string mpesa_consumer_key, mpesa_consumer_secret;
  std::string mpesa_initiator_name, mpesa_initiator_password;
  std::string mpesa_certificate_file, mpesa_shortcode;
  std::string mpesa_command_id = "BusinessPayment";  // BusinessPayment | SalaryPayment | PromotionPayment
  std::string mpesa_callback_url;                    // "" = server.public_url
  std::string mpesa_callback_secret;                 // "" = one made and kept in the database
  std::int64_t mpesa_max_per_transaction_cents = 15'000'000;
  std::int64_t mpesa_max_send_attempts = 5;
  std::chrono::seconds mpesa_result_wait{120};
  std::chrono::seconds mpesa_retry{30};
  std::chrono::seconds mpesa_max_wait{3600};
  std::chrono::seconds mpesa_poll{5};
  std::chrono::seconds mpesa_timeout{30};
};

// Reads `path` into `config`. Errors name file, line, key and reason:
// "wakala.toml:7: server.worker_threads: must be an integer from 1 to 256".
Result<void> LoadConfigFile(const std::string& path, Config& config);

// Applies WAKALA_<SECTION>_<KEY> variables (and the short forms
// WAKALA_LISTEN, WAKALA_DATABASE_URL) from `environment`.
Result<void> ApplyEnvironment(const std::map<std::string, std::string>& environment, Config& config);

// The process environment as a map (only WAKALA_* entries).
std::map<std::string, std::string> WakalaEnvironment();

// Checks values that only make sense together (absolute ≥ idle, …).
Result<void> Validate(const Config& config);

// "host:port" split; port 0 allowed (any free port).
Result<std::pair<std::string, unsigned short>> ParseListen(const std::string& listen);

}  // namespace wakala::app
