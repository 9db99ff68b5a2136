#include "storage/client_store.hpp"

#include <soci/soci.h>

#include <algorithm>

namespace wakala::storage {

namespace sql {
// Two processes may race to make a secret: the first insert wins, both read it.
constexpr const char* kInsertSecret =
    "INSERT INTO app_secrets (name, value, created_at) VALUES (:name, :value, :at) ON CONFLICT (name) DO "
    "NOTHING";
constexpr const char* kSecret = "SELECT value FROM app_secrets WHERE name = :name";
constexpr const char* kInsertClick =
    "INSERT INTO referral_clicks (id, agent_id, referral_id, at, ip, user_agent, referrer, landing_url, "
    "counted)"
    " VALUES (:id, :agent_id, :referral_id, :at, :ip, :user_agent, :referrer, :landing_url, :counted)";
constexpr const char* kFindClick =
    "SELECT id, agent_id, referral_id, at, ip, user_agent, referrer, landing_url, counted FROM "
    "referral_clicks"
    " WHERE id = :id";
constexpr const char* kClickedSince =
    "SELECT COUNT(*) FROM referral_clicks WHERE referral_id = :referral_id AND ip = :ip AND at > :since";
constexpr const char* kInsertClient =
    "INSERT INTO client_accounts (id, name, email, phone, kra_pin, signup_ip, signup_click_id, created_at)"
    " VALUES (:id, :name, :email, :phone, :kra_pin, :ip, :click, :at)";
constexpr const char* kAgentLoggedInFrom =
    "SELECT COUNT(*) FROM audit_log a JOIN users u ON a.actor = 'user:' || u.id"
    " WHERE u.agent_id = :agent_id AND a.action = 'login' AND a.ip = :ip AND a.at > :since";
constexpr const char* kAgentUserEmails = "SELECT email FROM users WHERE agent_id = :agent_id ORDER BY email";
constexpr const char* kInsertFlag =
    "INSERT INTO fraud_flags (id, kind, agent_id, client_id, evidence, status, created_at)"
    " VALUES (:id, :kind, :agent_id, :client_id, :evidence, 'open', :at)";
constexpr const char* kListFlags =
    "SELECT id, kind, agent_id, client_id, evidence, status, created_at FROM fraud_flags WHERE status = "
    ":status"
    " ORDER BY created_at, id";
constexpr const char* kSignupClickOf = "SELECT signup_click_id FROM client_accounts WHERE id = :id";
constexpr const char* kDeleteGrant = "DELETE FROM service_manager_grants WHERE client_id = :client_id";
constexpr const char* kInsertGrant =
    "INSERT INTO service_manager_grants (client_id, agent_id, permissions, granted_at, granted_by)"
    " VALUES (:client_id, :agent_id, :permissions, :at, :by)";
constexpr const char* kFindGrant =
    "SELECT agent_id, permissions, granted_at, granted_by FROM service_manager_grants WHERE client_id = "
    ":client_id";
constexpr const char* kInsertTransferRequest =
    "INSERT INTO transfer_requests (id, client_id, requested_by, from_agent_id, to_agent_id, message, status,"
    " created_at) VALUES (:id, :client_id, :by, :from_agent, :to_agent, :message, 'open', :at)";
constexpr const char* kListTransferRequests =
    "SELECT id, client_id, requested_by, from_agent_id, to_agent_id, message, status, created_at"
    " FROM transfer_requests WHERE status = :status ORDER BY created_at, id";
}  // namespace sql

namespace {
std::string JoinWords(const std::vector<std::string>& words) {
  std::string joined;
  for (const auto& word : words) joined += (joined.empty() ? "" : " ") + word;
  return joined;
}
std::vector<std::string> SplitWords(const std::string& joined) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < joined.size()) {
    const std::size_t end = std::min(joined.find(' ', start), joined.size());
    if (end > start) words.push_back(joined.substr(start, end - start));
    start = end + 1;
  }
  return words;
}
}  // namespace

std::optional<std::string> SqlClientStore::SignupClickOf(const std::string& client_id) {
  std::string click;
  soci::indicator click_ind = soci::i_null;
  session_ << sql::kSignupClickOf, soci::into(click, click_ind), soci::use(client_id);
  if (!session_.got_data() || click_ind != soci::i_ok) return std::nullopt;
  return click;
}

void SqlClientStore::ReplaceGrant(const ServiceManagerGrant& grant) {
  const std::string permissions = JoinWords(grant.permissions);
  const long long at = ToUnixSeconds(grant.granted_at);
  session_ << sql::kDeleteGrant, soci::use(grant.client_id);
  session_ << sql::kInsertGrant, soci::use(grant.client_id), soci::use(grant.agent_id),
      soci::use(permissions), soci::use(at), soci::use(grant.granted_by);
}

std::optional<ServiceManagerGrant> SqlClientStore::FindGrant(const std::string& client_id) {
  ServiceManagerGrant grant;
  std::string permissions;
  long long at = 0;
  session_ << sql::kFindGrant, soci::into(grant.agent_id), soci::into(permissions), soci::into(at),
      soci::into(grant.granted_by), soci::use(client_id);
  if (!session_.got_data()) return std::nullopt;
  grant.client_id = client_id;
  grant.permissions = SplitWords(permissions);
  grant.granted_at = FromUnixSeconds(at);
  return grant;
}

