#include <set>
#include <thread>

#include "api_fixture.hpp"

namespace wakala::testing {
namespace {

// Built-in billing through the real server: staff keep the catalogue, issue
// invoices, record payments and credit notes; the commission engine sees a
// paid invoice once, and a credit note as refunds.
class BillingTest : public ApiTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    return FixedProgramTime("2026-12-06T12:00:00+03:00");
  }
  // A bronze agent B1 with its client C1 (5% recurring on subscriptions,
  // 10% on setup fees, 5% on talk time), and C2 with no agent.
  std::string History() const override {
    return R"({"type":"add_agent","at":"2026-12-01T00:00:00+03:00","id":"B1","tier":"bronze","sip_trunk_active":true,"agreement_signed":true}
{"type":"add_client","at":"2026-12-01T00:00:00+03:00","id":"C1"}
{"type":"add_client","at":"2026-12-01T00:00:00+03:00","id":"C2"}
{"type":"associate","at":"2026-12-02T09:00:00+03:00","client":"C1","agent":"B1","source":"staff_assignment"}
)";
  }

  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    staff = SignedIn(kStaffEmail, kStaffPassword);
  }

  // A product on sale; its id.
  std::string Product(const std::string& body) {
    auto created = staff->Json("POST", "/api/v1/products", body);
    EXPECT_EQ(created.status, 201) << created.body;
    return std::string(ParseObject(created.body).at("id").as_string());
  }
  boost::json::object Invoice(const std::string& body) {
    auto issued = staff->Json("POST", "/api/v1/invoices", body);
    EXPECT_EQ(issued.status, 201) << issued.body;
    return ParseObject(issued.body);
  }
  boost::json::array Commissions(const std::string& agent) {
    auto list = staff->Get("/api/v1/agents/" + agent + "/commissions");
    EXPECT_EQ(list.status, 200) << list.body;
    return ParseObject(list.body).at("items").as_array();
  }
  // Everything billing and the engine hold that a refused request must not change.
  std::string Snapshot() {
    return staff->Get("/api/v1/invoices?limit=500").body + staff->Get("/api/v1/products").body +
           staff->Get("/api/v1/agents/B1/commissions").body;
  }

  std::unique_ptr<HttpClient> staff;
};

constexpr const char* kPbx =
    R"({"name":"Hosted PBX, 10 users","category":"managed_subscription","cycle":"monthly",)"
    R"("price":"2499.99","setup_fee":"5000.00"})";

TEST_F(BillingTest, StaffKeepTheCatalogueWithPricesThatNeverRewriteThePast) {
  const std::string pbx = Product(kPbx);
  auto product = ParseObject(staff->Get("/api/v1/products/" + pbx).body);
  EXPECT_EQ(product.at("price"), "2499.99");
  EXPECT_EQ(product.at("setup_fee"), "5000.00");
  EXPECT_EQ(product.at("vat_bp"), 1600);
  EXPECT_EQ(product.at("cycle"), "monthly");

  // A price from next month: today's price stays in force until then.
  auto changed = staff->Json("POST", "/api/v1/products/" + pbx + "/prices",
                             R"({"price":"2799.00","effective_from":"2027-01-01T00:00:00+03:00"})");
  ASSERT_EQ(changed.status, 201) << changed.body;
  product = ParseObject(changed.body);
  EXPECT_EQ(product.at("price"), "2499.99");
  EXPECT_EQ(product.at("prices").as_array().size(), 2U);
  // The past is never repriced.
  auto past = staff->Json("POST", "/api/v1/products/" + pbx + "/prices",
                          R"({"price":"1.00","effective_from":"2026-11-01T00:00:00+03:00"})");
  EXPECT_EQ(past.status, 422) << past.body;
  EXPECT_EQ(ProblemFields(past), std::vector<std::string>{"effective_from"});

  // Agents and clients read the catalogue; only staff change it.
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  auto client = SignedIn(kClientEmail, kClientPassword);
  EXPECT_EQ(agent->Get("/api/v1/products").status, 200);
  EXPECT_EQ(client->Get("/api/v1/products/" + pbx).status, 200);
  EXPECT_EQ(agent->Json("POST", "/api/v1/products", kPbx).status, 403);
  EXPECT_EQ(client->Json("PATCH", "/api/v1/products/" + pbx, R"({"active":false})").status, 403);
  EXPECT_EQ(Client()->Get("/api/v1/products").status, 401);

  // Withdrawn from sale: staff still see it, nobody else does.
  ASSERT_EQ(staff->Json("PATCH", "/api/v1/products/" + pbx, R"({"active":false})").status, 200);
  EXPECT_EQ(agent->Get("/api/v1/products/" + pbx).status, 404);
  EXPECT_EQ(ParseObject(agent->Get("/api/v1/products").body).at("items").as_array().size(), 0U);
  EXPECT_EQ(staff->Get("/api/v1/products/" + pbx).status, 200);
  // And it cannot be invoiced any more.
  auto refused =
      staff->Json("POST", "/api/v1/invoices",
                  R"({"client_id":"C1","lines":[{"product_id":")" + pbx + R"(","subscription":"S1"}]})");
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(ProblemFields(refused), std::vector<std::string>{"lines/0/product"});
}

TEST_F(BillingTest, VatIsRoundedPerLineAndNumbersFollowInSequence) {
  const std::string pbx = Product(kPbx);
  // 2499.99 × 16% = 399.9984 → 400.00; 3 × 0.33 = 0.99, × 16% = 0.1584 → 0.16.
  auto invoice =
      Invoice(R"({"client_id":"C1","lines":[{"product_id":")" + pbx +
              R"(","subscription":"S1"},{"description":"SIM cards","category":"software_equipment",)"
              R"("unit_price":"0.33","quantity":3}]})");
  EXPECT_EQ(invoice.at("number"), "INV-000001");
  EXPECT_EQ(invoice.at("status"), "unpaid");
  const auto& lines = invoice.at("lines").as_array();
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(lines.at(0).at("description"), "Hosted PBX, 10 users");
  EXPECT_EQ(lines.at(0).at("vat"), "400.00");
  EXPECT_EQ(lines.at(1).at("net"), "0.99");
  EXPECT_EQ(lines.at(1).at("vat"), "0.16");
  EXPECT_EQ(invoice.at("net"), "2500.98");
  EXPECT_EQ(invoice.at("vat"), "400.16");
  EXPECT_EQ(invoice.at("total"), "2901.14");
  auto second = Invoice(R"({"client_id":"C2","kind":"top_up","lines":[{"description":"Talk time",)"
                        R"("category":"talk_time","unit_price":"1000.00"}]})");
  EXPECT_EQ(second.at("number"), "INV-000002");
  // A refused invoice takes no number.
  EXPECT_EQ(staff
                ->Json("POST", "/api/v1/invoices",
                       R"({"client_id":"C2","kind":"top_up","lines":[)"
                       R"({"description":"x","category":"setup_fee","unit_price":"1.00"}]})")
                .status,
            422);
  auto third = Invoice(
      R"({"client_id":"C2","lines":[{"description":"Deposit","category":"deposit","unit_price":"10000.00"}]})");
  EXPECT_EQ(third.at("number"), "INV-000003");
  EXPECT_EQ(third.at("vat"), "0.00") << "a refundable deposit carries no VAT";
}

