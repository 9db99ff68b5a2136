#include "daraja_fake.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "http_client.hpp"

namespace wakala::testing {

namespace {
std::string ReadWhole(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::ostringstream content;
  content << file.rdbuf();
  return content.str();
}
}  // namespace

DarajaFake::DarajaFake(const std::string& options) {
  std::random_device device;
  directory_ = std::filesystem::temp_directory_path() /
               ("wakala-daraja-" + std::to_string(getpid()) + "-" + std::to_string(device() % 1000000));
  std::filesystem::create_directories(directory_);
  const std::string port_file = directory_ + "/port";
  const std::string command =
      "exec /usr/bin/python3 " WAKALA_SOURCE_DIR "/tests/fakes/daraja.py --port-file '" + port_file +
      "' --cert-out '" + certificate_file() + "' " + options + " 2>'" + directory_ + "/log'";
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::filesystem::exists(port_file)) {
      port_ = std::stoi(ReadWhole(port_file));
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("the Daraja fake exited at start:\n" + ReadWhole(directory_ + "/log"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("the Daraja fake did not start in 30 s:\n" + ReadWhole(directory_ + "/log"));
}

DarajaFake::~DarajaFake() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

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