void SqlClientStore::DeleteGrant(const std::string& client_id) {
  session_ << sql::kDeleteGrant, soci::use(client_id);
}

void SqlClientStore::InsertTransferRequest(const TransferRequest& request) {
  const long long at = ToUnixSeconds(request.created_at);
  session_ << sql::kInsertTransferRequest, soci::use(request.id), soci::use(request.client_id),
      soci::use(request.requested_by), soci::use(request.from_agent_id), soci::use(request.to_agent_id),
      soci::use(request.message), soci::use(at);
}

std::vector<TransferRequest> SqlClientStore::ListTransferRequests(const std::string& status) {
  std::vector<TransferRequest> requests;
  TransferRequest row;
  long long at = 0;
  soci::statement statement =
      (session_.prepare << sql::kListTransferRequests, soci::into(row.id), soci::into(row.client_id),
       soci::into(row.requested_by), soci::into(row.from_agent_id), soci::into(row.to_agent_id),
       soci::into(row.message), soci::into(row.status), soci::into(at), soci::use(status));
  statement.execute();
  while (statement.fetch()) {
    row.created_at = FromUnixSeconds(at);
    requests.push_back(row);
  }
  return requests;
}

std::string SqlClientStore::SecretOrCreate(const std::string& name, const std::string& candidate,
                                           Timestamp now) {
  const long long at = ToUnixSeconds(now);
  session_ << sql::kInsertSecret, soci::use(name), soci::use(candidate), soci::use(at);
  std::string value;
  session_ << sql::kSecret, soci::into(value), soci::use(name);
  return value;
}

void SqlClientStore::InsertClick(const ReferralClick& click) {
  const long long at = ToUnixSeconds(click.at);
  const int counted = click.counted ? 1 : 0;
  session_ << sql::kInsertClick, soci::use(click.id), soci::use(click.agent_id), soci::use(click.referral_id),
      soci::use(at), soci::use(click.ip), soci::use(click.user_agent), soci::use(click.referrer),
      soci::use(click.landing_url), soci::use(counted);
}

std::optional<ReferralClick> SqlClientStore::FindClick(const std::string& id) {
  ReferralClick click;
  long long at = 0;
  int counted = 0;
  session_ << sql::kFindClick, soci::into(click.id), soci::into(click.agent_id),
      soci::into(click.referral_id), soci::into(at), soci::into(click.ip), soci::into(click.user_agent),
      soci::into(click.referrer), soci::into(click.landing_url), soci::into(counted), soci::use(id);
  if (!session_.got_data()) return std::nullopt;
  click.at = FromUnixSeconds(at);
  click.counted = counted == 1;
  return click;
}

bool SqlClientStore::ClickedSince(const std::string& referral_id, const std::string& ip, Timestamp since) {
  int count = 0;
  const long long from = ToUnixSeconds(since);
  session_ << sql::kClickedSince, soci::into(count), soci::use(referral_id), soci::use(ip), soci::use(from);
  return count > 0;
}

void SqlClientStore::InsertClient(const ClientRecord& client) {
  const long long at = ToUnixSeconds(client.created_at);
  const std::string click = client.signup_click_id.value_or("");
  soci::indicator click_ind = client.signup_click_id ? soci::i_ok : soci::i_null;
  session_ << sql::kInsertClient, soci::use(client.id), soci::use(client.name), soci::use(client.email),
      soci::use(client.phone), soci::use(client.kra_pin), soci::use(client.signup_ip),
      soci::use(click, click_ind), soci::use(at);
}

bool SqlClientStore::AgentLoggedInFrom(const std::string& agent_id, const std::string& ip, Timestamp since) {
  int count = 0;
  const long long from = ToUnixSeconds(since);
  session_ << sql::kAgentLoggedInFrom, soci::into(count), soci::use(agent_id), soci::use(ip), soci::use(from);
  return count > 0;
}

std::vector<std::string> SqlClientStore::AgentUserEmails(const std::string& agent_id) {
  std::string email;
  soci::statement statement =
      (session_.prepare << sql::kAgentUserEmails, soci::into(email), soci::use(agent_id));
  statement.execute();
  std::vector<std::string> emails;
  while (statement.fetch()) emails.push_back(email);
  return emails;
}

void SqlClientStore::InsertFlag(const FraudFlag& flag) {
  const long long at = ToUnixSeconds(flag.created_at);
  session_ << sql::kInsertFlag, soci::use(flag.id), soci::use(flag.kind), soci::use(flag.agent_id),
      soci::use(flag.client_id), soci::use(flag.evidence), soci::use(at);
}

std::vector<FraudFlag> SqlClientStore::ListFlags(const std::string& status) {
  FraudFlag row;
  long long at = 0;
  soci::statement statement = (session_.prepare << sql::kListFlags, soci::into(row.id), soci::into(row.kind),
                               soci::into(row.agent_id), soci::into(row.client_id), soci::into(row.evidence),
                               soci::into(row.status), soci::into(at), soci::use(status));
  statement.execute();
  std::vector<FraudFlag> flags;
  while (statement.fetch()) {
    FraudFlag flag = row;
    flag.created_at = FromUnixSeconds(at);
    flags.push_back(std::move(flag));
  }
  return flags;
}

}  // namespace wakala::storage
