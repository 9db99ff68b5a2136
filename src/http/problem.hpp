#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"
#include "http/message.hpp"

namespace wakala::http {

// An RFC 9457 application/problem+json response. `slug` becomes the stable
// type "/problems/<slug>" that clients switch on.
Response Problem(int status, const std::string& slug, const std::string& title, const std::string& detail,
                 const std::vector<FieldError>& fields = {});

// The response for an error from the core: status from its code, detail from
// its message (internal errors say only that something failed, and are logged).
Response ErrorResponse(const Error& error);

}  // namespace wakala::http
