#include "api_fixture.hpp"

namespace wakala::testing {
namespace {

// Role × endpoint × own/other through the real server. Later issues add
// their endpoints as rows here. "Own" objects belong to the caller (its
// user, its agent company AG-DEMO, its client account CL-DEMO); "other"
// objects belong to someone else (AG-LAKESIDE, CL-KAREN, another user).
struct Expectation {
  const char* method;
  std::string path;
  std::string body;
  int anonymous, staff, agent, client, api_key;
};

class AuthorizationTable : public ApiTest {};

TEST_F(AuthorizationTable, EveryRoleOnEveryEndpoint) {
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  auto client = SignedIn(kClientEmail, kClientPassword);
  auto anonymous = Client();
  auto integration = Client();
  auto key = staff->Json("POST", "/api/v1/api-keys", R"({"name":"reader","scopes":["read"]})");
  ASSERT_EQ(key.status, 201);
  integration->bearer = std::string(ParseObject(key.body).at("key").as_string());

  auto user_id = [](HttpClient& who) {
    return std::string(ParseObject(who.Get("/api/v1/auth/session").body).at("user").at("id").as_string());
  };
  const std::string staff_id = user_id(*staff);
  const std::string agent_id = user_id(*agent);
  const std::string client_id = user_id(*client);
  // Someone else's user: an agent user of the other agent company.
  auto other = staff->Json("POST", "/api/v1/users",
                           R"({"email":"lake@x.co.ke","display_name":"Lake","role":"agent",)"
                           R"("agent_id":"AG-LAKESIDE","password":"long-enough-pw"})");
  ASSERT_EQ(other.status, 201) << other.body;
  const std::string other_id(ParseObject(other.body).at("id").as_string());

  // An invoice of the caller's client (CL-DEMO, AG-DEMO's) and one of someone else's (CL-KAREN).
  auto invoice_of = [&](const char* billed_client) {
    auto issued =
        staff->Json("POST", "/api/v1/invoices",
                    std::string(R"({"client_id":")") + billed_client +
                        R"(","lines":[{"description":"x","category":"addon","unit_price":"1.00"}]})");
    EXPECT_EQ(issued.status, 201) << issued.body;
    return std::string(ParseObject(issued.body).at("id").as_string());
  };
  const std::string own_invoice = invoice_of("CL-DEMO");
  const std::string other_invoice = invoice_of("CL-KAREN");

  // A sent quote of the caller's agent for its client, and one of the other agent's for its client.
  auto lakeside = SignedIn("lake@x.co.ke", "long-enough-pw");
  auto sent_quote = [&](HttpClient& drafter, const char* quoting_agent, const char* quoted_client) {
    auto drafted =
        drafter.Json("POST", std::string("/api/v1/agents/") + quoting_agent + "/quotes",
                     std::string(R"({"client_id":")") + quoted_client +
                         R"(","lines":[{"description":"x","category":"addon","unit_price":"1.00"}]})");
    EXPECT_EQ(drafted.status, 201) << drafted.body;
    std::string id(ParseObject(drafted.body).at("id").as_string());
    EXPECT_EQ(drafter.Json("POST", "/api/v1/quotes/" + id + "/send", "{}").status, 200);
    return id;
  };
  const std::string own_quote = sent_quote(*agent, "AG-DEMO", "CL-DEMO");
  const std::string other_quote = sent_quote(*lakeside, "AG-LAKESIDE", "CL-KAREN");
  const std::string quote_body =
      R"({"client_id":"CL-DEMO","lines":[{"description":"x","category":"addon","unit_price":"1.00"}]})";

