#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>
#include <set>

#include "app/application.hpp"
#include "core/money.hpp"
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

namespace wakala::app {
namespace {

// The money grammar is declared once in the document (components/schemas/
// Amount) and that declaration is the parser's: the two agree on every sample.
TEST(OpenApi, AmountPatternIsTheParsersGrammar) {
  const auto document = boost::json::parse(OpenApiDocument()).as_object();
  const auto& amount = document.at("components").at("schemas").at("Amount").as_object();
  const std::regex pattern(std::string(amount.at("pattern").as_string()));
  for (const char* sample :
       {"0.00", "0.07", "12500.00", "999999999999.99", "1000000000000.00", "12500", "12500.5", "012.00",
        "-1.00", "+1.00", "1e3", "", " 1.00", "1.00 ", ".50", "1,000.00", "10.", "00.00", "0x1.00"}) {
    EXPECT_EQ(std::regex_match(sample, pattern), static_cast<bool>(Money::Parse(sample))) << sample;
  }
  // Every request amount refers to it; none keeps a pattern of its own.
  const std::string_view text = OpenApiDocument();
  EXPECT_EQ(text.find("[0-9]{1,2}"), std::string::npos);
}

}  // namespace
}  // namespace wakala::app
