#include "api/static_files.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

#include "http/problem.hpp"

namespace wakala::api {

namespace {

std::string ContentTypeFor(const std::filesystem::path& path) {
  const std::string extension = path.extension().string();
  if (extension == ".html") return "text/html; charset=utf-8";
  if (extension == ".js" || extension == ".mjs") return "text/javascript; charset=utf-8";
  if (extension == ".css") return "text/css; charset=utf-8";
  if (extension == ".json") return "application/json";
  if (extension == ".svg") return "image/svg+xml";
  if (extension == ".png") return "image/png";
  if (extension == ".ico") return "image/x-icon";
  if (extension == ".woff2") return "font/woff2";
  return "application/octet-stream";
}

// One path segment a web root may hold: not empty (a doubled slash), not
// hidden or a dot segment, no separator or control character of any OS.
bool IsPlainSegment(std::string_view segment) {
  if (segment.empty() || segment.front() == '.') return false;
  for (const char c : segment) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f || c == '\\' || c == ':') return false;
  }
  return true;
}

// Whether `path` is `root` or lies under it; both already canonical.
bool IsUnder(const std::filesystem::path& path, const std::filesystem::path& root) {
  auto inner = path.begin();
  for (auto outer = root.begin(); outer != root.end(); ++outer, ++inner) {
    if (inner == path.end() || *inner != *outer) return false;
  }
  return true;
}

}  // namespace

std::optional<std::filesystem::path> ResolveUnderWebRoot(const std::filesystem::path& web_root,
                                                         std::string_view url_path) {
  if (!url_path.starts_with('/')) return std::nullopt;
  url_path.remove_prefix(1);
  if (url_path.empty()) url_path = "index.html";
  // Build the path segment by segment: nothing in the request is ever read as
  // an absolute path or a way up, whatever its encoding was.
  std::filesystem::path relative;
  std::size_t start = 0;
  while (start <= url_path.size()) {
    const auto slash = url_path.find('/', start);
    const auto end = slash == std::string_view::npos ? url_path.size() : slash;
    const std::string_view segment = url_path.substr(start, end - start);
    if (!IsPlainSegment(segment)) return std::nullopt;
    relative /= std::filesystem::path(std::string(segment));
    start = end + 1;
  }
  std::error_code error;
  const auto root = std::filesystem::canonical(web_root, error);
  if (error) return std::nullopt;
  // canonical resolves symlinks: a link inside the web root that points out
  // of it is refused like any other way out.
  const auto resolved = std::filesystem::canonical(root / relative, error);
  if (error || !IsUnder(resolved, root)) return std::nullopt;
  if (!std::filesystem::is_regular_file(resolved, error) || error) return std::nullopt;
  return resolved;
}

http::Response ServeStaticFile(const std::filesystem::path& web_root, const http::Request& request) {
  if (request.method != "GET" && request.method != "HEAD") {
    http::Response response = http::Problem(405, "method-not-allowed", "Method not allowed",
                                            request.method + " is not allowed on static files; use GET");
    response.SetHeader("Allow", "GET, HEAD");
    return response;
  }
  // The 404 never echoes the path: it may hold control characters.
  const auto not_found = [] { return http::Problem(404, "not-found", "Not found", "no such file"); };
  const auto path = ResolveUnderWebRoot(web_root, request.path);
  if (!path) return not_found();
  std::ifstream file(*path, std::ios::binary);
  if (!file) return not_found();
  std::ostringstream content;
  content << file.rdbuf();
  http::Response response;
  response.content_type = ContentTypeFor(*path);
  response.body = content.str();
  response.SetHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
  response.SetHeader("X-Content-Type-Options", "nosniff");
  return response;
}

}  // namespace wakala::api
