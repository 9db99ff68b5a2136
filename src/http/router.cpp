#include "http/router.hpp"

#include "http/problem.hpp"

namespace wakala::http {

namespace {
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 1;  // skip the leading '/'
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string_view::npos ? path.size() : slash;
    segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}
}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler) {
  std::vector<std::string> segments;
  for (auto segment : SplitPath(pattern)) {
    segments.emplace_back(segment);
  }
  routes_.push_back(Route{std::move(method), std::move(pattern), std::move(segments), std::move(handler)});
}

bool Router::Matches(const Route& route, const std::vector<std::string_view>& segments,
                     std::map<std::string, std::string>* params) {
  if (route.segments.size() != segments.size()) {
    return false;
  }
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string& expected = route.segments[i];
    if (expected.size() > 2 && expected.front() == '{' && expected.back() == '}') {
      if (segments[i].empty()) {
        return false;
      }
      if (params != nullptr) {
        (*params)[expected.substr(1, expected.size() - 2)] = std::string(segments[i]);
      }
    } else if (expected != segments[i]) {
      return false;
    }
  }
  return true;
}

Response Router::Dispatch(Request& request) const {
  const auto segments = SplitPath(request.path);
  std::string allowed;
  for (const auto& route : routes_) {
    if (!Matches(route, segments, nullptr)) {
      continue;
    }
    const bool head_of_get = request.method == "HEAD" && route.method == "GET";
    if (route.method == request.method || head_of_get) {
      Matches(route, segments, &request.path_params);
      request.route = route.pattern;
      return route.handler(request);
    }
    allowed += (allowed.empty() ? "" : ", ") + route.method;
  }
  if (!allowed.empty()) {
    request.route = "(method not allowed)";
    Response response = Problem(405, "method-not-allowed", "Method not allowed",
                                request.method + " is not allowed on " + request.path + "; use " + allowed);
    response.SetHeader("Allow", allowed);
    return response;
  }
  if (fallback_ && !request.path.starts_with("/api/")) {
    request.route = "(static)";
    return fallback_(request);
  }
  request.route = "(not found)";
  return Problem(404, "not-found", "Not found", "no route for " + request.method + " " + request.path);
}

std::vector<RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> routes;
  for (const auto& route : routes_) {
    routes.push_back(RouteInfo{route.method, route.pattern});
  }
  return routes;
}

}  // namespace wakala::http
