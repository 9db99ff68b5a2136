#include "smtp_server.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace wakala::testing {

SmtpServer::SmtpServer(const std::string& options)
    : process_("smtp", "smtp_server.py", "--dir '{dir}/mail' " + options) {}

std::vector<boost::json::object> SmtpServer::Messages() const {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(process_.directory() + "/mail", ec)) {
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
