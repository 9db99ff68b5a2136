#include "app/config.hpp"

#include <toml++/toml.h>

#include <charconv>
#include <cstdlib>
#include <functional>
#include <variant>
#include <vector>

#include "core/money.hpp"
#include "core/text.hpp"

extern char** environ;

namespace wakala::app {

namespace {

// A value as it came from TOML or the environment.
using RawValue = std::variant<std::string, long long, bool>;

struct Setting {
  const char* section;
  const char* key;
  // Stores the value into the config, or returns why it is unacceptable.
  std::function<std::string(const RawValue&, Config&)> apply;
};

std::string TypeName(const RawValue& value) {
  if (std::holds_alternative<std::string>(value)) return "a string";
  if (std::holds_alternative<long long>(value)) return "an integer";
  return "a boolean";
}

auto StringSetting(std::string Config::*member, bool allow_empty = false) {
  return [member, allow_empty](const RawValue& value, Config& config) -> std::string {
    const auto* text = std::get_if<std::string>(&value);
    if (text == nullptr) return "must be a string, not " + TypeName(value);
    if (!allow_empty && text->empty()) return "must not be empty";
    config.*member = *text;
    return "";
  };
}

template <class T>
auto IntegerSetting(T Config::*member, long long min, long long max) {
  return [member, min, max](const RawValue& value, Config& config) -> std::string {
    const auto* number = std::get_if<long long>(&value);
    if (number == nullptr || *number < min || *number > max) {
      return "must be an integer from " + std::to_string(min) + " to " + std::to_string(max);
    }
    config.*member = static_cast<T>(*number);
    return "";
  };
}

auto SecondsSetting(std::chrono::seconds Config::*member, long long min, long long max) {
  return [member, min, max](const RawValue& value, Config& config) -> std::string {
    const auto* number = std::get_if<long long>(&value);
    if (number == nullptr || *number < min || *number > max) {
      return "must be a number of seconds from " + std::to_string(min) + " to " + std::to_string(max);
    }
    config.*member = std::chrono::seconds(*number);
    return "";
  };
}

auto BoolSetting(bool Config::*member) {
  return [member](const RawValue& value, Config& config) -> std::string {
    const auto* flag = std::get_if<bool>(&value);
    if (flag == nullptr) return "must be true or false, not " + TypeName(value);
    config.*member = *flag;
    return "";
  };
}

std::string ApplyLogLevel(const RawValue& value, Config& config) {
  const auto* text = std::get_if<std::string>(&value);
  const std::vector<std::string> levels{"trace", "debug", "info", "warn", "error", "off"};
  if (text == nullptr || std::find(levels.begin(), levels.end(), *text) == levels.end()) {
    return "must be one of trace, debug, info, warn, error, off";
  }
  config.log_level = *text;
  return "";
}

std::string ApplyEngineClock(const RawValue& value, Config& config) {
  const auto* text = std::get_if<std::string>(&value);
  if (text == nullptr || (*text != "system" && !(text->starts_with("file:") && text->size() > 5))) {
    return "must be \"system\" or \"file:PATH\" (a file holding an RFC 3339 time; tests and demos only)";
  }
  config.engine_clock = *text;
  return "";
}

std::string ApplyListen(const RawValue& value, Config& config) {
  const auto* text = std::get_if<std::string>(&value);
  if (text == nullptr) return "must be a string like \"127.0.0.1:8080\"";
  auto parsed = ParseListen(*text);
  if (!parsed) return parsed.error().message;
  config.listen = *text;
  return "";
}

std::string ApplyEmailTls(const RawValue& value, Config& config) {
  const auto* text = std::get_if<std::string>(&value);
  if (text == nullptr || (*text != "none" && *text != "starttls" && *text != "smtps")) {
    return "must be \"none\", \"starttls\" or \"smtps\"";
  }
  config.email_tls = *text;
  return "";
}

// "Name <address>" or a bare address, with an @ in the address and no line break.
std::string ApplyEmailFrom(const RawValue& value, Config& config) {
  const auto* text = std::get_if<std::string>(&value);
  if (text == nullptr || text->find('@') == std::string::npos ||
      text->find_first_of("\r\n") != std::string::npos) {
    return "must be an address, e.g. \"Cloud One Partners <partners@cloudone.co.ke>\"";
  }
  config.email_from = *text;
  return "";
}

std::string ApplyMpesaCommand(const RawValue& value, Config& config) {
  const auto* text = std::get_if<std::string>(&value);
  if (text == nullptr ||
      (*text != "BusinessPayment" && *text != "SalaryPayment" && *text != "PromotionPayment")) {
    return "must be \"BusinessPayment\", \"SalaryPayment\" or \"PromotionPayment\"";
  }
  config.mpesa_command_id = *text;
  return "";
}

// PartyA: the organisation's shortcode, 5 to 7 digits (TOML may write it as
// a number, the environment always reads as one).
std::string ApplyMpesaShortcode(const RawValue& value, Config& config) {
  std::string text;
  if (const auto* number = std::get_if<long long>(&value)) text = std::to_string(*number);
  if (const auto* written = std::get_if<std::string>(&value)) text = *written;
  if (text.size() < 5 || text.size() > 7 || text.find_first_not_of("0123456789") != std::string::npos) {
    return "must be the paying organisation's shortcode: 5 to 7 digits";
  }
  config.mpesa_shortcode = text;
  return "";
}

// B2C's limit per payment, in the money grammar ("150000.00"), whole shillings.
std::string ApplyMpesaLimit(const RawValue& value, Config& config) {
  const auto* text = std::get_if<std::string>(&value);
  auto parsed = text == nullptr ? Fail(Error::Invalid("")) : Money::Parse(*text);
  if (!parsed || parsed->cents() < 1000 || parsed->cents() % 100 != 0) {
    return "must be whole shillings of at least 10, written as money, e.g. \"150000.00\"";
  }
  config.mpesa_max_per_transaction_cents = parsed->cents();
  return "";
}

const std::vector<Setting>& Settings() {
  static const std::vector<Setting> settings{
      {"server", "listen", ApplyListen},
      {"server", "web_root", StringSetting(&Config::web_root)},
      {"server", "public_url", StringSetting(&Config::public_url, true)},
      {"server", "worker_threads", IntegerSetting(&Config::worker_threads, 1, 256)},
      {"server", "max_body_bytes", IntegerSetting(&Config::max_body_bytes, 1024, 64LL * 1024 * 1024)},
      {"server", "max_upload_bytes", IntegerSetting(&Config::max_upload_bytes, 1024, 256LL * 1024 * 1024)},
      {"server", "max_header_bytes", IntegerSetting(&Config::max_header_bytes, 1024, 1024LL * 1024)},
      {"server", "max_connections", IntegerSetting(&Config::max_connections, 1, 100000)},
      {"server", "request_timeout_seconds", SecondsSetting(&Config::request_timeout, 1, 3600)},
      {"server", "shutdown_grace_seconds", SecondsSetting(&Config::shutdown_grace, 1, 3600)},
      {"server", "ready_file", StringSetting(&Config::ready_file, true)},
      {"server", "trust_forwarded_for", BoolSetting(&Config::trust_forwarded_for)},
      {"server", "metrics_token", StringSetting(&Config::metrics_token, true)},
      {"server", "metrics_allow_loopback", BoolSetting(&Config::metrics_allow_loopback)},
      {"database", "url", StringSetting(&Config::database_url)},
      {"database", "pool_size", IntegerSetting(&Config::database_pool, 1, 256)},
      {"database", "migrate_on_start", BoolSetting(&Config::migrate_on_start)},
      {"files", "directory", StringSetting(&Config::files_directory)},
      {"security", "cookie_secure", BoolSetting(&Config::cookie_secure)},
      {"security", "session_idle_seconds", SecondsSetting(&Config::session_idle, 1, 30LL * 24 * 3600)},
      {"security", "session_absolute_seconds",
       SecondsSetting(&Config::session_absolute, 1, 90LL * 24 * 3600)},
      {"security", "login_failures_per_account",
       IntegerSetting(&Config::login_failures_per_account, 1, 1000)},
      {"security", "login_failures_per_ip", IntegerSetting(&Config::login_failures_per_ip, 1, 100000)},
      {"security", "login_window_seconds", SecondsSetting(&Config::login_window, 1, 30LL * 24 * 3600)},
      {"security", "login_first_delay_seconds", SecondsSetting(&Config::login_first_delay, 1, 3600)},
      {"security", "login_max_delay_seconds", SecondsSetting(&Config::login_max_delay, 1, 24LL * 3600)},
      {"security", "login_max_delay_per_ip_seconds",
       SecondsSetting(&Config::login_max_delay_per_ip, 1, 24LL * 3600)},
      {"security", "argon2_ops", IntegerSetting(&Config::argon2_ops, 1, 10)},
      {"security", "argon2_memory_kib", IntegerSetting(&Config::argon2_memory_kib, 8, 4LL * 1024 * 1024)},
      {"engine", "program", StringSetting(&Config::program)},
      {"engine", "program_file", StringSetting(&Config::program_file, true)},
      {"engine", "scheduler_interval", SecondsSetting(&Config::scheduler_interval, 0, 24LL * 3600)},
      {"engine", "max_future_skew_seconds", SecondsSetting(&Config::max_future_skew, 0, 24LL * 3600)},
      {"engine", "clock", ApplyEngineClock},
      {"billing", "invoice_due_days", IntegerSetting(&Config::billing_invoice_due_days, 0, 365)},
      {"billing", "renewal_lead_days", IntegerSetting(&Config::billing_renewal_lead_days, 0, 90)},
      {"billing", "reminder_days_before", IntegerSetting(&Config::billing_reminder_days_before, 0, 90)},
      {"billing", "reminder_days_after", IntegerSetting(&Config::billing_reminder_days_after, 0, 90)},
      {"billing", "suspend_after_days", IntegerSetting(&Config::billing_suspend_after_days, 0, 365)},
      {"email", "smtp_host", StringSetting(&Config::email_smtp_host, true)},
      {"email", "smtp_port", IntegerSetting(&Config::email_smtp_port, 1, 65535)},
      {"email", "tls", ApplyEmailTls},
      {"email", "username", StringSetting(&Config::email_username, true)},
      {"email", "password", StringSetting(&Config::email_password, true)},
      {"email", "from", ApplyEmailFrom},
      {"email", "ca_file", StringSetting(&Config::email_ca_file, true)},
      {"email", "max_attempts", IntegerSetting(&Config::email_max_attempts, 1, 100)},
      {"email", "retry_seconds", SecondsSetting(&Config::email_retry, 1, 24LL * 3600)},
      {"email", "max_retry_seconds", SecondsSetting(&Config::email_max_retry, 1, 7LL * 24 * 3600)},
      {"email", "poll_seconds", SecondsSetting(&Config::email_poll, 1, 3600)},
      {"email", "timeout_seconds", SecondsSetting(&Config::email_timeout, 1, 600)},
      {"mpesa", "base_url", StringSetting(&Config::mpesa_base_url, true)},
      {"mpesa", "consumer_key", StringSetting(&Config::mpesa_consumer_key, true)},
      {"mpesa", "consumer_secret", StringSetting(&Config::mpesa_consumer_secret, true)},
      {"mpesa", "initiator_name", StringSetting(&Config::mpesa_initiator_name, true)},
      {"mpesa", "initiator_password", StringSetting(&Config::mpesa_initiator_password, true)},
      {"mpesa", "certificate_file", StringSetting(&Config::mpesa_certificate_file, true)},
      {"mpesa", "shortcode", ApplyMpesaShortcode},
      {"mpesa", "command_id", ApplyMpesaCommand},
      {"mpesa", "callback_url", StringSetting(&Config::mpesa_callback_url, true)},
      {"mpesa", "callback_secret", StringSetting(&Config::mpesa_callback_secret, true)},
      {"mpesa", "max_per_transaction", ApplyMpesaLimit},
      {"mpesa", "max_send_attempts", IntegerSetting(&Config::mpesa_max_send_attempts, 1, 100)},
      {"mpesa", "result_wait_seconds", SecondsSetting(&Config::mpesa_result_wait, 1, 24LL * 3600)},
      {"mpesa", "retry_seconds", SecondsSetting(&Config::mpesa_retry, 1, 24LL * 3600)},
      {"mpesa", "max_wait_seconds", SecondsSetting(&Config::mpesa_max_wait, 1, 7LL * 24 * 3600)},
      {"mpesa", "poll_seconds", SecondsSetting(&Config::mpesa_poll, 1, 3600)},
      {"mpesa", "timeout_seconds", SecondsSetting(&Config::mpesa_timeout, 1, 600)},
      {"documents", "provider_name", StringSetting(&Config::documents_provider_name)},
      {"documents", "provider_kra_pin", StringSetting(&Config::documents_provider_kra_pin, true)},
      {"documents", "provider_address", StringSetting(&Config::documents_provider_address, true)},
      {"documents", "logo_file", StringSetting(&Config::documents_logo_file, true)},
      {"log", "level", ApplyLogLevel},
  };
  return settings;
}

const Setting* FindSetting(std::string_view section, std::string_view key) {
  for (const auto& setting : Settings()) {
    if (section == setting.section && key == setting.key) {
      return &setting;
    }
  }
  return nullptr;
}

std::string EnvName(const Setting& setting) {
  std::string name = std::string("WAKALA_") + setting.section + "_" + setting.key;
  for (char& c : name) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return name;
}

std::optional<RawValue> FromToml(const toml::node& node) {
  if (const auto* text = node.as_string()) return RawValue(text->get());
  if (const auto* number = node.as_integer()) return RawValue(static_cast<long long>(number->get()));
  if (const auto* flag = node.as_boolean()) return RawValue(flag->get());
  return std::nullopt;
}

// Environment text takes the type the setting wants: integers and booleans
// are recognised, everything else stays a string.
RawValue FromEnvironment(const std::string& text) {
  if (text == "true") return RawValue(true);
  if (text == "false") return RawValue(false);
  long long number = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec == std::errc() && end == text.data() + text.size() && !text.empty()) return RawValue(number);
  return RawValue(text);
}

}  // namespace