TEST_F(BillingTest, APaymentReachesTheEngineOnceAndAReplayChangesNothing) {
  const std::string pbx = Product(kPbx);
  auto invoice = Invoice(
      R"({"client_id":"C1","lines":[{"product_id":")" + pbx +
      R"(","subscription":"S1"},{"description":"Installation","category":"setup_fee","unit_price":"5000.00"}]})");
  const std::string id(invoice.at("id").as_string());
  EXPECT_TRUE(Commissions("B1").empty());

  const std::string payment = R"({"method":"mpesa","reference":"QK71ZP3XYZ","amount":"8699.99"})";
  auto paid = staff->Json("POST", "/api/v1/invoices/" + id + "/payments", payment);
  ASSERT_EQ(paid.status, 201) << paid.body;
  EXPECT_EQ(ParseObject(paid.body).at("invoice").at("status"), "paid");
  auto commissions = Commissions("B1");
  ASSERT_EQ(commissions.size(), 2U);
  std::map<std::string, std::string> by_line;
  for (const auto& commission : commissions) {
    EXPECT_EQ(commission.at("invoice").as_string(), id);
    by_line[std::string(commission.at("line").as_string())] =
        std::string(commission.at("amount").as_string());
  }
  // Bronze: 5% of the net subscription (2499.99 → 125.00), 10% of the setup fee.
  EXPECT_EQ(by_line["1"], "125.00");
  EXPECT_EQ(by_line["2"], "500.00");

  // The same payment again: answered as the first, nothing new.
  const std::string before = Snapshot();
  auto replay = staff->Json("POST", "/api/v1/invoices/" + id + "/payments", payment);
  ASSERT_EQ(replay.status, 200) << replay.body;
  EXPECT_EQ(ParseObject(replay.body).at("replayed"), true);
  EXPECT_EQ(Snapshot(), before);
  // Another payment of a paid invoice is a conflict.
  auto twice = staff->Json("POST", "/api/v1/invoices/" + id + "/payments",
                           R"({"method":"bank","reference":"EQ-2026-771","amount":"8699.99"})");
  EXPECT_EQ(twice.status, 409) << twice.body;
  // The same receipt on another invoice is a conflict too.
  auto other = Invoice(
      R"({"client_id":"C2","lines":[{"description":"Talk","category":"talk_time","unit_price":"10.00"}]})");
  const std::string with_other = Snapshot();
  auto reused =
      staff->Json("POST", "/api/v1/invoices/" + std::string(other.at("id").as_string()) + "/payments",
                  R"({"method":"mpesa","reference":"QK71ZP3XYZ","amount":"11.60"})");
  EXPECT_EQ(reused.status, 409) << reused.body;
  EXPECT_EQ(Snapshot(), with_other);

  // The audit log has who recorded it.
  auto audit = ParseObject(staff->Get("/api/v1/audit-log?action=payment_recorded").body);
  ASSERT_EQ(audit.at("items").as_array().size(), 1U);
  EXPECT_EQ(audit.at("items").at(0).at("subject").as_string(), "invoice:" + id);
}

TEST_F(BillingTest, ACreditNoteReversesTheCommissionProportionally) {
  auto invoice = Invoice(R"({"client_id":"C1","lines":[{"description":"Installation","category":"setup_fee",)"
                         R"("unit_price":"3333.33"}]})");
  const std::string id(invoice.at("id").as_string());
  // Crediting an unpaid invoice is refused: it is cancelled instead.
  auto unpaid = staff->Json("POST", "/api/v1/invoices/" + id + "/credit-notes",
                            R"({"reason":"r","lines":[{"line":"1","amount":"1.00"}]})");
  EXPECT_EQ(unpaid.status, 409) << unpaid.body;
  ASSERT_EQ(staff
                ->Json("POST", "/api/v1/invoices/" + id + "/payments",
                       R"({"method":"bank","reference":"EQ-1","amount":"3866.66"})")
                .status,
            201);
  ASSERT_EQ(Commissions("B1").at(0).at("amount"), "333.33");

  // A third of the line: commission(3333.33) − commission(2222.22) = 333.33 − 222.22.
  auto first =
      staff->Json("POST", "/api/v1/invoices/" + id + "/credit-notes",
                  R"({"reason":"one of three handsets returned","lines":[{"line":"1","amount":"1111.11"}]})");
  ASSERT_EQ(first.status, 201) << first.body;
  auto credited = ParseObject(first.body);
  EXPECT_EQ(credited.at("status"), "partly_refunded");
  EXPECT_EQ(credited.at("credit_notes").at(0).at("number"), "CN-000001");
  // VAT follows: vat(3333.33) − vat(2222.22) = 533.33 − 355.56.
  EXPECT_EQ(credited.at("credit_notes").at(0).at("total"), "1288.88");
  EXPECT_EQ(Commissions("B1").at(0).at("reversed"), "111.11");

  // More than is left is refused, and nothing changes.
  const std::string before = Snapshot();
  auto too_much = staff->Json("POST", "/api/v1/invoices/" + id + "/credit-notes",
                              R"({"reason":"r","lines":[{"line":"1","amount":"2222.23"}]})");
  EXPECT_EQ(too_much.status, 422) << too_much.body;
  EXPECT_EQ(ProblemFields(too_much), std::vector<std::string>{"lines/0/amount"});
  EXPECT_EQ(Snapshot(), before);

  // The rest: the line is credited in full, its commission and VAT exactly.
  auto rest = staff->Json("POST", "/api/v1/invoices/" + id + "/credit-notes",
                          R"({"reason":"all returned","lines":[{"line":"1","amount":"2222.22"}]})");
  ASSERT_EQ(rest.status, 201) << rest.body;
  credited = ParseObject(rest.body);
  EXPECT_EQ(credited.at("status"), "refunded");
  EXPECT_EQ(credited.at("credited"), credited.at("total"));
  EXPECT_EQ(Commissions("B1").at(0).at("reversed"), "333.33");
  EXPECT_EQ(Commissions("B1").at(0).at("state"), "reversed");
}

