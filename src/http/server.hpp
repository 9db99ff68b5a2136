#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "http/message.hpp"
#include "http/metrics.hpp"

namespace wakala::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0: any free port (tests)
  std::size_t max_body_bytes = std::size_t{1024} * 1024;
  std::size_t max_header_bytes = std::size_t{16} * 1024;
  // File uploads may be larger than other bodies: requests for which
  // `is_upload(method, target)` holds get max_upload_bytes instead.
  std::size_t max_upload_bytes = std::size_t{5} * 1024 * 1024;
  std::function<bool(std::string_view method, std::string_view target)> is_upload;
  std::chrono::seconds request_timeout{30};
  std::size_t max_connections = 1024;
  std::size_t worker_threads = 4;
  std::chrono::seconds shutdown_grace{30};
  // Behind a reverse proxy, the client's address is the last entry the proxy
  // appended to X-Forwarded-For. Only turn on when a proxy is always in front:
  // otherwise any client could claim any address.
  bool trust_forwarded_for = false;
};

// Called on a worker thread for every parsed request.
using Dispatcher = std::function<Response(Request&)>;

// HTTP/1.1 server: one I/O thread (Beast + Asio coroutines) parses and
// writes; handlers run on a pool of worker threads, so SQL and password
// hashing never block the I/O. SIGINT/SIGTERM stop accepting, let requests in
// flight finish, close idle connections, then return from Run().
class Server {
 public:
  Server(ServerOptions options, Dispatcher dispatcher, Metrics& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; returns the bound "host:port" (the real port if 0 was asked).
  Result<std::string> Listen();
  // Serves until a signal (or Stop()) and the drain that follows.
  void Run();
  // Starts a graceful stop from any thread.
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wakala::http