Result<std::pair<std::string, unsigned short>> ParseListen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return Fail(Error::Invalid("listen address '" + listen + "' must be HOST:PORT, e.g. 127.0.0.1:8080"));
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);  // [::1]:8080
  }
  const std::string port_text = listen.substr(colon + 1);
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535 || port_text.empty()) {
    return Fail(Error::Invalid("listen address '" + listen + "': port must be a number from 0 to 65535"));
  }
  return std::pair<std::string, unsigned short>{host, static_cast<unsigned short>(port)};
}

Result<void> LoadConfigFile(const std::string& path, Config& config) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& error) {
    const auto& where = error.source().begin;
    if (where.line == 0) {
      return Fail(Error::Invalid(path + ": cannot read config file: " + std::string(error.description())));
    }
    return Fail(Error::Invalid(path + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) +
                               ": " + std::string(error.description())));
  }
  for (const auto& [section_name, section_node] : root) {
    const auto line = section_node.source().begin.line;
    const auto* section = section_node.as_table();
    if (section == nullptr) {
      return Fail(Error::Invalid(
          path + ":" + std::to_string(line) + ": " + std::string(section_name.str()) +
          ": settings belong in a section ([server], [database], [security], [engine], [log])"));
    }
    for (const auto& [key, node] : *section) {
      const std::string name = std::string(section_name.str()) + "." + std::string(key.str());
      const std::string where = path + ":" + std::to_string(node.source().begin.line) + ": " + name + ": ";
      const Setting* setting = FindSetting(section_name.str(), key.str());
      if (setting == nullptr) {
        return Fail(Error::Invalid(where + "unknown setting"));
      }
      const auto value = FromToml(node);
      if (!value) {
        return Fail(Error::Invalid(where + "must be a string, an integer or a boolean"));
      }
      if (auto why = setting->apply(*value, config); !why.empty()) {
        return Fail(Error::Invalid(where + why));
      }
    }
  }
  return {};
}

