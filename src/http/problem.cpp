#include "http/problem.hpp"

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

namespace wakala::http {

Response Problem(int status, const std::string& slug, const std::string& title, const std::string& detail,
                 const std::vector<FieldError>& fields) {
  boost::json::object body;
  body["type"] = "/problems/" + slug;
  body["title"] = title;
  body["status"] = status;
  body["detail"] = detail;
  if (!fields.empty()) {
    boost::json::array errors;
    for (const auto& field : fields) {
      errors.push_back(boost::json::object{{"field", field.field}, {"reason", field.reason}});
    }
    body["errors"] = std::move(errors);
  }
  Response response;
  response.status = status;
  response.content_type = "application/problem+json";
  response.body = boost::json::serialize(body);
  return response;
}

Response ErrorResponse(const Error& error) {
  switch (error.code) {
    case ErrorCode::kInvalidInput:
      return Problem(422, "validation", "Invalid input", error.message, error.fields);
    case ErrorCode::kUnauthenticated:
      return Problem(401, "unauthenticated", "Not signed in", error.message);
    case ErrorCode::kForbidden:
      return Problem(403, "forbidden", "Forbidden", error.message);
    case ErrorCode::kNotFound:
      return Problem(404, "not-found", "Not found", error.message);
    case ErrorCode::kConflict:
      return Problem(409, "conflict", "Conflict", error.message);
    case ErrorCode::kRateLimited: {
      Response response = Problem(429, "rate-limited", "Too many requests", error.message);
      response.SetHeader("Retry-After", std::to_string(error.retry_after.count()));
      return response;
    }
    case ErrorCode::kUnavailable:
      return Problem(503, "unavailable", "Service unavailable", error.message);
    case ErrorCode::kInternal:
      break;
  }
  spdlog::error("internal error: {}", error.message);
  return Problem(500, "internal", "Internal error", "something failed on our side; it has been logged");
}

}  // namespace wakala::http
