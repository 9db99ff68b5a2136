// Daraja (M-Pesa) over HTTPS: the OAuth token, B2C payment requests and
// transaction-status queries, and the RSA SecurityCredential.

#include "payouts/daraja.hpp"

#include <curl/curl.h>
#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

namespace wakala::payouts {

namespace json = boost::json;

namespace {

struct HttpReply {
  long status = 0;  // 0: no HTTP answer at all
  std::string body, error;
};

std::size_t Collect(char* data, std::size_t size, std::size_t count, void* sink) {
  static_cast<std::string*>(sink)->append(data, size * count);
  return size * count;
}

// One request; `body` empty for a GET.
HttpReply Exchange(const std::string& url, const std::vector<std::string>& headers, const std::string& body,
                   std::chrono::seconds timeout, const std::string& basic_auth = "") {
  HttpReply reply;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) {
    reply.error = "libcurl could not start a request";
    return reply;
  }
  curl_slist* list = nullptr;
  for (const auto& header : headers) list = curl_slist_append(list, header.c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(list, curl_slist_free_all);
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, header_list.get());
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &reply.body);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, static_cast<long>(timeout.count()));
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  if (!basic_auth.empty()) {
    curl_easy_setopt(curl.get(), CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(curl.get(), CURLOPT_USERPWD, basic_auth.c_str());
  }
  if (!body.empty()) {
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  const CURLcode code = curl_easy_perform(curl.get());
  if (code != CURLE_OK) {
    reply.error = curl_easy_strerror(code);
    return reply;
  }
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &reply.status);
  return reply;
}

std::string Text(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (value == nullptr) return "";
  if (value->is_string()) return std::string(value->as_string());
  return json::serialize(*value);
}

// Daraja's answer to a payment or status request, read for what it says of money.
DarajaAnswer Classify(const HttpReply& reply) {
  DarajaAnswer answer;
  if (reply.status == 0) {
    answer.description = "no answer from Daraja: " + reply.error;
    return answer;  // unknown: the request may have been queued
  }
  boost::system::error_code error;
  const json::value parsed = json::parse(reply.body, error);
  const json::object* object = !error && parsed.is_object() ? &parsed.as_object() : nullptr;
  if (object != nullptr) {
    answer.code = Text(*object, object->contains("ResponseCode") ? "ResponseCode" : "errorCode");
    answer.description =
        Text(*object, object->contains("ResponseDescription") ? "ResponseDescription" : "errorMessage");
  }
  if (reply.status == 401 || answer.code == "404.001.03") {
    answer.kind = DarajaAnswer::Kind::kUnauthorized;
  } else if (reply.status == 200 && object != nullptr && answer.code == "0") {
    answer.kind = DarajaAnswer::Kind::kAccepted;
    answer.conversation_id = Text(*object, "ConversationID");
  } else if ((reply.status == 200 && object != nullptr) ||
             (reply.status >= 400 && reply.status < 500 && reply.status != 408 && reply.status != 429)) {
    // Refused as it stands (a 200 with another ResponseCode, a 4xx): not queued.
    answer.kind = DarajaAnswer::Kind::kRefused;
  } else {
    answer.kind = DarajaAnswer::Kind::kUnknown;  // 5xx, 408, 429, or a body that is not JSON
  }
  if (answer.description.empty()) answer.description = fmt::format("HTTP {}", reply.status);
  return answer;
}

std::string Base64(const unsigned char* data, std::size_t size) {
  std::string encoded(4 * ((size + 2) / 3), '\0');
  const int written =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()), data, static_cast<int>(size));
  encoded.resize(written < 0 ? 0 : static_cast<std::size_t>(written));
  return encoded;
}

}  // namespace

Result<std::string> SecurityCredential(const std::string& certificate_pem, const std::string& password) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(certificate_pem.data(), static_cast<int>(certificate_pem.size())), BIO_free);
  std::unique_ptr<X509, decltype(&X509_free)> certificate(
      bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr, X509_free);
  if (!certificate) return Fail(Error::Invalid("mpesa.certificate_file: not a PEM X.509 certificate"));
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(X509_get_pubkey(certificate.get()), EVP_PKEY_free);
  if (!key || EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA)
    return Fail(Error::Invalid("mpesa.certificate_file: the certificate's key is not RSA"));
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> context(EVP_PKEY_CTX_new(key.get(), nullptr),
                                                                      EVP_PKEY_CTX_free);
  std::size_t size = 0;
  const auto* plain = reinterpret_cast<const unsigned char*>(password.data());
  if (!context || EVP_PKEY_encrypt_init(context.get()) <= 0 ||
      EVP_PKEY_CTX_set_rsa_padding(context.get(), RSA_PKCS1_PADDING) <= 0 ||
      EVP_PKEY_encrypt(context.get(), nullptr, &size, plain, password.size()) <= 0) {
    return Fail(Error::Invalid("mpesa.initiator_password: cannot be encrypted with the certificate's key"));
  }
  std::vector<unsigned char> sealed(size);
  if (EVP_PKEY_encrypt(context.get(), sealed.data(), &size, plain, password.size()) <= 0)
    return Fail(Error::Internal("RSA encryption of the initiator password failed"));
  return Base64(sealed.data(), size);
}

