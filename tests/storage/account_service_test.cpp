#include <gtest/gtest.h>

#include "accounts/service.hpp"
#include "core/secure_random.hpp"
#include "storage/account_store.hpp"
#include "storage/migrations.hpp"
#include "test_database.hpp"

namespace wakala::accounts {
namespace {

using std::chrono::seconds;

// The account rules over the real store of the engine under test, with a
// clock the test moves.
class AccountServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { InitialiseCrypto(); }

  void SetUp() override {
    test_database = std::make_unique<testing::TestDatabase>(testing::EngineUnderTest());
    auto opened = storage::Database::Open(test_database->url(), 2);
    ASSERT_TRUE(opened) << opened.error().message;
    database = std::move(*opened);
    ASSERT_TRUE(storage::Migrate(*database));
    transactions = std::make_unique<storage::SqlAccountTransactions>(*database);
    service = std::make_unique<AccountService>(*transactions, clock, hasher,
                                               SessionPolicy{seconds(600), seconds(3600), seconds(60)},
                                               LoginLimits{3, 5, seconds(86400)});
    ASSERT_TRUE(service->EnsureAgentCompany(AccountService::System(), {"AG-1", "Agent One"}, "seed"));
    ASSERT_TRUE(service->EnsureClientAccount(AccountService::System(), {"CL-1", "Client One"}, "seed"));
    auto staff =
        service->CreateUser(AccountService::System(),
                            {"Staff@Example.co.ke ", "Staff", "staff", {}, {}, "staff-password-1"}, "seed");
    ASSERT_TRUE(staff) << staff.error().message;
    staff_id = staff->id;
  }

  Principal SignIn(const std::string& email, const std::string& password) {
    auto login = service->Login(email, password, "10.0.0.1");
    EXPECT_TRUE(login) << (login ? "" : login.error().message);
    auto principal = service->AuthenticateSession(login->session_token);
    EXPECT_TRUE(principal);
    return *principal;
  }

  std::vector<AuditEntry> Audit(const std::string& action) {
    AuditQuery query;
    query.action = action;
    query.limit = 500;
    return *service->ListAudit(AccountService::System(), query);
  }

