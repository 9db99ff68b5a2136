#include <chrono>

#include "api_fixture.hpp"

namespace wakala::testing {
namespace {

// AG-DEMO's clients from the demo history (src/app/demo/history.jsonl):
//   CL-DEMO since 2026-08-03 by referral link: INV-DEMO-0801/0901/1001/1101 on
//     SUB-PBX-12; AG-DEMO earned 8,250 + (2,250 + 410 − 60 reversed) + 12,250 +
//     8,650 = 31,750.00 from it; last invoice INV-DEMO-1101, 45,000 + 64,000.
//   CL-MOMBASA since 2026-09-02 by service-manager link: INV-MSA-0901 on
//     SUB-MSA-1, 30,000.00; earned 1,500.00.
class AgentClientsTest : public ApiTest {
 protected:
  static constexpr const char* kPublicUrl = "https://partners.cloudone.example";
  std::map<std::string, std::string> ServerEnvironment() const override {
    auto environment = FixedProgramTime("2026-12-05T10:00:00+03:00");
    environment["WAKALA_SERVER_PUBLIC_URL"] = std::string(kPublicUrl) + "/";  // a trailing slash is dropped
    return environment;
  }
};

TEST_F(AgentClientsTest, TheAgentSeesItsClientsWithWhatTheyBroughtIn) {
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  auto response = agent->Get("/api/v1/agents/AG-DEMO/clients");
  ASSERT_EQ(response.status, 200) << response.body;
  const auto items = ParseObject(response.body).at("items").as_array();
  ASSERT_EQ(items.size(), 2U);
  const auto& demo = items[0];
  EXPECT_EQ(demo.at("client_id"), "CL-DEMO");
  EXPECT_EQ(demo.at("name"), "Kilimani Dental Clinic");
  EXPECT_EQ(demo.at("source"), "referral_link");
  EXPECT_EQ(demo.at("since"), "2026-08-03T07:00:00Z");
  EXPECT_EQ(demo.at("services").at("subscriptions"), boost::json::array({"SUB-PBX-12"}));
  EXPECT_EQ(demo.at("services").at("invoices_paid"), 4);
  EXPECT_EQ(demo.at("last_invoice").at("id"), "INV-DEMO-1101");
  EXPECT_EQ(demo.at("last_invoice").at("total"), "109000.00");
  EXPECT_EQ(demo.at("commissions_earned"), "31750.00");
  EXPECT_EQ(demo.at("notifications").at("invoice_paid"), true);
  const auto& mombasa = items[1];
  EXPECT_EQ(mombasa.at("client_id"), "CL-MOMBASA");
  EXPECT_EQ(mombasa.at("source"), "service_manager_link");
  EXPECT_EQ(mombasa.at("commissions_earned"), "1500.00");
  EXPECT_EQ(mombasa.at("last_invoice").at("total"), "30000.00");
  // Not another agent's clients; not a client's business.
  EXPECT_EQ(agent->Get("/api/v1/agents/AG-LAKESIDE/clients").status, 404);
  EXPECT_EQ(SignedIn(kClientEmail, kClientPassword)->Get("/api/v1/agents/AG-DEMO/clients").status, 403);
}

TEST_F(AgentClientsTest, PaidInvoicesAreNotifiedAsTheAgentChose) {
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  const std::string quiet =
      R"({"service_changes":true,"invoice_paid":false,"invoice_overdue":true,"ticket_opened":true})";
  auto saved = agent->Json("PUT", "/api/v1/agents/AG-DEMO/clients/CL-DEMO/notifications", quiet);
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(
      agent->Json("PUT", "/api/v1/agents/AG-DEMO/clients/CL-DEMO/notifications", R"({"invoice_paid":false})")
          .status,
      422);
  EXPECT_EQ(agent->Json("PUT", "/api/v1/agents/AG-DEMO/clients/CL-KAREN/notifications", quiet).status, 404);

  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  auto key = ParseObject(
      staff->Json("POST", "/api/v1/api-keys", R"({"name":"billing","scopes":["billing:write"]})").body);
  const std::string batch =
      R"({"events":[{"type":"invoice_paid","at":"2026-12-05T09:00:00+03:00","id":"INV-N-1","client":"CL-DEMO",)"
      R"("lines":[{"id":"L1","category":"talk_time","amount":"5000.00"}]},)"
      R"({"type":"invoice_paid","at":"2026-12-05T09:00:00+03:00","id":"INV-N-2","client":"CL-MOMBASA",)"
      R"("lines":[{"id":"L1","category":"talk_time","amount":"7000.00"}]}]})";
  const auto now = UnixNow();
  auto billing = Client();
  auto posted = PostBillingEvents(*billing, std::string(key.at("key").as_string()),
                                  std::string(key.at("signing_secret").as_string()), batch, now);
  ASSERT_EQ(posted.status, 200) << posted.body;
  // A retry of the same events notifies nobody twice.
  ASSERT_EQ(PostBillingEvents(*billing, std::string(key.at("key").as_string()),
                              std::string(key.at("signing_secret").as_string()), batch, now)
                .status,
            200);
  auto notifications =
      ParseObject(agent->Get("/api/v1/agents/AG-DEMO/notifications").body).at("items").as_array();
  ASSERT_EQ(notifications.size(), 1U);  // CL-DEMO's was switched off
  EXPECT_EQ(notifications[0].at("client_id"), "CL-MOMBASA");
  EXPECT_EQ(notifications[0].at("kind"), "invoice_paid");
  EXPECT_EQ(notifications[0].at("detail").at("total"), "7000.00");
  EXPECT_EQ(notifications[0].at("at"), "2026-12-05T06:00:00Z");
}

TEST_F(AgentClientsTest, ServiceOverdueAndTicketEventsNotifyAsChosen) {
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  // No tickets from CL-MOMBASA, please; everything else.
  ASSERT_EQ(
      agent
          ->Json(
              "PUT", "/api/v1/agents/AG-DEMO/clients/CL-MOMBASA/notifications",
              R"({"service_changes":true,"invoice_paid":true,"invoice_overdue":true,"ticket_opened":false})")
          .status,
      200);
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  auto key = ParseObject(
      staff->Json("POST", "/api/v1/api-keys", R"({"name":"provisioning","scopes":["provisioning:write"]})")
          .body);
  auto reader =
      ParseObject(staff->Json("POST", "/api/v1/api-keys", R"({"name":"r","scopes":["read"]})").body);
  const auto now = UnixNow();
  const auto post = [&](const boost::json::object& keys, const std::string& body) {
    return PostClientEvent(*Client(), keys, body);
  };
  const std::string down =
      R"({"type":"service_state_changed","id":"EV-1","client":"CL-MOMBASA","at":"2026-12-05T08:00:00+03:00",)"
      R"("reference":"SUB-MSA-1","state":"suspended","summary":"PBX suspended"})";
  auto first = post(key, down);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(ParseObject(first.body).at("notified_agent"), "AG-DEMO");
  EXPECT_EQ(post(key, down).status, 200);  // a retry: still one notification
  auto ticket = post(
      key, R"({"type":"ticket_opened","id":"T-9","client":"CL-MOMBASA","at":"2026-12-05T08:10:00+03:00"})");
  ASSERT_EQ(ticket.status, 200) << ticket.body;
  EXPECT_EQ(ParseObject(ticket.body).at("notified_agent"), nullptr);  // switched off
  auto overdue = post(
      key,
      R"({"type":"invoice_overdue","id":"OD-1","client":"CL-DEMO","at":"2026-12-05T08:20:00+03:00","reference":"INV-DEMO-1101"})");
  ASSERT_EQ(overdue.status, 200) << overdue.body;
  // Refused: unknown type and client, an unscoped key, a bad signature.
  auto bad = post(key, R"({"type":"party","id":"X","client":"CL-NOBODY","at":"yesterday"})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("\"type\""), std::string::npos);
  EXPECT_NE(bad.body.find("\"at\""), std::string::npos);
  EXPECT_EQ(post(reader, down).status, 403);
  auto forged = Client();
  forged->bearer = std::string(key.at("key").as_string());
  EXPECT_EQ(forged
                ->Send("POST", "/api/v1/client-events", down,
                       {"Content-Type: application/json", "X-Wakala-Timestamp: " + std::to_string(now),
                        "X-Wakala-Signature: sha256=" + std::string(64, '0')})
                .status,
            401);

