#pragma once

// Sending one message over SMTP with libcurl: plain, STARTTLS or SMTPS, with
// or without authentication. The message is built by libcurl's MIME API as
// multipart/alternative (plain text, then HTML), both UTF-8 and
// quoted-printable; the subject is an RFC 2047 encoded word when it is not
// ASCII.

#include <chrono>
#include <string>

#include <tl/expected.hpp>

#include "core/clock.hpp"

namespace wakala::notify {

enum class TlsMode {
  kNone,      // smtp:// in the clear (a relay on the same host or network)
  kStartTls,  // smtp:// upgraded with STARTTLS, refused if the server does not offer it
  kSmtps,     // smtps://: TLS from the first byte (port 465)
};

struct SmtpSettings {
  std::string host;  // "" = no delivery: mail stays queued
  int port = 25;
  TlsMode tls = TlsMode::kStartTls;
  std::string username, password;  // both empty = no AUTH
  std::string from;                // "Cloud One Partners <partners@cloudone.co.ke>"
  std::string ca_file;             // "" = the system's certificate store
  std::chrono::seconds timeout{30};
};

struct OutgoingMail {
  std::string to, subject, text, html;
  std::string message_id;  // "<mail_…@host>", kept with the message
  Timestamp date{};
};

// Why a message did not go. A permanent failure (the server's 5xx to the
// sender, a recipient or the data) is not tried again; everything else is.
struct SendFailure {
  bool permanent = false;
  std::string reason;
};

class MailTransport {
 public:
  virtual ~MailTransport() = default;
  virtual tl::expected<void, SendFailure> Send(const OutgoingMail& mail) = 0;
};

class SmtpTransport final : public MailTransport {
 public:
  explicit SmtpTransport(SmtpSettings settings);
  tl::expected<void, SendFailure> Send(const OutgoingMail& mail) override;

 private:
  SmtpSettings settings_;
};

// The address inside "Name <address>" (or the whole text).
std::string AddressOf(const std::string& mailbox);
// An RFC 2047 encoded word (=?UTF-8?B?…?=, split to fit header lines) if the
// text is not plain ASCII, else the text. Line breaks become spaces.
std::string HeaderText(const std::string& text);
// "Name <address>" with the name encoded when it needs to be.
std::string MailboxHeader(const std::string& mailbox);
// The wait before attempt `attempt` + 1 after `attempt` failed ones: `first`
// doubled each time, at most `cap`.
std::chrono::seconds RetryDelay(int attempt, std::chrono::seconds first, std::chrono::seconds cap);

}  // namespace wakala::notify