  std::unique_ptr<testing::TestDatabase> test_database;
  std::unique_ptr<storage::Database> database;
  std::unique_ptr<storage::SqlAccountTransactions> transactions;
  ManualClock clock{FromUnixSeconds(1'780'000'000)};
  PasswordHasher hasher{PasswordCost{1, std::size_t{8} * 1024 * 1024}};
  std::unique_ptr<AccountService> service;
  std::string staff_id;
};

TEST_F(AccountServiceTest, LoginCreatesASessionAndIsAudited) {
  auto login = service->Login("STAFF@example.co.ke", "staff-password-1", "10.0.0.1");
  ASSERT_TRUE(login) << login.error().message;
  EXPECT_EQ(login->session_token.size(), 64U) << "256-bit token";
  EXPECT_EQ(login->user.email, "staff@example.co.ke");
  auto principal = service->AuthenticateSession(login->session_token);
  ASSERT_TRUE(principal);
  EXPECT_EQ(principal->role, Role::kStaff);
  EXPECT_EQ(principal->csrf_token, login->csrf_token);
  auto logins = Audit("login");
  ASSERT_EQ(logins.size(), 1U);
  EXPECT_EQ(logins[0].ip, "10.0.0.1");
  EXPECT_EQ(logins[0].actor, "user:" + staff_id);
}

TEST_F(AccountServiceTest, EachLoginGetsANewToken) {
  auto first = service->Login("staff@example.co.ke", "staff-password-1", "10.0.0.1");
  auto second = service->Login("staff@example.co.ke", "staff-password-1", "10.0.0.1");
  ASSERT_TRUE(first && second);
  EXPECT_NE(first->session_token, second->session_token);
  EXPECT_NE(first->csrf_token, second->csrf_token);
}

TEST_F(AccountServiceTest, WrongPasswordAndUnknownEmailAnswerAlike) {
  auto wrong = service->Login("staff@example.co.ke", "not-the-password", "10.0.0.2");
  auto unknown = service->Login("nobody@example.co.ke", "not-the-password", "10.0.0.2");
  ASSERT_FALSE(wrong);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(wrong.error().message, unknown.error().message);
  EXPECT_EQ(Audit("login_failed").size(), 2U);
}

TEST_F(AccountServiceTest, FailuresPerAccountAndAddressGrowDelaysNotALock) {
  for (int i = 0; i < 3; ++i) {
    clock.Advance(seconds(10));
    EXPECT_EQ(service->Login("staff@example.co.ke", "wrong-password-x", "10.0.0.3").error().code,
              ErrorCode::kUnauthenticated);
  }
  // Three free failures; then a wait of 1 s (from the end of the failure's second), doubling.
  auto limited = service->Login("staff@example.co.ke", "staff-password-1", "10.0.0.3");
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().code, ErrorCode::kRateLimited);
  EXPECT_EQ(limited.error().retry_after, seconds(2));
  EXPECT_EQ(Audit("login_rate_limited").size(), 1U);
  // The owner from another address is not held up.
  EXPECT_TRUE(service->Login("staff@example.co.ke", "staff-password-1", "10.0.0.4"));
  clock.Advance(seconds(2));
  EXPECT_EQ(service->Login("staff@example.co.ke", "wrong-password-x", "10.0.0.3").error().code,
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(service->Login("staff@example.co.ke", "staff-password-1", "10.0.0.3").error().retry_after,
            seconds(3));
  // The waits double up to the cap (15 minutes by default), never more.
  for (int i = 0; i < 20; ++i) {
    clock.Advance(seconds(901));
    static_cast<void>(service->Login("staff@example.co.ke", "wrong-password-x", "10.0.0.3"));
  }
  EXPECT_EQ(service->Login("staff@example.co.ke", "staff-password-1", "10.0.0.3").error().retry_after,
            seconds(901));
  clock.Advance(seconds(901));
  EXPECT_TRUE(service->Login("staff@example.co.ke", "staff-password-1", "10.0.0.3"))
      << "the right password after the wait gets in";
  // ...and the pair's failures are forgotten.
  EXPECT_EQ(service->Login("staff@example.co.ke", "wrong-password-x", "10.0.0.3").error().code,
            ErrorCode::kUnauthenticated);
}

TEST_F(AccountServiceTest, AWallOfFailuresFromOneAddressSlowsOnlyThatAddress) {
  for (int i = 0; i < 5; ++i) {
    static_cast<void>(
        service->Login("user" + std::to_string(i) + "@example.co.ke", "whatever-pass", "10.9.9.9"));
  }
  auto limited = service->Login("staff@example.co.ke", "staff-password-1", "10.9.9.9");
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().code, ErrorCode::kRateLimited);
  EXPECT_LE(limited.error().retry_after, seconds(2));
  EXPECT_TRUE(service->Login("staff@example.co.ke", "staff-password-1", "10.9.9.10"))
      << "other address unaffected";
  clock.Advance(seconds(2));
  EXPECT_TRUE(service->Login("staff@example.co.ke", "staff-password-1", "10.9.9.9"));
}

TEST_F(AccountServiceTest, IdleSessionExpires) {
  auto login = service->Login("staff@example.co.ke", "staff-password-1", "10.0.0.1");
  ASSERT_TRUE(login);
  clock.Advance(seconds(599));
  ASSERT_TRUE(service->AuthenticateSession(login->session_token)) << "activity within the idle limit";
  clock.Advance(seconds(599));
  ASSERT_TRUE(service->AuthenticateSession(login->session_token)) << "the previous request renewed it";
  clock.Advance(seconds(600));
  auto expired = service->AuthenticateSession(login->session_token);
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().code, ErrorCode::kUnauthenticated);
  clock.Advance(seconds(-600));
  EXPECT_FALSE(service->AuthenticateSession(login->session_token)) << "an expired session is deleted";
}

TEST_F(AccountServiceTest, AbsoluteLimitHoldsWhateverTheActivity) {
  auto login = service->Login("staff@example.co.ke", "staff-password-1", "10.0.0.1");
  ASSERT_TRUE(login);
  for (int i = 0; i < 6; ++i) {
    clock.Advance(seconds(500));
    ASSERT_TRUE(service->AuthenticateSession(login->session_token)) << i;
  }
  clock.Advance(seconds(600));  // 3600 s since login
  EXPECT_FALSE(service->AuthenticateSession(login->session_token));
}

TEST_F(AccountServiceTest, SignInAsClientLastsThirtyMinutesWhateverTheActivity) {
  ASSERT_TRUE(service->CreateUser(AccountService::System(),
                                  {"agent@example.co.ke", "Agent", "agent", "AG-1", {}, "agent-password-1"},
                                  "seed"));
  const Principal agent = SignIn("agent@example.co.ke", "agent-password-1");
  auto acting = service->StartImpersonation(agent, "CL-1", {"view_invoices"}, "10.0.0.1");
  ASSERT_TRUE(acting) << acting.error().message;
  EXPECT_EQ(acting->expires_at, clock.Now() + std::chrono::minutes(30));
  auto principal = service->AuthenticateSession(acting->session_token);
  ASSERT_TRUE(principal);
  ASSERT_TRUE(principal->impersonation);
  EXPECT_EQ(principal->role, accounts::Role::kClient);
  EXPECT_EQ(principal->client_id, "CL-1");
  EXPECT_FALSE(principal->agent_id);
  EXPECT_EQ(principal->impersonation->permissions, std::vector<std::string>{"view_invoices"});
  // Busy use does not extend it: 29m50s in, still valid; at 30m, gone.
  for (int i = 0; i < 3; ++i) {
    clock.Advance(seconds(500));
    ASSERT_TRUE(service->AuthenticateSession(acting->session_token)) << i;
  }
  clock.Advance(seconds(290));
  ASSERT_TRUE(service->AuthenticateSession(acting->session_token));
  clock.Advance(seconds(10));
  EXPECT_FALSE(service->AuthenticateSession(acting->session_token));
  const auto started = Audit("impersonation_started");
  ASSERT_EQ(started.size(), 1U);
  EXPECT_EQ(started[0].actor, "user:" + agent.id);
  EXPECT_EQ(started[0].on_behalf_of, "client:CL-1");
}

TEST_F(AccountServiceTest, EndingSignInAsClientGivesTheAgentAFreshSession) {
  ASSERT_TRUE(service->CreateUser(AccountService::System(),
                                  {"agent@example.co.ke", "Agent", "agent", "AG-1", {}, "agent-password-1"},
                                  "seed"));
  const Principal agent = SignIn("agent@example.co.ke", "agent-password-1");
  auto acting = service->StartImpersonation(agent, "CL-1", {}, "10.0.0.1");
  ASSERT_TRUE(acting);
  auto principal = service->AuthenticateSession(acting->session_token);
  ASSERT_TRUE(principal);
  // An impersonated session cannot open another one.
  EXPECT_FALSE(service->StartImpersonation(*principal, "CL-1", {}, "10.0.0.1"));
  auto back = service->EndImpersonation(*principal, "10.0.0.1");
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_NE(back->session_token, acting->session_token);
  EXPECT_FALSE(service->AuthenticateSession(acting->session_token));
  auto own = service->AuthenticateSession(back->session_token);
  ASSERT_TRUE(own);
  EXPECT_FALSE(own->impersonation);
  EXPECT_EQ(own->role, accounts::Role::kAgent);
  EXPECT_EQ(own->agent_id, "AG-1");
  // Only an impersonated session can be ended this way.
  EXPECT_EQ(service->EndImpersonation(*own, "10.0.0.1").error().code, ErrorCode::kConflict);
}

TEST_F(AccountServiceTest, LogoutEndsTheSession) {
  auto login = service->Login("staff@example.co.ke", "staff-password-1", "10.0.0.1");
  auto principal = service->AuthenticateSession(login->session_token);
  ASSERT_TRUE(service->Logout(*principal, "10.0.0.1"));
  EXPECT_FALSE(service->AuthenticateSession(login->session_token));
  EXPECT_EQ(Audit("logout").size(), 1U);
}

TEST_F(AccountServiceTest, CreateUserValidatesEverythingAndChangesNothingOnError) {
  auto staff = SignIn("staff@example.co.ke", "staff-password-1");
  auto bad = service->CreateUser(staff, {"not-an-email", "", "agent", {}, "CL-1", "short"}, "10.0.0.1");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
  std::vector<std::string> fields;
  for (const auto& field : bad.error().fields) fields.push_back(field.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"email", "display_name", "agent_id", "client_id", "password"}));
  auto unknown_org =
      service->CreateUser(staff, {"a@x.co.ke", "A", "agent", "AG-404", {}, "long-enough-pw"}, "ip");
  ASSERT_FALSE(unknown_org);
  EXPECT_EQ(unknown_org.error().fields.at(0).field, "agent_id");
  EXPECT_EQ(service->ListUsers(staff)->size(), 1U);
  EXPECT_TRUE(Audit("user_created").size() == 1U) << "only the seeded staff user";
}

