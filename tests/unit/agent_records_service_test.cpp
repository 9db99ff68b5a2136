// AgentRecordsService over in-memory ports: what a staff decision on a
// certification does to the engine and to the records, without a database.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <variant>

#include "agents/records_service.hpp"
#include "core/calendar.hpp"
#include "in_memory_ports.hpp"
#include "program/program.hpp"

namespace wakala::agents {
namespace {

using ::testing::_;
using ::testing::Field;
using ::testing::Return;
using ::testing::StrictMock;

Timestamp T(std::string_view text) {
  return ParseRfc3339Timestamp(text).value();
}

accounts::Principal Staff() {
  accounts::Principal staff;
  staff.id = "usr_staff";
  staff.role = accounts::Role::kStaff;
  return staff;
}

accounts::Principal AgentUser(const std::string& agent_id) {
  accounts::Principal user;
  user.id = "usr_owner";
  user.role = accounts::Role::kAgent;
  user.agent_id = agent_id;
  return user;
}

Certification Submitted() {
  Certification certification;
  certification.id = "cert_1";
  certification.agent_id = "AG-1";
  certification.person_id = "usr_sales";
  certification.kind = "sales";
  certification.issued_on = std::chrono::year(2026) / 1 / 5;
  certification.valid_until = std::chrono::year(2027) / 12 / 31;
  return certification;
}

class CertificationDecision : public ::testing::Test {
 protected:
  CertificationDecision()
      : program_(program::BuiltinProgram("cloudone").value()),
        clock_(T("2026-03-02T10:00:00+03:00")),
        journal_(program_, T("2026-01-10T09:00:00+03:00"), Stores{accounts_, agents_, records_}),
        service_(journal_, clock_, "/nonexistent", "http://127.0.0.1") {
    engine::AgentFacts agent;
    agent.id = "AG-1";
    agent.activated_at = T("2026-01-10T09:00:00+03:00");
    agent.people.push_back(engine::Person{"usr_sales", {}});
    EXPECT_TRUE(journal_.engine().Register(agent));
  }

  std::size_t EngineCertifications() {
    std::size_t count = 0;
    journal_.Read([&](const engine::Engine& engine) {
      for (const auto& person : engine.agents().at("AG-1").facts.people)
        count += person.certifications.size();
    });
    return count;
  }

  program::Program program_;
  ManualClock clock_;
  StrictMock<accounts::testing::MockAccountStore> accounts_;
  StrictMock<testing::MockAgentStore> agents_;
  StrictMock<testing::MockRecordsStore> records_;
  engine::testing::InMemoryJournal<Stores> journal_;
  AgentRecordsService service_;
};

TEST_F(CertificationDecision, VerifyingCertifiesThePersonInTheEngineAndAuditsIt) {
  EXPECT_CALL(records_, FindCertification("cert_1")).WillOnce(Return(Submitted()));
  EXPECT_CALL(records_,
              DecideCertification("cert_1", "verified", "user:usr_staff", _, std::optional<std::string>()))
      .WillOnce(Return(true));
  EXPECT_CALL(accounts_, AppendAudit(Field(&accounts::AuditEntry::action, "certification_verified")));

  auto decided = service_.DecideCertification(Staff(), "cert_1", true, "", "10.0.0.1");

  ASSERT_TRUE(decided) << decided.error().message;
  EXPECT_EQ(decided->status, "verified");
  EXPECT_EQ(decided->decided_by, "user:usr_staff");
  ASSERT_EQ(journal_.committed().size(), 1U);
  const auto* certify = std::get_if<engine::Certify>(&journal_.committed().front());
  ASSERT_NE(certify, nullptr);
  EXPECT_EQ(certify->agent, "AG-1");
  EXPECT_EQ(certify->person, "usr_sales");
  EXPECT_EQ(certify->certification.kind, engine::CertificationKind::kSales);
  EXPECT_EQ(EngineCertifications(), 1U);
}

TEST_F(CertificationDecision, DecidedBySomeoneElseMeanwhileChangesNothing) {
  EXPECT_CALL(records_, FindCertification("cert_1")).WillOnce(Return(Submitted()));
  EXPECT_CALL(records_, DecideCertification("cert_1", "verified", _, _, _)).WillOnce(Return(false));

  auto decided = service_.DecideCertification(Staff(), "cert_1", true, "", "10.0.0.1");

  ASSERT_FALSE(decided);
  EXPECT_EQ(decided.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(journal_.committed().empty());
  EXPECT_EQ(EngineCertifications(), 0U);  // no audit either: the strict mock saw no AppendAudit
}

TEST_F(CertificationDecision, ARejectionNeedsAReasonBeforeAnythingIsRead) {
  auto decided = service_.DecideCertification(Staff(), "cert_1", false, "   ", "10.0.0.1");

  ASSERT_FALSE(decided);
  EXPECT_EQ(decided.error().code, ErrorCode::kInvalidInput);
  ASSERT_EQ(decided.error().fields.size(), 1U);
  EXPECT_EQ(decided.error().fields.front().field, "reason");
  EXPECT_TRUE(journal_.committed().empty());
}

TEST_F(CertificationDecision, ARejectionKeepsTheEngineAsItWas) {
  EXPECT_CALL(records_, FindCertification("cert_1")).WillOnce(Return(Submitted()));
  EXPECT_CALL(records_,
              DecideCertification("cert_1", "rejected", _, _, std::optional<std::string>("blurred scan")))
      .WillOnce(Return(true));
  EXPECT_CALL(accounts_, AppendAudit(Field(&accounts::AuditEntry::action, "certification_rejected")));

  auto decided = service_.DecideCertification(Staff(), "cert_1", false, " blurred scan ", "10.0.0.1");

  ASSERT_TRUE(decided) << decided.error().message;
  EXPECT_EQ(decided->rejection_reason, std::optional<std::string>("blurred scan"));
  EXPECT_TRUE(journal_.committed().empty());
  EXPECT_EQ(EngineCertifications(), 0U);
}

TEST_F(CertificationDecision, OnlyStaffDecide) {
  auto decided = service_.DecideCertification(AgentUser("AG-1"), "cert_1", true, "", "10.0.0.1");

  ASSERT_FALSE(decided);
  EXPECT_EQ(decided.error().code, ErrorCode::kForbidden);
}

TEST_F(CertificationDecision, StaffNeedNoPersonRecordAndOthersMustBeTheAgentsCurrentPeople) {
  // Staff: no read at all (the strict mock would fail on FindPerson).
  EXPECT_TRUE(RequireAgentPerson(journal_, Staff(), "AG-1", true));

  Person removed{"usr_owner",
                 "AG-1",
                 "owner",
                 "owner@example.test",
                 "Owner",
                 T("2026-01-10T09:00:00+03:00"),
                 T("2026-02-01T09:00:00+03:00")};
  EXPECT_CALL(records_, FindPerson("usr_owner")).WillOnce(Return(removed));
  const auto refused = RequireAgentPerson(journal_, AgentUser("AG-1"), "AG-1", false);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);

  // Another agent's user is refused before anything is read, as "not found"
  // (it learns nothing of the agent).
  const auto other = RequireAgentPerson(journal_, AgentUser("AG-2"), "AG-1", false);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace wakala::agents
