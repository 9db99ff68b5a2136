#include "http/server.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url.hpp>

#include <algorithm>
#include <array>
#include <list>

#include "http/problem.hpp"

namespace wakala::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

bhttp::response<bhttp::string_body> ToBeast(const Response& response, unsigned version, bool keep_alive,
                                            bool head) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(response.status), version};
  out.set(bhttp::field::server, "wakala");
  out.set(bhttp::field::content_type, response.content_type);
  out.set("X-Content-Type-Options", "nosniff");
  out.set("X-Frame-Options", "DENY");
  out.set("Referrer-Policy", "same-origin");
  for (const auto& [name, value] : response.headers) {
    out.insert(name, value);
  }
  out.keep_alive(keep_alive);
  out.body() = response.body;
  out.prepare_payload();
  if (head) {
    out.body().clear();  // Content-Length stays that of the GET body
  }
  return out;
}

// Fills a plain Request from a parsed Beast request; false if the target is
// not a valid origin-form URL.
bool FromBeast(const bhttp::request<bhttp::string_body>& in, const std::string& remote_ip, Request& out) {
  out.method = std::string(in.method_string());
  out.target = std::string(in.target());
  auto url = boost::urls::parse_origin_form(in.target());
  if (!url) {
    return false;
  }
  out.path = url->path();
  if (out.path.empty()) {
    out.path = "/";
  }
  for (const auto& param : url->params()) {
    out.query[param.key] = param.value;
  }
  for (const auto& field : in) {
    out.headers[std::string(field.name_string())] = std::string(field.value());
  }
  out.body = in.body();
  out.remote_ip = remote_ip;
  return true;
}