TEST_F(AccountServiceTest, DuplicateEmailIsAConflict) {
  auto staff = SignIn("staff@example.co.ke", "staff-password-1");
  auto duplicate =
      service->CreateUser(staff, {"STAFF@example.co.ke", "Again", "staff", {}, {}, "long-enough-pw"}, "ip");
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);
}

TEST_F(AccountServiceTest, OnlyStaffManageUsers) {
  auto staff = SignIn("staff@example.co.ke", "staff-password-1");
  ASSERT_TRUE(
      service->CreateUser(staff, {"agent@x.co.ke", "Agent", "agent", "AG-1", {}, "agent-password-1"}, "ip"));
  auto agent = SignIn("agent@x.co.ke", "agent-password-1");
  auto refused = service->CreateUser(agent, {"b@x.co.ke", "B", "staff", {}, {}, "long-enough-pw"}, "ip");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(service->ListUsers(agent).error().code, ErrorCode::kForbidden);
  EXPECT_EQ(service->ListAgentUsers(agent, "AG-1")->size(), 1U);
}

TEST_F(AccountServiceTest, DeactivationAndPasswordChangeEndSessions) {
  auto staff = SignIn("staff@example.co.ke", "staff-password-1");
  auto agent_user =
      service->CreateUser(staff, {"agent@x.co.ke", "Agent", "agent", "AG-1", {}, "agent-password-1"}, "ip");
  auto login = service->Login("agent@x.co.ke", "agent-password-1", "ip");
  ASSERT_TRUE(login);
  UserPatch patch;
  patch.password = "a-brand-new-password";
  ASSERT_TRUE(service->UpdateUser(staff, agent_user->id, patch, "ip"));
  EXPECT_FALSE(service->AuthenticateSession(login->session_token));
  EXPECT_FALSE(service->Login("agent@x.co.ke", "agent-password-1", "ip"));
  auto second = service->Login("agent@x.co.ke", "a-brand-new-password", "ip");
  ASSERT_TRUE(second);
  UserPatch deactivate;
  deactivate.active = false;
  ASSERT_TRUE(service->UpdateUser(staff, agent_user->id, deactivate, "ip"));
  EXPECT_FALSE(service->AuthenticateSession(second->session_token));
  EXPECT_FALSE(service->Login("agent@x.co.ke", "a-brand-new-password", "ip"));
  auto updates = Audit("user_updated");
  ASSERT_EQ(updates.size(), 2U);
  EXPECT_EQ(updates[0].detail, "{\"active\":false}");
  EXPECT_EQ(updates[1].detail, "{\"password\":\"changed\"}");
}

