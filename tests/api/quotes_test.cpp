#include <thread>

#include "api_fixture.hpp"

namespace wakala::testing {
namespace {

// Quotes through the real server: the demo agent AG-DEMO (bronze) drafts
// and sends them; its client CL-DEMO, or a prospect through the link its
// email carries, accepts or declines; acceptance places the order at the
// quoted prices, and a prospect becomes the agent's own client.
class QuotesTest : public ApiTest {
 protected:
  // The prospect speaks from its own address (through a trusted proxy): the
  // agent signed in from loopback, and a signup from an address the agent
  // used is a self-referral.
  std::map<std::string, std::string> ServerEnvironment() const override {
    auto environment = FixedProgramTime("2026-12-06T12:00:00+03:00");
    environment["WAKALA_SERVER_TRUST_FORWARDED_FOR"] = "true";
    return environment;
  }
  HttpResponse FromProspect(const std::string& path, const std::string& body) {
    return Client()->Send("POST", path, body,
                          {"Content-Type: application/json", "X-Forwarded-For: 203.0.113.50"});
  }

  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    staff = SignedIn(kStaffEmail, kStaffPassword);
    agent = SignedIn(kAgentEmail, kAgentPassword);
    auto created = staff->Json("POST", "/api/v1/products",
                               R"({"name":"Hosted PBX, 10 users","category":"managed_subscription",)"
                               R"("cycle":"monthly","price":"2499.99","setup_fee":"5000.00"})");
    ASSERT_EQ(created.status, 201) << created.body;
    pbx = std::string(ParseObject(created.body).at("id").as_string());
  }

  // A quote for a prospect with the PBX (and its setup fee) and a free
  // training line: 2899.99 + 5800.00 + 3480.00 = 12179.99 with VAT.
  boost::json::object DraftForProspect(const std::string& email, const std::string& extra = "") {
    auto drafted = agent->Json(
        "POST", "/api/v1/agents/AG-DEMO/quotes",
        R"({"prospect":{"name":"Wanjiku Kamau","company":"Kamau Traders","email":")" + email +
            R"("},"note":"As discussed on Monday.",)" + extra + R"("lines":[{"product_id":")" + pbx +
            R"("},{"description":"On-site training, half a day","category":"training_oos","unit_price":"3000.00"}]})");
    EXPECT_EQ(drafted.status, 201) << drafted.body;
    return ParseObject(drafted.body);
  }
  std::string Send(const boost::json::object& quote) {
    std::string id(quote.at("id").as_string());
    auto sent = agent->Json("POST", "/api/v1/quotes/" + id + "/send", "{}");
    EXPECT_EQ(sent.status, 200) << sent.body;
    return id;
  }
  std::string LinkSecret(const std::string& email) {
    return EmailedSecret(database->url(), email, "/quote#([0-9a-f]{64})");
  }
  HttpResponse AcceptByLink(const std::string& secret, const std::string& phone = "+254722555666") {
    return FromProspect("/api/v1/quote-links/accept", R"({"token":")" + secret + R"(","phone":")" + phone +
                                                          R"(","password":"kamau-traders-2026!"})");
  }
  size_t InvoiceCount() {
    return ParseObject(staff->Get("/api/v1/invoices?limit=500").body).at("items").as_array().size();
  }

  std::unique_ptr<HttpClient> staff, agent;
  std::string pbx;
};

