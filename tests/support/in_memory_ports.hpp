#pragma once

// Services over in-memory ports: gmock stores and an engine journal that
// commits a write only when the service's own records went through, as the
// SQL journal does. What a service unit test needs instead of a database.

#include <gmock/gmock.h>

#include <memory>
#include <vector>

#include "accounts/store.hpp"
#include "agents/store.hpp"
#include "engine/journal_port.hpp"

namespace wakala::accounts::testing {

class MockAccountStore : public AccountStore {
 public:
  MOCK_METHOD(void, InsertUser, (const UserRecord& record), (override));
  MOCK_METHOD(std::optional<UserRecord>, FindUserById, (const std::string& id), (override));
  MOCK_METHOD(std::optional<UserRecord>, FindUserByEmail, (const std::string& email), (override));
  MOCK_METHOD(std::vector<User>, ListUsers,
              (const std::optional<std::string>& agent_id, const std::optional<std::string>& client_id),
              (override));
  MOCK_METHOD(void, UpdateUser, (const User& user), (override));
  MOCK_METHOD(void, UpdatePasswordHash, (const std::string& user_id, const std::string& hash), (override));
  MOCK_METHOD(void, SetLanguage, (const std::string& user_id, const std::string& language), (override));
  MOCK_METHOD(void, InsertSession, (const SessionRecord& session), (override));
  MOCK_METHOD(std::optional<SessionRecord>, FindSession, (const std::string& token_digest), (override));
  MOCK_METHOD(void, TouchSession, (const std::string& token_digest, Timestamp last_seen_at), (override));
  MOCK_METHOD(void, DeleteSession, (const std::string& token_digest), (override));
  MOCK_METHOD(void, DeleteSessionsOfUser, (const std::string& user_id), (override));
  MOCK_METHOD(void, InsertImpersonation, (const ImpersonationRecord& impersonation), (override));
  MOCK_METHOD(std::optional<ImpersonationRecord>, FindImpersonation, (const std::string& id), (override));
  MOCK_METHOD(std::vector<ImpersonationRecord>, ListImpersonations, (const std::string& client_id),
              (override));
  MOCK_METHOD(void, EndImpersonation, (const std::string& id, Timestamp at, const std::string& reason),
              (override));
  MOCK_METHOD(void, EndImpersonationsOfClient,
              (const std::string& client_id, Timestamp at, const std::string& reason), (override));
  MOCK_METHOD(void, EndImpersonationsOfAgent,
              (const std::string& agent_id, Timestamp at, const std::string& reason), (override));
  MOCK_METHOD(void, EndImpersonationsOfUser,
              (const std::string& user_id, Timestamp at, const std::string& reason), (override));
  MOCK_METHOD(void, InsertInvitation, (const InvitationRecord& invitation), (override));
  MOCK_METHOD(std::optional<InvitationRecord>, FindInvitation, (const std::string& token_digest), (override));
  MOCK_METHOD(void, MarkInvitationUsed, (const std::string& token_digest, Timestamp at), (override));
  MOCK_METHOD(void, InsertApiKey, (const ApiKeyRecord& key), (override));
  MOCK_METHOD(std::optional<ApiKeyRecord>, FindApiKey, (const std::string& id), (override));
  MOCK_METHOD(std::vector<ApiKeyRecord>, ListApiKeys, (), (override));
  MOCK_METHOD(void, RevokeApiKey, (const std::string& id, Timestamp at), (override));
  MOCK_METHOD(void, AppendAudit, (const AuditEntry& entry), (override));
  MOCK_METHOD(std::vector<AuditEntry>, ListAudit, (const AuditQuery& query), (override));
  MOCK_METHOD(std::vector<Timestamp>, AuditTimesBySubject,
              (const std::string& action, const std::string& subject, Timestamp since), (override));
  MOCK_METHOD(std::vector<Timestamp>, AuditTimesByIp,
              (const std::string& action, const std::string& ip, Timestamp since), (override));
  MOCK_METHOD(std::vector<Timestamp>, AuditTimesBySubjectAndIp,
              (const std::string& action, const std::string& subject, const std::string& ip, Timestamp since),
              (override));
  MOCK_METHOD(void, InsertAgentCompany, (const Organisation& agent), (override));
  MOCK_METHOD(void, InsertClientAccount, (const Organisation& client), (override));
  MOCK_METHOD(std::optional<Organisation>, FindAgentCompany, (const std::string& id), (override));
  MOCK_METHOD(std::optional<Organisation>, FindClientAccount, (const std::string& id), (override));
};

}  // namespace wakala::accounts::testing

