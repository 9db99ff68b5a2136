#include "notify/smtp.hpp"

#include <curl/curl.h>
#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <vector>

namespace wakala::notify {

namespace {

bool IsAscii(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string Base64(std::string_view bytes) {
  std::string encoded(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  encoded.resize(encoded.size() - 1);  // the terminating NUL
  return encoded;
}

std::string RfcDate(Timestamp at) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(at);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::array<char, 64> text{};
  std::strftime(text.data(), text.size(), "%a, %d %b %Y %H:%M:%S +0000", &utc);
  return text.data();
}

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct MimeDeleter {
  void operator()(curl_mime* mime) const { curl_mime_free(mime); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

curl_slist* Append(curl_slist* list, const std::string& line) {
  curl_slist* grown = curl_slist_append(list, line.c_str());
  if (grown == nullptr) throw std::bad_alloc();
  return grown;
}

}  // namespace

std::string AddressOf(const std::string& mailbox) {
  const auto open = mailbox.rfind('<');
  const auto close = mailbox.rfind('>');
  if (open != std::string::npos && close != std::string::npos && close > open) {
    return mailbox.substr(open + 1, close - open - 1);
  }
  return mailbox;
}

std::string HeaderText(const std::string& text) {
  std::string line = text;
  std::replace(line.begin(), line.end(), '\r', ' ');
  std::replace(line.begin(), line.end(), '\n', ' ');
  if (IsAscii(line)) return line;
  // Encoded words of at most 45 bytes each (60 characters of base64), cut
  // between UTF-8 characters, joined by folding whitespace.
  std::string encoded;
  std::size_t at = 0;
  while (at < line.size()) {
    std::size_t end = std::min(line.size(), at + 45);
    while (end < line.size() && end > at && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) --end;
    if (!encoded.empty()) encoded += "\r\n ";
    encoded += "=?UTF-8?B?" + Base64(std::string_view(line).substr(at, end - at)) + "?=";
    at = end;
  }
  return encoded;
}

std::string MailboxHeader(const std::string& mailbox) {
  const auto open = mailbox.rfind('<');
  if (open == std::string::npos || open == 0) return mailbox;
  std::string name = mailbox.substr(0, open);
  while (!name.empty() && name.back() == ' ') name.pop_back();
  if (IsAscii(name)) return mailbox;
  return HeaderText(name) + " " + mailbox.substr(open);
}

std::chrono::seconds RetryDelay(int attempt, std::chrono::seconds first, std::chrono::seconds cap) {
  std::chrono::seconds delay = first;
  for (int i = 1; i < attempt && delay < cap; ++i) delay *= 2;
  return std::min(delay, cap);
}

SmtpTransport::SmtpTransport(SmtpSettings settings) : settings_(std::move(settings)) {
  static std::once_flag initialised;
  std::call_once(initialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

tl::expected<void, SendFailure> SmtpTransport::Send(const OutgoingMail& mail) {
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return tl::unexpected(SendFailure{false, "libcurl could not start a transfer"});
  CURL* handle = curl.get();
  const std::string scheme = settings_.tls == TlsMode::kSmtps ? "smtps" : "smtp";
  // The host part names this server in EHLO ("wakala").
  const std::string url = fmt::format("{}://{}:{}/wakala", scheme, settings_.host, settings_.port);
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, static_cast<long>(settings_.timeout.count()));
  curl_easy_setopt(handle, CURLOPT_TIMEOUT, static_cast<long>(settings_.timeout.count()) * 2);
  if (settings_.tls == TlsMode::kStartTls) curl_easy_setopt(handle, CURLOPT_USE_SSL, CURLUSESSL_ALL);
  if (!settings_.ca_file.empty()) curl_easy_setopt(handle, CURLOPT_CAINFO, settings_.ca_file.c_str());
  if (!settings_.username.empty()) {
    curl_easy_setopt(handle, CURLOPT_USERNAME, settings_.username.c_str());
    curl_easy_setopt(handle, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  const std::string from = "<" + AddressOf(settings_.from) + ">";
  const std::string to = "<" + AddressOf(mail.to) + ">";
  curl_easy_setopt(handle, CURLOPT_MAIL_FROM, from.c_str());
  std::unique_ptr<curl_slist, ListDeleter> recipients(Append(nullptr, to));
  curl_easy_setopt(handle, CURLOPT_MAIL_RCPT, recipients.get());

  curl_slist* header_list = nullptr;
  header_list = Append(header_list, "Date: " + RfcDate(mail.date));
  header_list = Append(header_list, "From: " + MailboxHeader(settings_.from));
  header_list = Append(header_list, "To: " + mail.to);
  header_list = Append(header_list, "Subject: " + HeaderText(mail.subject));
  header_list = Append(header_list, "Message-ID: " + mail.message_id);
  header_list = Append(header_list, "Auto-Submitted: auto-generated");

  // multipart/alternative: the plain text first, the HTML last (preferred).
  // libcurl keeps this Content-Type for the message and adds the boundary.
  header_list = Append(header_list, "Content-Type: multipart/alternative");
  std::unique_ptr<curl_slist, ListDeleter> headers(header_list);
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
  std::unique_ptr<curl_mime, MimeDeleter> message(curl_mime_init(handle));
  curl_mimepart* text = curl_mime_addpart(message.get());
  curl_mime_data(text, mail.text.data(), mail.text.size());
  curl_mime_type(text, "text/plain; charset=utf-8");
  curl_mime_encoder(text, "quoted-printable");
  curl_mimepart* html = curl_mime_addpart(message.get());
  curl_mime_data(html, mail.html.data(), mail.html.size());
  curl_mime_type(html, "text/html; charset=utf-8");
  curl_mime_encoder(html, "quoted-printable");
  curl_easy_setopt(handle, CURLOPT_MIMEPOST, message.get());

  std::array<char, CURL_ERROR_SIZE> error_text{};
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_text.data());
  const CURLcode result = curl_easy_perform(handle);
  if (result == CURLE_OK) return {};
  long code = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &code);
  const std::string detail = error_text[0] != '\0' ? error_text.data() : curl_easy_strerror(result);
  // A 5xx reply to the sender, a recipient or the data is the server's final
  // word on this message. A refused login is the configuration's fault (the
  // message waits for it to be fixed); a garbled reply or a dropped
  // connection says nothing about the message.
  const bool permanent = code >= 500 && code < 600 && result != CURLE_LOGIN_DENIED &&
                         result != CURLE_WEIRD_SERVER_REPLY && result != CURLE_GOT_NOTHING &&
                         result != CURLE_OPERATION_TIMEDOUT;
  return tl::unexpected(SendFailure{
      permanent, code > 0
                     ? fmt::format("SMTP {} from {}:{}: {}", code, settings_.host, settings_.port, detail)
                     : fmt::format("{}:{}: {}", settings_.host, settings_.port, detail)});
}

}  // namespace wakala::notify