TEST_F(BillingTest, BadInputIsRefusedByNameAndChangesNothing) {
  const std::string pbx = Product(kPbx);
  auto invoice = Invoice(
      R"({"client_id":"C1","lines":[{"description":"Work","category":"training_oos","unit_price":"100.00"}]})");
  const std::string id(invoice.at("id").as_string());
  const std::string before = Snapshot();
  struct Case {
    const char* method;
    std::string path, body;
    int status;
    std::vector<std::string> fields;
  };
  const std::vector<Case> cases{
      {"POST",
       "/api/v1/products",
       R"({"name":"X","category":"addon","cycle":"monthly","price":"-1.00"})",
       422,
       {"price"}},
      {"POST",
       "/api/v1/products",
       R"({"name":"X","category":"addon","cycle":"monthly","price":"1.001"})",
       422,
       {"price"}},
      {"POST",
       "/api/v1/products",
       R"({"name":"X","category":"addon","cycle":"monthly","price":12.5})",
       422,
       {"price"}},
      {"POST", "/api/v1/products", R"({"name":"X","category":"addon","cycle":"monthly"})", 422, {"price"}},
      {"POST",
       "/api/v1/products",
       R"({"name":"","category":"phones","cycle":"weekly","price":"1.00"})",
       422,
       {"name", "category", "cycle"}},
      {"POST",
       "/api/v1/products",
       R"({"name":"X","category":"managed_subscription","cycle":"one_off","price":"1.00"})",
       422,
       {"cycle"}},
      {"POST",
       "/api/v1/products",
       R"({"name":"X","category":"addon","cycle":"monthly","price":"1.00","vat_bp":10001})",
       422,
       {"vat_bp"}},
      {"POST",
       "/api/v1/products",
       R"({"name":"X","category":"addon","cycle":"monthly","price":"1.00","colour":"red"})",
       422,
       {"colour"}},
      {"POST", "/api/v1/products/" + pbx + "/prices", R"({"price":"0.005"})", 422, {"price"}},
      {"POST", "/api/v1/products/prd_none/prices", R"({"price":"1.00"})", 404, {}},
      {"POST",
       "/api/v1/invoices",
       R"({"client_id":"NOBODY","lines":[{"description":"x","category":"addon","unit_price":"1.00"}]})",
       404,
       {}},
      {"POST", "/api/v1/invoices", R"({"client_id":"C1","lines":[]})", 422, {"lines"}},
      {"POST",
       "/api/v1/invoices",
       R"({"client_id":"C1","lines":[{"description":"x","unit_price":"1.00"}]})",
       422,
       {"lines/0/category"}},
      {"POST",
       "/api/v1/invoices",
       R"({"client_id":"C1","lines":[{"description":"x","category":"managed_subscription","unit_price":"1.00"}]})",
       422,
       {"lines/0/subscription"}},
      {"POST",
       "/api/v1/invoices",
       R"({"client_id":"C1","lines":[{"description":"x","category":"addon","unit_price":"-1.00"}]})",
       422,
       {"lines/0/unit_price"}},
      {"POST",
       "/api/v1/invoices",
       R"({"client_id":"C1","lines":[{"description":"x","category":"addon","unit_price":"1.00","quantity":0}]})",
       422,
       {"lines/0/quantity"}},
      {"POST",
       "/api/v1/invoices",
       R"({"client_id":"C1","lines":[{"description":"x","category":"addon","unit_price":"999999999999.99","quantity":2}]})",
       422,
       {"lines/0/quantity"}},
      {"POST",
       "/api/v1/invoices/" + id + "/payments",
       R"({"method":"mpesa","reference":"QK71ZP3XYZ","amount":"100.00"})",
       422,
       {"amount"}},
      {"POST",
       "/api/v1/invoices/" + id + "/payments",
       R"({"method":"mpesa","reference":"qk71","amount":"116.00"})",
       422,
       {"reference"}},
      {"POST",
       "/api/v1/invoices/" + id + "/payments",
       R"({"method":"cash","reference":"X","amount":"116.00"})",
       422,
       {"method"}},
      {"POST",
       "/api/v1/invoices/" + id + "/payments",
       R"({"method":"bank","reference":"EQ-9","amount":"116.00","paid_at":"2027-01-01T00:00:00+03:00"})",
       422,
       {"paid_at"}},
      {"POST",
       "/api/v1/invoices/inv_none/payments",
       R"({"method":"bank","reference":"EQ-9","amount":"116.00"})",
       404,
       {}},
      {"POST",
       "/api/v1/invoices/" + id + "/credit-notes",
       R"({"reason":"r","lines":[{"line":"1","amount":"1.00"}]})",
       409,
       {}},
      {"POST", "/api/v1/invoices/" + id + "/cancel", R"({"reason":""})", 422, {"reason"}},
      {"GET", "/api/v1/invoices?status=late", "", 422, {"status"}},
      {"GET", "/api/v1/invoices?limit=0", "", 422, {"limit"}},
  };
  for (const auto& c : cases) {
    auto response = staff->Json(c.method, c.path, c.body);
    EXPECT_EQ(response.status, c.status)
        << c.method << " " << c.path << " " << c.body << " → " << response.body;
    if (!c.fields.empty() && response.status == 422) {
      EXPECT_EQ(ProblemFields(response), c.fields) << c.body;
    }
  }
  EXPECT_EQ(Snapshot(), before);

  // Cancelled: it can no longer be paid, and a paid invoice cannot be cancelled.
  ASSERT_EQ(staff->Json("POST", "/api/v1/invoices/" + id + "/cancel", R"({"reason":"issued twice"})").status,
            200);
  EXPECT_EQ(staff
                ->Json("POST", "/api/v1/invoices/" + id + "/payments",
                       R"({"method":"bank","reference":"EQ-9","amount":"116.00"})")
                .status,
            409);
  EXPECT_EQ(ParseObject(staff->Get("/api/v1/invoices/" + id).body).at("status"), "cancelled");
}

