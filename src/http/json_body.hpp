#pragma once

#include <boost/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "core/text.hpp"
#include "http/message.hpp"

namespace wakala::http {

// The request body as a JSON object. Errors are complete responses:
// 415 for another content type, 400 naming line, column and byte of a syntax
// error, 422 for valid JSON that is not an object.
struct JsonBodyError {
  http::Response response;
};
tl::expected<boost::json::object, JsonBodyError> ParseJsonObject(const http::Request& request);

// Typed field access that collects every problem before answering, so a
// client learns all that is wrong with its input at once.
class FieldReader {
 public:
  explicit FieldReader(const boost::json::object& object) : object_(object) {}

  // Text fields: at most `max_length` characters (code points, not bytes), and
  // no control character (a single line unless `lines` says otherwise).
  std::string RequiredString(const char* name, std::size_t max_length = 1000, Lines lines = Lines::kOne);
  std::optional<std::string> OptionalString(const char* name, std::size_t max_length = 1000,
                                            Lines lines = Lines::kOne);
  std::optional<bool> OptionalBool(const char* name);
  // A nested object (nullptr when absent or null, or not an object: a problem).
  const boost::json::object* OptionalObject(const char* name);
  // A nested reader's problems, named "<prefix><field>".
  void AddProblems(const FieldReader& nested, const std::string& prefix) {
    for (const auto& problem : nested.problems_)
      problems_.push_back({prefix + problem.field, problem.reason});
  }
  std::vector<std::string> RequiredStringArray(const char* name, std::size_t max_items = 50);
  bool Has(const char* name) const { return object_.contains(name); }
  // A positive amount written as a decimal string ("12500.00"): never a JSON
  // number, which would pass through binary floating point.
  std::optional<Money> RequiredAmount(const char* name);
  // The same grammar where 0.00 is a valid amount (a free product); nullopt
  // and no problem when absent.
  std::optional<Money> OptionalAmountOrZero(const char* name);
  // A JSON integer within [min, max]; nullopt and no problem when absent.
  std::optional<std::int64_t> OptionalInteger(const char* name, std::int64_t min, std::int64_t max);
  // An RFC 3339 time ("2026-12-01T09:00:00+03:00"); nullopt when absent.
  std::optional<Timestamp> OptionalTime(const char* name);
  // An array of objects, 1 to `max_items` long: each element is read by a
  // reader of its own, whose problems come back named "<name>/<i>/<field>".
  void RequiredObjects(const char* name, std::size_t max_items,
                       const std::function<void(std::size_t, FieldReader&)>& read);
  // A problem found by the handler's own checks, reported with the others.
  void AddProblem(std::string field, std::string reason) {
    problems_.push_back({std::move(field), std::move(reason)});
  }
  // Every key not read is reported as unknown (catches typos such as "emial").
  void RejectUnknown();

  bool ok() const { return problems_.empty(); }
  Error ToError(std::string message) const { return Error::Invalid(std::move(message), problems_); }

 private:
  const boost::json::object& object_;
  std::vector<std::string> read_;
  std::vector<FieldError> problems_;
};

// Reads the request's JSON object field by field: `read` takes what it needs
// from the reader, then any other field is refused. Nullopt when all is well;
// otherwise the response to send (the body's own error, or 422 `refusal`
// listing every problem at once).
std::optional<http::Response> ReadFields(const http::Request& request, std::string refusal,
                                         const std::function<void(FieldReader&)>& read);

http::Response JsonResponse(int status, const boost::json::value& body);

}  // namespace wakala::http
