#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace wakala::http {

// The file a request path names inside the web root, or nothing. `url_path`
// is the decoded path of the request ("/", "/app.js", "/img/logo.png").
// Refused: absolute or doubled forms ("//etc/passwd", "/%2fetc/shadow" once
// decoded), any "." or ".." segment, hidden names, backslashes, NUL and other
// control characters, and anything whose real path (symlinks resolved) is not
// under the web root. Only regular files are returned.
std::optional<std::filesystem::path> ResolveUnderWebRoot(const std::filesystem::path& web_root,
                                                         std::string_view url_path);

// The Content-Security-Policy of every page and file of the panels.
std::string PanelContentSecurityPolicy();

// GET/HEAD of a file of the panels: hashed /assets/ cached for a year
// (immutable), everything else "no-cache"; a page of the single-page app
// (/agent/*, /client/*, /staff/*, the public pages) with no file of its name
// is index.html. 404 for anything ResolveUnderWebRoot refuses.
http::Response ServeStaticFile(const std::filesystem::path& web_root, const http::Request& request);

}  // namespace wakala::http