  const auto items =
      ParseObject(agent->Get("/api/v1/agents/AG-DEMO/notifications").body).at("items").as_array();
  ASSERT_EQ(items.size(), 2U);
  EXPECT_EQ(items[0].at("kind"), "invoice_overdue");
  EXPECT_EQ(items[0].at("client_id"), "CL-DEMO");
  EXPECT_EQ(items[1].at("kind"), "service_state_changed");
  EXPECT_EQ(items[1].at("detail").at("state"), "suspended");
}

TEST_F(AgentClientsTest, AnIssuedInvoiceIsNotifiedAsTheAgentChose) {
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  const auto issue = [&] {
    auto issued = staff->Json(
        "POST", "/api/v1/invoices",
        R"({"client_id":"CL-DEMO","lines":[{"description":"PBX extension","category":"addon","unit_price":"1000.00"}]})");
    EXPECT_EQ(issued.status, 201) << issued.body;
    return std::string(ParseObject(issued.body).at("number").as_string());
  };
  const auto kinds = [&] {
    std::vector<std::string> found;
    const auto body = ParseObject(agent->Get("/api/v1/agents/AG-DEMO/notifications").body);
    for (const auto& item : body.at("items").as_array()) found.emplace_back(item.at("kind").as_string());
    return found;
  };
  const std::string first = issue();
  const auto body = ParseObject(agent->Get("/api/v1/agents/AG-DEMO/notifications").body);
  ASSERT_FALSE(body.at("items").as_array().empty());
  const auto& notice = body.at("items").at(0);
  EXPECT_EQ(notice.at("kind"), "invoice_issued");
  EXPECT_EQ(notice.at("client_id"), "CL-DEMO");
  EXPECT_EQ(notice.at("detail").at("invoice"), boost::json::value(first));
  EXPECT_EQ(notice.at("detail").at("total"), "1160.00");
  // Off for this client: the next invoice is not notified; the others stay on.
  auto off = agent->Json(
      "PUT", "/api/v1/agents/AG-DEMO/clients/CL-DEMO/notifications",
      R"({"service_changes":true,"invoice_paid":true,"invoice_overdue":true,"ticket_opened":true,"invoice_issued":false})");
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(ParseObject(off.body).at("invoice_issued"), false);
  EXPECT_EQ(
      agent
          ->Json(
              "PUT", "/api/v1/agents/AG-DEMO/clients/CL-DEMO/notifications",
              R"({"service_changes":true,"invoice_paid":true,"invoice_overdue":true,"ticket_opened":true,"invoice_issued":"no"})")
          .status,
      422);
  issue();
  const auto after = kinds();
  EXPECT_EQ(std::count(after.begin(), after.end(), "invoice_issued"), 1);
}

TEST_F(AgentClientsTest, BannersCarryTheAgentsLink) {
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  auto response = agent->Get("/api/v1/agents/AG-DEMO/banners");
  ASSERT_EQ(response.status, 200) << response.body;
  const auto banners = ParseObject(response.body);
  const std::string link(banners.at("link").as_string());
  EXPECT_EQ(link, std::string(kPublicUrl) + "/r/NVS7DEMQ");
  const auto& items = banners.at("items").as_array();
  ASSERT_EQ(items.size(), 4U);
  EXPECT_EQ(items[0].at("size"), "728x90");
  const std::string html(items[0].at("html").as_string());
  EXPECT_NE(html.find("href=\"" + link + "\""), std::string::npos) << html;
  EXPECT_NE(html.find("width=\"728\" height=\"90\""), std::string::npos) << html;
  // The image itself, and the link it points to, work.
  const std::string image(items[0].at("image_url").as_string());
  ASSERT_EQ(image.rfind(kPublicUrl, 0), 0U) << image;
  auto svg = Client()->Get(image.substr(std::string(kPublicUrl).size()));
  EXPECT_EQ(svg.status, 200);
  EXPECT_EQ(svg.Header("content-type"), "image/svg+xml");
  EXPECT_EQ(svg.body.rfind("<svg", 0), 0U);
  EXPECT_EQ(svg.body.find("script"), std::string::npos);
  EXPECT_EQ(Client()->Get("/banners/1x1.svg").status, 404);
  auto click = Client()->Get(link.substr(std::string(kPublicUrl).size()));
  EXPECT_EQ(click.status, 302);
  EXPECT_EQ(agent->Get("/api/v1/agents/AG-LAKESIDE/banners").status, 404);
}

// An affiliate activated on 1 October without a sale: the program warns it on
// day 60 (30 November), and the warning is among its notifications.
class AffiliateNoticesTest : public ApiTest {
 protected:
  std::map<std::string, std::string> ServerEnvironment() const override {
    return FixedProgramTime("2026-12-05T10:00:00+03:00");
  }
  std::string History() const override {
    return R"({"type":"add_agent","at":"2026-11-21T00:00:00+03:00","id":"AG-QUIET","tier":"affiliate","activated_at":"2026-10-01T00:00:00+03:00"}
{"type":"advance","at":"2026-12-05T09:00:00+03:00"}
)";
  }
};

TEST_F(AffiliateNoticesTest, TheDay60WarningIsListed) {
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  auto response = staff->Get("/api/v1/agents/AG-QUIET/notifications");
  ASSERT_EQ(response.status, 200) << response.body;
  const auto items = ParseObject(response.body).at("items").as_array();
  ASSERT_EQ(items.size(), 1U);
  EXPECT_EQ(items[0].at("kind"), "affiliate_warning");
  EXPECT_EQ(items[0].at("at"), "2026-11-29T21:00:00Z");
  EXPECT_EQ(items[0].at("client_id"), nullptr);
  EXPECT_NE(std::string(items[0].at("detail").at("message").as_string()).find("day 60 of 90"),
            std::string::npos);
}

}  // namespace
}  // namespace wakala::testing
