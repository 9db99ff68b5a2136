#pragma once

#include <boost/json/array.hpp>
#include <vector>

#include "engine/state.hpp"

namespace wakala::engine {

// The JSON of engine results that the API, the audit log and `wakala
// simulate` all print the same way.

// An evaluation's requirement checks: requirement, tier, measured, threshold, met.
boost::json::array CheckResultsJson(const std::vector<CheckResult>& checks);
// Commissions forfeited by a violation or a termination: commission_id, amount.
boost::json::array ForfeitsJson(const std::vector<Forfeit>& forfeits);

}  // namespace wakala::engine