Result<void> ApplyEnvironment(const std::map<std::string, std::string>& environment, Config& config) {
  // Short forms the issue and the README promise.
  const std::map<std::string, std::string> aliases{{"WAKALA_LISTEN", "WAKALA_SERVER_LISTEN"},
                                                   {"WAKALA_DATABASE_URL", "WAKALA_DATABASE_URL"}};
  for (const auto& [name, text] : environment) {
    if (!name.starts_with("WAKALA_")) {
      continue;
    }
    std::string canonical = name;
    if (auto alias = aliases.find(name); alias != aliases.end()) {
      canonical = alias->second;
    }
    const Setting* match = nullptr;
    for (const auto& setting : Settings()) {
      if (EnvName(setting) == canonical) {
        match = &setting;
      }
    }
    if (match == nullptr) {
      if (name.starts_with("WAKALA_TEST_")) {
        continue;  // the test harness's own variables
      }
      return Fail(Error::Invalid("environment variable " + name + ": unknown setting"));
    }
    if (auto why = match->apply(FromEnvironment(text), config); !why.empty()) {
      return Fail(Error::Invalid("environment variable " + name + ": " + why));
    }
  }
  return {};
}

std::map<std::string, std::string> WakalaEnvironment() {
  std::map<std::string, std::string> variables;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const auto equals = text.find('=');
    if (equals != std::string_view::npos && text.starts_with("WAKALA_")) {
      variables.emplace(text.substr(0, equals), text.substr(equals + 1));
    }
  }
  return variables;
}

