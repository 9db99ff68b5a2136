#include "storage/email_store.hpp"

#include <soci/soci.h>

#include "storage/sql_values.hpp"

namespace wakala::storage {

namespace sql {
constexpr const char* kColumns =
    "SELECT id, recipient, subject, body, html_body, template, language, status, attempts, created_at, "
    "next_attempt_at, sent_at, last_error, message_id, lease_holder FROM outbound_email ";
// Two branches on the (status, next_attempt_at) index; a claimed message's
// next_attempt_at is its lease's end, so a dead sender's message comes due again.
constexpr const char* kDue =
    "SELECT id, next_attempt_at, created_at FROM outbound_email WHERE status = 'queued' AND next_attempt_at "
    "<= "
    ":now UNION ALL SELECT id, next_attempt_at, created_at FROM outbound_email WHERE status = 'sending' AND "
    "next_attempt_at <= :now2 ORDER BY 2, 3, 1 LIMIT :limit";
constexpr const char* kClaim =
    "UPDATE outbound_email SET status = 'sending', lease_holder = :holder, next_attempt_at = :lease_until, "
    "attempts = attempts + 1 WHERE id = :id AND status IN ('queued', 'sending') AND next_attempt_at <= :now";
constexpr const char* kMarkSent =
    "UPDATE outbound_email SET status = 'sent', sent_at = :at, message_id = :message_id, lease_holder = "
    "NULL, "
    "last_error = NULL WHERE id = :id AND status = 'sending' AND lease_holder = :holder";
constexpr const char* kMarkRetry =
    "UPDATE outbound_email SET status = 'queued', next_attempt_at = :next, last_error = :error, "
    "lease_holder = NULL WHERE id = :id AND status = 'sending' AND lease_holder = :holder";
constexpr const char* kMarkFailed =
    "UPDATE outbound_email SET status = 'failed', last_error = :error, lease_holder = NULL "
    "WHERE id = :id AND status = 'sending' AND lease_holder = :holder";
constexpr const char* kRequeue =
    "UPDATE outbound_email SET status = 'queued', attempts = 0, next_attempt_at = :now WHERE id = :id AND "
    "status = 'failed'";
constexpr const char* kCount = "SELECT COUNT(*) FROM outbound_email WHERE status = :status";
}  // namespace sql

namespace {

struct EmailRow {
  StoredEmail email;
  long long created = 0, next = 0;
  NullableTime sent;
  NullableText error, message_id, holder;

  void Bind(soci::statement& statement) {
    statement.exchange(soci::into(email.id));
    statement.exchange(soci::into(email.recipient));
    statement.exchange(soci::into(email.subject));
    statement.exchange(soci::into(email.text));
    statement.exchange(soci::into(email.html));
    statement.exchange(soci::into(email.template_name));
    statement.exchange(soci::into(email.language));
    statement.exchange(soci::into(email.status));
    statement.exchange(soci::into(email.attempts));
    statement.exchange(soci::into(created));
    statement.exchange(soci::into(next));
    statement.exchange(soci::into(sent.value, sent.indicator));
    statement.exchange(soci::into(error.value, error.indicator));
    statement.exchange(soci::into(message_id.value, message_id.indicator));
    statement.exchange(soci::into(holder.value, holder.indicator));
  }

