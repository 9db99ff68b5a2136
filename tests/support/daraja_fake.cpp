#include "daraja_fake.hpp"

#include <stdexcept>
#include <thread>

#include "http_client.hpp"

namespace wakala::testing {

DarajaFake::DarajaFake(const std::string& options)
    : process_("daraja", "daraja.py", "--cert-out '{dir}/cert.pem' " + options) {}

void DarajaFake::Plan(const boost::json::array& steps) const {
  HttpClient client(base_url());
  const auto answer = client.Send("POST", "/__control/plan", boost::json::serialize(steps),
                                  {"Content-Type: application/json"});
  if (answer.status != 200) throw std::runtime_error("the Daraja fake refused a plan: " + answer.body);
}

boost::json::array DarajaFake::Payments() const {
  HttpClient client(base_url());
  return boost::json::parse(client.Get("/__control/payments").body).as_array();
}

boost::json::array DarajaFake::Requests() const {
  HttpClient client(base_url());
  return boost::json::parse(client.Get("/__control/requests").body).as_array();
}

long DarajaFake::Replay(const std::string& originator_id) const {
  HttpClient client(base_url());
  const auto answer =
      client.Send("POST", "/__control/replay",
                  boost::json::serialize(boost::json::object{{"OriginatorConversationID", originator_id}}),
                  {"Content-Type: application/json"});
  if (answer.status != 200) return -1;
  return static_cast<long>(boost::json::parse(answer.body).at("status").as_int64());
}

boost::json::array DarajaFake::WaitFor(const std::function<bool(const boost::json::array&)>& done,
                                       std::chrono::seconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto payments = Payments();
  while (!done(payments) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    payments = Payments();
  }
  return payments;
}

}  // namespace wakala::testing
