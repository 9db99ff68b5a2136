#include "api/static_files.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

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
  if (extension == ".map") return "application/json";
  if (extension == ".txt") return "text/plain; charset=utf-8";
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

// The segments of a request path ("/a/b" → a, b), or nothing when one of them
// is not a name a web root may hold.
std::optional<std::vector<std::string_view>> PlainSegments(std::string_view url_path) {
  if (!url_path.starts_with('/')) return std::nullopt;
  url_path.remove_prefix(1);
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (start <= url_path.size()) {
    const auto slash = url_path.find('/', start);
    const auto end = slash == std::string_view::npos ? url_path.size() : slash;
    const std::string_view segment = url_path.substr(start, end - start);
    if (!IsPlainSegment(segment)) return std::nullopt;
    segments.push_back(segment);
    start = end + 1;
  }
  return segments;
}

}  // namespace

std::optional<std::filesystem::path> ResolveUnderWebRoot(const std::filesystem::path& web_root,
                                                         std::string_view url_path) {
  if (url_path == "/") url_path = "/index.html";
  // Build the path segment by segment: nothing in the request is ever read as
  // an absolute path or a way up, whatever its encoding was.
  const auto segments = PlainSegments(url_path);
  if (!segments) return std::nullopt;
  std::filesystem::path relative;
  for (const auto segment : *segments) relative /= std::filesystem::path(std::string(segment));
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

namespace {

// The panels' pages: any path under these first segments is a page of the
// single-page app, answered with index.html when no file has that name.
bool IsPanelPage(std::string_view url_path) {
  static constexpr std::array<std::string_view, 9> kPageRoots = {
      "agent", "client", "staff", "signin", "apply", "signup", "directory", "invitations", "service-manager"};
  if (!url_path.starts_with('/')) return false;
  url_path.remove_prefix(1);
  const std::string_view first = url_path.substr(0, url_path.find('/'));
  return std::find(kPageRoots.begin(), kPageRoots.end(), first) != kPageRoots.end();
}

// Content-hashed names under /assets/ never change: a year, immutable. The
// HTML names the current hashes, so it is revalidated on every load.
std::string CacheControlFor(std::string_view url_path) {
  if (url_path.starts_with("/assets/")) return "public, max-age=31536000, immutable";
  return "no-cache";
}

}  // namespace

std::string PanelContentSecurityPolicy() {
  // No inline script or style attribute, nothing from another origin; the
  // panels only talk to this server.
  return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
         "connect-src 'self'; manifest-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; "
         "frame-ancestors 'none'";
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
  auto path = ResolveUnderWebRoot(web_root, request.path);
  std::string_view served_as = request.path;
  if (!path && IsPanelPage(request.path)) {
    // Checked like any request path first: a page URL holding "..", NUL or a
    // doubled slash is a 404, not the app.
    std::string_view page = request.path;
    if (page.size() > 1 && page.ends_with('/')) page.remove_suffix(1);  // "/agent/" is "/agent"
    if (PlainSegments(page)) {
      path = ResolveUnderWebRoot(web_root, "/index.html");
      served_as = "/index.html";
    }
  }
  if (!path) return not_found();
  std::ifstream file(*path, std::ios::binary);
  if (!file) return not_found();
  std::ostringstream content;
  content << file.rdbuf();
  http::Response response;
  response.content_type = ContentTypeFor(*path);
  response.body = content.str();
  response.SetHeader("Cache-Control", CacheControlFor(served_as));
  response.SetHeader("Content-Security-Policy", PanelContentSecurityPolicy());
  response.SetHeader("Cross-Origin-Opener-Policy", "same-origin");
  response.SetHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
  return response;
}

}  // namespace wakala::api