TEST_F(BillingTest, EachSeesOnlyTheInvoicesItMaySee) {
  // The demo client CL-DEMO is AG-DEMO's; CL-KAREN is AG-LAKESIDE's.
  auto own = Invoice(
      R"({"client_id":"CL-DEMO","lines":[{"description":"x","category":"addon","unit_price":"1.00"}]})");
  auto others = Invoice(
      R"({"client_id":"CL-KAREN","lines":[{"description":"x","category":"addon","unit_price":"1.00"}]})");
  const std::string own_id(own.at("id").as_string());
  const std::string other_id(others.at("id").as_string());
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  auto client = SignedIn(kClientEmail, kClientPassword);
  EXPECT_EQ(client->Get("/api/v1/invoices/" + own_id).status, 200);
  EXPECT_EQ(client->Get("/api/v1/invoices/" + other_id).status, 404);
  EXPECT_EQ(client->Get("/api/v1/clients/CL-DEMO/invoices").status, 200);
  EXPECT_EQ(client->Get("/api/v1/clients/CL-KAREN/invoices").status, 404);
  EXPECT_EQ(client->Get("/api/v1/invoices").status, 403);
  EXPECT_EQ(agent->Get("/api/v1/invoices/" + own_id).status, 200);
  EXPECT_EQ(agent->Get("/api/v1/invoices/" + other_id).status, 404);
  EXPECT_EQ(agent->Get("/api/v1/clients/CL-KAREN/invoices").status, 404);
  auto listed = ParseObject(client->Get("/api/v1/clients/CL-DEMO/invoices").body);
  ASSERT_EQ(listed.at("items").as_array().size(), 1U);
  EXPECT_EQ(listed.at("items").at(0).at("id").as_string(), own_id);
  // Only staff record payments, credit and cancel.
  const std::string pay = R"({"method":"bank","reference":"EQ-5","amount":"1.16"})";
  EXPECT_EQ(client->Json("POST", "/api/v1/invoices/" + own_id + "/payments", pay).status, 403);
  EXPECT_EQ(agent->Json("POST", "/api/v1/invoices/" + own_id + "/payments", pay).status, 403);
  EXPECT_EQ(agent->Json("POST", "/api/v1/invoices/" + own_id + "/cancel", R"({"reason":"x"})").status, 403);

  // Signed in as its client, the agent reads the client's invoices (granted
  // by default) and nothing staff do; each request is audited for both.
  auto acting = agent->Json("POST", "/api/v1/clients/CL-DEMO/impersonations", "{}");
  ASSERT_EQ(acting.status, 201) << acting.body;
  agent->csrf_token = std::string(ParseObject(acting.body).at("csrf_token").as_string());
  EXPECT_EQ(agent->Get("/api/v1/clients/CL-DEMO/invoices").status, 200);
  EXPECT_EQ(agent->Get("/api/v1/invoices/" + own_id).status, 200);
  EXPECT_EQ(agent->Get("/api/v1/invoices/" + other_id).status, 404);
  EXPECT_EQ(agent->Get("/api/v1/products").status, 200);
  EXPECT_EQ(agent->Json("POST", "/api/v1/invoices/" + own_id + "/payments", pay).status, 403);
  const auto audit = ParseObject(staff->Get("/api/v1/audit-log?action=impersonated_request&limit=100").body);
  bool read_audited = false;
  for (const auto& entry : audit.at("items").as_array()) {
    read_audited |= entry.at("on_behalf_of") == "client:CL-DEMO" &&
                    entry.at("detail").at("path") == boost::json::value("/api/v1/invoices/" + own_id);
  }
  EXPECT_TRUE(read_audited);
}

// The payment gateway's webhook: signed with a billing:write key, it pays the
// invoice its number names, once; the engine sees it as staff-recorded.
TEST_F(BillingTest, APaymentNotificationIsSignedAndRecordedOnce) {
  const std::string pbx = Product(kPbx);
  auto invoice =
      Invoice(R"({"client_id":"C1","lines":[{"product_id":")" + pbx + R"(","subscription":"S1"}]})");
  const std::string number(invoice.at("number").as_string());
  auto created = staff->Json("POST", "/api/v1/api-keys", R"({"name":"paybill","scopes":["billing:write"]})");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto key = ParseObject(created.body);
  const std::string token(key.at("key").as_string());
  const std::string secret(key.at("signing_secret").as_string());
  auto gateway = Client();
  const auto notify = [&](const std::string& body, long long at, const std::string& signing_secret) {
    return PostSigned(*gateway, "/api/v1/payment-notifications", token, signing_secret, body, at);
  };
  const std::string paid = R"({"invoice":")" + number +
                           R"(","method":"mpesa","reference":"QK71ZP3XYZ","amount":")" +
                           std::string(invoice.at("total").as_string()) + "\"}";
  const std::string before = Snapshot();
  // Unsigned, forged, stale, or from a key without the scope: refused, nothing recorded.
  gateway->bearer = token;
  EXPECT_EQ(gateway->Json("POST", "/api/v1/payment-notifications", paid).status, 401);
  EXPECT_EQ(notify(paid, UnixNow(), "not-the-secret").status, 401);
  EXPECT_EQ(notify(paid, UnixNow() - 3600, secret).status, 401);
  auto reader =
      ParseObject(staff->Json("POST", "/api/v1/api-keys", R"({"name":"r","scopes":["read"]})").body);
  EXPECT_EQ(PostSigned(*Client(), "/api/v1/payment-notifications", std::string(reader.at("key").as_string()),
                       std::string(reader.at("signing_secret").as_string()), paid, UnixNow())
                .status,
            403);
  // A wrong amount or an unknown invoice.
  auto short_paid =
      notify(R"({"invoice":")" + number + R"(","method":"mpesa","reference":"QK71ZP3XYA","amount":"1.00"})",
             UnixNow(), secret);
  EXPECT_EQ(short_paid.status, 422) << short_paid.body;
  EXPECT_EQ(notify(R"({"invoice":"INV-999999","method":"mpesa","reference":"QK71ZP3XYB","amount":"1.00"})",
                   UnixNow(), secret)
                .status,
            404);
  EXPECT_EQ(Snapshot(), before);

  auto recorded = notify(paid, UnixNow(), secret);
  ASSERT_EQ(recorded.status, 201) << recorded.body;
  EXPECT_EQ(ParseObject(recorded.body).at("status").as_string(), "recorded");
  auto replayed = notify(paid, UnixNow(), secret);
  EXPECT_EQ(replayed.status, 200) << replayed.body;
  EXPECT_EQ(ParseObject(replayed.body).at("status").as_string(), "duplicate");
  const std::string id(invoice.at("id").as_string());
  const auto shown = ParseObject(staff->Get("/api/v1/invoices/" + id).body);
  EXPECT_EQ(shown.at("status").as_string(), "paid");
  EXPECT_EQ(shown.at("payments").as_array().size(), 1U);
  EXPECT_EQ(Commissions("B1").size(), 1U) << "the subscription line, once";
}

