#pragma once

#include <optional>
#include <string>
#include <vector>

#include "accounts/principal.hpp"
#include "agents/joining.hpp"
#include "agents/store.hpp"
#include "core/clock.hpp"
#include "program/program.hpp"

namespace wakala::agents {

struct SubmittedApplication {
  agents::Application application;
  std::string status_token;  // shown once: lets the applicant follow its application
};

struct Approval {
  agents::Application application;
  agents::AgentProfile agent;
  std::string owner_user_id;
  std::string tier;  // the entry tier (affiliate)
};

// Joining the program: the public application, staff review, and the
// approval that creates the agent company, its owner user (invited by email
// to set a password), its referral id and its entry in the commission engine
// as an affiliate whose 90-day clock starts now — all in one transaction.
class JoiningService {
 public:
  JoiningService(Journal& journal, const Clock& clock, const program::Program& program,
                 std::string public_url);

  Result<SubmittedApplication> Submit(const agents::ApplicationForm& form, const std::string& ip);
  // The applicant's view: needs the status token given at submission.
  Result<agents::Application> Status(const std::string& id, const std::string& status_token);

  Result<std::vector<agents::Application>> List(const accounts::Principal& actor, const std::string& status);
  Result<agents::Application> Get(const accounts::Principal& actor, const std::string& id);
  Result<Approval> Approve(const accounts::Principal& actor, const std::string& id, const std::string& ip);
  Result<agents::Application> Reject(const accounts::Principal& actor, const std::string& id,
                                     const std::string& reason, const std::string& ip);

  // Applications one address may send per hour (abuse of a public form).
  static constexpr int kApplicationsPerIpPerHour = 5;
  // How long an invitation link stays valid.
  static constexpr std::chrono::hours kInvitationLifetime{24 * 7};

 private:
  Journal& journal_;
  const Clock& clock_;
  const program::Program& program_;
  std::string public_url_;
};

}  // namespace wakala::agents
