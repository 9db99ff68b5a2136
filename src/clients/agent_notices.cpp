#include "clients/agent_notices.hpp"

#include <boost/json.hpp>

#include "agents/agent_mail.hpp"
#include "notify/templates.hpp"

namespace wakala::clients {

namespace {

namespace json = boost::json;

// The template of each kind and the values it names, "" until the detail
// gives them: events from a provider's billing system carry what it sent.
const std::map<std::string, std::vector<std::string>, std::less<>>& TemplateKeys() {
  static const std::map<std::string, std::vector<std::string>, std::less<>> keys{
      {"invoice_paid", {"invoice", "total"}},   {"invoice_issued", {"invoice", "total", "due"}},
      {"invoice_overdue", {"invoice"}},         {"service_state_changed", {"state", "description"}},
      {"ticket_opened", {"ticket", "subject"}}, {"quote_accepted", {"number", "total"}},
      {"quote_declined", {"number", "total"}},
  };
  return keys;
}

}  // namespace

Result<void> TellAgent(Stores& stores, const AgentNotification& notice, const std::string& public_url) {
  if (!stores.clients.RecordNotification(notice)) return {};
  const auto& keys = TemplateKeys();
  const auto known = keys.find(notice.kind);
  notify::Params params;
  if (known != keys.end()) {
    for (const auto& key : known->second) params[key] = "";
  } else {
    params["kind"] = notice.kind;
  }
  boost::system::error_code ec;
  const auto detail = json::parse(notice.detail, ec);
  if (!ec && detail.is_object()) {
    for (const auto& [key, value] : detail.as_object()) {
      if (value.is_string()) params[std::string(key)] = std::string(value.as_string());
    }
  }
  const auto client = notice.client_id.empty() ? std::nullopt : stores.clients.FindClient(notice.client_id);
  params["client"] = client && !client->name.empty() ? client->name : notice.client_id;
  params["link"] =
      public_url + (notice.client_id.empty() ? "/agent/notifications" : "/agent/clients/" + notice.client_id);
  return agents::EmailAgent(stores, notice.agent_id,
                            known != keys.end() ? "agent_event." + notice.kind : "agent_event.other",
                            std::move(params), notice.created_at);
}

}  // namespace wakala::clients