TEST_F(BillingTest, InvoicesPageNewestFirstAndFilterByStatus) {
  std::vector<std::string> ids;
  ids.reserve(5);
  for (int i = 0; i < 5; ++i) {
    ids.emplace_back(
        Invoice(R"({"client_id":"C2","lines":[{"description":"x","category":"addon","unit_price":"1.00"}]})")
            .at("id")
            .as_string());
  }
  ASSERT_EQ(staff
                ->Json("POST", "/api/v1/invoices/" + ids[1] + "/payments",
                       R"({"method":"bank","reference":"EQ-7","amount":"1.16"})")
                .status,
            201);
  auto page = ParseObject(staff->Get("/api/v1/invoices?limit=2").body);
  ASSERT_EQ(page.at("items").as_array().size(), 2U);
  EXPECT_EQ(page.at("items").at(0).at("id").as_string(), ids[4]);
  const std::string cursor(page.at("next_cursor").as_string());
  auto next = ParseObject(staff->Get("/api/v1/invoices?limit=2&cursor=" + cursor).body);
  EXPECT_EQ(next.at("items").at(0).at("id").as_string(), ids[2]);
  auto paid = ParseObject(staff->Get("/api/v1/invoices?status=paid").body);
  ASSERT_EQ(paid.at("items").as_array().size(), 1U);
  EXPECT_EQ(paid.at("items").at(0).at("id").as_string(), ids[1]);
  EXPECT_EQ(ParseObject(staff->Get("/api/v1/invoices?status=unpaid&client_id=C2").body)
                .at("items")
                .as_array()
                .size(),
            4U);
  // Due in 14 days: none overdue yet; after the due date all four are.
  EXPECT_EQ(ParseObject(staff->Get("/api/v1/invoices?status=overdue").body).at("items").as_array().size(),
            0U);
  SetProgramTime("2026-12-21T12:00:00+03:00");
  auto overdue = ParseObject(staff->Get("/api/v1/invoices?status=overdue").body);
  EXPECT_EQ(overdue.at("items").as_array().size(), 4U);
  EXPECT_EQ(overdue.at("items").at(0).at("status"), "overdue");
}

}  // namespace
}  // namespace wakala::testing

namespace wakala::testing {
namespace {

// Orders, services and the renewal schedule, with two servers on one
// database both running the scheduler every second on a clock the test moves.
class OrdersTest : public ApiTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    auto environment = FixedProgramTime("2027-01-05T12:00:00+03:00");
    environment["WAKALA_ENGINE_SCHEDULER_INTERVAL"] = "1";
    return environment;
  }
  // After the demo's fourth quarter closed (the advance runs the close before
  // B1 joins), the demo client CL-DEMO, whose user places orders, is B1's, a
  // bronze agent, for the whole first quarter.
  std::string History() const override {
    return R"({"type":"advance","at":"2027-01-02T00:00:00+03:00"}
{"type":"add_agent","at":"2027-01-02T00:00:00+03:00","id":"B1","tier":"bronze","sip_trunk_active":true,"agreement_signed":true}
{"type":"associate","at":"2027-01-02T00:00:00+03:00","client":"CL-DEMO","agent":"B1","source":"staff_assignment"}
)";
  }

  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    second = std::make_unique<ServerProcess>(database->url(), ServerEnvironment());
    staff = SignedIn(kStaffEmail, kStaffPassword);
  }

  void TearDown() override {
    if (HasFailure() && second) std::cerr << "--- second server log ---\n" << second->Log() << "\n";
    ApiTest::TearDown();
  }

  // CL-DEMO's invoices of `kind`, newest first.
  std::vector<boost::json::object> InvoicesOfKind(const std::string& kind) {
    std::vector<boost::json::object> found;
    const auto page = ParseObject(staff->Get("/api/v1/clients/CL-DEMO/invoices").body);
    for (const auto& item : page.at("items").as_array()) {
      if (item.at("kind") == boost::json::value(kind)) found.push_back(item.as_object());
    }
    return found;
  }
  // Waits (up to 15 s) until `ready` holds; the schedulers run every second.
  template <class Ready>
  bool Eventually(Ready ready) {
    for (int i = 0; i < 75; ++i) {
      if (ready()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return ready();
  }
  boost::json::object Service() {
    return ParseObject(staff->Get("/api/v1/clients/CL-DEMO/services").body).at("items").at(0).as_object();
  }
  void Pay(const boost::json::object& invoice, const std::string& reference) {
    auto paid =
        staff->Json("POST", "/api/v1/invoices/" + std::string(invoice.at("id").as_string()) + "/payments",
                    R"({"method":"mpesa","reference":")" + reference + R"(","amount":")" +
                        std::string(invoice.at("total").as_string()) + R"("})");
    ASSERT_EQ(paid.status, 201) << paid.body;
  }
  std::size_t EmailsToClient(const std::string& subject_start) {
    auto db = storage::Database::Open(database->url(), 1);
    std::size_t count = 0;
    EXPECT_TRUE((*db)->Read([&](soci::session& session) -> Result<void> {
      for (const auto& email : storage::SqlAgentStore(session).ListEmailsTo(kClientEmail)) {
        count += email.subject.rfind(subject_start, 0) == 0 ? 1 : 0;
      }
      return {};
    }));
    return count;
  }

  std::unique_ptr<ServerProcess> second;
  std::unique_ptr<HttpClient> staff;
};

