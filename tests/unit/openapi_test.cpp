#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "app/application.hpp"
#include "core/secure_random.hpp"

namespace wakala::app {
namespace {

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// The OpenAPI document and the router must describe the same API: every
// route documented, nothing documented that does not exist.
TEST(OpenApi, DocumentMatchesTheRouter) {
  InitialiseCrypto();
  Config config;
  config.database_url = "sqlite::memory:";
  auto application = Application::Open(config);
  ASSERT_TRUE(application) << application.error().message;

  std::set<std::string> routed;
  for (const auto& route : (*application)->router().Routes()) {
    routed.insert(Lower(route.method) + " " + route.pattern);
  }
  ASSERT_GT(routed.size(), 10U);

  const auto document = boost::json::parse(OpenApiDocument()).as_object();
  EXPECT_EQ(document.at("openapi").as_string().subview().substr(0, 3), "3.1");
  std::set<std::string> documented;
  const std::set<std::string> methods{"get", "post", "put", "patch", "delete", "head", "options"};
  for (const auto& [path, item] : document.at("paths").as_object()) {
    for (const auto& [method, operation] : item.as_object()) {
      if (methods.contains(std::string(method))) {
        documented.insert(std::string(method) + " " + std::string(path));
      }
    }
  }
  for (const auto& route : routed) {
    EXPECT_TRUE(documented.contains(route)) << "route missing from docs/openapi.json: " << route;
  }
  for (const auto& route : documented) {
    EXPECT_TRUE(routed.contains(route))
        << "docs/openapi.json documents a route that does not exist: " << route;
  }
}

TEST(Application, ABadProgramStopsItBeforeAnythingOpens) {
  Config config;
  config.database_url = "sqlite::memory:";
  config.program = "nope";
  auto unknown = Application::Open(config);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "engine program: no built-in program \"nope\" (built in: cloudone)");
  config.program_file = "/nonexistent/program.toml";
  auto missing = Application::Open(config);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message,
            "engine program: /nonexistent/program.toml: cannot read the program file");
}

}  // namespace
}  // namespace wakala::app