TEST_F(QuotesTest, AProspectAcceptsBecomesTheAgentsClientAndItsPaymentEarnsTheAgentsRate) {
  auto quote = DraftForProspect("wanjiku@kamau.example");
  EXPECT_EQ(quote.at("number").as_string(), "QT-000001");
  EXPECT_EQ(quote.at("status").as_string(), "draft");
  EXPECT_EQ(quote.at("valid_until").as_string(), "2027-01-05") << "30 days by default";
  const auto& lines = quote.at("lines").as_array();
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_EQ(lines.at(0).at("kind").as_string(), "product");
  EXPECT_EQ(lines.at(1).at("kind").as_string(), "setup");
  EXPECT_EQ(lines.at(1).at("net").as_string(), "5000.00");
  EXPECT_EQ(lines.at(2).at("kind").as_string(), "free");
  EXPECT_EQ(lines.at(2).at("performed_by").as_string(), "AG-DEMO") << "the agent's own training work";
  EXPECT_EQ(quote.at("total").as_string(), "12179.99");
  const std::string id = Send(quote);

  // The prospect reads it through its link; a wrong secret finds nothing.
  const std::string secret = LinkSecret("wanjiku@kamau.example");
  ASSERT_FALSE(secret.empty());
  auto looked = Client()->Json("POST", "/api/v1/quote-links/lookup", R"({"token":")" + secret + "\"}");
  ASSERT_EQ(looked.status, 200) << looked.body;
  auto shown = ParseObject(looked.body);
  EXPECT_EQ(shown.at("status").as_string(), "sent");
  EXPECT_EQ(shown.at("agent_name").as_string(), "Nairobi Voice Solutions");
  EXPECT_FALSE(shown.contains("agent_id")) << "the prospect sees the offer, not the program's ids";
  std::string wrong = secret;
  wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
  EXPECT_EQ(Client()->Json("POST", "/api/v1/quote-links/lookup", R"({"token":")" + wrong + "\"}").status,
            404);
  EXPECT_EQ(Client()->Json("POST", "/api/v1/quote-links/lookup", R"({"token":"../../etc"})").status, 404);

  auto accepted = AcceptByLink(secret);
  ASSERT_EQ(accepted.status, 201) << accepted.body;
  auto outcome = ParseObject(accepted.body);
  const std::string client_id(outcome.at("client_id").as_string());
  const std::string invoice_id(outcome.at("invoice_id").as_string());
  EXPECT_EQ(outcome.at("total").as_string(), "12179.99") << "the invoice is the quote, at its prices";
  EXPECT_EQ(outcome.at("quote").at("status").as_string(), "accepted");

  // Accepted again: refused, and nothing new is billed.
  const size_t invoices = InvoiceCount();
  auto again = AcceptByLink(secret);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_NE(again.body.find("accepted already"), std::string::npos) << again.body;
  EXPECT_EQ(InvoiceCount(), invoices);

  // The new client is the agent's own, by its quote.
  auto clients = ParseObject(agent->Get("/api/v1/agents/AG-DEMO/clients").body).at("items").as_array();
  bool found = false;
  for (const auto& row : clients) {
    if (row.at("client_id").as_string() != client_id) continue;
    found = true;
    EXPECT_EQ(row.at("source").as_string(), "quote");
  }
  EXPECT_TRUE(found) << "the prospect is among the agent's clients";
  auto agent_view = ParseObject(agent->Get("/api/v1/quotes/" + id).body);
  EXPECT_EQ(agent_view.at("client_id").as_string(), client_id);
  EXPECT_EQ(agent_view.at("order_id").as_string(), std::string(outcome.at("order_id").as_string()));

  // It signs in with the quote's email and sees its invoice and services.
  auto prospect = SignedIn("wanjiku@kamau.example", "kamau-traders-2026!");
  EXPECT_EQ(prospect->Get("/api/v1/invoices/" + invoice_id).status, 200);
  auto services = ParseObject(prospect->Get("/api/v1/clients/" + client_id + "/services").body);
  ASSERT_EQ(services.at("items").as_array().size(), 1U);
  EXPECT_EQ(services.at("items").at(0).at("state").as_string(), "pending");

  // Staff record the payment: bronze earns 5% of the net subscription
  // (2499.99 → 125.00) and 10% of the setup fee.
  auto paid = staff->Json("POST", "/api/v1/invoices/" + invoice_id + "/payments",
                          R"({"method":"mpesa","reference":"QK71ZP3XYZ","amount":"12179.99"})");
  ASSERT_EQ(paid.status, 201) << paid.body;
  std::map<std::string, std::string> by_line;
  const auto commissions = ParseObject(staff->Get("/api/v1/agents/AG-DEMO/commissions?limit=500").body);
  for (const auto& commission : commissions.at("items").as_array()) {
    if (!commission.at("invoice").is_string() || commission.at("invoice").as_string() != invoice_id) continue;
    if (commission.at("kind").as_string() != "sale") continue;
    by_line[std::string(commission.at("line").as_string())] =
        std::string(commission.at("amount").as_string());
  }
  EXPECT_EQ(by_line["1"], "125.00");
  EXPECT_EQ(by_line["2"], "500.00");
  services = ParseObject(prospect->Get("/api/v1/clients/" + client_id + "/services").body);
  EXPECT_EQ(services.at("items").at(0).at("state").as_string(), "active");
}