TEST_F(OrdersTest, AnOrderStartsAServiceThatRenewsRemindsAndSuspendsOnce) {
  auto product = staff->Json("POST", "/api/v1/products",
                             R"({"name":"Cloud PBX","category":"managed_subscription","cycle":"monthly",)"
                             R"("price":"2000.00","setup_fee":"1000.00"})");
  ASSERT_EQ(product.status, 201) << product.body;
  const std::string product_id(ParseObject(product.body).at("id").as_string());

  // The client orders; another client's account cannot be ordered for.
  auto client = SignedIn(kClientEmail, kClientPassword);
  auto ordered = client->Json("POST", "/api/v1/clients/CL-DEMO/orders",
                              R"({"lines":[{"product_id":")" + product_id + R"("}]})");
  ASSERT_EQ(ordered.status, 201) << ordered.body;
  const auto order = ParseObject(ordered.body);
  const std::string service_id(order.at("services").at(0).at("id").as_string());
  EXPECT_EQ(order.at("services").at(0).at("state"), "pending");
  const auto& first = order.at("invoice").as_object();
  EXPECT_EQ(first.at("kind"), "order");
  ASSERT_EQ(first.at("lines").as_array().size(), 2U);
  EXPECT_EQ(first.at("lines").at(0).at("subscription").as_string(), service_id);
  EXPECT_EQ(first.at("lines").at(1).at("category"), "setup_fee");
  EXPECT_EQ(first.at("total"), "3480.00");
  EXPECT_EQ(client
                ->Json("POST", "/api/v1/clients/CL-KAREN/orders",
                       R"({"lines":[{"product_id":")" + product_id + R"("}]})")
                .status,
            404);
  EXPECT_EQ(client->Get("/api/v1/clients/CL-KAREN/services").status, 404);

  // Paid: the service starts, due again in a month; B1 (bronze) earns 5% and 10%.
  Pay(first, "QK00000001");
  auto service = Service();
  EXPECT_EQ(service.at("state"), "active");
  EXPECT_EQ(service.at("next_due"), "2027-02-05");
  const std::string first_id(first.at("id").as_string());
  auto earned = ParseObject(staff->Get("/api/v1/agents/B1/commissions?client=CL-DEMO").body);
  std::map<std::string, std::string> on_first;
  for (const auto& item : earned.at("items").as_array()) {
    if (item.at("invoice") == boost::json::value(first_id)) {
      on_first[std::string(item.at("line").as_string())] = std::string(item.at("amount").as_string());
    }
  }
  EXPECT_EQ(on_first["1"], "100.00");
  EXPECT_EQ(on_first["2"], "100.00");

  // A week ahead of the period the renewal is issued, once between two servers.
  SetProgramTime("2027-01-29T12:00:00+03:00");
  ASSERT_TRUE(Eventually([&] { return InvoicesOfKind("renewal").size() == 1; }));
  std::this_thread::sleep_for(std::chrono::seconds(2));  // both schedulers have run again
  auto renewals = InvoicesOfKind("renewal");
  ASSERT_EQ(renewals.size(), 1U);
  EXPECT_EQ(renewals[0].at("due_at"), "2027-02-04T21:00:00Z");
  EXPECT_EQ(renewals[0].at("total"), "2320.00");
  EXPECT_EQ(renewals[0].at("lines").at(0).at("subscription").as_string(), service_id);

  // Paying it earns the recurring commission and moves the due day on.
  Pay(renewals[0], "QK00000002");
  EXPECT_EQ(Service().at("next_due"), "2027-03-05");
  earned = ParseObject(staff->Get("/api/v1/agents/B1/commissions?client=CL-DEMO&limit=500").body);
  bool recurring = false;
  for (const auto& item : earned.at("items").as_array()) {
    recurring |= item.at("invoice").as_string() == renewals[0].at("id").as_string() &&
                 item.at("amount").as_string() == "100.00";
  }
  EXPECT_TRUE(recurring);

  // The next renewal goes unpaid: reminded before and after, then suspended.
  SetProgramTime("2027-03-02T12:00:00+03:00");
  ASSERT_TRUE(Eventually([&] { return EmailsToClient("Reminder: invoice") == 1; }));
  SetProgramTime("2027-03-20T12:00:00+03:00");
  ASSERT_TRUE(Eventually([&] { return Service().at("state") == "suspended"; })) << Service();
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(InvoicesOfKind("renewal").size(), 2U);
  EXPECT_EQ(EmailsToClient("Reminder: invoice"), 1U);
  EXPECT_EQ(EmailsToClient("Overdue: invoice"), 1U);
  EXPECT_EQ(EmailsToClient("Suspended: "), 1U);
  const auto notices = ParseObject(staff->Get("/api/v1/agents/B1/notifications").body).at("items").as_array();
  std::set<std::string> kinds;
  for (const auto& notice : notices) kinds.emplace(notice.at("kind").as_string());
  EXPECT_TRUE(kinds.contains("invoice_overdue"));
  EXPECT_TRUE(kinds.contains("service_state_changed"));

  // Paying the overdue renewal restores the service.
  Pay(InvoicesOfKind("renewal").at(0), "QK00000003");
  service = Service();
  EXPECT_EQ(service.at("state"), "active");
  EXPECT_EQ(service.at("next_due"), "2027-04-05");
}

