#pragma once

#include <map>
#include <string>
#include <vector>

namespace wakala::testing {

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // names lowercased; last value wins
  std::vector<std::string> set_cookies;
  std::string body;

  std::string Header(const std::string& lowercase_name) const {
    auto found = headers.find(lowercase_name);
    return found == headers.end() ? "" : found->second;
  }
};

// A real HTTP/1.1 client (libcurl) for talking to a wakala process on loopback.
// Keeps a cookie jar of its own, like a browser tab.
class HttpClient {
 public:
  explicit HttpClient(std::string base_url);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpResponse Get(const std::string& path, const std::vector<std::string>& headers = {});
  HttpResponse Send(const std::string& method, const std::string& path, const std::string& body,
                    std::vector<std::string> headers = {});
  // JSON body with Content-Type: application/json and, if known, the CSRF token.
  HttpResponse Json(const std::string& method, const std::string& path, const std::string& body);

  // Signs in; remembers the session cookie and the CSRF token.
  HttpResponse Login(const std::string& email, const std::string& password);

  void SetCookie(const std::string& name, const std::string& value) { cookies_[name] = value; }
  std::string Cookie(const std::string& name) const;
  void ClearCookies() { cookies_.clear(); }
  std::string csrf_token;
  std::string bearer;  // sent as Authorization: Bearer when set

 private:
  std::string base_url_;
  void* curl_;
  std::map<std::string, std::string> cookies_;
};

}  // namespace wakala::testing
