#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

#include "http/message.hpp"

namespace wakala::api {

// The file a request path names inside the web root, or nothing. `url_path`
// is the decoded path of the request ("/", "/app.js", "/img/logo.png").
// Refused: absolute or doubled forms ("//etc/passwd", "/%2fetc/shadow" once
// decoded), any "." or ".." segment, hidden names, backslashes, NUL and other
// control characters, and anything whose real path (symlinks resolved) is not
// under the web root. Only regular files are returned.
std::optional<std::filesystem::path> ResolveUnderWebRoot(const std::filesystem::path& web_root,
                                                         std::string_view url_path);

// GET/HEAD of a file of the panels; 404 for anything ResolveUnderWebRoot refuses.
http::Response ServeStaticFile(const std::filesystem::path& web_root, const http::Request& request);

}  // namespace wakala::api
