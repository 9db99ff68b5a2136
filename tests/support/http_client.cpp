#include "http_client.hpp"

#include <curl/curl.h>

#include <boost/json.hpp>
#include <stdexcept>

namespace wakala::testing {

namespace {
std::size_t AppendBody(char* data, std::size_t size, std::size_t count, void* target) {
  static_cast<std::string*>(target)->append(data, size * count);
  return size * count;
}

std::size_t AppendHeader(char* data, std::size_t size, std::size_t count, void* target) {
  auto* response = static_cast<HttpResponse*>(target);
  std::string line(data, size * count);
  const auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    value.erase(value.find_last_not_of("\r\n") + 1);
    response->headers[name] = value;
    if (name == "set-cookie") response->set_cookies.push_back(value);
  }
  return size * count;
}
}  // namespace

HttpClient::HttpClient(std::string base_url) : base_url_(std::move(base_url)), curl_(curl_easy_init()) {
  if (curl_ == nullptr) throw std::runtime_error("curl_easy_init failed");
}

HttpClient::~HttpClient() {
  curl_easy_cleanup(static_cast<CURL*>(curl_));
}

std::string HttpClient::Cookie(const std::string& name) const {
  auto found = cookies_.find(name);
  return found == cookies_.end() ? "" : found->second;
}

HttpResponse HttpClient::Get(const std::string& path, const std::vector<std::string>& headers) {
  return Send("GET", path, "", headers);
}

HttpResponse HttpClient::Send(const std::string& method, const std::string& path, const std::string& body,
                              std::vector<std::string> headers) {
  CURL* curl = static_cast<CURL*>(curl_);
  curl_easy_reset(curl);
  HttpResponse response;
  const std::string url = base_url_ + path;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  if (!body.empty() || method == "POST" || method == "PATCH" || method == "PUT") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  std::string cookie_header;
  for (const auto& [name, value] : cookies_) {
    cookie_header += (cookie_header.empty() ? "" : "; ") + name + "=" + value;
  }
  if (!cookie_header.empty()) headers.push_back("Cookie: " + cookie_header);
  if (!bearer.empty()) headers.push_back("Authorization: Bearer " + bearer);
  headers.emplace_back("Expect:");  // no 100-continue round trip
  curl_slist* list = nullptr;
  for (const auto& header : headers) list = curl_slist_append(list, header.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, AppendHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  const CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(list);
  if (code != CURLE_OK) {
    throw std::runtime_error(method + " " + url + ": " + curl_easy_strerror(code));
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  // Keep the cookie jar as a browser would: Max-Age=0 deletes.
  for (const auto& set_cookie : response.set_cookies) {
    const auto equals = set_cookie.find('=');
    const auto end = set_cookie.find(';');
    const std::string name = set_cookie.substr(0, equals);
    const std::string value = set_cookie.substr(equals + 1, end - equals - 1);
    if (set_cookie.find("Max-Age=0") != std::string::npos) {
      cookies_.erase(name);
    } else {
      cookies_[name] = value;
    }
  }
  return response;
}

HttpResponse HttpClient::Json(const std::string& method, const std::string& path, const std::string& body) {
  std::vector<std::string> headers{"Content-Type: application/json"};
  if (!csrf_token.empty()) headers.push_back("X-CSRF-Token: " + csrf_token);
  return Send(method, path, body, headers);
}

HttpResponse HttpClient::Login(const std::string& email, const std::string& password) {
  boost::json::object body{{"email", email}, {"password", password}};
  auto response = Json("POST", "/api/v1/auth/login", boost::json::serialize(body));
  if (response.status == 200) {
    csrf_token = std::string(boost::json::parse(response.body).at("csrf_token").as_string());
  }
  return response;
}

}  // namespace wakala::testing