Result<void> Validate(const Config& config) {
  if (config.session_absolute < config.session_idle) {
    return Fail(
        Error::Invalid("security.session_absolute_seconds must be at least security.session_idle_seconds"));
  }
  if (!config.mpesa_base_url.empty()) {
    // M-Pesa payouts need every credential; one missing is an error at start,
    // not a payout that fails later.
    const std::vector<std::pair<const char*, const std::string*>> required{
        {"consumer_key", &config.mpesa_consumer_key},
        {"consumer_secret", &config.mpesa_consumer_secret},
        {"initiator_name", &config.mpesa_initiator_name},
        {"initiator_password", &config.mpesa_initiator_password},
        {"certificate_file", &config.mpesa_certificate_file},
        {"shortcode", &config.mpesa_shortcode}};
    for (const auto& [key, value] : required) {
      if (value->empty())
        return Fail(Error::Invalid(std::string("mpesa.") + key + " is required with mpesa.base_url"));
    }
    if (!config.mpesa_base_url.starts_with("https://") && !config.mpesa_base_url.starts_with("http://127.") &&
        !config.mpesa_base_url.starts_with("http://localhost")) {
      return Fail(Error::Invalid("mpesa.base_url must be https:// (plain http only on loopback)"));
    }
  }
  return {};
}

}  // namespace wakala::app