  int next_email = 0;
  auto new_user = [&] {
    return R"({"email":"u)" + std::to_string(++next_email) +
           R"(@x.co.ke","display_name":"U","role":"staff","password":"long-enough-pw"})";
  };

  // clang-format off
  const std::vector<Expectation> table{
      //  method   path                                     body  anon staff agent client key
      {"GET",    "/api/v1/users",                          "",   401, 200, 403, 403, 403},
      {"POST",   "/api/v1/users",                          "new", 401, 201, 403, 403, 403},
      {"GET",    "/api/v1/users/" + staff_id,              "",   401, 200, 404, 404, 403},
      {"GET",    "/api/v1/users/" + other_id,              "",   401, 200, 404, 404, 403},
      {"PATCH",  "/api/v1/users/" + other_id,              R"({"display_name":"L"})", 401, 200, 403, 403, 403},
      {"GET",    "/api/v1/agents/AG-DEMO/users",           "",   401, 200, 200, 403, 403},
      {"GET",    "/api/v1/agents/AG-LAKESIDE/users",       "",   401, 200, 404, 403, 403},
      {"GET",    "/api/v1/agents/AG-DEMO/tax-withheld",    "",   401, 200, 200, 403, 403},
      {"GET",    "/api/v1/agents/AG-LAKESIDE/tax-withheld", "",  401, 200, 404, 403, 403},
      {"GET",    "/api/v1/agents/AG-DEMO/dashboard", "",   401, 200, 200, 403, 403},
      {"GET",    "/api/v1/agents/AG-LAKESIDE/dashboard", "", 401, 200, 404, 403, 403},
      {"GET",    "/api/v1/agents/AG-DEMO/commissions", "",   401, 200, 200, 403, 403},
      {"GET",    "/api/v1/agents/AG-LAKESIDE/commissions", "", 401, 200, 404, 403, 403},
      {"GET",    "/api/v1/agents/AG-DEMO/progress", "",   401, 200, 200, 403, 403},
      {"GET",    "/api/v1/agents/AG-LAKESIDE/progress", "", 401, 200, 404, 403, 403},
      {"GET",    "/api/v1/agents/AG-DEMO/evaluations", "",   401, 200, 200, 403, 403},
      {"GET",    "/api/v1/agents/AG-LAKESIDE/evaluations", "", 401, 200, 404, 403, 403},
      {"GET",    "/api/v1/agents/AG-DEMO/benefits", "",   401, 200, 200, 403, 403},
      {"GET",    "/api/v1/agents/AG-LAKESIDE/benefits", "", 401, 200, 404, 403, 403},
      {"GET",    "/api/v1/agents/AG-DEMO/statements/2026-11", "",   401, 200, 200, 403, 403},
      {"GET",    "/api/v1/agents/AG-LAKESIDE/statements/2026-11", "", 401, 200, 404, 403, 403},
      {"GET",    "/api/v1/agents/AG-DEMO/withdrawals", "",   401, 200, 200, 403, 403},
      {"GET",    "/api/v1/agents/AG-LAKESIDE/withdrawals", "", 401, 200, 404, 403, 403},
      {"POST",   "/api/v1/agents/AG-DEMO/withdrawals/preview", R"({"amount":"100.00"})", 401, 200, 200, 403, 403},
      {"POST",   "/api/v1/agents/AG-LAKESIDE/withdrawals/preview", R"({"amount":"100.00"})", 401, 200, 404, 403, 403},
      // Staff never ask for an agent's money; an agent user gets as far as
      // the missing Idempotency-Key (422), i.e. past authorisation.
      {"POST",   "/api/v1/agents/AG-DEMO/withdrawals", R"({"amount":"100.00","password":"x"})", 401, 403, 422, 403, 403},
      {"POST",   "/api/v1/agents/AG-LAKESIDE/withdrawals", R"({"amount":"100.00","password":"x"})", 401, 403, 404, 403, 403},
      {"GET",    "/api/v1/withdrawals",                    "",   401, 200, 403, 403, 403},
      {"GET",    "/api/v1/withdrawals/WD-NONE",            "",   401, 404, 404, 403, 403},
      {"POST",   "/api/v1/withdrawals/WD-NONE/approve",    "",   401, 404, 403, 403, 403},
      {"POST",   "/api/v1/withdrawals/WD-NONE/pay",        R"({"reference":"MPESA-1"})", 401, 404, 403, 403, 403},
      {"POST",   "/api/v1/withdrawals/WD-NONE/reject",     R"({"reason":"no"})", 401, 404, 403, 403, 403},
      {"GET",    "/api/v1/agent-applications",             "",   401, 200, 403, 403, 403},
      {"GET",    "/api/v1/agent-applications/APP-NONE",    "",   401, 404, 403, 403, 403},
      {"POST",   "/api/v1/agent-applications/APP-NONE/approve", "", 401, 404, 403, 403, 403},
      {"POST",   "/api/v1/agent-applications/APP-NONE/reject", R"({"reason":"no"})", 401, 404, 403, 403, 403},
      {"GET",    "/api/v1/agents/AG-DEMO/people",          "",   401, 200, 200, 403, 403},
      {"GET",    "/api/v1/agents/AG-LAKESIDE/people",      "",   401, 200, 404, 403, 403},
      {"POST",   "/api/v1/agents/AG-LAKESIDE/people",      R"({"email":"p@x.co.ke","display_name":"P","agent_role":"sales"})", 401, 201, 404, 403, 403},
      {"DELETE", "/api/v1/agents/AG-LAKESIDE/people/usr_none", "", 401, 404, 404, 403, 403},
      {"GET",    "/api/v1/agents/AG-DEMO/certifications",  "",   401, 200, 200, 403, 403},
      {"GET",    "/api/v1/agents/AG-LAKESIDE/certifications", "", 401, 200, 404, 403, 403},
      {"POST",   "/api/v1/agents/AG-LAKESIDE/certifications", R"({"person_id":"x","kind":"sales","issued_on":"2026-01-01","valid_until":"2028-01-01","evidence_file_id":"f"})", 401, 422, 404, 403, 403},
      {"GET",    "/api/v1/certifications",                 "",   401, 200, 403, 403, 403},
      {"POST",   "/api/v1/certifications/cert_none/verify", "",  401, 404, 403, 403, 403},
      {"POST",   "/api/v1/certifications/cert_none/reject", R"({"reason":"no"})", 401, 404, 403, 403, 403},
      {"GET",    "/api/v1/agents/AG-DEMO/agreements",      "",   401, 200, 200, 403, 403},
      {"GET",    "/api/v1/agents/AG-LAKESIDE/agreements",  "",   401, 200, 404, 403, 403},
      {"POST",   "/api/v1/agents/AG-LAKESIDE/agreements",  R"({"method":"in_app","signer_name":"S","accept":true})", 401, 403, 404, 403, 403},
      {"POST",   "/api/v1/agreements/agr_none/verify",     "",   401, 404, 403, 403, 403},
      {"POST",   "/api/v1/agreements/agr_none/reject",     R"({"reason":"no"})", 401, 404, 403, 403, 403},
      {"PUT",    "/api/v1/agents/AG-LAKESIDE/sip-trunk",   R"({"active":true})", 401, 200, 403, 403, 403},
      {"GET",    "/api/v1/files/file_none",                "",   401, 404, 404, 403, 403},
      {"GET",    "/api/v1/directory/agents",               "",   200, 200, 200, 200, 200},
      {"GET",    "/api/v1/entitlement-changes",            "",   401, 200, 403, 403, 200},
      {"GET",    "/api/v1/quarter-close/dry-run",          "",   401, 200, 403, 403, 403},
      {"GET",    "/api/v1/fraud-flags",                    "",   401, 200, 403, 403, 403},
      {"GET",    "/api/v1/agents/AG-DEMO/clients",         "",   401, 200, 200, 403, 403},
      {"GET",    "/api/v1/agents/AG-LAKESIDE/clients",     "",   401, 200, 404, 403, 403},
      {"PUT",    "/api/v1/agents/AG-LAKESIDE/clients/CL-KAREN/notifications", R"({"service_changes":true,"invoice_paid":true,"invoice_overdue":true,"ticket_opened":true})", 401, 403, 404, 403, 403},
      {"GET",    "/api/v1/agents/AG-DEMO/notifications",   "",   401, 200, 200, 403, 403},
      {"GET",    "/api/v1/agents/AG-LAKESIDE/notifications", "", 401, 200, 404, 403, 403},
      {"GET",    "/api/v1/agents/AG-DEMO/banners",         "",   401, 200, 200, 403, 403},
      {"GET",    "/api/v1/agents/AG-LAKESIDE/banners",     "",   401, 200, 404, 403, 403},
      {"GET",    "/api/v1/agents/AG-DEMO/referral-stats",  "",   401, 200, 200, 403, 403},
      {"GET",    "/api/v1/agents/AG-LAKESIDE/referral-stats", "", 401, 200, 404, 403, 403},
      // Allocation: staff only, but a client reads its own association history.
      {"GET",    "/api/v1/clients?unassigned=true",        "",   401, 200, 403, 403, 403},
      {"GET",    "/api/v1/clients/CL-DEMO/associations",   "",   401, 200, 403, 200, 403},
      {"GET",    "/api/v1/clients/CL-KAREN/associations",  "",   401, 200, 403, 404, 403},
      {"POST",   "/api/v1/clients/CL-NONE/assignment",     R"({"agent_id":"AG-DEMO"})", 401, 404, 403, 403, 403},
      {"POST",   "/api/v1/clients/CL-NONE/transfer",       R"({"agent_id":"AG-DEMO","reason":"r"})", 401, 404, 403, 403, 403},
      {"POST",   "/api/v1/fraud-flags/flag_none/dismiss",  "",   401, 404, 403, 403, 403},
      {"POST",   "/api/v1/fraud-flags/flag_none/confirm",  R"({"reason":"r"})", 401, 404, 403, 403, 403},
      {"GET",    "/api/v1/reversible-commissions",         "",   401, 200, 403, 403, 403},
      {"POST",   "/api/v1/reversible-commissions/reverse", R"({"agent_id":"AG-NONE","reason":"r"})", 401, 404, 403, 403, 403},
      {"GET",    "/api/v1/clients/CL-DEMO/users",          "",   401, 200, 403, 200, 403},
      {"GET",    "/api/v1/clients/CL-KAREN/users",         "",   401, 200, 403, 404, 403},
      // Service managers: the client's own link, grants and history; the agent signs in as its client only.
      {"GET",    "/api/v1/service-manager?agent=KSM4K1SN", "",   401, 403, 403, 200, 403},
      {"GET",    "/api/v1/service-manager/agents/KSM4K1SN", "",  200, 200, 200, 200, 200},
      {"GET",    "/api/v1/service-manager/agents/NOSUCHID", "",  404, 404, 404, 404, 404},
      {"GET",    "/api/v1/service-manager?agent=NOSUCHID", "",   401, 403, 403, 404, 403},
      {"POST",   "/api/v1/service-manager/confirm",        R"({"referral_id":"KSM4K1SN"})", 401, 403, 403, 409, 403},
      {"POST",   "/api/v1/service-manager/transfer-requests", R"({"referral_id":"NOSUCHID"})", 401, 403, 403, 404, 403},
      {"GET",    "/api/v1/transfer-requests",              "",   401, 200, 403, 403, 403},
      {"GET",    "/api/v1/service-manager/transfer-requests", "", 401, 403, 403, 200, 403},
      {"POST",   "/api/v1/transfer-requests/trq_none/approve", "", 401, 404, 403, 403, 403},
      {"POST",   "/api/v1/transfer-requests/trq_none/decline", R"({"reason":"r"})", 401, 404, 403, 403, 403},
      // Payout methods: the agent's owner (the demo agent user) or staff.
      {"GET",    "/api/v1/agents/AG-DEMO/payout-method",   "",   401, 200, 200, 403, 403},
      {"GET",    "/api/v1/agents/AG-LAKESIDE/payout-method", "", 401, 200, 404, 403, 403},
      {"PUT",    "/api/v1/agents/AG-DEMO/payout-method",   R"({"method":"mpesa","mpesa_number":"+254711999888"})", 401, 200, 200, 403, 403},
      {"PUT",    "/api/v1/agents/AG-LAKESIDE/payout-method", R"({"method":"mpesa","mpesa_number":"+254711999888"})", 401, 200, 404, 403, 403},
      {"GET",    "/api/v1/clients/CL-DEMO/service-manager", "",  401, 200, 403, 200, 403},
      {"GET",    "/api/v1/clients/CL-KAREN/service-manager", "", 401, 200, 403, 404, 403},
      {"POST",   "/api/v1/clients/CL-NONE/service-manager/revoke", "", 401, 404, 403, 404, 403},
      {"POST",   "/api/v1/clients/CL-KAREN/impersonations", "",  401, 403, 404, 403, 403},
      {"DELETE", "/api/v1/impersonations/current",         "",   401, 409, 409, 409, 403},
      {"GET",    "/api/v1/api-keys",                       "",   401, 200, 403, 403, 403},
      {"POST",   "/api/v1/api-keys",                       R"({"name":"k","scopes":["read"]})", 401, 201, 403, 403, 403},
      {"DELETE", "/api/v1/api-keys/0000000000000000",      "",   401, 404, 403, 403, 403},
      {"GET",    "/api/v1/audit-log",                      "",   401, 200, 403, 403, 403},
      {"GET",    "/api/v1/jobs",                           "",   401, 200, 403, 403, 403},
      {"GET",    "/api/v1/emails",                         "",   401, 200, 403, 403, 403},
      {"GET",    "/api/v1/withdrawals/W-NONE/remittance",  "",   401, 404, 404, 403, 403},
      {"GET",    "/api/v1/reports/withholding-tax/2026-12", "",  401, 200, 403, 403, 403},
      {"POST",   "/api/v1/emails/mail_none/retry",         "",   401, 404, 403, 403, 403},
      // The finance desk is staff's; Daraja's callbacks need no session (their
      // URL's token is the credential) and are not taken without M-Pesa configured.
      {"GET",    "/api/v1/payouts/reconciliation",         "",   401, 200, 403, 403, 403},
      {"GET",    "/api/v1/payouts/reconciliation?open=true&format=csv", "", 401, 200, 403, 403, 403},
      {"POST",   "/api/v1/payouts/mpesa/WKL-none-1/resolve", R"({"outcome":"failed","reason":"x"})", 401, 404, 403, 403, 403},
      {"GET",    "/api/v1/payouts/mpesa/WKL-none-1/callbacks", "", 401, 200, 403, 403, 403},
      {"POST",   "/api/v1/payouts/bank-batches",           "",   401, 200, 403, 403, 403},
      {"GET",    "/api/v1/payouts/bank-batches/BANK-none", "",   401, 404, 403, 403, 403},
      {"POST",   "/api/v1/payouts/bank-confirmations",     R"({"csv":"x"})", 401, 415, 403, 403, 403},
      {"POST",   "/api/v1/payouts/mpesa/result/WKL-none-1/0000", R"({"Result":{}})", 404, 404, 404, 404, 404},
      {"PUT",    "/api/v1/auth/language",                  R"({"language":"en"})", 401, 200, 200, 200, 403},
      {"GET",    "/api/v1/auth/session",                   "",   401, 200, 200, 200, 200},
      {"GET",    "/api/v1/auth/session?optional=true",     "",   200, 200, 200, 200, 200},
      {"GET",    "/api/v1/audit-log?on_behalf_of=client:CL-DEMO", "", 401, 200, 403, 403, 403},
      {"POST",   "/api/v1/billing-events",                 R"({"type":"invoice_paid"})", 401, 401, 401, 401, 403},
      {"POST",   "/api/v1/client-events",                  R"({"type":"ticket_opened"})", 401, 401, 401, 401, 403},
      {"POST",   "/api/v1/payment-notifications",          R"({"invoice":"INV-000001"})", 401, 401, 401, 401, 403},
      // Billing: everyone signed in reads the catalogue, staff change it; an
      // invoice is read by staff, its client and the client's agent.
      {"GET",    "/api/v1/products",                       "",   401, 200, 200, 200, 403},
      {"POST",   "/api/v1/products",                       R"({"name":"P","category":"addon","cycle":"monthly","price":"1.00"})", 401, 201, 403, 403, 403},
      {"GET",    "/api/v1/products/prd_none",              "",   401, 404, 404, 404, 403},
      {"PATCH",  "/api/v1/products/prd_none",              R"({"active":false})", 401, 404, 403, 403, 403},
      {"POST",   "/api/v1/products/prd_none/prices",       R"({"price":"1.00"})", 401, 404, 403, 403, 403},
      {"GET",    "/api/v1/invoices",                       "",   401, 200, 403, 403, 403},
      {"POST",   "/api/v1/invoices",                       R"({"client_id":"CL-DEMO","lines":[{"description":"x","category":"addon","unit_price":"1.00"}]})", 401, 201, 403, 403, 403},
      {"GET",    "/api/v1/invoices/" + own_invoice,        "",   401, 200, 200, 200, 403},
      {"GET",    "/api/v1/invoices/" + other_invoice,      "",   401, 200, 404, 404, 403},
      {"GET",    "/api/v1/invoices/inv_none",              "",   401, 404, 404, 404, 403},
      {"GET",    "/api/v1/clients/CL-DEMO/invoices",       "",   401, 200, 200, 200, 403},
      {"GET",    "/api/v1/clients/CL-KAREN/invoices",      "",   401, 200, 404, 404, 403},
      {"POST",   "/api/v1/invoices/" + other_invoice + "/payments", R"({"method":"bank","reference":"EQ-T1","amount":"1.16"})", 401, 201, 403, 403, 403},
      {"POST",   "/api/v1/invoices/" + other_invoice + "/credit-notes", R"({"reason":"r","lines":[{"line":"1","amount":"1.00"}]})", 401, 201, 403, 403, 403},
      {"POST",   "/api/v1/invoices/" + own_invoice + "/cancel", R"({"reason":"r"})", 401, 200, 403, 403, 403},
      {"GET",    "/api/v1/clients/CL-DEMO/services",       "",   401, 200, 200, 200, 403},
      {"GET",    "/api/v1/clients/CL-KAREN/services",      "",   401, 200, 404, 404, 403},
      // An agent orders for its client only when signed in as it; nobody orders for another's.
      {"POST",   "/api/v1/clients/CL-KAREN/orders",        R"({"lines":[{"product_id":"prd_none"}]})", 401, 422, 403, 404, 403},
      {"POST",   "/api/v1/clients/CL-DEMO/orders",         R"({"lines":[{"product_id":"prd_none"}]})", 401, 422, 403, 422, 403},
      {"GET",    "/api/v1/orders",                         "",   401, 200, 403, 403, 403},
      {"GET",    "/api/v1/clients/CL-DEMO/orders",         "",   401, 200, 200, 200, 403},
      {"GET",    "/api/v1/clients/CL-KAREN/orders",        "",   401, 200, 404, 404, 403},
      {"POST",   "/api/v1/services/svc_none/state",        R"({"state":"active","reason":"r"})", 401, 404, 403, 403, 403},
      {"POST",   "/api/v1/clients/CL-DEMO/tickets",        R"({"subject":"s","body":"b"})", 401, 201, 403, 201, 403},
      {"POST",   "/api/v1/clients/CL-KAREN/tickets",       R"({"subject":"s","body":"b"})", 401, 201, 403, 404, 403},
      {"GET",    "/api/v1/clients/CL-DEMO/tickets",        "",   401, 200, 403, 200, 403},
      {"GET",    "/api/v1/clients/CL-KAREN/tickets",       "",   401, 200, 403, 404, 403},
      {"GET",    "/api/v1/tickets",                        "",   401, 200, 403, 403, 403},
      {"GET",    "/api/v1/tickets/tkt_none",               "",   401, 404, 404, 404, 403},
      {"POST",   "/api/v1/tickets/tkt_none/replies",       R"({"body":"b"})", 401, 404, 404, 404, 403},
      {"POST",   "/api/v1/tickets/tkt_none/close",         "",   401, 404, 404, 404, 403},
      {"POST",   "/api/v1/tickets/tkt_none/attachments",   "",   401, 415, 415, 415, 415},
      {"GET",    "/api/v1/ticket-attachments/att_none",    "",   401, 404, 404, 404, 403},
      // Quotes: the agent's people draft and send; the client decides; another's is not found.
      {"POST",   "/api/v1/agents/AG-DEMO/quotes",          quote_body, 401, 403, 201, 403, 403},
      {"POST",   "/api/v1/agents/AG-LAKESIDE/quotes",      quote_body, 401, 403, 404, 403, 403},
      {"GET",    "/api/v1/agents/AG-DEMO/quotes",          "",   401, 200, 200, 403, 403},
      {"GET",    "/api/v1/agents/AG-LAKESIDE/quotes",      "",   401, 200, 404, 403, 403},
      {"GET",    "/api/v1/clients/CL-DEMO/quotes",         "",   401, 200, 403, 200, 403},
      {"GET",    "/api/v1/clients/CL-KAREN/quotes",        "",   401, 200, 403, 404, 403},
      {"GET",    "/api/v1/quotes/" + own_quote,            "",   401, 200, 200, 200, 403},
      {"GET",    "/api/v1/quotes/" + other_quote,          "",   401, 200, 404, 404, 403},
      {"GET",    "/api/v1/quotes/quo_none",                "",   401, 404, 404, 404, 403},
      {"POST",   "/api/v1/quotes/" + other_quote + "/send", "",  401, 403, 404, 403, 403},
      {"POST",   "/api/v1/quotes/" + other_quote + "/withdraw", "", 401, 403, 404, 403, 403},
      {"POST",   "/api/v1/quotes/" + other_quote + "/accept", "", 401, 403, 404, 404, 403},
      {"POST",   "/api/v1/quotes/" + other_quote + "/decline", "", 401, 403, 404, 404, 403},
      {"POST",   "/api/v1/quotes/" + own_quote + "/accept", "",  401, 403, 403, 201, 403},
      {"POST",   "/api/v1/quote-links/lookup",             R"({"token":"00"})", 404, 404, 404, 404, 404},
      {"POST",   "/api/v1/quote-links/accept",             R"({"token":"00","phone":"+254700000001","password":"long-enough-pw"})", 404, 404, 404, 404, 404},
      {"POST",   "/api/v1/quote-links/decline",            R"({"token":"00"})", 404, 404, 404, 404, 404},
      // The staff side of agents: staff only, but an agent reads its own record.
      {"GET",    "/api/v1/agents",                         "",   401, 200, 403, 403, 403},
      {"GET",    "/api/v1/agents/AG-DEMO",                 "",   401, 200, 200, 403, 403},
      {"GET",    "/api/v1/agents/AG-LAKESIDE",             "",   401, 200, 404, 403, 403},
      {"GET",    "/api/v1/agents/AG-NONE",                 "",   401, 404, 404, 403, 403},
      {"POST",   "/api/v1/agents/AG-NONE/violations",      R"({"reason":"r","all_unpaid":true})", 401, 404, 403, 403, 403},
      {"POST",   "/api/v1/agents/AG-DEMO/violations",      R"({"reason":"r","commission_ids":["INV-DEMO-0801/L1/sale"]})", 401, 201, 403, 403, 403},
      {"POST",   "/api/v1/agents/AG-NONE/manual-commissions", R"({"amount":"10.00","category":"addon","reason":"r"})", 401, 404, 403, 403, 403},
      {"POST",   "/api/v1/agents/AG-LAKESIDE/manual-commissions", R"({"amount":"10.00","category":"addon","reason":"r"})", 401, 201, 403, 403, 403},
      {"POST",   "/api/v1/agents/AG-NONE/tier-override",   R"({"tier":"bronze","reason":"r"})", 401, 404, 403, 403, 403},
      {"POST",   "/api/v1/agents/AG-LAKESIDE/tier-override", R"({"tier":"bronze","reason":"r"})", 401, 200, 403, 403, 403},
      {"POST",   "/api/v1/agents/AG-NONE/terminate",       R"({"reason":"r"})", 401, 404, 403, 403, 403},
      // Last: a terminated agent refuses further actions.
      {"POST",   "/api/v1/agents/AG-LAKESIDE/terminate",   R"({"reason":"r"})", 401, 200, 403, 403, 403},
  };
  // clang-format on

  struct Caller {
    const char* name;
    HttpClient* http;
    int Expectation::*expected;
  };
  const std::vector<Caller> callers{{"anonymous", anonymous.get(), &Expectation::anonymous},
                                    {"staff", staff.get(), &Expectation::staff},
                                    {"agent", agent.get(), &Expectation::agent},
                                    {"client", client.get(), &Expectation::client},
                                    {"api key", integration.get(), &Expectation::api_key}};
  for (const auto& row : table) {
    for (const auto& caller : callers) {
      const std::string body = row.body == "new" ? new_user() : row.body;
      HttpResponse response;
      if (std::string(row.method) == "GET") {
        response = caller.http->Get(row.path);
      } else if (row.path.ends_with("/manual-commissions")) {
        // Past the Idempotency-Key check, so that authorisation is what answers.
        std::vector<std::string> headers{"Content-Type: application/json", "Idempotency-Key: table-row-key"};
        if (!caller.http->csrf_token.empty()) headers.push_back("X-CSRF-Token: " + caller.http->csrf_token);
        response = caller.http->Send(row.method, row.path, body, headers);
      } else {
        response = caller.http->Json(row.method, row.path, body);
      }
      EXPECT_EQ(response.status, row.*caller.expected)
          << caller.name << " " << row.method << " " << row.path << " -> " << response.body;
    }
  }

  // Each user reads itself; nobody else's user but staff.
  EXPECT_EQ(agent->Get("/api/v1/users/" + agent_id).status, 200);
  EXPECT_EQ(client->Get("/api/v1/users/" + client_id).status, 200);
  EXPECT_EQ(agent->Get("/api/v1/users/" + client_id).status, 404);
}

}  // namespace
}  // namespace wakala::testing
