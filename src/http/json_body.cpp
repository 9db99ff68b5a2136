#include "http/json_body.hpp"

#include <algorithm>
#include <cstdint>

#include "core/calendar.hpp"
#include "core/text.hpp"
#include "http/problem.hpp"

namespace wakala::http {

namespace {
constexpr std::size_t kMaxJsonDepth = 32;
}

tl::expected<boost::json::object, JsonBodyError> ParseJsonObject(const http::Request& request) {
  const auto content_type = request.Header("Content-Type");
  const std::string media_type =
      content_type ? ToLower(Trim(std::string_view(*content_type).substr(0, content_type->find(';')))) : "";
  if (media_type != "application/json") {
    return tl::unexpected(JsonBodyError{http::Problem(
        415, "unsupported-media-type", "Unsupported media type",
        "the body must be JSON sent as Content-Type: application/json (got " +
            (content_type ? "'" + *content_type + "'" : std::string("no Content-Type")) + ")")});
  }
  boost::json::parse_options options;
  options.max_depth = kMaxJsonDepth;
  boost::json::parser parser({}, options);
  boost::system::error_code ec;
  // write() takes the whole body as one complete text: extra data or an
  // unfinished value (error::incomplete) is an error, and the count says
  // where it stopped.
  const std::size_t consumed = parser.write(request.body.data(), request.body.size(), ec);

  if (ec) {
    // Line and column of the first byte the parser could not take.
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < std::min(consumed, request.body.size()); ++i) {
      if (request.body[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return tl::unexpected(JsonBodyError{http::Problem(
        400, "malformed-json", "Malformed JSON",
        "the body is not valid JSON: " + ec.message() + " at line " + std::to_string(line) + ", column " +
            std::to_string(column) + " (byte " + std::to_string(consumed) + ")")});
  }
  boost::json::value value = parser.release();
  if (!value.is_object()) {
    return tl::unexpected(
        JsonBodyError{http::Problem(422, "validation", "Invalid input", "the body must be a JSON object")});
  }
  return std::move(value.as_object());
}

std::string FieldReader::RequiredString(const char* name, std::size_t max_length, Lines lines) {
  auto value = OptionalString(name, max_length, lines);
  if (!value && std::none_of(problems_.begin(), problems_.end(),
                             [&](const FieldError& problem) { return problem.field == name; })) {
    problems_.push_back({name, "is required"});
  }
  return value.value_or("");
}

std::optional<std::string> FieldReader::OptionalString(const char* name, std::size_t max_length,
                                                       Lines lines) {
  read_.emplace_back(name);
  const auto* value = object_.if_contains(name);
  if (value == nullptr || value->is_null()) {
    return std::nullopt;
  }
  if (!value->is_string()) {
    problems_.push_back({name, "must be a string"});
    return std::nullopt;
  }
  const std::string_view text = value->as_string();
  // Bytes bound the work before characters are counted (4 bytes at most each).
  if (text.size() > 4 * max_length || CountCharacters(text) > max_length) {
    problems_.push_back({name, "must be at most " + std::to_string(max_length) + " characters"});
    return std::nullopt;
  }
  if (auto problem = ControlCharacterProblem(text, lines); !problem.empty()) {
    problems_.push_back({name, std::move(problem)});
    return std::nullopt;
  }
  return std::string(text);
}

std::optional<bool> FieldReader::OptionalBool(const char* name) {
  read_.emplace_back(name);
  const auto* value = object_.if_contains(name);
  if (value == nullptr || value->is_null()) {
    return std::nullopt;
  }
  if (!value->is_bool()) {
    problems_.push_back({name, "must be true or false"});
    return std::nullopt;
  }
  return value->as_bool();
}

const boost::json::object* FieldReader::OptionalObject(const char* name) {
  read_.emplace_back(name);
  const auto* value = object_.if_contains(name);
  if (value == nullptr || value->is_null()) return nullptr;
  if (!value->is_object()) {
    problems_.push_back({name, "must be an object"});
    return nullptr;
  }
  return &value->as_object();
}

std::vector<std::string> FieldReader::RequiredStringArray(const char* name, std::size_t max_items) {
  read_.emplace_back(name);
  std::vector<std::string> items;
  const auto* value = object_.if_contains(name);
  if (value == nullptr || !value->is_array()) {
    problems_.push_back({name, value == nullptr ? "is required" : "must be an array of strings"});
    return items;
  }
  const auto& array = value->as_array();
  if (array.size() > max_items) {
    problems_.push_back({name, "must have at most " + std::to_string(max_items) + " items"});
    return items;
  }
  for (std::size_t i = 0; i < array.size(); ++i) {
    if (!array[i].is_string()) {
      problems_.push_back({std::string(name) + "/" + std::to_string(i), "must be a string"});
    } else {
      items.emplace_back(array[i].as_string());
    }
  }
  return items;
}

namespace {
// An amount in the one money grammar, or the reason it is not one.
tl::expected<Money, std::string> ReadAmount(const boost::json::value* value) {
  if (value == nullptr || value->is_null()) return tl::unexpected(std::string("is required"));
  if (value->is_number()) {
    return tl::unexpected(std::string("must be a decimal string such as \"12500.00\", not a JSON number"));
  }
  if (!value->is_string())
    return tl::unexpected(std::string("must be a decimal string such as \"12500.00\""));
  const std::string_view text = value->as_string();
  if (text.size() > 32) return tl::unexpected(std::string("must be at most 32 characters"));
  auto amount = Money::Parse(text);
  if (!amount) return tl::unexpected(amount.error().message);
  return *amount;
}
}  // namespace

std::optional<Money> FieldReader::RequiredAmount(const char* name) {
  read_.emplace_back(name);
  // Every way out without an amount records a problem: a caller that sees
  // ok() may dereference the result.
  auto amount = ReadAmount(object_.if_contains(name));
  if (amount && *amount <= Money{}) amount = tl::unexpected(std::string("must be more than 0.00"));
  if (!amount) {
    problems_.push_back({name, amount.error()});
    return std::nullopt;
  }
  return *amount;
}

std::optional<Money> FieldReader::OptionalAmountOrZero(const char* name) {
  read_.emplace_back(name);
  const auto* value = object_.if_contains(name);
  if (value == nullptr) return std::nullopt;
  auto amount = ReadAmount(value);
  if (!amount) {
    problems_.push_back({name, amount.error()});
    return std::nullopt;
  }
  return *amount;
}

std::optional<std::int64_t> FieldReader::OptionalInteger(const char* name, std::int64_t min,
                                                         std::int64_t max) {
  read_.emplace_back(name);
  const auto* value = object_.if_contains(name);
  if (value == nullptr || value->is_null()) return std::nullopt;
  const bool whole = value->is_int64() || (value->is_uint64() && value->as_uint64() <= INT64_MAX);
  const std::int64_t number = value->is_int64() ? value->as_int64()
                              : whole           ? static_cast<std::int64_t>(value->as_uint64())
                                                : 0;
  if (!whole || number < min || number > max) {
    problems_.push_back(
        {name, "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max)});
    return std::nullopt;
  }
  return number;
}

std::optional<Timestamp> FieldReader::OptionalTime(const char* name) {
  const auto text = OptionalString(name, 40);
  if (!text) return std::nullopt;
  auto at = ParseRfc3339Timestamp(*text);
  if (!at) {
    problems_.push_back({name, at.error().message});
    return std::nullopt;
  }
  return *at;
}

void FieldReader::RequiredObjects(const char* name, std::size_t max_items,
                                  const std::function<void(std::size_t, FieldReader&)>& read) {
  read_.emplace_back(name);
  const auto* value = object_.if_contains(name);
  if (value == nullptr || !value->is_array() || value->as_array().empty()) {
    problems_.push_back({name, value == nullptr ? "is required" : "must be a non-empty array of objects"});
    return;
  }
  const auto& array = value->as_array();
  if (array.size() > max_items) {
    problems_.push_back({name, "must have at most " + std::to_string(max_items) + " items"});
    return;
  }
  for (std::size_t i = 0; i < array.size(); ++i) {
    const std::string where = std::string(name) + "/" + std::to_string(i);
    if (!array[i].is_object()) {
      problems_.push_back({where, "must be an object"});
      continue;
    }
    FieldReader item(array[i].as_object());
    read(i, item);
    item.RejectUnknown();
    AddProblems(item, where + "/");
  }
}

void FieldReader::RejectUnknown() {
  for (const auto& [key, value] : object_) {
    if (std::find(read_.begin(), read_.end(), std::string_view(key)) == read_.end()) {
      problems_.push_back({std::string(key), "is not a known field"});
    }
  }
}

http::Response JsonResponse(int status, const boost::json::value& body) {
  http::Response response;
  response.status = status;
  response.body = boost::json::serialize(body);
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

std::optional<http::Response> ReadFields(const http::Request& request, std::string refusal,
                                         const std::function<void(FieldReader&)>& read) {
  auto body = ParseJsonObject(request);
  if (!body) return std::move(body.error().response);
  FieldReader fields(*body);
  read(fields);
  fields.RejectUnknown();
  if (!fields.ok()) return ErrorResponse(fields.ToError(std::move(refusal)));
  return std::nullopt;
}

}  // namespace wakala::http
