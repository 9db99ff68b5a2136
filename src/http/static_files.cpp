#include "http/static_files.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

#include "http/problem.hpp"

namespace wakala::http {

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
  static constexpr std::array<std::string_view, 10> kPageRoots = {
      "agent",  "client",    "staff",       "signin",          "apply",
      "signup", "directory", "invitations", "service-manager", "quote"};
  if (!url_path.starts_with('/')) return false;
  url_path.remove_prefix(1);
  const std::string_view first = url_path.substr(0, url_path.find('/'));
  return std::find(kPageRoots.begin(), kPageRoots.end(), first) != kPageRoots.end();
}

// Content-hashed names under /assets/ never change: a year, immutable. The
// HTML names the current hashes, so it is revalidated on every load.
bool IsCompressible(const std::filesystem::path& path) {
  const std::string extension = path.extension().string();
  return extension == ".js" || extension == ".css" || extension == ".svg" || extension == ".map";
}

// Whether Accept-Encoding lists gzip without refusing it ("gzip;q=0").
bool AcceptsGzip(const http::Request& request) {
  const auto accepted = request.Header("Accept-Encoding");
  if (!accepted) return false;
  std::string_view rest = *accepted;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    const auto semicolon = item.find(';');
    std::string_view coding = item.substr(0, semicolon);
    while (!coding.empty() && coding.back() == ' ') coding.remove_suffix(1);
    if (coding != "gzip") continue;
    if (semicolon == std::string_view::npos) return true;
    std::string_view parameter = item.substr(semicolon + 1);
    while (!parameter.empty() && parameter.front() == ' ') parameter.remove_prefix(1);
    // q=0, q=0.0, q=0.00, q=0.000: refused; any other weight accepts.
    return !(parameter.starts_with("q=0") && parameter.find_first_not_of("0.", 3) == std::string_view::npos);
  }
  return false;
}

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
  http::Response response;
  response.content_type = ContentTypeFor(*path);
  // The build writes a gzip copy beside each text asset (a third of the bytes
  // for a phone): served when the browser takes gzip, the same file otherwise.
  std::filesystem::path source = *path;
  if (IsCompressible(*path)) {
    response.SetHeader("Vary", "Accept-Encoding");
    if (AcceptsGzip(request)) {
      if (auto compressed = ResolveUnderWebRoot(web_root, std::string(served_as) + ".gz")) {
        source = std::move(*compressed);
        response.SetHeader("Content-Encoding", "gzip");
      }
    }
  }
  std::ifstream file(source, std::ios::binary);
  if (!file) return not_found();
  std::ostringstream content;
  content << file.rdbuf();
  response.body = content.str();
  response.SetHeader("Cache-Control", CacheControlFor(served_as));
  response.SetHeader("Content-Security-Policy", PanelContentSecurityPolicy());
  response.SetHeader("Cross-Origin-Opener-Policy", "same-origin");
  response.SetHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
  return response;
}

}  // namespace wakala::http
