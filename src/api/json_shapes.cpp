#include "api/json_shapes.hpp"

#include <fmt/format.h>

#include <charconv>

namespace wakala::api {

namespace json = boost::json;

json::value OptionalText(const std::string& text) {
  return text.empty() ? json::value(nullptr) : json::value(text);
}

json::value OptionalText(const std::optional<std::string>& text) {
  return text ? json::value(*text) : json::value(nullptr);
}

json::object BalancesJson(const ledger::AgentBalances& b) {
  return json::object{{"pending", b.pending.ToString()},           {"available", b.available.ToString()},
                      {"withdrawing", b.withdrawing.ToString()},   {"paid_out", b.paid_out.ToString()},
                      {"tax_withheld", b.tax_withheld.ToString()}, {"reversed", b.reversed.ToString()},
                      {"forfeited", b.forfeited.ToString()}};
}

std::optional<std::int64_t> QueryNumber(const http::Request& request, const char* name, std::int64_t min,
                                        std::int64_t max, std::vector<FieldError>& problems) {
  const auto text = request.Query(name);
  if (!text) return std::nullopt;
  std::int64_t value = 0;
  const auto* end = text->data() + text->size();
  const auto [rest, ec] = std::from_chars(text->data(), end, value);
  if (ec != std::errc() || rest != end || value < min || value > max) {
    problems.push_back({name, fmt::format("must be a whole number from {} to {}", min, max)});
    return std::nullopt;
  }
  return value;
}

Result<std::int64_t> QueryNumberOr(const http::Request& request, const char* name, std::int64_t fallback,
                                   std::int64_t max) {
  std::vector<FieldError> problems;
  const auto value = QueryNumber(request, name, 0, max, problems);
  if (!problems.empty()) return Fail(Error::Invalid("invalid " + std::string(name), problems));
  return value.value_or(fallback);
}

}  // namespace wakala::api
