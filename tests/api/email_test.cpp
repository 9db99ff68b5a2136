// Email delivery through a real SMTP server on loopback (Debian's
// python3-aiosmtpd, tests/fakes/smtp_server.py): what arrives, in which
// language, retries and final failures, the staff's outbox, and one delivery
// with two servers on one database.
#include <cstdlib>

#include "api_fixture.hpp"
#include "smtp_server.hpp"

namespace wakala::testing {
namespace {

namespace json = boost::json;

class EmailTest : public ApiTest {
 protected:
  virtual std::string SmtpOptions() const { return ""; }
  virtual std::map<std::string, std::string> EmailSettings() const { return {{"WAKALA_EMAIL_TLS", "none"}}; }

  void SetUp() override {
    smtp = std::make_unique<SmtpServer>(SmtpOptions());
    ApiTest::SetUp();
  }

  std::map<std::string, std::string> ServerEnvironment() const override {
    std::map<std::string, std::string> environment{
        {"WAKALA_EMAIL_SMTP_HOST", "127.0.0.1"},
        {"WAKALA_EMAIL_SMTP_PORT", std::to_string(smtp->port())},
        {"WAKALA_EMAIL_FROM", "Cloud One Partners <partners@cloudone.test>"},
        {"WAKALA_EMAIL_POLL_SECONDS", "1"},
        {"WAKALA_EMAIL_RETRY_SECONDS", "1"},
        {"WAKALA_EMAIL_MAX_ATTEMPTS", "3"},
        {"WAKALA_SERVER_PUBLIC_URL", "https://partners.cloudone.test"}};
    for (const auto& [name, value] : EmailSettings()) environment[name] = value;
    return environment;
  }

  // The demo agent's owner invites a colleague: one email.
  void Invite(const std::string& email, const std::string& name = "Otieno") {
    auto owner = SignedIn(kAgentEmail, kAgentPassword);
    auto invited = owner->Json(
        "POST", "/api/v1/agents/AG-DEMO/people",
        R"({"email":")" + email + R"(","display_name":")" + name + R"(","agent_role":"technical"})");
    ASSERT_EQ(invited.status, 201) << invited.body;
  }

