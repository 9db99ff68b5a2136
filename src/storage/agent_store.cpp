#include "storage/agent_store.hpp"

#include <soci/soci.h>

namespace wakala::storage {

using agents::AgentProfile;
using agents::OutboundEmail;

namespace sql {
constexpr const char* kInsertApplication =
    "INSERT INTO agent_applications (id, kind, name, contact_name, email, phone, kra_pin, "
    "registration_number,"
    " residency, website, town, certifications, terms_accepted_at, applied_at, ip, status, "
    "status_token_digest, language)"
    " VALUES (:id, :kind, :name, :contact_name, :email, :phone, :kra_pin, :registration_number, :residency,"
    " :website, :town, :certifications, :terms_accepted_at, :applied_at, :ip, 'pending', :digest, :language)";
constexpr const char* kApplicationColumns =
    "SELECT id, kind, name, contact_name, email, phone, kra_pin, registration_number, residency, website, "
    "town,"
    " certifications, terms_accepted_at, applied_at, ip, status, decided_by, decided_at, rejection_reason,"
    " agent_id, language FROM agent_applications ";
constexpr const char* kStatusTokenDigest =
    "SELECT status_token_digest FROM agent_applications WHERE id = :id";
constexpr const char* kLiveByPin =
    "SELECT COUNT(*) FROM agent_applications WHERE kra_pin = :pin AND status <> 'rejected'";
constexpr const char* kLiveByEmail =
    "SELECT COUNT(*) FROM agent_applications WHERE email = :email AND status <> 'rejected'";
constexpr const char* kFromIp =
    "SELECT COUNT(*) FROM agent_applications WHERE ip = :ip AND applied_at > :since";
constexpr const char* kMarkApproved =
    "UPDATE agent_applications SET status = 'approved', decided_by = :by, decided_at = :at, agent_id = :agent"
    " WHERE id = :id AND status = 'pending'";
constexpr const char* kMarkRejected =
    "UPDATE agent_applications SET status = 'rejected', decided_by = :by, decided_at = :at,"
    " rejection_reason = :reason WHERE id = :id AND status = 'pending'";
constexpr const char* kInsertAgent =
    "INSERT INTO agent_companies (id, name, referral_id, application_id, email, phone, town, website,"
    " activated_at) VALUES (:id, :name, :referral_id, :application_id, :email, :phone, :town, :website, :at)";
constexpr const char* kAgentColumns =
    "SELECT id, name, referral_id, application_id, email, phone, town, website, activated_at"
    " FROM agent_companies ";
constexpr const char* kSetReferralId = "UPDATE agent_companies SET referral_id = :referral WHERE id = :id";
constexpr const char* kSetContact =
    "UPDATE agent_companies SET email = :email, phone = :phone, town = :town, website = :website WHERE id = "
    ":id";
constexpr const char* kQueueEmail =
    "INSERT INTO outbound_email (id, recipient, subject, body, created_at, html_body, template, language, "
    "status, next_attempt_at) VALUES (:id, :recipient, :subject, :body, :created_at, :html_body, :template, "
    ":language, 'queued', 0)";
constexpr const char* kEmailsTo =
    "SELECT id, recipient, subject, body, created_at, sent_at FROM outbound_email WHERE recipient = "
    ":recipient"
    " ORDER BY created_at, id";
}  // namespace sql

namespace {

std::string JoinNames(const std::vector<std::string>& names) {
  std::string joined;
  for (const auto& name : names) joined += (joined.empty() ? "" : ",") + name;
  return joined;
}

std::vector<std::string> SplitNames(const std::string& joined) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start < joined.size()) {
    const auto comma = joined.find(',', start);
    names.push_back(joined.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return names;
}

// One row of agent_applications, bound column by column.
struct ApplicationRow {
  agents::Application value;
  std::string certifications, decided_by, rejection_reason, agent_id;
  long long terms_accepted_at = 0, applied_at = 0, decided_at = 0;
  soci::indicator decided_by_ind = soci::i_null, decided_at_ind = soci::i_null, reason_ind = soci::i_null,
                  agent_ind = soci::i_null;

  void Bind(soci::statement& statement) {
    statement.exchange(soci::into(value.id));
    statement.exchange(soci::into(value.kind));
    statement.exchange(soci::into(value.name));
    statement.exchange(soci::into(value.contact_name));
    statement.exchange(soci::into(value.email));
    statement.exchange(soci::into(value.phone));
    statement.exchange(soci::into(value.kra_pin));
    statement.exchange(soci::into(value.registration_number));
    statement.exchange(soci::into(value.residency));
    statement.exchange(soci::into(value.website));
    statement.exchange(soci::into(value.town));
    statement.exchange(soci::into(certifications));
    statement.exchange(soci::into(terms_accepted_at));
    statement.exchange(soci::into(applied_at));
    statement.exchange(soci::into(value.ip));
    statement.exchange(soci::into(value.status));
    statement.exchange(soci::into(decided_by, decided_by_ind));
    statement.exchange(soci::into(decided_at, decided_at_ind));
    statement.exchange(soci::into(rejection_reason, reason_ind));
    statement.exchange(soci::into(agent_id, agent_ind));
    statement.exchange(soci::into(value.language));
  }

  agents::Application Get() const {
    agents::Application application = value;
    application.certifications = SplitNames(certifications);
    application.terms_accepted_at = FromUnixSeconds(terms_accepted_at);
    application.applied_at = FromUnixSeconds(applied_at);
    application.decided_by = decided_by_ind == soci::i_ok ? std::optional(decided_by) : std::nullopt;
    application.decided_at =
        decided_at_ind == soci::i_ok ? std::optional(FromUnixSeconds(decided_at)) : std::nullopt;
    application.rejection_reason = reason_ind == soci::i_ok ? std::optional(rejection_reason) : std::nullopt;
    application.agent_id = agent_ind == soci::i_ok ? std::optional(agent_id) : std::nullopt;
    return application;
  }
};

std::vector<agents::Application> QueryApplications(soci::session& session, const std::string& where,
                                                   const std::optional<std::string>& key) {
  ApplicationRow row;
  soci::statement statement(session);
  row.Bind(statement);
  if (key) statement.exchange(soci::use(*key));
  statement.alloc();
  statement.prepare(std::string(sql::kApplicationColumns) + where);
  statement.define_and_bind();
  statement.execute();
  std::vector<agents::Application> applications;
  while (statement.fetch()) applications.push_back(row.Get());
  return applications;
}

struct AgentRow {
  AgentProfile value;
  std::string referral_id, application_id;
  long long activated_at = 0;
  soci::indicator referral_ind = soci::i_null, application_ind = soci::i_null, activated_ind = soci::i_null;

  void Bind(soci::statement& statement) {
    statement.exchange(soci::into(value.id));
    statement.exchange(soci::into(value.name));
    statement.exchange(soci::into(referral_id, referral_ind));
    statement.exchange(soci::into(application_id, application_ind));
    statement.exchange(soci::into(value.email));
    statement.exchange(soci::into(value.phone));
    statement.exchange(soci::into(value.town));
    statement.exchange(soci::into(value.website));
    statement.exchange(soci::into(activated_at, activated_ind));
  }

  AgentProfile Get() const {
    AgentProfile profile = value;
    profile.referral_id = referral_ind == soci::i_ok ? referral_id : std::string();
    profile.application_id = application_ind == soci::i_ok ? std::optional(application_id) : std::nullopt;
    profile.activated_at =
        activated_ind == soci::i_ok ? std::optional(FromUnixSeconds(activated_at)) : std::nullopt;
    return profile;
  }
};

std::vector<AgentProfile> QueryAgents(soci::session& session, const std::string& where,
                                      const std::optional<std::string>& key) {
  AgentRow row;
  soci::statement statement(session);
  row.Bind(statement);
  if (key) statement.exchange(soci::use(*key));
  statement.alloc();
  statement.prepare(std::string(sql::kAgentColumns) + where);
  statement.define_and_bind();
  statement.execute();
  std::vector<AgentProfile> agents;
  while (statement.fetch()) agents.push_back(row.Get());
  return agents;
}

}  // namespace

void SqlAgentStore::InsertApplication(const agents::Application& a, const std::string& status_token_digest) {
  const std::string certifications = JoinNames(a.certifications);
  const long long terms = ToUnixSeconds(a.terms_accepted_at);
  const long long applied = ToUnixSeconds(a.applied_at);
  session_ << sql::kInsertApplication, soci::use(a.id), soci::use(a.kind), soci::use(a.name),
      soci::use(a.contact_name), soci::use(a.email), soci::use(a.phone), soci::use(a.kra_pin),
      soci::use(a.registration_number), soci::use(a.residency), soci::use(a.website), soci::use(a.town),
      soci::use(certifications), soci::use(terms), soci::use(applied), soci::use(a.ip),
      soci::use(status_token_digest), soci::use(a.language);
}

std::optional<agents::Application> SqlAgentStore::FindApplication(const std::string& id) {
  auto found = QueryApplications(session_, "WHERE id = :id", id);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::optional<std::string> SqlAgentStore::ApplicationStatusTokenDigest(const std::string& id) {
  std::string digest;
  session_ << sql::kStatusTokenDigest, soci::into(digest), soci::use(id);
  if (!session_.got_data()) return std::nullopt;
  return digest;
}

std::vector<agents::Application> SqlAgentStore::ListApplications(const std::string& status) {
  if (status.empty()) return QueryApplications(session_, "ORDER BY applied_at, id", std::nullopt);
  return QueryApplications(session_, "WHERE status = :status ORDER BY applied_at, id", status);
}

std::optional<std::string> SqlAgentStore::LiveDuplicate(const std::string& kra_pin,
                                                        const std::string& email) {
  int count = 0;
  session_ << sql::kLiveByPin, soci::into(count), soci::use(kra_pin);
  if (count > 0) return "kra_pin";
  session_ << sql::kLiveByEmail, soci::into(count), soci::use(email);
  if (count > 0) return "email";
  return std::nullopt;
}

int SqlAgentStore::ApplicationsFromIpSince(const std::string& ip, Timestamp since) {
  int count = 0;
  const long long from = ToUnixSeconds(since);
  session_ << sql::kFromIp, soci::into(count), soci::use(ip), soci::use(from);
  return count;
}

bool SqlAgentStore::MarkApproved(const std::string& id, const std::string& by, Timestamp at,
                                 const std::string& agent_id) {
  const long long when = ToUnixSeconds(at);
  soci::statement statement = (session_.prepare << sql::kMarkApproved, soci::use(by), soci::use(when),
                               soci::use(agent_id), soci::use(id));
  statement.execute(true);
  return statement.get_affected_rows() == 1;
}

bool SqlAgentStore::MarkRejected(const std::string& id, const std::string& by, Timestamp at,
                                 const std::string& reason) {
  const long long when = ToUnixSeconds(at);
  soci::statement statement = (session_.prepare << sql::kMarkRejected, soci::use(by), soci::use(when),
                               soci::use(reason), soci::use(id));
  statement.execute(true);
  return statement.get_affected_rows() == 1;
}

void SqlAgentStore::InsertAgentProfile(const AgentProfile& p) {
  soci::indicator application_ind = p.application_id ? soci::i_ok : soci::i_null;
  soci::indicator activated_ind = p.activated_at ? soci::i_ok : soci::i_null;
  const std::string application = p.application_id.value_or("");
  const long long activated = p.activated_at ? ToUnixSeconds(*p.activated_at) : 0;
  soci::indicator referral_ind = p.referral_id.empty() ? soci::i_null : soci::i_ok;
  session_ << sql::kInsertAgent, soci::use(p.id), soci::use(p.name), soci::use(p.referral_id, referral_ind),
      soci::use(application, application_ind), soci::use(p.email), soci::use(p.phone), soci::use(p.town),
      soci::use(p.website), soci::use(activated, activated_ind);
}

std::optional<AgentProfile> SqlAgentStore::FindAgentProfile(const std::string& id) {
  auto found = QueryAgents(session_, "WHERE id = :id", id);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::optional<AgentProfile> SqlAgentStore::FindAgentByReferralId(const std::string& referral_id) {
  auto found = QueryAgents(session_, "WHERE referral_id = :referral_id", referral_id);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<AgentProfile> SqlAgentStore::ListAgentProfiles() {
  return QueryAgents(session_, "ORDER BY id", std::nullopt);
}

void SqlAgentStore::SetReferralId(const std::string& agent_id, const std::string& referral_id) {
  session_ << sql::kSetReferralId, soci::use(referral_id), soci::use(agent_id);
}

void SqlAgentStore::SetContact(const AgentProfile& profile) {
  session_ << sql::kSetContact, soci::use(profile.email), soci::use(profile.phone), soci::use(profile.town),
      soci::use(profile.website), soci::use(profile.id);
}

void SqlAgentStore::QueueEmail(const OutboundEmail& email) {
  const long long created = ToUnixSeconds(email.created_at);
  session_ << sql::kQueueEmail, soci::use(email.id), soci::use(email.recipient), soci::use(email.subject),
      soci::use(email.body), soci::use(created), soci::use(email.html_body), soci::use(email.template_name),
      soci::use(email.language);
}

std::vector<OutboundEmail> SqlAgentStore::ListEmailsTo(const std::string& recipient) {
  OutboundEmail row;
  long long created = 0;
  long long sent = 0;
  soci::indicator sent_ind = soci::i_null;
  soci::statement statement = (session_.prepare << sql::kEmailsTo, soci::into(row.id),
                               soci::into(row.recipient), soci::into(row.subject), soci::into(row.body),
                               soci::into(created), soci::into(sent, sent_ind), soci::use(recipient));
  statement.execute();
  std::vector<OutboundEmail> emails;
  while (statement.fetch()) {
    OutboundEmail email = row;
    email.created_at = FromUnixSeconds(created);
    email.sent_at = sent_ind == soci::i_ok ? std::optional(FromUnixSeconds(sent)) : std::nullopt;
    emails.push_back(std::move(email));
  }
  return emails;
}

}  // namespace wakala::storage