// Orders are listed newest first, a page at a time: staff everyone's, a
// client its own; nobody another's.
TEST_F(OrdersTest, OrdersAreListedNewestFirstForThoseWhoMaySeeThem) {
  auto product = staff->Json(
      "POST", "/api/v1/products",
      R"({"name":"Headset","category":"software_equipment","cycle":"one_off","price":"1500.00"})");
  ASSERT_EQ(product.status, 201) << product.body;
  const std::string product_id(ParseObject(product.body).at("id").as_string());
  auto client = SignedIn(kClientEmail, kClientPassword);
  std::vector<std::string> placed;
  for (int i = 1; i <= 3; ++i) {
    auto ordered = client->Json(
        "POST", "/api/v1/clients/CL-DEMO/orders",
        R"({"lines":[{"product_id":")" + product_id + R"(","quantity":)" + std::to_string(i) + "}]}");
    ASSERT_EQ(ordered.status, 201) << ordered.body;
    placed.emplace_back(ParseObject(ordered.body).at("id").as_string());
  }
  // Page by page (one at a time), newest first, each once.
  std::vector<std::string> seen;
  std::string cursor;
  for (int page = 0; page < 5; ++page) {
    auto listed = staff->Get("/api/v1/orders?limit=1" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(listed.status, 200) << listed.body;
    const auto body = ParseObject(listed.body);
    for (const auto& item : body.at("items").as_array()) seen.emplace_back(item.at("id").as_string());
    if (body.at("next_cursor").is_null()) break;
    cursor = std::string(body.at("next_cursor").as_string());
  }
  EXPECT_EQ(seen, (std::vector<std::string>{placed[2], placed[1], placed[0]}));
  const auto mine = ParseObject(client->Get("/api/v1/clients/CL-DEMO/orders").body);
  ASSERT_EQ(mine.at("items").as_array().size(), 3U);
  EXPECT_EQ(mine.at("items").at(0).at("total").as_string(), "5220.00");  // 3 × 1500.00 + 16% VAT
  EXPECT_FALSE(mine.at("items").at(0).at("invoice_paid").as_bool());
  EXPECT_EQ(client->Get("/api/v1/orders").status, 403);
  EXPECT_EQ(client->Get("/api/v1/clients/CL-KAREN/orders").status, 404);
  EXPECT_EQ(SignedIn(kAgentEmail, kAgentPassword)->Get("/api/v1/clients/CL-DEMO/orders").status, 404)
      << "CL-DEMO is B1's here";
  EXPECT_EQ(staff->Get("/api/v1/orders?cursor=nonsense").status, 422);
  EXPECT_EQ(staff->Get("/api/v1/orders?limit=0").status, 422);
}

TEST_F(OrdersTest, StaffChangeAServiceOnlyAlongItsLifecycle) {
  auto product =
      staff->Json("POST", "/api/v1/products",
                  R"({"name":"SIP trunk","category":"talk_time","cycle":"monthly","price":"500.00"})");
  const std::string product_id(ParseObject(product.body).at("id").as_string());
  auto ordered = staff->Json("POST", "/api/v1/clients/CL-DEMO/orders",
                             R"({"lines":[{"product_id":")" + product_id + R"(","quantity":2}]})");
  ASSERT_EQ(ordered.status, 201) << ordered.body;
  const std::string service_id(ParseObject(ordered.body).at("services").at(0).at("id").as_string());
  const std::string path = "/api/v1/services/" + service_id + "/state";
  EXPECT_EQ(staff->Json("POST", path, R"({"state":"suspended","reason":"r"})").status, 409) << "pending";
  EXPECT_EQ(staff->Json("POST", path, R"({"state":"pending","reason":"r"})").status, 422);
  EXPECT_EQ(staff->Json("POST", path, R"({"state":"active","reason":""})").status, 422);
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  EXPECT_EQ(agent->Json("POST", path, R"({"state":"cancelled","reason":"r"})").status, 403);
  auto active = staff->Json("POST", path, R"({"state":"active","reason":"provisioned by hand"})");
  ASSERT_EQ(active.status, 200) << active.body;
  EXPECT_EQ(ParseObject(active.body).at("next_due"), "2027-02-05");
  ASSERT_EQ(staff->Json("POST", path, R"({"state":"cancelled","reason":"client left"})").status, 200);
  EXPECT_EQ(staff->Json("POST", path, R"({"state":"active","reason":"r"})").status, 409);
  EXPECT_EQ(
      staff->Json("POST", "/api/v1/services/svc_none/state", R"({"state":"active","reason":"r"})").status,
      404);
  // Bad orders change nothing.
  const auto before = staff->Get("/api/v1/clients/CL-DEMO/services").body;
  EXPECT_EQ(staff->Json("POST", "/api/v1/clients/CL-DEMO/orders", R"({"lines":[]})").status, 422);
  EXPECT_EQ(staff->Json("POST", "/api/v1/clients/CL-DEMO/orders", R"({"lines":[{"product_id":"prd_none"}]})")
                .status,
            422);
  EXPECT_EQ(staff
                ->Json("POST", "/api/v1/clients/CL-DEMO/orders",
                       R"({"lines":[{"product_id":")" + product_id + R"(","quantity":0}]})")
                .status,
            422);
  EXPECT_EQ(staff
                ->Json("POST", "/api/v1/clients/NOBODY/orders",
                       R"({"lines":[{"product_id":")" + product_id + R"("}]})")
                .status,
            404);
  EXPECT_EQ(staff->Get("/api/v1/clients/CL-DEMO/services").body, before);
}

}  // namespace
}  // namespace wakala::testing

namespace wakala::testing {
namespace {

class TicketsTest : public ApiTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    return FixedProgramTime("2026-12-06T12:00:00+03:00");
  }
};

