#include "storage/agent_records_store.hpp"

#include <soci/soci.h>

#include "core/calendar.hpp"

namespace wakala::storage {

using agents::StoredFile;

namespace sql {
constexpr const char* kAddPerson =
    "INSERT INTO agent_people (user_id, agent_id, agent_role, added_at) VALUES (:user_id, :agent_id, :role, "
    ":at)";
constexpr const char* kPeopleColumns =
    "SELECT p.user_id, p.agent_id, p.agent_role, u.email, u.display_name, p.added_at, p.removed_at"
    " FROM agent_people p JOIN users u ON u.id = p.user_id ";
constexpr const char* kRemovePerson =
    "UPDATE agent_people SET removed_at = :at WHERE user_id = :user_id AND removed_at IS NULL";
constexpr const char* kInsertFile =
    "INSERT INTO stored_files (id, agent_id, content_type, size_bytes, sha256, original_name, uploaded_by,"
    " uploaded_at) VALUES (:id, :agent_id, :content_type, :size, :sha256, :name, :by, :at)";
constexpr const char* kFindFile =
    "SELECT id, agent_id, content_type, size_bytes, sha256, original_name, uploaded_by, uploaded_at"
    " FROM stored_files WHERE id = :id";
constexpr const char* kInsertCertification =
    "INSERT INTO certifications (id, agent_id, person_id, kind, level, issued_on, valid_until, "
    "evidence_file_id,"
    " status, submitted_by, submitted_at) VALUES (:id, :agent_id, :person_id, :kind, :level, :issued_on,"
    " :valid_until, :file, 'submitted', :by, :at)";
constexpr const char* kCertificationColumns =
    "SELECT id, agent_id, person_id, kind, level, issued_on, valid_until, evidence_file_id, status, "
    "submitted_by,"
    " submitted_at, decided_by, decided_at, rejection_reason FROM certifications ";
constexpr const char* kDecideCertification =
    "UPDATE certifications SET status = :status, decided_by = :by, decided_at = :at, rejection_reason = "
    ":reason"
    " WHERE id = :id AND status = 'submitted'";
constexpr const char* kInsertAgreement =
    "INSERT INTO agent_agreements (id, agent_id, method, signer_name, signed_by, signed_at, ip, file_id, "
    "status,"
    " decided_by, decided_at) VALUES (:id, :agent_id, :method, :signer, :by, :at, :ip, :file, :status,"
    " :decided_by, :decided_at)";
constexpr const char* kAgreementColumns =
    "SELECT id, agent_id, method, signer_name, signed_by, signed_at, ip, file_id, status, decided_by, "
    "decided_at,"
    " rejection_reason FROM agent_agreements ";
constexpr const char* kDecideAgreement =
    "UPDATE agent_agreements SET status = :status, decided_by = :by, decided_at = :at, rejection_reason = "
    ":reason"
    " WHERE id = :id AND status = 'submitted'";
}  // namespace sql

namespace {

template <class T>
std::optional<T> Optional(const T& value, soci::indicator indicator) {
  return indicator == soci::i_ok ? std::optional<T>(value) : std::nullopt;
}

std::optional<Timestamp> OptionalTime(long long value, soci::indicator indicator) {
  return indicator == soci::i_ok ? std::optional(FromUnixSeconds(value)) : std::nullopt;
}

bool Decide(soci::session& session, const char* query, const std::string& id, const std::string& status,
            const std::string& by, Timestamp at, const std::optional<std::string>& reason) {
  const long long when = ToUnixSeconds(at);
  const std::string reason_text = reason.value_or("");
  soci::indicator reason_ind = reason ? soci::i_ok : soci::i_null;
  soci::statement statement = (session.prepare << query, soci::use(status), soci::use(by), soci::use(when),
                               soci::use(reason_text, reason_ind), soci::use(id));
  statement.execute(true);
  return statement.get_affected_rows() == 1;
}

}  // namespace

void SqlAgentRecordsStore::AddPerson(const std::string& user_id, const std::string& agent_id,
                                     const std::string& role, Timestamp at) {
  const long long when = ToUnixSeconds(at);
  session_ << sql::kAddPerson, soci::use(user_id), soci::use(agent_id), soci::use(role), soci::use(when);
}

std::vector<agents::Person> SqlAgentRecordsStore::QueryPeople(const std::string& where,
                                                              const std::string& key) {
  agents::Person row;
  long long added = 0;
  long long removed = 0;
  soci::indicator removed_ind = soci::i_null;
  soci::statement statement =
      (session_.prepare << std::string(sql::kPeopleColumns) + where, soci::into(row.user_id),
       soci::into(row.agent_id), soci::into(row.agent_role), soci::into(row.email),
       soci::into(row.display_name), soci::into(added), soci::into(removed, removed_ind), soci::use(key));
  statement.execute();
  std::vector<agents::Person> people;
  while (statement.fetch()) {
    agents::Person person = row;
    person.added_at = FromUnixSeconds(added);
    person.removed_at = OptionalTime(removed, removed_ind);
    people.push_back(std::move(person));
  }
  return people;
}

std::optional<agents::Person> SqlAgentRecordsStore::FindPerson(const std::string& user_id) {
  auto found = QueryPeople("WHERE p.user_id = :user_id", user_id);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<agents::Person> SqlAgentRecordsStore::ListPeople(const std::string& agent_id) {
  return QueryPeople(
      "WHERE p.agent_id = :agent_id AND p.removed_at IS NULL ORDER BY CASE p.agent_role WHEN 'owner' THEN 0 "
      "ELSE 1 "
      "END, u.email",
      agent_id);
}

bool SqlAgentRecordsStore::MarkPersonRemoved(const std::string& user_id, Timestamp at) {
  const long long when = ToUnixSeconds(at);
  soci::statement statement = (session_.prepare << sql::kRemovePerson, soci::use(when), soci::use(user_id));
  statement.execute(true);
  return statement.get_affected_rows() == 1;
}

void SqlAgentRecordsStore::InsertFile(const StoredFile& file) {
  const long long when = ToUnixSeconds(file.uploaded_at);
  session_ << sql::kInsertFile, soci::use(file.id), soci::use(file.agent_id), soci::use(file.content_type),
      soci::use(file.size_bytes), soci::use(file.sha256), soci::use(file.original_name),
      soci::use(file.uploaded_by), soci::use(when);
}

std::optional<StoredFile> SqlAgentRecordsStore::FindFile(const std::string& id) {
  StoredFile file;
  long long when = 0;
  session_ << sql::kFindFile, soci::into(file.id), soci::into(file.agent_id), soci::into(file.content_type),
      soci::into(file.size_bytes), soci::into(file.sha256), soci::into(file.original_name),
      soci::into(file.uploaded_by), soci::into(when), soci::use(id);
  if (!session_.got_data()) return std::nullopt;
  file.uploaded_at = FromUnixSeconds(when);
  return file;
}

void SqlAgentRecordsStore::InsertCertification(const agents::Certification& c) {
  const std::string issued = FormatDate(c.issued_on);
  const std::string until = FormatDate(c.valid_until);
  const long long when = ToUnixSeconds(c.submitted_at);
  session_ << sql::kInsertCertification, soci::use(c.id), soci::use(c.agent_id), soci::use(c.person_id),
      soci::use(c.kind), soci::use(c.level), soci::use(issued), soci::use(until),
      soci::use(c.evidence_file_id), soci::use(c.submitted_by), soci::use(when);
}

std::vector<agents::Certification> SqlAgentRecordsStore::QueryCertifications(const std::string& where,
                                                                             const std::string& key) {
  agents::Certification row;
  std::string issued, until, decided_by, reason;
  long long submitted = 0;
  long long decided = 0;
  soci::indicator by_ind = soci::i_null, at_ind = soci::i_null, reason_ind = soci::i_null;
  soci::statement statement =
      (session_.prepare << std::string(sql::kCertificationColumns) + where, soci::into(row.id),
       soci::into(row.agent_id), soci::into(row.person_id), soci::into(row.kind), soci::into(row.level),
       soci::into(issued), soci::into(until), soci::into(row.evidence_file_id), soci::into(row.status),
       soci::into(row.submitted_by), soci::into(submitted), soci::into(decided_by, by_ind),
       soci::into(decided, at_ind), soci::into(reason, reason_ind), soci::use(key));
  statement.execute();
  std::vector<agents::Certification> list;
  while (statement.fetch()) {
    agents::Certification c = row;
    c.issued_on = ParseDate(issued).value_or(std::chrono::year_month_day{});
    c.valid_until = ParseDate(until).value_or(std::chrono::year_month_day{});
    c.submitted_at = FromUnixSeconds(submitted);
    c.decided_by = Optional(decided_by, by_ind);
    c.decided_at = OptionalTime(decided, at_ind);
    c.rejection_reason = Optional(reason, reason_ind);
    list.push_back(std::move(c));
  }
  return list;
}

std::optional<agents::Certification> SqlAgentRecordsStore::FindCertification(const std::string& id) {
  auto found = QueryCertifications("WHERE id = :id", id);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<agents::Certification> SqlAgentRecordsStore::ListCertificationsOf(const std::string& agent_id) {
  return QueryCertifications("WHERE agent_id = :agent_id ORDER BY submitted_at DESC, id", agent_id);
}

std::vector<agents::Certification> SqlAgentRecordsStore::ListCertificationsIn(const std::string& status) {
  return QueryCertifications("WHERE status = :status ORDER BY submitted_at, id", status);
}

bool SqlAgentRecordsStore::DecideCertification(const std::string& id, const std::string& status,
                                               const std::string& by, Timestamp at,
                                               const std::optional<std::string>& reason) {
  return Decide(session_, sql::kDecideCertification, id, status, by, at, reason);
}

void SqlAgentRecordsStore::InsertAgreement(const agents::Agreement& a) {
  const long long signed_at = ToUnixSeconds(a.signed_at);
  const std::string file = a.file_id.value_or("");
  soci::indicator file_ind = a.file_id ? soci::i_ok : soci::i_null;
  const std::string decided_by = a.decided_by.value_or("");
  soci::indicator by_ind = a.decided_by ? soci::i_ok : soci::i_null;
  const long long decided_at = a.decided_at ? ToUnixSeconds(*a.decided_at) : 0;
  soci::indicator at_ind = a.decided_at ? soci::i_ok : soci::i_null;
  session_ << sql::kInsertAgreement, soci::use(a.id), soci::use(a.agent_id), soci::use(a.method),
      soci::use(a.signer_name), soci::use(a.signed_by), soci::use(signed_at), soci::use(a.ip),
      soci::use(file, file_ind), soci::use(a.status), soci::use(decided_by, by_ind),
      soci::use(decided_at, at_ind);
}

std::vector<agents::Agreement> SqlAgentRecordsStore::QueryAgreements(const std::string& where,
                                                                     const std::string& key) {
  agents::Agreement row;
  std::string file, decided_by, reason;
  long long signed_at = 0;
  long long decided = 0;
  soci::indicator file_ind = soci::i_null, by_ind = soci::i_null, at_ind = soci::i_null,
                  reason_ind = soci::i_null;
  soci::statement statement =
      (session_.prepare << std::string(sql::kAgreementColumns) + where, soci::into(row.id),
       soci::into(row.agent_id), soci::into(row.method), soci::into(row.signer_name),
       soci::into(row.signed_by), soci::into(signed_at), soci::into(row.ip), soci::into(file, file_ind),
       soci::into(row.status), soci::into(decided_by, by_ind), soci::into(decided, at_ind),
       soci::into(reason, reason_ind), soci::use(key));
  statement.execute();
  std::vector<agents::Agreement> list;
  while (statement.fetch()) {
    agents::Agreement a = row;
    a.signed_at = FromUnixSeconds(signed_at);
    a.file_id = Optional(file, file_ind);
    a.decided_by = Optional(decided_by, by_ind);
    a.decided_at = OptionalTime(decided, at_ind);
    a.rejection_reason = Optional(reason, reason_ind);
    list.push_back(std::move(a));
  }
  return list;
}

std::optional<agents::Agreement> SqlAgentRecordsStore::FindAgreement(const std::string& id) {
  auto found = QueryAgreements("WHERE id = :id", id);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<agents::Agreement> SqlAgentRecordsStore::ListAgreementsOf(const std::string& agent_id) {
  return QueryAgreements("WHERE agent_id = :agent_id ORDER BY signed_at DESC, id", agent_id);
}

bool SqlAgentRecordsStore::DecideAgreement(const std::string& id, const std::string& status,
                                           const std::string& by, Timestamp at,
                                           const std::optional<std::string>& reason) {
  return Decide(session_, sql::kDecideAgreement, id, status, by, at, reason);
}

}  // namespace wakala::storage