TEST_F(QuotesTest, AProspectWithTheAgentsOwnPhoneIsASelfReferralAndGetsNoAgent) {
  const std::string id = Send(DraftForProspect("cousin@kamau.example"));
  // The demo agent's own phone number.
  auto accepted = AcceptByLink(LinkSecret("cousin@kamau.example"), "+254700100200");
  ASSERT_EQ(accepted.status, 201) << accepted.body;
  const std::string client_id(ParseObject(accepted.body).at("client_id").as_string());
  const auto clients = ParseObject(agent->Get("/api/v1/agents/AG-DEMO/clients").body);
  for (const auto& row : clients.at("items").as_array()) {
    EXPECT_NE(row.at("client_id").as_string(), client_id) << "a self-referral is not associated";
  }
  auto flags = ParseObject(staff->Get("/api/v1/fraud-flags?status=open").body).at("items").as_array();
  bool flagged = false;
  for (const auto& flag : flags) {
    if (flag.at("client_id").as_string() != client_id) continue;
    flagged = true;
    EXPECT_EQ(flag.at("agent_id").as_string(), "AG-DEMO");
    EXPECT_EQ(flag.at("evidence").at("quote").as_string(), "QT-000001");
  }
  EXPECT_TRUE(flagged) << "staff see the self-referral";
  EXPECT_EQ(ParseObject(agent->Get("/api/v1/quotes/" + id).body).at("status").as_string(), "accepted");
}

TEST_F(QuotesTest, TheClientAcceptsOrDeclinesItsAgentsQuotes) {
  auto drafted =
      agent->Json("POST", "/api/v1/agents/AG-DEMO/quotes",
                  R"({"client_id":"CL-DEMO","lines":[{"product_id":")" + pbx + R"(","quantity":2}]})");
  ASSERT_EQ(drafted.status, 201) << drafted.body;
  const auto first = ParseObject(drafted.body);
  EXPECT_EQ(first.at("total").as_string(), "17399.98");  // 2 × 2499.99 + 800.00 VAT, 2 × 5000.00 + 1600.00
  const std::string id(first.at("id").as_string());

  // A draft is the agent's alone.
  auto client = SignedIn(kClientEmail, kClientPassword);
  EXPECT_EQ(client->Get("/api/v1/quotes/" + id).status, 404);
  EXPECT_EQ(ParseObject(client->Get("/api/v1/clients/CL-DEMO/quotes").body).at("items").as_array().size(),
            0U);
  EXPECT_EQ(client->Json("POST", "/api/v1/quotes/" + id + "/accept", "{}").status, 404);
  Send(first);
  EXPECT_EQ(ParseObject(client->Get("/api/v1/clients/CL-DEMO/quotes").body).at("items").as_array().size(),
            1U);

  // The agent cannot accept its own quote as itself; staff do not accept for clients.
  EXPECT_EQ(agent->Json("POST", "/api/v1/quotes/" + id + "/accept", "{}").status, 403);
  EXPECT_EQ(staff->Json("POST", "/api/v1/quotes/" + id + "/accept", "{}").status, 403);

  auto accepted = client->Json("POST", "/api/v1/quotes/" + id + "/accept", "{}");
  ASSERT_EQ(accepted.status, 201) << accepted.body;
  EXPECT_EQ(ParseObject(accepted.body).at("total").as_string(), "17399.98");
  EXPECT_EQ(client->Json("POST", "/api/v1/quotes/" + id + "/decline", "{}").status, 409);
  EXPECT_EQ(agent->Json("POST", "/api/v1/quotes/" + id + "/withdraw", "{}").status, 409);

  // A second quote is declined, with a reason the agent reads.
  auto second = agent->Json("POST", "/api/v1/agents/AG-DEMO/quotes",
                            R"({"client_id":"CL-DEMO","lines":[{"description":"Desk phones","category":)"
                            R"("software_equipment","unit_price":"8500.00","quantity":4}]})");
  ASSERT_EQ(second.status, 201) << second.body;
  const std::string second_id = Send(ParseObject(second.body));
  auto declined =
      client->Json("POST", "/api/v1/quotes/" + second_id + "/decline", R"({"reason":"Too dear"})");
  ASSERT_EQ(declined.status, 200) << declined.body;
  EXPECT_EQ(ParseObject(declined.body).at("status").as_string(), "declined");
  auto listed =
      ParseObject(agent->Get("/api/v1/agents/AG-DEMO/quotes?status=declined").body).at("items").as_array();
  ASSERT_EQ(listed.size(), 1U);
  EXPECT_EQ(listed.at(0).at("decline_reason").as_string(), "Too dear");
}

