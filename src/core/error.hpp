#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

namespace wakala {

// What went wrong, independent of transport; the HTTP layer maps it to a status.
enum class ErrorCode {
  kInvalidInput,     // the caller sent something malformed or out of range
  kUnauthenticated,  // no valid credentials
  kForbidden,        // valid credentials, but not allowed
  kNotFound,
  kConflict,     // clashes with existing state (duplicate, wrong state)
  kRateLimited,  // too many attempts; retry_after says when to come back
  kUnavailable,  // a dependency (the database) is not answering
  kInternal,
};

struct FieldError {
  std::string field;   // JSON pointer or key name of the offending input
  std::string reason;  // what is wrong with it
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<FieldError> fields;
  std::chrono::seconds retry_after{0};

  static Error Invalid(std::string message, std::vector<FieldError> fields = {}) {
    return Error{ErrorCode::kInvalidInput, std::move(message), std::move(fields), {}};
  }
  static Error Unauthenticated(std::string message) {
    return Error{ErrorCode::kUnauthenticated, std::move(message), {}, {}};
  }
  static Error Forbidden(std::string message) {
    return Error{ErrorCode::kForbidden, std::move(message), {}, {}};
  }
  static Error NotFound(std::string message) {
    return Error{ErrorCode::kNotFound, std::move(message), {}, {}};
  }
  static Error Conflict(std::string message) {
    return Error{ErrorCode::kConflict, std::move(message), {}, {}};
  }
  static Error RateLimited(std::string message, std::chrono::seconds retry_after) {
    return Error{ErrorCode::kRateLimited, std::move(message), {}, retry_after};
  }
  static Error Unavailable(std::string message) {
    return Error{ErrorCode::kUnavailable, std::move(message), {}, {}};
  }
  static Error Internal(std::string message) {
    return Error{ErrorCode::kInternal, std::move(message), {}, {}};
  }
};

template <class T>
using Result = tl::expected<T, Error>;

// Shorthand for returning an error from a function whose result is Result<T>.
inline tl::unexpected<Error> Fail(Error error) {
  return tl::unexpected<Error>(std::move(error));
}

}  // namespace wakala