Result<std::unique_ptr<HttpDaraja>> HttpDaraja::Create(DarajaSettings settings) {
  std::ifstream file(settings.certificate_file, std::ios::binary);
  if (!file) {
    return Fail(Error::Invalid("mpesa.certificate_file: cannot read \"" + settings.certificate_file + "\""));
  }
  std::ostringstream pem;
  pem << file.rdbuf();
  auto credential = SecurityCredential(pem.str(), settings.initiator_password);
  if (!credential) return Fail(credential.error());
  while (!settings.base_url.empty() && settings.base_url.back() == '/') settings.base_url.pop_back();
  return std::unique_ptr<HttpDaraja>(new HttpDaraja(std::move(settings), std::move(*credential)));
}

Result<std::string> HttpDaraja::Token() {
  std::lock_guard lock(mutex_);
  if (!token_.empty() && std::chrono::steady_clock::now() < token_expiry_) return token_;
  const HttpReply reply =
      Exchange(settings_.base_url + "/oauth/v1/generate?grant_type=client_credentials", {}, "",
               settings_.timeout, settings_.consumer_key + ":" + settings_.consumer_secret);
  boost::system::error_code error;
  const json::value parsed = json::parse(reply.body, error);
  if (reply.status != 200 || error || !parsed.is_object() || !parsed.as_object().contains("access_token")) {
    return Fail(Error::Unavailable(fmt::format(
        "Daraja OAuth: {}", reply.status == 0 ? reply.error : "HTTP " + std::to_string(reply.status))));
  }
  token_ = Text(parsed.as_object(), "access_token");
  long long seconds = 3599;
  try {
    seconds = std::stoll(Text(parsed.as_object(), "expires_in"));
  } catch (const std::exception&) {
    // Daraja sends a number as text; without one, its documented hour.
  }
  // A minute's margin, so a token never expires between check and use.
  token_expiry_ = std::chrono::steady_clock::now() + std::chrono::seconds(std::max(0LL, seconds - 60));
  return token_;
}

DarajaAnswer HttpDaraja::Post(const std::string& path, const std::string& body) {
  auto token = Token();
  if (!token) {
    DarajaAnswer answer;
    answer.kind = DarajaAnswer::Kind::kUnauthorized;  // nothing was sent
    answer.description = token.error().message;
    return answer;
  }
  const HttpReply reply = Exchange(settings_.base_url + path,
                                   {"Authorization: Bearer " + *token, "Content-Type: application/json"},
                                   body, settings_.timeout);
  DarajaAnswer answer = Classify(reply);
  if (answer.kind == DarajaAnswer::Kind::kUnauthorized) {
    std::lock_guard lock(mutex_);
    token_.clear();
  }
  return answer;
}

DarajaAnswer HttpDaraja::RequestPayment(const PaymentOrder& order) {
  const json::object body{{"OriginatorConversationID", order.originator_id},
                          {"InitiatorName", settings_.initiator_name},
                          {"SecurityCredential", credential_},
                          {"CommandID", settings_.command_id},
                          {"Amount", order.shillings},
                          {"PartyA", settings_.shortcode},
                          {"PartyB", order.phone},
                          {"Remarks", order.remarks},
                          {"QueueTimeOutURL", order.timeout_url},
                          {"ResultURL", order.result_url},
                          {"Occassion", order.occasion}};  // Daraja's own spelling
  return Post("/mpesa/b2c/v3/paymentrequest", json::serialize(body));
}

DarajaAnswer HttpDaraja::QueryStatus(const StatusOrder& order) {
  const json::object body{{"Initiator", settings_.initiator_name},
                          {"SecurityCredential", credential_},
                          {"CommandID", "TransactionStatusQuery"},
                          {"OriginalConversationID", order.originator_id},
                          {"PartyA", settings_.shortcode},
                          {"IdentifierType", "4"},
                          {"ResultURL", order.result_url},
                          {"QueueTimeOutURL", order.timeout_url},
                          {"Remarks", order.remarks},
                          {"Occasion", order.originator_id}};
  return Post("/mpesa/transactionstatus/v1/query", json::serialize(body));
}

}  // namespace wakala::payouts