TEST_F(QuotesTest, SignedInAsItsClientTheAgentSeesQuotesButAcceptsOnlyWithTheGrant) {
  // A new client makes AG-DEMO its service manager, granting view_quotes alone.
  auto signed_up = Client()->Json("POST", "/api/v1/client-signups",
                                  R"({"company":"Nakuru Bakers","contact_name":"Amina Wanjiru",)"
                                  R"("email":"amina@nakuru-bakers.example","phone":"+254733444555",)"
                                  R"("password":"nakuru-bakers-2026"})");
  ASSERT_EQ(signed_up.status, 201) << signed_up.body;
  const std::string client_id(ParseObject(signed_up.body).at("client_id").as_string());
  auto client = SignedIn("amina@nakuru-bakers.example", "nakuru-bakers-2026");
  ASSERT_EQ(client
                ->Json("POST", "/api/v1/service-manager/confirm",
                       R"({"referral_id":"NVS7DEMQ","permissions":["view_quotes"]})")
                .status,
            201);
  auto drafted =
      agent->Json("POST", "/api/v1/agents/AG-DEMO/quotes",
                  R"({"client_id":")" + client_id + R"(","lines":[{"product_id":")" + pbx + "\"}]}");
  ASSERT_EQ(drafted.status, 201) << drafted.body;
  const std::string id = Send(ParseObject(drafted.body));

  auto acting = agent->Json("POST", "/api/v1/clients/" + client_id + "/impersonations", "{}");
  ASSERT_EQ(acting.status, 201) << acting.body;
  agent->csrf_token = std::string(ParseObject(acting.body).at("csrf_token").as_string());
  EXPECT_EQ(agent->Get("/api/v1/quotes/" + id).status, 200);
  EXPECT_EQ(agent->Get("/api/v1/clients/" + client_id + "/quotes").status, 200);
  EXPECT_EQ(agent->Json("POST", "/api/v1/quotes/" + id + "/accept", "{}").status, 403);
  EXPECT_EQ(agent->Json("POST", "/api/v1/quotes/" + id + "/decline", "{}").status, 403);
  // The client itself accepts.
  EXPECT_EQ(client->Json("POST", "/api/v1/quotes/" + id + "/accept", "{}").status, 201);
}

TEST_F(QuotesTest, BadQuotesAreRefusedWhole) {
  const std::string before = agent->Get("/api/v1/agents/AG-DEMO/quotes").body;
  const auto refused = [&](const std::string& body) {
    return agent->Json("POST", "/api/v1/agents/AG-DEMO/quotes", body);
  };
  const std::string prospect = R"("prospect":{"name":"A","company":"B","email":"a@b.example"},)";
  // Negative or fractional-cent prices; a subscription written as a free line.
  auto negative =
      refused("{" + prospect +
              R"("lines":[{"description":"x","category":"custom_development","unit_price":"-1.00"}]})");
  EXPECT_EQ(negative.status, 422) << negative.body;
  EXPECT_EQ(ProblemFields(negative), std::vector<std::string>{"lines/0/unit_price"});
  // After a catalogue line and its setup fee, a free line is still named by its own place.
  auto second = refused("{" + prospect + R"("lines":[{"product_id":")" + pbx +
                        R"("},{"description":"x","category":"custom_development","unit_price":"-1.00"}]})");
  EXPECT_EQ(ProblemFields(second), std::vector<std::string>{"lines/1/unit_price"});
  auto fraction =
      refused("{" + prospect +
              R"("lines":[{"description":"x","category":"custom_development","unit_price":"1.005"}]})");
  EXPECT_EQ(fraction.status, 422) << fraction.body;
  EXPECT_EQ(ProblemFields(fraction), std::vector<std::string>{"lines/0/unit_price"});
  auto floating = refused(
      "{" + prospect + R"("lines":[{"description":"x","category":"custom_development","unit_price":12.5}]})");
  EXPECT_EQ(floating.status, 422) << floating.body;
  auto subscription =
      refused("{" + prospect +
              R"("lines":[{"description":"x","category":"managed_subscription","unit_price":"1.00"}]})");
  EXPECT_EQ(ProblemFields(subscription), std::vector<std::string>{"lines/0/category"});
  // A catalogue line at another price; a product not on sale.
  auto repriced =
      refused("{" + prospect + R"("lines":[{"product_id":")" + pbx + R"(","unit_price":"1.00"}]})");
  EXPECT_EQ(ProblemFields(repriced), std::vector<std::string>{"lines/0/unit_price"});
  auto unknown = refused("{" + prospect + R"("lines":[{"product_id":"prd_nope"}]})");
  EXPECT_EQ(ProblemFields(unknown), std::vector<std::string>{"lines/0/product_id"});
  // Validity in the past or too far ahead; no lines; no one to quote.
  auto past =
      refused("{" + prospect + R"("valid_until":"2026-12-05","lines":[{"product_id":")" + pbx + "\"}]}");
  EXPECT_EQ(ProblemFields(past), std::vector<std::string>{"valid_until"});
  auto far =
      refused("{" + prospect + R"("valid_until":"2027-06-01","lines":[{"product_id":")" + pbx + "\"}]}");
  EXPECT_EQ(ProblemFields(far), std::vector<std::string>{"valid_until"});
  EXPECT_EQ(refused("{" + prospect + R"("lines":[]})").status, 422);
  auto nobody = refused(R"({"lines":[{"product_id":")" + pbx + "\"}]}");
  EXPECT_EQ(ProblemFields(nobody), std::vector<std::string>{"prospect"});
  auto bad_email =
      refused(R"({"prospect":{"name":"A","company":"B","email":"not an email"},"lines":[{"product_id":")" +
              pbx + "\"}]}");
  EXPECT_EQ(ProblemFields(bad_email), std::vector<std::string>{"prospect/email"});
  // Another agent's client, and another agent's quotes.
  EXPECT_EQ(refused(R"({"client_id":"CL-KAREN","lines":[{"product_id":")" + pbx + "\"}]}").status, 404);
  EXPECT_EQ(agent->Get("/api/v1/agents/AG-LAKESIDE/quotes").status, 404);
  EXPECT_EQ(
      agent->Json("POST", "/api/v1/agents/AG-LAKESIDE/quotes", "{" + prospect + R"("lines":[]})").status,
      404);
  // Staff read quotes but do not draft them.
  EXPECT_EQ(staff
                ->Json("POST", "/api/v1/agents/AG-DEMO/quotes",
                       "{" + prospect + R"("lines":[{"product_id":")" + pbx + "\"}]}")
                .status,
            403);
  EXPECT_EQ(agent->Get("/api/v1/agents/AG-DEMO/quotes").body, before) << "nothing was drafted";
}

