#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

#include "accounts/service.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace wakala::api {

struct ApiContext {
  accounts::AccountService& accounts;
  std::function<Result<void>()> check_ready;  // /readyz: does the database answer?
  http::Metrics& metrics;
  std::string_view openapi_json;
  std::filesystem::path web_root;
  bool cookie_secure = false;  // set when served over TLS (directly or behind a proxy)
  std::chrono::seconds session_lifetime{std::chrono::hours(12)};
};

// Every route of the service. The OpenAPI document must list exactly these
// (a test holds the two together).
void RegisterRoutes(http::Router& router, ApiContext& context);

// The session cookie's name: "__Host-" prefixed (host-only, Path=/, Secure)
// when the cookie is Secure, plain otherwise (browsers refuse __Host- without Secure).
std::string SessionCookieName(bool secure);

}  // namespace wakala::api
