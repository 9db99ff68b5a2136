#include "storage/client_store.hpp"

#include <soci/soci.h>

#include <algorithm>

namespace wakala::storage {

using clients::AgentNotification;
using clients::ClientAccountRow;
using clients::ClientPaymentMethod;
using clients::ClientRecord;
using clients::ClientTransfer;
using clients::FraudFlag;
using clients::NotificationPreferences;
using clients::PayoutMethodRecord;
using clients::ReferralClick;
using clients::ReferralCounts;
using clients::ServiceManagerGrant;
using clients::TransferRequest;

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
constexpr const char* kCountClicks =
    "SELECT COUNT(*), COALESCE(SUM(counted), 0) FROM referral_clicks WHERE agent_id = :agent_id AND at >= "
    ":since";
constexpr const char* kCountSignups =
    "SELECT COUNT(*) FROM client_accounts a JOIN referral_clicks c ON c.id = a.signup_click_id"
    " WHERE c.agent_id = :agent_id AND a.created_at >= :since";
constexpr const char* kCountFlags =
    "SELECT COUNT(*) FROM fraud_flags WHERE agent_id = :agent_id AND kind = 'self_referral' AND created_at "
    ">= "
    ":since";
constexpr const char* kClickedSince =
    "SELECT COUNT(*) FROM referral_clicks WHERE referral_id = :referral_id AND ip = :ip AND at > :since";
constexpr const char* kInsertClient =
    "INSERT INTO client_accounts (id, name, email, phone, kra_pin, signup_ip, signup_click_id, created_at)"
    " VALUES (:id, :name, :email, :phone, :kra_pin, :ip, :click, :at)";
constexpr const char* kEnsureClient =
    "INSERT INTO client_accounts (id, name, email, phone, kra_pin, signup_ip, created_at)"
    " VALUES (:id, :name, :email, :phone, :kra_pin, '', :at) ON CONFLICT (id) DO NOTHING";
constexpr const char* kFindClient =
    "SELECT id, name, email, phone, kra_pin, signup_ip, signup_click_id, created_at FROM client_accounts"
    " WHERE id = :id";
constexpr const char* kAgentLoggedInFrom =
    "SELECT COUNT(*) FROM audit_log a JOIN users u ON a.actor = 'user:' || u.id"
    " WHERE u.agent_id = :agent_id AND a.action = 'login' AND a.ip = :ip AND a.at > :since";
constexpr const char* kAgentUserEmails = "SELECT email FROM users WHERE agent_id = :agent_id ORDER BY email";
constexpr const char* kInsertFlag =
    "INSERT INTO fraud_flags (id, kind, agent_id, client_id, evidence, status, created_at)"
    " VALUES (:id, :kind, :agent_id, :client_id, :evidence, 'open', :at)";
constexpr const char* kListFlags =
    "SELECT id, kind, agent_id, client_id, evidence, status, created_at, decided_by, decided_at, "
    "decision_reason"
    " FROM fraud_flags WHERE status = :status ORDER BY created_at, id";
constexpr const char* kPreferences =
    "SELECT service_changes, invoice_paid, invoice_overdue, ticket_opened, invoice_issued FROM "
    "client_notification_preferences"
    " WHERE agent_id = :agent_id AND client_id = :client_id";
constexpr const char* kSetPreferences =
    "INSERT INTO client_notification_preferences (agent_id, client_id, service_changes, invoice_paid,"
    " invoice_overdue, ticket_opened, invoice_issued, updated_at) VALUES (:agent_id, :client_id, :a, :b, :c, "
    ":d,"
    " :e, :at)"
    " ON CONFLICT (agent_id, client_id) DO UPDATE SET service_changes = excluded.service_changes,"
    " invoice_paid = excluded.invoice_paid, invoice_overdue = excluded.invoice_overdue,"
    " ticket_opened = excluded.ticket_opened, invoice_issued = excluded.invoice_issued,"
    " updated_at = excluded.updated_at";
constexpr const char* kRecordNotification =
    "INSERT INTO agent_notifications (id, agent_id, client_id, kind, at, detail, created_at)"
    " VALUES (:id, :agent_id, :client_id, :kind, :at, :detail, :created_at) ON CONFLICT (id) DO NOTHING";
constexpr const char* kNotifications =
    "SELECT id, agent_id, client_id, kind, at, detail, created_at FROM agent_notifications"
    " WHERE agent_id = :agent_id ORDER BY at DESC, id LIMIT :limit";
constexpr const char* kFindFlag =
    "SELECT id, kind, agent_id, client_id, evidence, status, created_at, decided_by, decided_at, "
    "decision_reason"
    " FROM fraud_flags WHERE id = :id";
constexpr const char* kDecideFlag =
    "UPDATE fraud_flags SET status = :status, decided_by = :actor, decided_at = :at, decision_reason = "
    ":reason"
    " WHERE id = :id AND status = 'open'";
constexpr const char* kListClientAccounts = "SELECT id, name, email FROM client_accounts ORDER BY id";
constexpr const char* kInsertTransfer =
    "INSERT INTO client_transfers (id, client_id, from_agent_id, to_agent_id, reason, actor, at)"
    " VALUES (:id, :client_id, :from_agent_id, :to_agent_id, :reason, :actor, :at)";
constexpr const char* kListTransfers =
    "SELECT id, client_id, from_agent_id, to_agent_id, reason, actor, at FROM client_transfers"
    " WHERE client_id = :client_id ORDER BY at, id";
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
// With the two agents' company names, which the client reads its requests by.
constexpr const char* kTransferRequestColumns =
    "SELECT t.id, t.client_id, t.requested_by, t.from_agent_id, t.to_agent_id, t.message, t.status, "
    "t.created_at,"
    " t.decided_by, t.decided_at, t.decision_reason, COALESCE(f.name, ''), COALESCE(g.name, '')"
    " FROM transfer_requests t LEFT JOIN agent_companies f ON f.id = t.from_agent_id"
    " LEFT JOIN agent_companies g ON g.id = t.to_agent_id ";
constexpr const char* kListTransferRequests = "WHERE t.status = :key ORDER BY t.created_at, t.id";
constexpr const char* kTransferRequestsOf = "WHERE t.client_id = :key ORDER BY t.created_at DESC, t.id DESC";
constexpr const char* kFindTransferRequest = "WHERE t.id = :key";
constexpr const char* kDecideTransferRequest =
    "UPDATE transfer_requests SET status = :status, decided_by = :actor, decided_at = :at,"
    " decision_reason = :reason WHERE id = :id AND status = 'open'";
// Signups with an email already known count too: they answer alike and send an email.
constexpr const char* kSignupsFromIpSince =
    "SELECT (SELECT COUNT(*) FROM client_accounts WHERE signup_ip = :ip AND created_at > :since)"
    " + (SELECT COUNT(*) FROM audit_log WHERE action = 'client_signup_known_email' AND ip = :audit_ip"
    " AND at > :audit_since)";
constexpr const char* kEndPayoutMethods =
    "UPDATE agent_payout_methods SET ended_at = :at WHERE agent_id = :agent_id AND ended_at IS NULL";
constexpr const char* kInsertPayoutMethod =
    "INSERT INTO agent_payout_methods (id, agent_id, seq, method, mpesa_number, bank_code, account_number,"
    " fingerprint, set_by, created_at) VALUES (:id, :agent_id, :seq, :method, :mpesa_number, :bank_code,"
    " :account_number, :fingerprint, :set_by, :at)";
constexpr const char* kLastPayoutSeq =
    "SELECT COALESCE(MAX(seq), 0) FROM agent_payout_methods WHERE agent_id = :agent_id";
constexpr const char* kPayoutMethods =
    "SELECT id, agent_id, method, mpesa_number, bank_code, account_number, fingerprint, set_by, created_at,"
    " ended_at FROM agent_payout_methods WHERE agent_id = :agent_id ORDER BY seq DESC";
constexpr const char* kPayoutFingerprints =
    "SELECT DISTINCT fingerprint FROM agent_payout_methods WHERE agent_id = :agent_id ORDER BY fingerprint";
constexpr const char* kInsertClientPaymentMethod =
    "INSERT INTO client_payment_methods (id, client_id, method, fingerprint, created_at)"
    " VALUES (:id, :client_id, :method, :fingerprint, :at) ON CONFLICT (id) DO NOTHING";
constexpr const char* kFindClientPaymentMethod =
    "SELECT id, client_id, method, fingerprint, matched_agent_id, flag_id, created_at"
    " FROM client_payment_methods WHERE id = :id";
constexpr const char* kSetClientPaymentMethodFlag =
    "UPDATE client_payment_methods SET matched_agent_id = :agent_id, flag_id = :flag_id WHERE id = :id";
constexpr const char* kClientPaymentMethodsWith =
    "SELECT id, client_id, method, fingerprint, matched_agent_id, flag_id, created_at"
    " FROM client_payment_methods WHERE fingerprint = :fingerprint ORDER BY created_at, id";
constexpr const char* kPaymentMatchFlag =
    "SELECT flag_id FROM client_payment_methods WHERE client_id = :client_id AND matched_agent_id = :agent_id"
    " AND fingerprint = :fingerprint AND flag_id IS NOT NULL ORDER BY created_at, id";
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

std::vector<TransferRequest> SqlClientStore::QueryTransferRequests(const char* where,
                                                                   const std::string& key) {
  std::vector<TransferRequest> requests;
  TransferRequest row;
  long long at = 0;
  long long decided_at = 0;
  std::string decided_by, reason;
  soci::indicator by_ind = soci::i_null, at_ind = soci::i_null, reason_ind = soci::i_null;
  const std::string query = std::string(sql::kTransferRequestColumns) + where;
  soci::statement statement =
      (session_.prepare << query, soci::into(row.id), soci::into(row.client_id), soci::into(row.requested_by),
       soci::into(row.from_agent_id), soci::into(row.to_agent_id), soci::into(row.message),
       soci::into(row.status), soci::into(at), soci::into(decided_by, by_ind), soci::into(decided_at, at_ind),
       soci::into(reason, reason_ind), soci::into(row.from_agent_name), soci::into(row.to_agent_name),
       soci::use(key));
  statement.execute();
  while (statement.fetch()) {
    TransferRequest request = row;
    request.created_at = FromUnixSeconds(at);
    if (by_ind == soci::i_ok) request.decided_by = decided_by;
    if (at_ind == soci::i_ok) request.decided_at = FromUnixSeconds(decided_at);
    if (reason_ind == soci::i_ok) request.decision_reason = reason;
    requests.push_back(std::move(request));
  }
  return requests;
}

std::vector<TransferRequest> SqlClientStore::ListTransferRequests(const std::string& status) {
  return QueryTransferRequests(sql::kListTransferRequests, status);
}

std::vector<TransferRequest> SqlClientStore::TransferRequestsOf(const std::string& client_id) {
  return QueryTransferRequests(sql::kTransferRequestsOf, client_id);
}

std::optional<TransferRequest> SqlClientStore::FindTransferRequest(const std::string& id) {
  auto found = QueryTransferRequests(sql::kFindTransferRequest, id);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

bool SqlClientStore::DecideTransferRequest(const std::string& id, const std::string& status,
                                           const std::string& actor, const std::string& reason,
                                           Timestamp at) {
  const long long decided_at = ToUnixSeconds(at);
  soci::statement statement = (session_.prepare << sql::kDecideTransferRequest, soci::use(status),
                               soci::use(actor), soci::use(decided_at), soci::use(reason), soci::use(id));
  statement.execute(true);
  return statement.get_affected_rows() == 1;
}

int SqlClientStore::SignupsFromIpSince(const std::string& ip, Timestamp since) {
  int count = 0;
  const long long from = ToUnixSeconds(since);
  session_ << sql::kSignupsFromIpSince, soci::into(count), soci::use(ip), soci::use(from), soci::use(ip),
      soci::use(from);
  return count;
}

void SqlClientStore::ReplacePayoutMethod(const PayoutMethodRecord& method) {
  const long long at = ToUnixSeconds(method.created_at);
  int seq = 0;
  session_ << sql::kLastPayoutSeq, soci::into(seq), soci::use(method.agent_id);
  ++seq;
  session_ << sql::kEndPayoutMethods, soci::use(at), soci::use(method.agent_id);
  session_ << sql::kInsertPayoutMethod, soci::use(method.id), soci::use(method.agent_id), soci::use(seq),
      soci::use(method.method), soci::use(method.mpesa_number), soci::use(method.bank_code),
      soci::use(method.account_number), soci::use(method.fingerprint), soci::use(method.set_by),
      soci::use(at);
}

std::vector<PayoutMethodRecord> SqlClientStore::PayoutMethods(const std::string& agent_id) {
  PayoutMethodRecord row;
  long long at = 0;
  long long ended = 0;
  soci::indicator ended_ind = soci::i_null;
  soci::statement statement =
      (session_.prepare << sql::kPayoutMethods, soci::into(row.id), soci::into(row.agent_id),
       soci::into(row.method), soci::into(row.mpesa_number), soci::into(row.bank_code),
       soci::into(row.account_number), soci::into(row.fingerprint), soci::into(row.set_by), soci::into(at),
       soci::into(ended, ended_ind), soci::use(agent_id));
  statement.execute();
  std::vector<PayoutMethodRecord> methods;
  while (statement.fetch()) {
    PayoutMethodRecord method = row;
    method.created_at = FromUnixSeconds(at);
    if (ended_ind == soci::i_ok) method.ended_at = FromUnixSeconds(ended);
    methods.push_back(std::move(method));
  }
  return methods;
}

std::vector<std::string> SqlClientStore::PayoutFingerprints(const std::string& agent_id) {
  std::string fingerprint;
  soci::statement statement =
      (session_.prepare << sql::kPayoutFingerprints, soci::into(fingerprint), soci::use(agent_id));
  statement.execute();
  std::vector<std::string> fingerprints;
  while (statement.fetch()) fingerprints.push_back(fingerprint);
  return fingerprints;
}

bool SqlClientStore::InsertClientPaymentMethod(const ClientPaymentMethod& method) {
  const long long at = ToUnixSeconds(method.created_at);
  soci::statement statement =
      (session_.prepare << sql::kInsertClientPaymentMethod, soci::use(method.id), soci::use(method.client_id),
       soci::use(method.method), soci::use(method.fingerprint), soci::use(at));
  statement.execute(true);
  return statement.get_affected_rows() == 1;
}

std::optional<ClientPaymentMethod> SqlClientStore::FindClientPaymentMethod(const std::string& id) {
  ClientPaymentMethod method;
  std::string agent, flag;
  long long at = 0;
  soci::indicator agent_ind = soci::i_null, flag_ind = soci::i_null;
  session_ << sql::kFindClientPaymentMethod, soci::into(method.id), soci::into(method.client_id),
      soci::into(method.method), soci::into(method.fingerprint), soci::into(agent, agent_ind),
      soci::into(flag, flag_ind), soci::into(at), soci::use(id);
  if (!session_.got_data()) return std::nullopt;
  if (agent_ind == soci::i_ok) method.matched_agent_id = agent;
  if (flag_ind == soci::i_ok) method.flag_id = flag;
  method.created_at = FromUnixSeconds(at);
  return method;
}

void SqlClientStore::SetClientPaymentMethodFlag(const std::string& id, const std::string& agent_id,
                                                const std::string& flag_id) {
  session_ << sql::kSetClientPaymentMethodFlag, soci::use(agent_id), soci::use(flag_id), soci::use(id);
}

std::vector<ClientPaymentMethod> SqlClientStore::ClientPaymentMethodsWith(const std::string& fingerprint) {
  ClientPaymentMethod row;
  std::string matched, flag;
  soci::indicator matched_ind = soci::i_null;
  soci::indicator flag_ind = soci::i_null;
  long long at = 0;
  soci::statement statement =
      (session_.prepare << sql::kClientPaymentMethodsWith, soci::into(row.id), soci::into(row.client_id),
       soci::into(row.method), soci::into(row.fingerprint), soci::into(matched, matched_ind),
       soci::into(flag, flag_ind), soci::into(at), soci::use(fingerprint));
  statement.execute();
  std::vector<ClientPaymentMethod> methods;
  while (statement.fetch()) {
    row.matched_agent_id = matched_ind == soci::i_ok ? std::optional(matched) : std::nullopt;
    row.flag_id = flag_ind == soci::i_ok ? std::optional(flag) : std::nullopt;
    row.created_at = FromUnixSeconds(at);
    methods.push_back(row);
  }
  return methods;
}

std::optional<std::string> SqlClientStore::PaymentMatchFlag(const std::string& client_id,
                                                            const std::string& agent_id,
                                                            const std::string& fingerprint) {
  std::string flag;
  soci::statement statement = (session_.prepare << sql::kPaymentMatchFlag, soci::into(flag),
                               soci::use(client_id), soci::use(agent_id), soci::use(fingerprint));
  statement.execute();
  if (!statement.fetch()) return std::nullopt;
  return flag;
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

ReferralCounts SqlClientStore::CountReferrals(const std::string& agent_id, Timestamp since) {
  ReferralCounts counts;
  const long long from = ToUnixSeconds(since);
  session_ << sql::kCountClicks, soci::into(counts.clicks_logged), soci::into(counts.clicks),
      soci::use(agent_id), soci::use(from);
  session_ << sql::kCountSignups, soci::into(counts.signups), soci::use(agent_id), soci::use(from);
  session_ << sql::kCountFlags, soci::into(counts.flagged), soci::use(agent_id), soci::use(from);
  return counts;
}

void SqlClientStore::InsertClient(const ClientRecord& client) {
  const long long at = ToUnixSeconds(client.created_at);
  const std::string click = client.signup_click_id.value_or("");
  soci::indicator click_ind = client.signup_click_id ? soci::i_ok : soci::i_null;
  session_ << sql::kInsertClient, soci::use(client.id), soci::use(client.name), soci::use(client.email),
      soci::use(client.phone), soci::use(client.kra_pin), soci::use(client.signup_ip),
      soci::use(click, click_ind), soci::use(at);
}

void SqlClientStore::EnsureClient(const ClientRecord& client) {
  const long long at = ToUnixSeconds(client.created_at);
  session_ << sql::kEnsureClient, soci::use(client.id), soci::use(client.name), soci::use(client.email),
      soci::use(client.phone), soci::use(client.kra_pin), soci::use(at);
}

std::optional<ClientRecord> SqlClientStore::FindClient(const std::string& id) {
  ClientRecord client;
  std::string click;
  long long created = 0;
  soci::indicator click_ind = soci::i_null, created_ind = soci::i_null;
  session_ << sql::kFindClient, soci::into(client.id), soci::into(client.name), soci::into(client.email),
      soci::into(client.phone), soci::into(client.kra_pin), soci::into(client.signup_ip),
      soci::into(click, click_ind), soci::into(created, created_ind), soci::use(id);
  if (!session_.got_data()) return std::nullopt;
  if (click_ind == soci::i_ok) client.signup_click_id = click;
  if (created_ind == soci::i_ok) client.created_at = FromUnixSeconds(created);
  return client;
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

NotificationPreferences SqlClientStore::Preferences(const std::string& agent_id,
                                                    const std::string& client_id) {
  int service_changes = 1, invoice_paid = 1, invoice_overdue = 1, ticket_opened = 1, invoice_issued = 1;
  session_ << sql::kPreferences, soci::into(service_changes), soci::into(invoice_paid),
      soci::into(invoice_overdue), soci::into(ticket_opened), soci::into(invoice_issued), soci::use(agent_id),
      soci::use(client_id);
  if (!session_.got_data()) return {};
  return NotificationPreferences{service_changes == 1, invoice_paid == 1, invoice_overdue == 1,
                                 ticket_opened == 1, invoice_issued == 1};
}

void SqlClientStore::SetPreferences(const std::string& agent_id, const std::string& client_id,
                                    const NotificationPreferences& p, Timestamp at) {
  const int a = p.service_changes ? 1 : 0;
  const int b = p.invoice_paid ? 1 : 0;
  const int c = p.invoice_overdue ? 1 : 0;
  const int d = p.ticket_opened ? 1 : 0;
  const int e = p.invoice_issued ? 1 : 0;
  const long long when = ToUnixSeconds(at);
  session_ << sql::kSetPreferences, soci::use(agent_id), soci::use(client_id), soci::use(a), soci::use(b),
      soci::use(c), soci::use(d), soci::use(e), soci::use(when);
}

bool SqlClientStore::RecordNotification(const AgentNotification& n) {
  const long long at = ToUnixSeconds(n.at);
  const long long created = ToUnixSeconds(n.created_at);
  soci::statement statement =
      (session_.prepare << sql::kRecordNotification, soci::use(n.id), soci::use(n.agent_id),
       soci::use(n.client_id), soci::use(n.kind), soci::use(at), soci::use(n.detail), soci::use(created));
  statement.execute(true);
  return statement.get_affected_rows() == 1;
}

std::vector<AgentNotification> SqlClientStore::Notifications(const std::string& agent_id, int limit) {
  AgentNotification row;
  long long at = 0;
  long long created = 0;
  soci::statement statement =
      (session_.prepare << sql::kNotifications, soci::into(row.id), soci::into(row.agent_id),
       soci::into(row.client_id), soci::into(row.kind), soci::into(at), soci::into(row.detail),
       soci::into(created), soci::use(agent_id), soci::use(limit));
  statement.execute();
  std::vector<AgentNotification> list;
  while (statement.fetch()) {
    AgentNotification n = row;
    n.at = FromUnixSeconds(at);
    n.created_at = FromUnixSeconds(created);
    list.push_back(std::move(n));
  }
  return list;
}

void SqlClientStore::InsertFlag(const FraudFlag& flag) {
  const long long at = ToUnixSeconds(flag.created_at);
  session_ << sql::kInsertFlag, soci::use(flag.id), soci::use(flag.kind), soci::use(flag.agent_id),
      soci::use(flag.client_id), soci::use(flag.evidence), soci::use(at);
}

std::vector<FraudFlag> SqlClientStore::ListFlags(const std::string& status) {
  FraudFlag row;
  long long at = 0;
  long long decided_at = 0;
  std::string decided_by, reason;
  soci::indicator by_ind = soci::i_null, at_ind = soci::i_null, reason_ind = soci::i_null;
  soci::statement statement =
      (session_.prepare << sql::kListFlags, soci::into(row.id), soci::into(row.kind),
       soci::into(row.agent_id), soci::into(row.client_id), soci::into(row.evidence), soci::into(row.status),
       soci::into(at), soci::into(decided_by, by_ind), soci::into(decided_at, at_ind),
       soci::into(reason, reason_ind), soci::use(status));
  statement.execute();
  std::vector<FraudFlag> flags;
  while (statement.fetch()) {
    FraudFlag flag = row;
    flag.created_at = FromUnixSeconds(at);
    if (by_ind == soci::i_ok) flag.decided_by = decided_by;
    if (at_ind == soci::i_ok) flag.decided_at = FromUnixSeconds(decided_at);
    if (reason_ind == soci::i_ok) flag.decision_reason = reason;
    flags.push_back(std::move(flag));
  }
  return flags;
}

std::optional<FraudFlag> SqlClientStore::FindFlag(const std::string& id) {
  FraudFlag flag;
  long long at = 0;
  long long decided_at = 0;
  std::string decided_by;
  std::string reason;
  soci::indicator decided_by_ind = soci::i_null;
  soci::indicator decided_at_ind = soci::i_null;
  soci::indicator reason_ind = soci::i_null;
  session_ << sql::kFindFlag, soci::into(flag.id), soci::into(flag.kind), soci::into(flag.agent_id),
      soci::into(flag.client_id), soci::into(flag.evidence), soci::into(flag.status), soci::into(at),
      soci::into(decided_by, decided_by_ind), soci::into(decided_at, decided_at_ind),
      soci::into(reason, reason_ind), soci::use(id);
  if (!session_.got_data()) return std::nullopt;
  flag.created_at = FromUnixSeconds(at);
  if (decided_by_ind == soci::i_ok) flag.decided_by = decided_by;
  if (decided_at_ind == soci::i_ok) flag.decided_at = FromUnixSeconds(decided_at);
  if (reason_ind == soci::i_ok) flag.decision_reason = reason;
  return flag;
}

bool SqlClientStore::DecideFlag(const std::string& id, const std::string& status, const std::string& actor,
                                const std::string& reason, Timestamp at) {
  const long long decided_at = ToUnixSeconds(at);
  soci::statement statement = (session_.prepare << sql::kDecideFlag, soci::use(status), soci::use(actor),
                               soci::use(decided_at), soci::use(reason), soci::use(id));
  statement.execute(true);
  return statement.get_affected_rows() == 1;
}

std::vector<ClientAccountRow> SqlClientStore::ListClientAccounts() {
  ClientAccountRow row;
  soci::statement statement = (session_.prepare << sql::kListClientAccounts, soci::into(row.id),
                               soci::into(row.name), soci::into(row.email));
  statement.execute();
  std::vector<ClientAccountRow> rows;
  while (statement.fetch()) rows.push_back(row);
  return rows;
}

void SqlClientStore::InsertTransfer(const ClientTransfer& transfer) {
  const long long at = ToUnixSeconds(transfer.at);
  session_ << sql::kInsertTransfer, soci::use(transfer.id), soci::use(transfer.client_id),
      soci::use(transfer.from_agent_id), soci::use(transfer.to_agent_id), soci::use(transfer.reason),
      soci::use(transfer.actor), soci::use(at);
}

std::vector<ClientTransfer> SqlClientStore::ListTransfers(const std::string& client_id) {
  ClientTransfer row;
  long long at = 0;
  soci::statement statement =
      (session_.prepare << sql::kListTransfers, soci::into(row.id), soci::into(row.client_id),
       soci::into(row.from_agent_id), soci::into(row.to_agent_id), soci::into(row.reason),
       soci::into(row.actor), soci::into(at), soci::use(client_id));
  statement.execute();
  std::vector<ClientTransfer> transfers;
  while (statement.fetch()) {
    ClientTransfer transfer = row;
    transfer.at = FromUnixSeconds(at);
    transfers.push_back(std::move(transfer));
  }
  return transfers;
}

}  // namespace wakala::storage