  // The staff's outbox entry for `recipient` (after waiting for `status`).
  json::object OutboxEntry(const std::string& recipient, const std::string& status) {
    auto staff = SignedIn(kStaffEmail, kStaffPassword);
    json::object found;
    for (int i = 0; i < 150; ++i) {
      auto list = staff->Get("/api/v1/emails?recipient=" + recipient);
      EXPECT_EQ(list.status, 200) << list.body;
      auto body = ParseObject(list.body);
      if (!body.at("items").as_array().empty()) {
        found = body.at("items").at(0).as_object();
        if (found.at("status").as_string() == status) return found;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "the email to " << recipient << " is not " << status << ": " << json::serialize(found);
    return found;
  }

  std::unique_ptr<SmtpServer> smtp;
};

std::string Text(const json::object& object, const char* key) {
  const auto* value = object.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : "";
}

TEST_F(EmailTest, AnInvitationArrivesAsPlainTextAndHtmlWithItsLink) {
  Invite("tech@example.co.ke");
  const auto messages = smtp->WaitFor(1);
  ASSERT_EQ(messages.size(), 1U);
  const auto& message = messages[0];
  EXPECT_EQ(message.at("to").at(0).as_string(), "tech@example.co.ke");
  EXPECT_EQ(message.at("from").as_string(), "partners@cloudone.test");
  const auto& headers = message.at("headers").as_object();
  EXPECT_EQ(Text(headers, "Subject"),
            "You are invited to Nairobi Voice Solutions on the Cloud One agent program");
  EXPECT_EQ(Text(headers, "From"), "Cloud One Partners <partners@cloudone.test>");
  EXPECT_EQ(Text(headers, "Auto-Submitted"), "auto-generated");
  EXPECT_EQ(message.at("content_type").as_string(), "multipart/alternative");
  const std::string text = Text(message, "text");
  const std::string html = Text(message, "html");
  EXPECT_NE(text.find("Hello Otieno,"), std::string::npos) << text;
  std::smatch link;
  ASSERT_TRUE(
      std::regex_search(text, link, std::regex("https://partners.cloudone.test/invitations/[0-9a-f]{64}")))
      << text;
  // The HTML part links the same address; the token is the one that sets the password.
  EXPECT_NE(html.find("<a href=\"" + link.str() + "\">"), std::string::npos) << html;
  EXPECT_EQ(link.str().substr(link.str().rfind('/') + 1),
            InvitationToken(database->url(), "tech@example.co.ke"));

  const auto entry = OutboxEntry("tech@example.co.ke", "sent");
  EXPECT_EQ(entry.at("attempts").as_int64(), 1);
  EXPECT_EQ(entry.at("template").as_string(), "invitation");
  EXPECT_EQ(Text(entry, "message_id"), Text(headers, "Message-ID"));
  EXPECT_TRUE(entry.at("last_error").is_null());
  // Staff see the outbox without the bodies (they hold password links).
  EXPECT_EQ(entry.if_contains("text"), nullptr);
  EXPECT_EQ(entry.if_contains("body"), nullptr);
  // A sent message is not sent again, however often Retry is pressed; bad
  // filters are refused with what is wrong.
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  const std::string id(entry.at("id").as_string());
  EXPECT_EQ(staff->Json("POST", "/api/v1/emails/" + id + "/retry", "{}").status, 409);
  EXPECT_EQ(staff->Get("/api/v1/emails?recipient=" + std::string(300, 'a')).status, 422);
  EXPECT_EQ(staff->Get("/api/v1/emails?limit=0").status, 422);
  EXPECT_EQ(staff->Get("/api/v1/emails?cursor=99999999999999999999999-x").status, 422);
  EXPECT_EQ(OutboxEntry("tech@example.co.ke", "sent").at("attempts").as_int64(), 1);
  EXPECT_EQ(smtp->Messages().size(), 1U);

  // The delivery passes are timed in /metrics, the one that sent among them.
  const auto metrics = HttpClient(server->base_url()).Get("/metrics");
  EXPECT_NE(metrics.body.find("wakala_job_runs_total{job=\"email\",outcome=\"ok\"} "), std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("wakala_job_runs_total{job=\"email\",outcome=\"error\"} 0\n"),
            std::string::npos)
      << metrics.body;
  EXPECT_EQ(metrics.body.find("wakala_job_last_success_timestamp_seconds{job=\"email\"} 0\n"),
            std::string::npos)
      << metrics.body;
}

TEST_F(EmailTest, EmailIsInTheLanguageOfItsReader) {
  // The agent's owner reads Swahili: the colleague it invites gets Swahili
  // until they choose; a user's own choice is kept for later mail.
  auto owner = SignedIn(kAgentEmail, kAgentPassword);
  auto set = owner->Json("PUT", "/api/v1/auth/language", R"({"language":"sw"})");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(ParseObject(set.body).at("language").as_string(), "sw");
  EXPECT_EQ(owner->Json("PUT", "/api/v1/auth/language", R"({"language":"fr"})").status, 422);
  EXPECT_EQ(owner->Json("PUT", "/api/v1/auth/language", R"({"language":""})").status, 422);
  EXPECT_EQ(Client()->Json("PUT", "/api/v1/auth/language", R"({"language":"sw"})").status, 401);
  auto session = ParseObject(owner->Get("/api/v1/auth/session").body);
  EXPECT_EQ(session.at("user").at("language").as_string(), "sw");

  Invite("fundi@example.co.ke", "Wanjiru");
  const auto messages = smtp->WaitFor(1);
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_EQ(Text(messages[0].at("headers").as_object(), "Subject"),
            "Umealikwa kwa Nairobi Voice Solutions katika mpango wa mawakala wa Cloud One");
  EXPECT_NE(Text(messages[0], "text").find("Habari Wanjiru,"), std::string::npos);
  EXPECT_NE(Text(messages[0], "html").find("<html lang=\"sw\">"), std::string::npos);
  EXPECT_EQ(OutboxEntry("fundi@example.co.ke", "sent").at("language").as_string(), "sw");
}

TEST_F(EmailTest, TheAgentHearsByEmailOfItsClientsTicketAndOnlyIfItChoseTo) {
  auto client = SignedIn(kClientEmail, kClientPassword);
  auto opened = client->Json("POST", "/api/v1/clients/CL-DEMO/tickets",
                             R"({"subject":"No dial tone","department":"technical","body":"Since 9am."})");
  ASSERT_EQ(opened.status, 201) << opened.body;
  const auto messages = smtp->WaitFor(1);
  ASSERT_EQ(messages.size(), 1U);
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  const auto company = ParseObject(staff->Get("/api/v1/agents/AG-DEMO").body);
  EXPECT_EQ(messages[0].at("to").at(0).as_string(), company.at("email").as_string());
  const auto& headers = messages[0].at("headers").as_object();
  EXPECT_NE(Text(headers, "Subject").find("opened a ticket"), std::string::npos) << Text(headers, "Subject");
  const std::string text = Text(messages[0], "text");
  EXPECT_NE(text.find("No dial tone"), std::string::npos) << text;
  EXPECT_NE(text.find("https://partners.cloudone.test/agent/clients/CL-DEMO"), std::string::npos) << text;

  // The agent turns ticket notices off for this client: the next ticket is not emailed.
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  auto off = agent->Json(
      "PUT", "/api/v1/agents/AG-DEMO/clients/CL-DEMO/notifications",
      R"({"service_changes":true,"invoice_paid":true,"invoice_overdue":true,"ticket_opened":false})");
  ASSERT_EQ(off.status, 200) << off.body;
  ASSERT_EQ(client
                ->Json("POST", "/api/v1/clients/CL-DEMO/tickets",
                       R"({"subject":"Second","department":"technical","body":"x"})")
                .status,
            201);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(smtp->Messages().size(), 1U);
}

// What the engine does to an agent's money and tier reaches it by email, once,
// with the figures: a withdrawal's steps, matured commission, the quarter's
// evaluation, the affiliate warning and a tier override.
class EngineNoticeTest : public EmailTest {
 protected:
  std::map<std::string, std::string> EmailSettings() const override {
    auto settings = FixedProgramTime("2026-12-03T12:00:00+03:00");
    settings["WAKALA_EMAIL_TLS"] = "none";
    settings["WAKALA_ENGINE_SCHEDULER_INTERVAL"] = "1";
    return settings;
  }

  // The subjects that reached the agent company so far, in order.
  std::vector<std::string> Subjects(std::size_t at_least) {
    std::vector<std::string> subjects;
    for (const auto& message : smtp->WaitFor(at_least)) {
      subjects.push_back(Text(message.at("headers").as_object(), "Subject"));
    }
    return subjects;
  }
};

TEST_F(EngineNoticeTest,
       AWithdrawalsStepsMaturedCommissionTheQuarterCloseAndAnOverrideAreEmailedWithTheirFigures) {
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  auto requested = agent->Send("POST", "/api/v1/agents/AG-DEMO/withdrawals",
                               R"({"amount":"12000.00","password":")" + std::string(kAgentPassword) + R"("})",
                               {"Content-Type: application/json", "X-CSRF-Token: " + agent->csrf_token,
                                "Idempotency-Key: notice-test-0001"});
  ASSERT_EQ(requested.status, 201) << requested.body;
  const std::string id(ParseObject(requested.body).at("id").as_string());
  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  ASSERT_EQ(staff->Json("POST", "/api/v1/withdrawals/" + id + "/approve", "").status, 200);
  EXPECT_EQ(staff->Json("POST", "/api/v1/withdrawals/" + id + "/approve", "").status,
            409);  // no second email
  ASSERT_EQ(staff->Json("POST", "/api/v1/withdrawals/" + id + "/pay", R"({"reference":"QK7H2M1XYZ"})").status,
            200);
  // Queued in one second, they may leave in any order (as mail may arrive).
  auto subjects = Subjects(3);
  ASSERT_EQ(subjects.size(), 3U);
  EXPECT_EQ(
      std::set<std::string>(subjects.begin(), subjects.end()),
      (std::set<std::string>{"Withdrawal of KES 12000.00 requested", "Withdrawal of KES 12000.00 approved",
                             "KES 11400.00 paid to Nairobi Voice Solutions"}));
  std::string paid;
  for (const auto& message : smtp->Messages()) {
    if (Text(message.at("headers").as_object(), "Subject").starts_with("KES 11400.00 paid"))
      paid = Text(message, "text");
  }
  EXPECT_NE(paid.find("gross KES 12000.00, withholding tax KES 600.00, net KES 11400.00, payment reference "
                      "QK7H2M1XYZ"),
            std::string::npos)
      << paid;

  // Two November lines (8,650.00) mature on 2026-12-20: the scheduler's advance mails the sum.
  SetProgramTime("2026-12-20T12:00:00+03:00");
  subjects = Subjects(4);
  ASSERT_EQ(subjects.size(), 4U) << server->Log();
  EXPECT_EQ(subjects[3], "KES 8650.00 of commission is available");
  // 26,020.00 available − 12,000.00 withdrawn + 8,650.00 matured.
  EXPECT_NE(Text(smtp->Messages()[3], "text").find("Available balance: KES 22670.00."), std::string::npos);

  // The Q4 close: the demo agent misses bronze's requirements and is demoted,
  // with each requirement measured in the email.
  SetProgramTime("2027-01-01T01:00:00+03:00");
  subjects = Subjects(5);
  ASSERT_EQ(subjects.size(), 5U) << server->Log();
  EXPECT_EQ(subjects[4], "Nairobi Voice Solutions is now affiliate");
  const std::string demoted = Text(smtp->Messages()[4], "text");
  EXPECT_NE(demoted.find("At the close of 2026Q4, Nairobi Voice Solutions moved from bronze to affiliate."),
            std::string::npos)
      << demoted;
  EXPECT_NE(demoted.find("(bronze): "), std::string::npos) << demoted;
  EXPECT_NE(demoted.find("✗"), std::string::npos) << demoted;

  // An affiliate again, its 90-day clock restarted at the close: day 60 warns.
  SetProgramTime("2027-03-02T01:00:00+03:00");
  subjects = Subjects(6);
  ASSERT_EQ(subjects.size(), 6U) << server->Log();
  EXPECT_EQ(subjects[5], "Nairobi Voice Solutions: day 60 of 90 without a sale");
  EXPECT_NE(Text(smtp->Messages()[5], "text").find("by 2027-04-01"), std::string::npos)
      << Text(smtp->Messages()[5], "text");

  ASSERT_EQ(staff
                ->Json("POST", "/api/v1/agents/AG-DEMO/tier-override",
                       R"({"tier":"silver","reason":"Reviewed the Q4 figures with finance"})")
                .status,
            200);
  subjects = Subjects(7);
  ASSERT_EQ(subjects.size(), 7U);
  EXPECT_EQ(subjects[6], "Nairobi Voice Solutions is now silver");
  EXPECT_NE(Text(smtp->Messages()[6], "text").find("from affiliate to silver"), std::string::npos);
  EXPECT_NE(Text(smtp->Messages()[6], "text").find("Reviewed the Q4 figures with finance"),
            std::string::npos);
  const auto company = ParseObject(staff->Get("/api/v1/agents/AG-DEMO").body);
  for (const auto& message : smtp->Messages()) {
    EXPECT_EQ(message.at("to").at(0).as_string(), company.at("email").as_string());
  }
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(smtp->Messages().size(), 7U) << "the scheduler's later passes mail nothing again";
}

class EmailRetryTest : public EmailTest {
 protected:
  // The first message is answered 451, the next has its connection dropped.
  std::string SmtpOptions() const override { return "--refuse-first 1 --drop-first 1"; }
};

TEST_F(EmailRetryTest, ARefusalOrADroppedConnectionIsTriedAgainAndTheMessageArrivesOnce) {
  Invite("tech@example.co.ke");
  const auto entry = OutboxEntry("tech@example.co.ke", "sent");
  EXPECT_EQ(entry.at("attempts").as_int64(), 3);
  EXPECT_EQ(smtp->Messages().size(), 1U);
  const std::string log = server->Log();
  EXPECT_NE(log.find("attempt 1 failed"), std::string::npos) << log;
  EXPECT_NE(log.find("attempt 2 failed"), std::string::npos) << log;
}

class EmailRejectedTest : public EmailTest {
 protected:
  std::string SmtpOptions() const override { return "--reject-rcpt gone@example.co.ke"; }
};

TEST_F(EmailRejectedTest, APermanentRefusalFailsAtOnceWithItsReasonAndStaffCanRetryIt) {
  Invite("gone@example.co.ke");
  const auto failed = OutboxEntry("gone@example.co.ke", "failed");
  EXPECT_EQ(failed.at("attempts").as_int64(), 1);  // a 550 is not tried again
  EXPECT_NE(Text(failed, "last_error").find("550"), std::string::npos) << json::serialize(failed);
  EXPECT_TRUE(smtp->Messages().empty());

  auto staff = SignedIn(kStaffEmail, kStaffPassword);
  auto filtered = ParseObject(staff->Get("/api/v1/emails?status=failed").body);
  ASSERT_EQ(filtered.at("items").as_array().size(), 1U);
  EXPECT_EQ(filtered.at("counts").at("failed").as_int64(), 1);
  EXPECT_TRUE(filtered.at("delivery_configured").as_bool());
  const std::string id(failed.at("id").as_string());
  auto agent = SignedIn(kAgentEmail, kAgentPassword);
  EXPECT_EQ(agent->Get("/api/v1/emails").status, 403);
  EXPECT_EQ(agent->Json("POST", "/api/v1/emails/" + id + "/retry", "{}").status, 403);
  EXPECT_EQ(staff->Json("POST", "/api/v1/emails/mail_nonexistent/retry", "{}").status, 404);
  EXPECT_EQ(staff->Get("/api/v1/emails?status=lost").status, 422);
  EXPECT_EQ(staff->Get("/api/v1/emails?cursor=garbage").status, 422);
  auto retried = staff->Json("POST", "/api/v1/emails/" + id + "/retry", "{}");
  ASSERT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(ParseObject(retried.body).at("status").as_string(), "queued");
  // Refused again, and failed again: a retry never makes a second copy.
  const auto again = OutboxEntry("gone@example.co.ke", "failed");
  EXPECT_EQ(again.at("attempts").as_int64(), 1);
  EXPECT_EQ(staff->Json("POST", "/api/v1/emails/" + id + "/retry", "{}").status, 200);
  OutboxEntry("gone@example.co.ke", "failed");
  auto audit = ParseObject(staff->Get("/api/v1/audit-log?action=email_retried").body);
  EXPECT_EQ(audit.at("items").as_array().size(), 2U);
}

TEST_F(EmailTest, TwoServersOnOneDatabaseSendEachMessageOnce) {
  ServerProcess second(database->url(), ServerEnvironment());
  for (int i = 0; i < 12; ++i)
    Invite("person" + std::to_string(i) + "@example.co.ke", "P" + std::to_string(i));
  const auto messages = smtp->WaitFor(12);
  std::this_thread::sleep_for(std::chrono::seconds(3));  // anything sent twice would be here by now
  ASSERT_EQ(smtp->Messages().size(), 12U);
  std::set<std::string> recipients;
  std::set<std::string> ids;
  for (const auto& message : smtp->Messages()) {
    recipients.insert(std::string(message.at("to").at(0).as_string()));
    ids.insert(Text(message.at("headers").as_object(), "Message-ID"));
  }
  EXPECT_EQ(recipients.size(), 12U);
  EXPECT_EQ(ids.size(), 12U);
}

// STARTTLS and AUTH against a server with a certificate made for the test.
class EmailTlsTest : public EmailTest {
 protected:
  static std::string CertificateDirectory() {
    static const std::string directory = [] {
      const auto path =
          std::filesystem::temp_directory_path() / ("wakala-smtp-tls-" + std::to_string(getpid()));
      std::filesystem::create_directories(path);
      const std::string command =
          "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
          "-addext subjectAltName=IP:127.0.0.1 -keyout '" +
          (path / "key.pem").string() + "' -out '" + (path / "cert.pem").string() + "' 2>/dev/null";
      EXPECT_EQ(std::system(command.c_str()), 0);
      return path.string();
    }();
    return directory;
  }
  std::string SmtpOptions() const override {
    return "--tls " + CertificateDirectory() + "/cert.pem:" + CertificateDirectory() +
           "/key.pem --auth mailer:s3cret";
  }
  std::map<std::string, std::string> EmailSettings() const override {
    return {{"WAKALA_EMAIL_TLS", "starttls"},
            {"WAKALA_EMAIL_CA_FILE", CertificateDirectory() + "/cert.pem"},
            {"WAKALA_EMAIL_USERNAME", "mailer"},
            {"WAKALA_EMAIL_PASSWORD", "s3cret"}};
  }
};

TEST_F(EmailTlsTest, StartTlsWithAuthenticationDelivers) {
  Invite("tech@example.co.ke");
  const auto messages = smtp->WaitFor(1);
  ASSERT_EQ(messages.size(), 1U) << server->Log();
  EXPECT_TRUE(messages[0].at("tls").as_bool());
  EXPECT_TRUE(messages[0].at("auth").as_bool());
}

class EmailWrongPasswordTest : public EmailTlsTest {
 protected:
  std::map<std::string, std::string> EmailSettings() const override {
    auto settings = EmailTlsTest::EmailSettings();
    settings["WAKALA_EMAIL_PASSWORD"] = "wrong";
    return settings;
  }
};

TEST_F(EmailWrongPasswordTest, AFailedLoginKeepsTheMessageForRetriesUntilTheLastAttempt) {
  Invite("tech@example.co.ke");
  const auto failed = OutboxEntry("tech@example.co.ke", "failed");
  EXPECT_EQ(failed.at("attempts").as_int64(), 3);  // email.max_attempts
  EXPECT_NE(Text(failed, "last_error").find("535"), std::string::npos) << json::serialize(failed);
  EXPECT_NE(Text(failed, "last_error").find("after 3 attempts"), std::string::npos);
  EXPECT_TRUE(smtp->Messages().empty());
}

}  // namespace
}  // namespace wakala::testing