namespace wakala::agents::testing {

class MockAgentStore : public AgentStore {
 public:
  MOCK_METHOD(void, InsertApplication,
              (const Application& application, const std::string& status_token_digest), (override));
  MOCK_METHOD(std::optional<Application>, FindApplication, (const std::string& id), (override));
  MOCK_METHOD(std::optional<std::string>, ApplicationStatusTokenDigest, (const std::string& id), (override));
  MOCK_METHOD(std::vector<Application>, ListApplications, (const std::string& status), (override));
  MOCK_METHOD(std::optional<std::string>, LiveDuplicate,
              (const std::string& kra_pin, const std::string& email), (override));
  MOCK_METHOD(int, ApplicationsFromIpSince, (const std::string& ip, Timestamp since), (override));
  MOCK_METHOD(bool, MarkApproved,
              (const std::string& id, const std::string& by, Timestamp at, const std::string& agent_id),
              (override));
  MOCK_METHOD(bool, MarkRejected,
              (const std::string& id, const std::string& by, Timestamp at, const std::string& reason),
              (override));
  MOCK_METHOD(void, InsertAgentProfile, (const AgentProfile& profile), (override));
  MOCK_METHOD(std::optional<AgentProfile>, FindAgentProfile, (const std::string& id), (override));
  MOCK_METHOD(std::optional<AgentProfile>, FindAgentByReferralId, (const std::string& referral_id),
              (override));
  MOCK_METHOD(std::vector<AgentProfile>, ListAgentProfiles, (), (override));
  MOCK_METHOD(void, SetReferralId, (const std::string& agent_id, const std::string& referral_id), (override));
  MOCK_METHOD(void, SetContact, (const AgentProfile& profile), (override));
  MOCK_METHOD(void, QueueEmail, (const OutboundEmail& email), (override));
  MOCK_METHOD(std::vector<OutboundEmail>, ListEmailsTo, (const std::string& recipient), (override));
};

class MockRecordsStore : public RecordsStore {
 public:
  MOCK_METHOD(void, AddPerson,
              (const std::string& user_id, const std::string& agent_id, const std::string& role,
               Timestamp at),
              (override));
  MOCK_METHOD(std::optional<Person>, FindPerson, (const std::string& user_id), (override));
  MOCK_METHOD(std::vector<Person>, ListPeople, (const std::string& agent_id), (override));
  MOCK_METHOD(bool, MarkPersonRemoved, (const std::string& user_id, Timestamp at), (override));
  MOCK_METHOD(void, InsertFile, (const StoredFile& file), (override));
  MOCK_METHOD(std::optional<StoredFile>, FindFile, (const std::string& id), (override));
  MOCK_METHOD(void, InsertCertification, (const Certification& certification), (override));
  MOCK_METHOD(std::optional<Certification>, FindCertification, (const std::string& id), (override));
  MOCK_METHOD(std::vector<Certification>, ListCertificationsOf, (const std::string& agent_id), (override));
  MOCK_METHOD(std::vector<Certification>, ListCertificationsIn, (const std::string& status), (override));
  MOCK_METHOD(bool, DecideCertification,
              (const std::string& id, const std::string& status, const std::string& by, Timestamp at,
               const std::optional<std::string>& reason),
              (override));
  MOCK_METHOD(void, InsertAgreement, (const Agreement& agreement), (override));
  MOCK_METHOD(std::optional<Agreement>, FindAgreement, (const std::string& id), (override));
  MOCK_METHOD(std::vector<Agreement>, ListAgreementsOf, (const std::string& agent_id), (override));
  MOCK_METHOD(bool, DecideAgreement,
              (const std::string& id, const std::string& status, const std::string& by, Timestamp at,
               const std::optional<std::string>& reason),
              (override));
};

}  // namespace wakala::agents::testing

namespace wakala::engine::testing {

// The engine in memory behind a domain's port. A write applies its commands
// to a copy of the engine and keeps the copy only if every command and the
// service's `alongside` work succeeded: all or nothing, like the journal.
template <class Stores>
class InMemoryJournal final : public JournalPort<Stores> {
  using Port = JournalPort<Stores>;

 public:
  InMemoryJournal(const program::Program& program, Timestamp start, Stores stores)
      : program_(program), engine_(std::make_unique<Engine>(program, start)), stores_(stores) {}

  Engine& engine() { return *engine_; }
  // The commands of every write that committed, in order.
  const std::vector<Command>& committed() const { return committed_; }

  const program::Program& program() const override { return program_; }
  void Read(const std::function<void(const Engine&)>& read) override { read(*engine_); }
  Result<void> ReadStores(const typename Port::Work& work) override { return work(stores_); }
  Result<void> WriteStores(const typename Port::Work& work) override { return work(stores_); }

  Result<std::vector<EventOutcome>> Apply(const std::vector<Command>& commands,
                                          const typename Port::Work& alongside) override {
    return Commit(commands, [&](const Engine&) { return alongside ? alongside(stores_) : Result<void>{}; });
  }
  Result<std::vector<EventOutcome>> ApplyEvents(const std::vector<boost::json::object>&) override {
    return Fail(Error::Internal("InMemoryJournal takes typed commands only"));
  }
  Result<void> ApplyChecked(const std::vector<Command>& commands, const typename Port::EngineCheck& check,
                            const typename Port::AfterApplied& after) override {
    if (auto checked = check(*engine_); !checked) return checked;
    auto applied = Commit(
        commands, [&](const Engine& engine) { return after ? after(stores_, engine) : Result<void>{}; });
    if (!applied) return Fail(applied.error());
    return {};
  }

 private:
  Result<std::vector<EventOutcome>> Commit(const std::vector<Command>& commands,
                                           const std::function<Result<void>(const Engine&)>& alongside) {
    auto next = std::make_unique<Engine>(*engine_);
    std::vector<EventOutcome> outcomes;
    for (const auto& command : commands) {
      if (auto applied = next->Apply(command); !applied) return Fail(applied.error());
      outcomes.push_back(EventOutcome{std::string(CommandType(command)), "", true});
    }
    if (auto done = alongside(*next); !done) return Fail(done.error());
    engine_ = std::move(next);
    committed_.insert(committed_.end(), commands.begin(), commands.end());
    return outcomes;
  }

  const program::Program& program_;
  std::unique_ptr<Engine> engine_;
  Stores stores_;
  std::vector<Command> committed_;
};

}  // namespace wakala::engine::testing
