#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "accounts/principal.hpp"
#include "accounts/service.hpp"
#include "core/clock.hpp"
#include "engine/journal_port.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace wakala::agents {
class JoiningService;
class AgentRecordsService;
class StaffAgentsService;
}  // namespace wakala::agents

namespace wakala::clients {
class ClientService;
class AllocationService;
class ServiceManagerService;
}  // namespace wakala::clients

namespace wakala::billing {
class BillingEventService;
class BillingService;
class OrderService;
class TicketService;
class QuoteService;
}  // namespace wakala::billing

namespace wakala::documents {
struct Issuer;
}  // namespace wakala::documents

namespace wakala::jobs {
class RunHistory;
class EmailOutbox;
}  // namespace wakala::jobs

namespace wakala::payouts {
class WithdrawalService;
class PayoutMethodService;
class PayoutDesk;
class MpesaPayouts;
}  // namespace wakala::payouts

namespace wakala::http::handlers {

struct ApiContext {
  accounts::AccountService& accounts;
  std::function<Result<void>()> check_ready;  // /readyz: does the database answer?
  http::Metrics& metrics;
  std::string_view openapi_json;
  std::filesystem::path web_root;
  bool cookie_secure = false;  // set when served over TLS (directly or behind a proxy)
  std::chrono::seconds session_lifetime{std::chrono::hours(12)};
  // The wall clock: sessions, rate limits, request signatures.
  const Clock* wall_clock = nullptr;
  // Signed requests older or newer than this are refused (replays, clock skew).
  std::chrono::seconds signature_tolerance{std::chrono::minutes(5)};
  // The program's time (engine.clock: the system clock, or a test clock):
  // what actions are dated with and what "this month" means.
  const Clock* program_clock = nullptr;
  std::string public_url{};  // "http://127.0.0.1:8080": links in banners
  // The provider as its PDFs name it (config [documents]).
  const documents::Issuer* issuer = nullptr;
  // The read side of every agent and program view: the commission engine,
  // caught up with the log.
  engine::EngineReader* engine = nullptr;
  // The services, one per module; handlers call these and nothing below them.
  billing::BillingEventService* billing_events = nullptr;
  billing::BillingService* billing = nullptr;
  billing::OrderService* orders = nullptr;
  billing::TicketService* tickets = nullptr;
  billing::QuoteService* quotes = nullptr;
  jobs::RunHistory* job_runs = nullptr;
  jobs::EmailOutbox* outbox = nullptr;
  agents::JoiningService* joining = nullptr;
  agents::AgentRecordsService* records = nullptr;
  clients::ClientService* clients = nullptr;
  agents::StaffAgentsService* staff_agents = nullptr;
  clients::AllocationService* allocation = nullptr;
  clients::ServiceManagerService* service_managers = nullptr;
  payouts::WithdrawalService* withdrawals = nullptr;
  payouts::PayoutMethodService* payout_methods = nullptr;
  payouts::PayoutDesk* payout_desk = nullptr;
  payouts::MpesaPayouts* mpesa = nullptr;  // null unless M-Pesa payouts are configured
  // GET /metrics: answered to loopback callers (if allowed) and to callers
  // with `Authorization: Bearer <metrics_token>` (if one is set).
  std::string metrics_token{};
  bool metrics_allow_loopback = true;
  bool trust_forwarded_for = false;  // remote_ip came from X-Forwarded-For
};

// POST /api/v1/billing-events (billing_events.cpp).
void RegisterBillingEvents(http::Router& router, ApiContext& context);
// GET /api/v1/jobs (jobs.cpp).
void RegisterJobs(http::Router& router, ApiContext& context);
// The staff's view of the email outbox (emails.cpp).
void RegisterEmails(http::Router& router, ApiContext& context);
// M-Pesa callbacks, reconciliation, bank transfer files (payouts.cpp).
void RegisterPayouts(http::Router& router, ApiContext& context);

// Resolves the caller (session cookie with CSRF on unsafe methods, or API key)
// before `handler` runs; answers 401/403 itself otherwise.
using AuthedHandler = std::function<http::Response(http::Request&, const accounts::Principal&)>;
http::Handler WithPrincipal(ApiContext& context, AuthedHandler handler);
// A handler that takes the context, the request and its principal, as the
// handler files write them; registered behind WithPrincipal.
using ContextHandler = http::Response (*)(ApiContext&, http::Request&, const accounts::Principal&);
void AddAuthenticated(http::Router& router, ApiContext& context, const char* method, const char* path,
                      ContextHandler handler);

// Every route of the service. The OpenAPI document must list exactly these
// (a test holds the two together).
void RegisterRoutes(http::Router& router, ApiContext& context);

// Requests whose body is a file (evidence uploads): the server allows them
// server.max_upload_bytes instead of server.max_body_bytes.
bool IsUploadRequest(std::string_view method, std::string_view target);

// The session cookie's name: "__Host-" prefixed (host-only, Path=/, Secure)
// when the cookie is Secure, plain otherwise (browsers refuse __Host- without Secure).
std::string SessionCookieName(bool secure);

}  // namespace wakala::http::handlers
