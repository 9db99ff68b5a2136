#pragma once

#include <optional>
#include <string>
#include <vector>

#include "agents/records.hpp"

namespace soci {
class session;
}

namespace wakala::storage {

struct StoredFile {
  std::string id, agent_id, content_type, sha256, original_name, uploaded_by;
  long long size_bytes = 0;
  Timestamp uploaded_at{};
};

// People, evidence files, certifications and agreements of agents (SQL of
// both engines), inside a transaction opened by Database.
class SqlAgentRecordsStore {
 public:
  explicit SqlAgentRecordsStore(soci::session& session) : session_(session) {}

  void AddPerson(const std::string& user_id, const std::string& agent_id, const std::string& role,
                 Timestamp at);
  std::optional<agents::Person> FindPerson(const std::string& user_id);
  // Current people first by role, then by email; removed ones are left out.
  std::vector<agents::Person> ListPeople(const std::string& agent_id);
  bool MarkPersonRemoved(const std::string& user_id, Timestamp at);

  void InsertFile(const StoredFile& file);
  std::optional<StoredFile> FindFile(const std::string& id);

  void InsertCertification(const agents::Certification& certification);
  std::optional<agents::Certification> FindCertification(const std::string& id);
  std::vector<agents::Certification> ListCertificationsOf(const std::string& agent_id);
  std::vector<agents::Certification> ListCertificationsIn(const std::string& status);
  // Only a submitted certification is decided: false if it was not.
  bool DecideCertification(const std::string& id, const std::string& status, const std::string& by,
                           Timestamp at, const std::optional<std::string>& reason);

  void InsertAgreement(const agents::Agreement& agreement);
  std::optional<agents::Agreement> FindAgreement(const std::string& id);
  std::vector<agents::Agreement> ListAgreementsOf(const std::string& agent_id);  // newest first
  bool DecideAgreement(const std::string& id, const std::string& status, const std::string& by, Timestamp at,
                       const std::optional<std::string>& reason);

 private:
  std::vector<agents::Certification> QueryCertifications(const std::string& where, const std::string& key);
  std::vector<agents::Agreement> QueryAgreements(const std::string& where, const std::string& key);
  std::vector<agents::Person> QueryPeople(const std::string& where, const std::string& key);

  soci::session& session_;
};

}  // namespace wakala::storage
