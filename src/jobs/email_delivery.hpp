#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "accounts/principal.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/job_timings.hpp"
#include "jobs/periodic_worker.hpp"
#include "notify/smtp.hpp"
#include "storage/database.hpp"
#include "storage/email_store.hpp"

namespace wakala::jobs {

struct DeliveryPolicy {
  int max_attempts = 8;                      // then the message is 'failed'
  std::chrono::seconds first_retry{60};      // doubled after each failure…
  std::chrono::seconds max_retry{3600};      // …up to this
  std::chrono::seconds lease{300};           // a sender that dies holds a message this long
  int batch = 20;                            // messages claimed per pass
  std::chrono::milliseconds interval{5000};  // between passes
};

// What one pass did.
struct DeliveryPass {
  std::size_t sent = 0, retried = 0, failed = 0;
};

// Sends the outbox (outbound_email) over a MailTransport. Each message is
// claimed by a conditional UPDATE that commits before the send, so of several
// servers on one database exactly one sends it; a server that dies mid-send
// leaves a lease that runs out, and the message is sent again then (SMTP has
// no way to ask whether it arrived: at most one duplicate, never a loss).
class EmailDelivery {
 public:
  EmailDelivery(storage::Database& database, notify::MailTransport& transport, const Clock& wall_clock,
                DeliveryPolicy policy, std::string holder, std::string message_id_domain,
                JobTimings* timings = nullptr);
  ~EmailDelivery();
  EmailDelivery(const EmailDelivery&) = delete;
  EmailDelivery& operator=(const EmailDelivery&) = delete;

  // One pass on the caller's thread: every message due now, in batches.
  Result<DeliveryPass> RunOnce();
  void Start();
  void Stop();

 private:
  bool Pass();  // one RunOnce, logged; whether it succeeded
  // Sends one claimed message and records the outcome.
  void Deliver(const storage::StoredEmail& email, DeliveryPass& pass);

  storage::Database& database_;
  notify::MailTransport& transport_;
  const Clock& clock_;
  DeliveryPolicy policy_;
  std::string holder_, domain_;
  std::atomic<bool> stop_requested_ = false;
  PeriodicWorker worker_;
};

// A message and a list query as the outbox's readers see them.
using OutboxEmail = storage::StoredEmail;
using OutboxQuery = storage::EmailQuery;

// The outbox as staff see it: what was sent, what waits and why, what failed.
struct OutboxReport {
  std::vector<OutboxEmail> items;
  long long queued = 0, sending = 0, failed = 0;
  bool delivery_configured = false;
};

class EmailOutbox {
 public:
  EmailOutbox(storage::Database& database, const Clock& wall_clock, bool delivery_configured)
      : database_(database), clock_(wall_clock), delivery_configured_(delivery_configured) {}

  Result<OutboxReport> List(const accounts::Principal& actor, const OutboxQuery& query);
  // A failed message tried again from the first attempt.
  Result<OutboxEmail> Retry(const accounts::Principal& actor, const std::string& id, const std::string& ip);

 private:
  storage::Database& database_;
  const Clock& clock_;
  bool delivery_configured_;
};

}  // namespace wakala::jobs
