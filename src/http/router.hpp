#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace wakala::http {

using Handler = std::function<Response(Request&)>;

struct RouteInfo {
  std::string method;
  std::string pattern;  // "/api/v1/users/{user_id}"
};

// Method + path pattern dispatch. Patterns are literal segments and
// "{name}" segments that match one non-empty path segment.
class Router {
 public:
  void Add(std::string method, std::string pattern, Handler handler);

  // Finds the handler: fills request.path_params and request.route. Unknown
  // path answers 404, known path with another method 405 (with Allow), both
  // as problem+json.
  Response Dispatch(Request& request) const;

  std::vector<RouteInfo> Routes() const;

  // Requests that match no route (static files, the panels) go here.
  void SetFallback(Handler fallback) { fallback_ = std::move(fallback); }

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  static bool Matches(const Route& route, const std::vector<std::string_view>& segments,
                      std::map<std::string, std::string>* params);

  std::vector<Route> routes_;
  Handler fallback_;
};

}  // namespace wakala::http