TEST_F(TicketsTest, AClientAndItsAgentSignedInAsItOpenTicketsStaffAnswerBothIdentitiesKept) {
  auto client = SignedIn(kClientEmail, kClientPassword);
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  auto opened = client->Json("POST", "/api/v1/clients/CL-DEMO/tickets",
                             R"({"subject":"No dial tone","department":"technical","body":"Since 9am."})");
  ASSERT_EQ(opened.status, 201) << opened.body;
  auto ticket = ParseObject(opened.body);
  const std::string id(ticket.at("id").as_string());
  EXPECT_EQ(ticket.at("number"), "T-000001");
  EXPECT_EQ(ticket.at("status"), "open");
  EXPECT_EQ(ticket.at("messages").at(0).at("author_role"), "client");

  // The agent, signed in as its client, opens one too: both identities kept.
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  EXPECT_EQ(agent->Get("/api/v1/clients/CL-DEMO/tickets").status, 403) << "not in its own panel";
  auto acting = agent->Json("POST", "/api/v1/clients/CL-DEMO/impersonations", "{}");
  ASSERT_EQ(acting.status, 201) << acting.body;
  agent->csrf_token = std::string(ParseObject(acting.body).at("csrf_token").as_string());
  auto for_client =
      agent->Json("POST", "/api/v1/clients/CL-DEMO/tickets",
                  R"({"subject":"Add two extensions","department":"sales","body":"For reception."})");
  ASSERT_EQ(for_client.status, 201) << for_client.body;
  const auto by_agent = ParseObject(for_client.body);
  EXPECT_EQ(by_agent.at("on_behalf_of"), "client:CL-DEMO");
  EXPECT_EQ(by_agent.at("messages").at(0).at("author_role"), "agent");
  EXPECT_NE(by_agent.at("opened_by").as_string().find("user:"), std::string::npos);
  const auto audit =
      ParseObject(staff->Get("/api/v1/audit-log?action=ticket_opened").body).at("items").as_array();
  ASSERT_EQ(audit.size(), 2U);
  EXPECT_EQ(audit[0].at("on_behalf_of"), "client:CL-DEMO");
  EXPECT_TRUE(audit[1].at("on_behalf_of").is_null());

  // Staff answer from the queue; the client replies and it is open again; closed, nobody writes.
  auto queue = ParseObject(staff->Get("/api/v1/tickets?status=open").body).at("items").as_array();
  EXPECT_EQ(queue.size(), 2U);
  auto answered =
      staff->Json("POST", "/api/v1/tickets/" + id + "/replies", R"({"body":"Router restarted."})");
  ASSERT_EQ(answered.status, 201) << answered.body;
  EXPECT_EQ(ParseObject(answered.body).at("status"), "answered");
  auto replied = client->Json("POST", "/api/v1/tickets/" + id + "/replies", R"({"body":"Still down."})");
  EXPECT_EQ(ParseObject(replied.body).at("status"), "open");
  ASSERT_EQ(client->Json("POST", "/api/v1/tickets/" + id + "/close", "{}").status, 200);
  EXPECT_EQ(staff->Json("POST", "/api/v1/tickets/" + id + "/replies", R"({"body":"x"})").status, 409);
  EXPECT_EQ(ParseObject(client->Get("/api/v1/tickets/" + id).body).at("messages").as_array().size(), 3U);

  // The agent was told of both new tickets (its preference is on).
  agent = SignedIn(kAgentEmail, kAgentPassword);
  const auto notices =
      ParseObject(agent->Get("/api/v1/agents/AG-DEMO/notifications").body).at("items").as_array();
  int ticket_notices = 0;
  for (const auto& notice : notices) ticket_notices += notice.at("kind") == "ticket_opened" ? 1 : 0;
  EXPECT_EQ(ticket_notices, 2);

  // Bad input changes nothing; another client's ticket is not found.
  const std::string before = staff->Get("/api/v1/tickets").body;
  EXPECT_EQ(client->Json("POST", "/api/v1/clients/CL-DEMO/tickets", R"({"subject":"","body":"x"})").status,
            422);
  EXPECT_EQ(client
                ->Json("POST", "/api/v1/clients/CL-DEMO/tickets",
                       R"({"subject":"s","department":"kitchen","body":"x"})")
                .status,
            422);
  EXPECT_EQ(client->Json("POST", "/api/v1/clients/CL-DEMO/tickets", R"({"subject":"s","body":"  "})").status,
            422);
  EXPECT_EQ(client->Json("POST", "/api/v1/clients/CL-KAREN/tickets", R"({"subject":"s","body":"x"})").status,
            404);
  EXPECT_EQ(staff->Get("/api/v1/tickets").body, before);
  auto karen =
      staff->Json("POST", "/api/v1/clients/CL-KAREN/tickets", R"({"subject":"s","body":"from staff"})");
  ASSERT_EQ(karen.status, 201);
  const std::string karen_id(ParseObject(karen.body).at("id").as_string());
  EXPECT_EQ(client->Get("/api/v1/tickets/" + karen_id).status, 404);
  EXPECT_EQ(client->Json("POST", "/api/v1/tickets/" + karen_id + "/replies", R"({"body":"x"})").status, 404);
  EXPECT_EQ(client->Get("/api/v1/tickets").status, 403);
}

// Files on tickets: the evidence rules (PDF, PNG, JPEG by content), kept for
// those who see the ticket, refused on a closed one.
TEST_F(TicketsTest, FilesGoOnTicketsForThoseWhoSeeThem) {
  constexpr std::string_view kPdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
  auto client = SignedIn(kClientEmail, kClientPassword);
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  auto opened = client->Json("POST", "/api/v1/clients/CL-DEMO/tickets",
                             R"({"subject":"Invoice query","department":"billing","body":"See the scan."})");
  ASSERT_EQ(opened.status, 201) << opened.body;
  const std::string id(ParseObject(opened.body).at("id").as_string());
  const auto upload = [&](HttpClient& who, const std::string& type, std::string_view bytes) {
    return who.Send("POST", "/api/v1/tickets/" + id + "/attachments", std::string(bytes),
                    {"Content-Type: " + type, "X-CSRF-Token: " + who.csrf_token, "X-File-Name: scan.pdf"});
  };
  auto attached = upload(*client, "application/pdf", kPdf);
  ASSERT_EQ(attached.status, 201) << attached.body;
  const auto ticket = ParseObject(attached.body);
  const auto& message = ticket.at("messages").as_array().back();
  ASSERT_EQ(message.at("attachments").as_array().size(), 1U);
  const auto& file = message.at("attachments").at(0);
  EXPECT_EQ(file.at("name").as_string(), "scan.pdf");
  EXPECT_EQ(file.at("size_bytes").as_int64(), static_cast<std::int64_t>(kPdf.size()));
  const std::string url(file.at("url").as_string());

  // Staff and the client download it as it was; another client does not.
  auto downloaded = staff->Get(url);
  ASSERT_EQ(downloaded.status, 200);
  EXPECT_EQ(downloaded.body, std::string(kPdf));
  EXPECT_EQ(downloaded.Header("content-disposition"),
            "attachment; filename=\"scan.pdf\"; filename*=UTF-8''scan.pdf");
  EXPECT_EQ(client->Get(url).status, 200);
  auto other = Client();
  ASSERT_EQ(other
                ->Json("POST", "/api/v1/client-signups",
                       R"({"company":"Other Co","contact_name":"O","email":"o@other.example",)"
                       R"("phone":"+254733999888","password":"other-company-2026"})")
                .status,
            201);
  auto outsider = SignedIn("o@other.example", "other-company-2026");
  EXPECT_EQ(outsider->Get(url).status, 404);
  EXPECT_EQ(upload(*outsider, "application/pdf", kPdf).status, 404);
  EXPECT_EQ(Client()->Get(url).status, 401);

  // What evidence refuses, tickets refuse: a lie about the type, an empty or foreign file.
  EXPECT_EQ(upload(*client, "image/png", kPdf).status, 422);
  EXPECT_EQ(upload(*client, "application/pdf", "").status, 422);
  EXPECT_EQ(upload(*client, "text/html", "<script>alert(1)</script>").status, 415);
  // Large files go up to the upload limit, not the JSON body limit.
  std::string big(std::string(kPdf) + std::string(std::size_t{2} * 1024 * 1024, ' '));
  EXPECT_EQ(upload(*client, "application/pdf", big).status, 201);
  // A closed ticket takes no file.
  ASSERT_EQ(client->Json("POST", "/api/v1/tickets/" + id + "/close", "{}").status, 200);
  EXPECT_EQ(upload(*client, "application/pdf", kPdf).status, 409);
  const auto after = ParseObject(staff->Get("/api/v1/tickets/" + id).body);
  EXPECT_EQ(after.at("messages").as_array().size(), 3U) << "the text and two files";
}

}  // namespace
}  // namespace wakala::testing