TEST_F(AccountServiceTest, ApiKeysAreShownOnceStoredHashedAndRevocable) {
  auto staff = SignIn("staff@example.co.ke", "staff-password-1");
  auto created = service->CreateApiKey(staff, "billing system", {"billing:write"}, "ip");
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_TRUE(created->key.starts_with("wk_" + created->record.id + "_"));
  auto listed = service->ListApiKeys(staff);
  ASSERT_EQ(listed->size(), 1U);
  EXPECT_NE(listed->at(0).secret_digest, created->key);
  EXPECT_EQ(listed->at(0).secret_digest.find(created->key.substr(20)), std::string::npos);

  auto principal = service->AuthenticateApiKey(created->key);
  ASSERT_TRUE(principal);
  EXPECT_EQ(principal->kind, Principal::Kind::kApiKey);
  EXPECT_EQ(principal->scopes, std::vector<std::string>{"billing:write"});
  std::string forged = created->key;
  forged.back() = forged.back() == 'a' ? 'b' : 'a';
  EXPECT_FALSE(service->AuthenticateApiKey(forged));

  ASSERT_TRUE(service->RevokeApiKey(staff, created->record.id, "ip"));
  EXPECT_FALSE(service->AuthenticateApiKey(created->key));
  EXPECT_EQ(service->RevokeApiKey(staff, "0000000000000000", "ip").error().code, ErrorCode::kNotFound);
}

TEST_F(AccountServiceTest, ApiKeyScopesAreValidated) {
  auto staff = SignIn("staff@example.co.ke", "staff-password-1");
  auto bad = service->CreateApiKey(staff, "x", {"read", "root"}, "ip");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().fields.at(0).field, "scopes/1");
  EXPECT_FALSE(service->CreateApiKey(staff, "x", {}, "ip"));
  EXPECT_EQ(service->ListApiKeys(staff)->size(), 0U);
}

TEST_F(AccountServiceTest, AuditLogPagesNewestFirst) {
  for (int i = 0; i < 5; ++i) {
    static_cast<void>(
        service->Login("staff@example.co.ke", "wrong-password-x", "10.1.1." + std::to_string(i)));
    clock.Advance(seconds(1000));  // stay under the rate limit
  }
  AuditQuery query;
  query.action = "login_failed";
  query.limit = 2;
  auto first = *service->ListAudit(AccountService::System(), query);
  ASSERT_EQ(first.size(), 2U);
  EXPECT_EQ(first[0].ip, "10.1.1.4");
  EXPECT_GT(first[0].seq, first[1].seq);
  query.before_seq = first[1].seq;
  auto second = *service->ListAudit(AccountService::System(), query);
  ASSERT_EQ(second.size(), 2U);
  EXPECT_EQ(second[0].ip, "10.1.1.2");
  query.limit = 0;
  EXPECT_FALSE(service->ListAudit(AccountService::System(), query));
}

}  // namespace
}  // namespace wakala::accounts
