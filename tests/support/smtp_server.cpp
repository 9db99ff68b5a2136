#include "smtp_server.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace wakala::testing {

namespace {
std::string ReadWhole(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::ostringstream content;
  content << file.rdbuf();
  return content.str();
}
}  // namespace

SmtpServer::SmtpServer(const std::string& options) {
  std::random_device device;
  directory_ = std::filesystem::temp_directory_path() /
               ("wakala-smtp-" + std::to_string(getpid()) + "-" + std::to_string(device() % 1000000));
  std::filesystem::create_directories(directory_);
  const std::string port_file = directory_ + "/port";
  const std::string command =
      "exec /usr/bin/python3 " WAKALA_SOURCE_DIR "/tests/fakes/smtp_server.py --dir '" + directory_ +
      "/mail' --port-file '" + port_file + "' " + options + " 2>'" + directory_ + "/log'";
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::filesystem::exists(port_file)) {
      port_ = std::stoi(ReadWhole(port_file));
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("the SMTP server exited at start:\n" + ReadWhole(directory_ + "/log"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("the SMTP server did not start in 20 s:\n" + ReadWhole(directory_ + "/log"));
}

SmtpServer::~SmtpServer() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

std::vector<boost::json::object> SmtpServer::Messages() const {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(directory_ + "/mail", ec)) {
    // Written before the .eml is renamed into place: complete once the .eml is there.
    if (entry.path().extension() == ".eml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<boost::json::object> messages;
  for (auto path : files) {
    path.replace_extension(".json");
    messages.push_back(boost::json::parse(ReadWhole(path)).as_object());
  }
  return messages;
}

std::vector<boost::json::object> SmtpServer::WaitFor(std::size_t count, std::chrono::seconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto messages = Messages();
  while (messages.size() < count && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    messages = Messages();
  }
  return messages;
}

}  // namespace wakala::testing
