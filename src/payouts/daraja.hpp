#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "core/error.hpp"

namespace wakala::payouts {

// How to reach Safaricom's Daraja API (config [mpesa]).
struct DarajaSettings {
  std::string base_url;  // https://api.safaricom.co.ke (sandbox: https://sandbox.safaricom.co.ke)
  std::string consumer_key, consumer_secret;
  std::string initiator_name, initiator_password;
  std::string certificate_file;  // Safaricom's public certificate (PEM) the password is encrypted with
  std::string shortcode;         // PartyA: the paying organisation's shortcode
  std::string command_id = "BusinessPayment";
  std::chrono::seconds timeout{30};
};

// One B2C payment request (b2c/v3/paymentrequest).
struct PaymentOrder {
  std::string originator_id;  // OriginatorConversationID: the idempotency key
  std::int64_t shillings = 0;
  std::string phone;  // PartyB, 2547XXXXXXXX
  std::string remarks, occasion;
  std::string result_url, timeout_url;
};

// A transaction-status query about one payment request (transactionstatus/v1/query).
struct StatusOrder {
  std::string originator_id;  // the payment's OriginatorConversationID
  std::string remarks;
  std::string result_url, timeout_url;
};

// What Daraja answered a request, as far as it tells whether money moved.
struct DarajaAnswer {
  enum class Kind {
    kAccepted,      // queued for processing: the result comes by callback
    kRefused,       // refused as it stands: nothing was or will be paid
    kUnauthorized,  // the access token was refused: nothing happened, try again
    kUnknown,       // no answer to trust (timeout, 5xx, garbage): it may have been queued
  };
  Kind kind = Kind::kUnknown;
  std::string conversation_id;  // when accepted
  std::string code, description;
};

// The calls the payouts make to M-Pesa. HttpDaraja speaks to Daraja; a test
// can speak to its local fake through the same class.
class DarajaGateway {
 public:
  virtual ~DarajaGateway() = default;
  virtual DarajaAnswer RequestPayment(const PaymentOrder& order) = 0;
  virtual DarajaAnswer QueryStatus(const StatusOrder& order) = 0;
};

// The initiator password encrypted with the certificate's RSA key
// (PKCS#1 v1.5), base64: Daraja's SecurityCredential.
Result<std::string> SecurityCredential(const std::string& certificate_pem, const std::string& password);

// Daraja over HTTPS with libcurl: an OAuth client-credentials token, kept
// until shortly before it expires and fetched again when refused.
class HttpDaraja final : public DarajaGateway {
 public:
  // Reads the certificate and makes the credential once; a bad certificate
  // is an error at start, not at the first payout.
  static Result<std::unique_ptr<HttpDaraja>> Create(DarajaSettings settings);

  DarajaAnswer RequestPayment(const PaymentOrder& order) override;
  DarajaAnswer QueryStatus(const StatusOrder& order) override;

 private:
  HttpDaraja(DarajaSettings settings, std::string credential)
      : settings_(std::move(settings)), credential_(std::move(credential)) {}
  // POSTs `body` with the token; a refused token is dropped for the next call.
  DarajaAnswer Post(const std::string& path, const std::string& body);
  Result<std::string> Token();

  DarajaSettings settings_;
  std::string credential_;
  std::mutex mutex_;
  std::string token_;
  std::chrono::steady_clock::time_point token_expiry_{};
};

}  // namespace wakala::payouts
