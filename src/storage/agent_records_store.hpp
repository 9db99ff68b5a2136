#pragma once

#include <optional>
#include <string>
#include <vector>

#include "agents/store.hpp"

namespace soci {
class session;
}

namespace wakala::storage {

// People, evidence files, certifications and agreements of agents (SQL of
// both engines), inside a transaction opened by Database.
class SqlAgentRecordsStore final : public agents::RecordsStore {
 public:
  explicit SqlAgentRecordsStore(soci::session& session) : session_(session) {}

  void AddPerson(const std::string& user_id, const std::string& agent_id, const std::string& role,
                 Timestamp at) override;
  std::optional<agents::Person> FindPerson(const std::string& user_id) override;
  // Current people first by role, then by email; removed ones are left out.
  std::vector<agents::Person> ListPeople(const std::string& agent_id) override;
  bool MarkPersonRemoved(const std::string& user_id, Timestamp at) override;

  void InsertFile(const agents::StoredFile& file) override;
  std::optional<agents::StoredFile> FindFile(const std::string& id) override;

  void InsertCertification(const agents::Certification& certification) override;
  std::optional<agents::Certification> FindCertification(const std::string& id) override;
  std::vector<agents::Certification> ListCertificationsOf(const std::string& agent_id) override;
  std::vector<agents::Certification> ListCertificationsIn(const std::string& status) override;
  // Only a submitted certification is decided: false if it was not.
  bool DecideCertification(const std::string& id, const std::string& status, const std::string& by,
                           Timestamp at, const std::optional<std::string>& reason) override;

  void InsertAgreement(const agents::Agreement& agreement) override;
  std::optional<agents::Agreement> FindAgreement(const std::string& id) override;
  std::vector<agents::Agreement> ListAgreementsOf(const std::string& agent_id) override;  // newest first
  bool DecideAgreement(const std::string& id, const std::string& status, const std::string& by, Timestamp at,
                       const std::optional<std::string>& reason) override;

 private:
  std::vector<agents::Certification> QueryCertifications(const std::string& where, const std::string& key);
  std::vector<agents::Agreement> QueryAgreements(const std::string& where, const std::string& key);
  std::vector<agents::Person> QueryPeople(const std::string& where, const std::string& key);

  soci::session& session_;
};

}  // namespace wakala::storage