// The rightmost address of X-Forwarded-For: the one our own proxy added.
std::string ForwardedFor(const Request& request) {
  const auto header = request.Header("X-Forwarded-For");
  if (!header) {
    return "";
  }
  std::string_view list = *header;
  const auto comma = list.rfind(',');
  std::string_view last = comma == std::string_view::npos ? list : list.substr(comma + 1);
  while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
  while (!last.empty() && last.back() == ' ') last.remove_suffix(1);
  boost::system::error_code ec;
  asio::ip::make_address(last, ec);
  return ec ? "" : std::string(last);
}

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, Dispatcher dispatcher, Metrics& metrics)
      : options_(std::move(options)),
        dispatcher_(std::move(dispatcher)),
        metrics_(metrics),
        workers_(options_.worker_threads),
        acceptor_(io_),
        signals_(io_, SIGINT, SIGTERM),
        shutdown_timer_(io_) {}

  ~Impl() { workers_.join(); }

  Result<std::string> Listen() {
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(options_.host, ec);
    if (ec) {
      return Fail(Error::Invalid("listen address '" + options_.host + "' is not an IP address"));
    }
    const tcp::endpoint endpoint(address, options_.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return Fail(Error::Unavailable("cannot listen on " + options_.host + ":" +
                                     std::to_string(options_.port) + ": " + ec.message()));
    }
    const auto bound = acceptor_.local_endpoint();
    return bound.address().to_string() + ":" + std::to_string(bound.port());
  }

  void Run() {
    signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
      if (!ec) {
        spdlog::info("signal {} received: draining", signal);
        BeginShutdown();
      }
    });
    asio::co_spawn(io_, Accept(), asio::detached);
    io_.run();
    workers_.join();
    spdlog::info("server stopped");
  }

  void Stop() {
    asio::post(io_, [this] { BeginShutdown(); });
  }

 private:
  struct Connection {
    beast::tcp_stream* stream = nullptr;
    bool busy = false;  // a request is being handled: let it finish
  };

  void BeginShutdown() {
    if (stopping_) {
      return;
    }
    stopping_ = true;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    signals_.cancel(ignored);
    for (auto& connection : connections_) {
      if (!connection.busy) {
        connection.stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
        connection.stream->cancel();
      }
    }
    // A client that never finishes cannot hold the process forever.
    shutdown_timer_.expires_after(options_.shutdown_grace);
    shutdown_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) {
        spdlog::warn("shutdown grace period over: closing {} connections", connections_.size());
        io_.stop();
      }
    });
    MaybeFinishShutdown();
  }

  void MaybeFinishShutdown() {
    if (stopping_ && connections_.empty()) {
      shutdown_timer_.cancel();
    }
  }

  asio::awaitable<void> Accept() {
    while (!stopping_) {
      auto [ec, socket] = co_await acceptor_.async_accept(kUseTuple);
      if (ec) {
        if (stopping_) {
          break;
        }
        spdlog::warn("accept failed: {}", ec.message());
        continue;
      }
      if (connections_.size() >= options_.max_connections) {
        asio::co_spawn(io_, RefuseBusy(std::move(socket)), asio::detached);
        continue;
      }
      asio::co_spawn(io_, Serve(beast::tcp_stream(std::move(socket))), asio::detached);
    }
  }

  asio::awaitable<void> RefuseBusy(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    stream.expires_after(std::chrono::seconds(5));
    auto response = ToBeast(Problem(503, "overloaded", "Too many connections",
                                    "the server has too many open connections; retry shortly"),
                            11, false, false);
    response.set(bhttp::field::retry_after, "1");
    co_await bhttp::async_write(stream, response, kUseTuple);
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  // Writes an error for a request that could not be parsed, then the
  // connection closes (its stream position is unknown).
  asio::awaitable<void> WriteParseError(beast::tcp_stream& stream, const Response& problem) const {
    auto response = ToBeast(problem, 11, false, false);
    stream.expires_after(options_.request_timeout);
    auto [write_error, written] = co_await bhttp::async_write(stream, response, kUseTuple);
    static_cast<void>(written);
    if (!write_error) {
      co_await DrainBeforeClose(stream);
    }
  }

  // A client refused early (a 413 before its body) may still be sending.
  // Closing a socket with unread data makes the kernel reset the connection,
  // and the client then sees a send error instead of the answer. So, as
  // nginx's lingering close does, the server stops writing and discards what
  // still arrives, for a bounded time, before it closes.
  static asio::awaitable<void> DrainBeforeClose(beast::tcp_stream& stream) {
    constexpr auto kLingerTotal = std::chrono::seconds(5);
    constexpr auto kLingerIdle = std::chrono::seconds(1);
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    const auto deadline = std::chrono::steady_clock::now() + kLingerTotal;
    std::array<char, 16384> discarded{};
    for (auto now = std::chrono::steady_clock::now(); now < deadline;
         now = std::chrono::steady_clock::now()) {
      stream.expires_after(std::min<std::chrono::steady_clock::duration>(kLingerIdle, deadline - now));
      auto [read_error, read] = co_await stream.async_read_some(asio::buffer(discarded), kUseTuple);
      static_cast<void>(read);
      if (read_error) {
        break;  // the client closed, or went quiet
      }
    }
  }

  asio::awaitable<void> Serve(beast::tcp_stream stream) {
    metrics_.ConnectionOpened();
    auto self = connections_.insert(connections_.end(), Connection{&stream, false});
    boost::system::error_code endpoint_error;
    const auto remote = stream.socket().remote_endpoint(endpoint_error);
    const std::string remote_ip = endpoint_error ? "" : remote.address().to_string();
    beast::flat_buffer buffer;

    while (!stopping_) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
      // The header is checked against the larger limit; the request's own
      // limit is known once its target is (uploads may be larger).
      parser.body_limit(std::max(options_.max_body_bytes, options_.max_upload_bytes));
      stream.expires_after(options_.request_timeout);
      auto [header_error, header_bytes] =
          co_await bhttp::async_read_header(stream, buffer, parser, kUseTuple);
      static_cast<void>(header_bytes);
      boost::system::error_code read_error = header_error;
      std::size_t body_limit = options_.max_body_bytes;
      if (!read_error) {
        // From its headers on, a request is in flight: a shutdown lets it finish.
        self->busy = true;
        const auto& header = parser.get();
        if (options_.is_upload &&
            options_.is_upload(std::string_view(header.method_string().data(), header.method_string().size()),
                               std::string_view(header.target().data(), header.target().size()))) {
          body_limit = options_.max_upload_bytes;
        }
        parser.body_limit(body_limit);
        // A declared length over the limit is refused before reading it (the
        // parser only checked it against the larger limit).
        if (parser.content_length() && *parser.content_length() > body_limit) {
          read_error = bhttp::error::body_limit;
        } else {
          auto [body_error, body_bytes] = co_await bhttp::async_read(stream, buffer, parser, kUseTuple);
          static_cast<void>(body_bytes);
          read_error = body_error;
        }
      }
      if (read_error) {
        if (read_error == bhttp::error::body_limit) {
          co_await WriteParseError(
              stream, Problem(413, "payload-too-large", "Payload too large",
                              "request body is over the limit of " + std::to_string(body_limit) + " bytes"));
        } else if (read_error == bhttp::error::header_limit) {
          co_await WriteParseError(stream,
                                   Problem(431, "headers-too-large", "Request header fields too large",
                                           "request headers are over the limit of " +
                                               std::to_string(options_.max_header_bytes) + " bytes"));
        } else if (read_error.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
                   read_error != bhttp::error::end_of_stream && read_error != bhttp::error::partial_message) {
          co_await WriteParseError(stream, Problem(400, "bad-request", "Bad request",
                                                   "malformed HTTP request: " + read_error.message()));
        }
        break;
      }

      const auto started = std::chrono::steady_clock::now();
      auto beast_request = parser.release();
      Request request;
      Response response;
      self->busy = true;
      if (!FromBeast(beast_request, remote_ip, request)) {
        request.route = "(bad target)";
        response = Problem(400, "bad-request", "Bad request", "request target is not a valid URL path");
      } else {
        if (options_.trust_forwarded_for) {
          if (auto forwarded = ForwardedFor(request); !forwarded.empty()) {
            request.remote_ip = forwarded;
          }
        }
        // Hop to a worker thread for the handler and come back for the write.
        response = co_await asio::co_spawn(
            workers_, [this, &request]() -> asio::awaitable<Response> { co_return dispatcher_(request); },
            asio::use_awaitable);
      }
      metrics_.Record(request.method, request.route, response.status,
                      std::chrono::steady_clock::now() - started);
      const bool keep_alive = beast_request.keep_alive() && !stopping_;
      auto beast_response =
          ToBeast(response, beast_request.version(), keep_alive, beast_request.method() == bhttp::verb::head);
      stream.expires_after(options_.request_timeout);
      auto [write_error, written] = co_await bhttp::async_write(stream, beast_response, kUseTuple);
      static_cast<void>(written);
      self->busy = false;
      if (write_error || !keep_alive) {
        break;
      }
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    connections_.erase(self);
    metrics_.ConnectionClosed();
    MaybeFinishShutdown();
  }

  ServerOptions options_;
  Dispatcher dispatcher_;
  Metrics& metrics_;
  asio::io_context io_{1};
  asio::thread_pool workers_;
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  asio::steady_timer shutdown_timer_;
  std::list<Connection> connections_;  // touched only on the I/O thread
  bool stopping_ = false;
};

Server::Server(ServerOptions options, Dispatcher dispatcher, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(dispatcher), metrics)) {}

Server::~Server() = default;

Result<std::string> Server::Listen() {
  return impl_->Listen();
}

void Server::Run() {
  impl_->Run();
}

void Server::Stop() {
  impl_->Stop();
}

}  // namespace wakala::http