TEST_F(QuotesTest, AQuotePastItsValidityIsExpiredAndCannotBeAccepted) {
  const std::string id = Send(DraftForProspect("late@kamau.example", R"("valid_until":"2026-12-10",)"));
  const std::string secret = LinkSecret("late@kamau.example");
  // The last moment of its day is still in time; the next day is not.
  SetProgramTime("2026-12-10T23:59:00+03:00");
  auto looked = Client()->Json("POST", "/api/v1/quote-links/lookup", R"({"token":")" + secret + "\"}");
  EXPECT_EQ(ParseObject(looked.body).at("status").as_string(), "sent");
  SetProgramTime("2026-12-11T00:00:00+03:00");
  looked = Client()->Json("POST", "/api/v1/quote-links/lookup", R"({"token":")" + secret + "\"}");
  EXPECT_EQ(ParseObject(looked.body).at("status").as_string(), "expired");
  const size_t invoices = InvoiceCount();
  auto late = AcceptByLink(secret);
  EXPECT_EQ(late.status, 409) << late.body;
  EXPECT_NE(late.body.find("expired"), std::string::npos) << late.body;
  EXPECT_EQ(InvoiceCount(), invoices);
  auto listed =
      ParseObject(agent->Get("/api/v1/agents/AG-DEMO/quotes?status=expired").body).at("items").as_array();
  ASSERT_EQ(listed.size(), 1U);
  EXPECT_EQ(listed.at(0).at("id").as_string(), id);
  // Nor can a draft past its date be sent.
  auto stale = DraftForProspect("later@kamau.example", R"("valid_until":"2026-12-12",)");
  SetProgramTime("2026-12-13T09:00:00+03:00");
  EXPECT_EQ(
      agent->Json("POST", "/api/v1/quotes/" + std::string(stale.at("id").as_string()) + "/send", "{}").status,
      409);
}

TEST_F(QuotesTest, TwoAcceptancesAtOnceMakeOneOrder) {
  const std::string id = Send(DraftForProspect("race@kamau.example"));
  const std::string secret = LinkSecret("race@kamau.example");
  const size_t invoices = InvoiceCount();
  std::vector<long> statuses(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < statuses.size(); ++i) {
    threads.emplace_back(
        [&, i] { statuses[i] = AcceptByLink(secret, "+25472255566" + std::to_string(i)).status; });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 201), 1);
  EXPECT_EQ(InvoiceCount(), invoices + 1);
  EXPECT_EQ(ParseObject(agent->Get("/api/v1/quotes/" + id).body).at("status").as_string(), "accepted");
}

}  // namespace
}  // namespace wakala::testing
