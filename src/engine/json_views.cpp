#include "engine/json_views.hpp"

#include <boost/json.hpp>

namespace wakala::engine {

namespace json = boost::json;

json::array CheckResultsJson(const std::vector<CheckResult>& checks) {
  json::array items;
  for (const auto& check : checks) {
    items.push_back(json::object{{"requirement", check.requirement},
                                 {"tier", check.tier},
                                 {"measured", check.measured},
                                 {"threshold", check.threshold},
                                 {"met", check.met}});
  }
  return items;
}

json::array ForfeitsJson(const std::vector<Forfeit>& forfeits) {
  json::array items;
  for (const auto& forfeit : forfeits) {
    items.push_back(
        json::object{{"commission_id", forfeit.commission}, {"amount", forfeit.amount.ToString()}});
  }
  return items;
}

}  // namespace wakala::engine