  StoredEmail Get() const {
    StoredEmail read = email;
    read.created_at = FromUnixSeconds(created);
    read.next_attempt_at = FromUnixSeconds(next);
    read.sent_at = sent.Get();
    read.last_error = error.Get();
    read.message_id = message_id.Get();
    read.lease_holder = holder.Get();
    return read;
  }
};

bool Changed(soci::statement& statement) {
  statement.execute(true);
  return statement.get_affected_rows() == 1;
}

}  // namespace

std::vector<std::string> EmailStore::Due(Timestamp now, int limit) {
  const long long at = ToUnixSeconds(now);
  std::string id;
  long long next = 0;
  long long created = 0;
  soci::statement statement = (session_.prepare << sql::kDue, soci::into(id), soci::into(next),
                               soci::into(created), soci::use(at), soci::use(at), soci::use(limit));
  statement.execute();
  std::vector<std::string> due;
  while (statement.fetch()) due.push_back(id);
  return due;
}

bool EmailStore::Claim(const std::string& id, const std::string& holder, Timestamp now,
                       Timestamp lease_until) {
  const long long until = ToUnixSeconds(lease_until);
  const long long at = ToUnixSeconds(now);
  soci::statement statement =
      (session_.prepare << sql::kClaim, soci::use(holder), soci::use(until), soci::use(id), soci::use(at));
  return Changed(statement);
}

std::optional<StoredEmail> EmailStore::Find(const std::string& id) {
  EmailRow row;
  if (!ReadOneRow(
          session_, row, [](soci::statement& statement, EmailRow& r) { r.Bind(statement); },
          std::string(sql::kColumns) + "WHERE id = :id", id)) {
    return std::nullopt;
  }
  return row.Get();
}

bool EmailStore::MarkSent(const std::string& id, const std::string& holder, Timestamp at,
                          const std::string& message_id) {
  const long long when = ToUnixSeconds(at);
  soci::statement statement = (session_.prepare << sql::kMarkSent, soci::use(when), soci::use(message_id),
                               soci::use(id), soci::use(holder));
  return Changed(statement);
}

bool EmailStore::MarkRetry(const std::string& id, const std::string& holder, Timestamp next_attempt_at,
                           const std::string& error) {
  const long long next = ToUnixSeconds(next_attempt_at);
  soci::statement statement = (session_.prepare << sql::kMarkRetry, soci::use(next), soci::use(error),
                               soci::use(id), soci::use(holder));
  return Changed(statement);
}

bool EmailStore::MarkFailed(const std::string& id, const std::string& holder, const std::string& error) {
  soci::statement statement =
      (session_.prepare << sql::kMarkFailed, soci::use(error), soci::use(id), soci::use(holder));
  return Changed(statement);
}

bool EmailStore::Requeue(const std::string& id, Timestamp now) {
  const long long at = ToUnixSeconds(now);
  soci::statement statement = (session_.prepare << sql::kRequeue, soci::use(at), soci::use(id));
  return Changed(statement);
}

std::vector<StoredEmail> EmailStore::List(const EmailQuery& query) {
  // One statement per filter, each on its index (a '(:x = '' OR col = :x)'
  // condition would walk the whole table).
  std::string where;
  if (query.status) where += " AND status = :status";
  if (query.recipient) where += " AND recipient = :recipient";
  if (query.before) where += " AND (created_at < :before OR (created_at = :before2 AND id < :before_id))";
  const std::string text =
      std::string(sql::kColumns) + "WHERE 1 = 1" + where + " ORDER BY created_at DESC, id DESC LIMIT :limit";
  EmailRow row;
  soci::statement statement(session_);
  row.Bind(statement);
  const long long before = query.before ? ToUnixSeconds(query.before->first) : 0;
  const std::string before_id = query.before ? query.before->second : "";
  const std::string status = query.status.value_or("");
  const std::string recipient = query.recipient.value_or("");
  if (query.status) statement.exchange(soci::use(status));
  if (query.recipient) statement.exchange(soci::use(recipient));
  if (query.before) {
    statement.exchange(soci::use(before));
    statement.exchange(soci::use(before));
    statement.exchange(soci::use(before_id));
  }
  const int limit = query.limit;
  statement.exchange(soci::use(limit));
  Prepare(statement, text);
  statement.execute();
  std::vector<StoredEmail> emails;
  while (statement.fetch()) emails.push_back(row.Get());
  return emails;
}

long long EmailStore::Count(const std::string& status) {
  long long count = 0;
  session_ << sql::kCount, soci::into(count), soci::use(status);
  return count;
}

}  // namespace wakala::storage
