#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace soci {
class session;
}

namespace wakala::storage {

// One message of the outbox with its delivery state.
struct StoredEmail {
  std::string id, recipient, subject, text, html, template_name, language;
  std::string status;  // queued, sending, sent, failed
  int attempts = 0;
  Timestamp created_at{}, next_attempt_at{};
  std::optional<Timestamp> sent_at;
  std::optional<std::string> last_error, message_id, lease_holder;
};

// What the staff's outbox list asks for: newest first, optionally one status
// or one recipient, after a cursor (created_at, id) of the previous page.
struct EmailQuery {
  std::optional<std::string> status, recipient;
  std::optional<std::pair<Timestamp, std::string>> before;
  int limit = 50;
};

// The outbox as a delivery queue (SQL of both engines), inside a transaction
// opened by Database. Every change of state is conditional on the state it
// comes from, so that two servers never both take or both settle a message.
class EmailStore {
 public:
  explicit EmailStore(soci::session& session) : session_(session) {}

  // Ids of messages due by `now`: queued ones whose time has come, and ones
  // whose sender's lease ran out (it died mid-send), oldest due first.
  std::vector<std::string> Due(Timestamp now, int limit);
  // Takes the message for `holder` until `lease_until` and counts the attempt:
  // false if it is not due any more (another server took or sent it).
  bool Claim(const std::string& id, const std::string& holder, Timestamp now, Timestamp lease_until);
  std::optional<StoredEmail> Find(const std::string& id);
  // The outcome of a claimed attempt; false when the lease was lost meanwhile.
  bool MarkSent(const std::string& id, const std::string& holder, Timestamp at,
                const std::string& message_id);
  bool MarkRetry(const std::string& id, const std::string& holder, Timestamp next_attempt_at,
                 const std::string& error);
  bool MarkFailed(const std::string& id, const std::string& holder, const std::string& error);
  // Staff: a failed message queued again with fresh attempts.
  bool Requeue(const std::string& id, Timestamp now);
  std::vector<StoredEmail> List(const EmailQuery& query);
  // How many messages are in `status` (read on the index; for queued, sending, failed).
  long long Count(const std::string& status);

 private:
  soci::session& session_;
};

}  // namespace wakala::storage
