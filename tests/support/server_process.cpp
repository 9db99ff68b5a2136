#include "server_process.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace wakala::testing {

namespace {
std::string ReadFile(const std::string& path) {
  std::ifstream file(path);
  std::ostringstream content;
  content << file.rdbuf();
  return content.str();
}
}  // namespace

ServerProcess::ServerProcess(const std::string& database_url,
                             std::map<std::string, std::string> environment) {
  std::random_device device;
  directory_ = std::filesystem::temp_directory_path() /
               ("wakala-server-" + std::to_string(getpid()) + "-" + std::to_string(device() % 1000000));
  std::filesystem::create_directories(directory_);
  const std::string ready_file = directory_ + "/ready";
  const std::string log_file = directory_ + "/server.log";
  environment["WAKALA_DATABASE_URL"] = database_url;
  environment.emplace("WAKALA_LISTEN", "127.0.0.1:0");
  environment.emplace("WAKALA_SERVER_WORKER_THREADS", "4");
  // Test histories are dated: a scheduler on the wall clock would advance them
  // to today under the test's feet. Tests of the scheduler turn it on.
  environment.emplace("WAKALA_ENGINE_SCHEDULER_INTERVAL", "0");
  // Uploaded evidence goes to the server's own temp dir, removed with it.
  environment.emplace("WAKALA_FILES_DIRECTORY", directory_ + "/files");

  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    // If the test process dies, the server goes with it instead of lingering.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    for (const auto& [name, value] : environment) setenv(name.c_str(), value.c_str(), 1);
    std::FILE* log = std::fopen(log_file.c_str(), "w");
    if (log != nullptr) {
      dup2(fileno(log), STDERR_FILENO);
      dup2(fileno(log), STDOUT_FILENO);
    }
    execl(WAKALA_BINARY, WAKALA_BINARY, "serve", "--ready-file", ready_file.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::filesystem::exists(ready_file)) {
      address_ = ReadFile(ready_file);
      address_.erase(address_.find_last_not_of('\n') + 1);
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("wakala serve exited at start:\n" + ReadFile(log_file));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("wakala serve did not become ready in 60 s:\n" + ReadFile(log_file));
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

int ServerProcess::Terminate() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void ServerProcess::SignalTerminate() const {
  if (pid_ > 0) kill(pid_, SIGTERM);
}

int ServerProcess::Wait() {
  if (pid_ <= 0) return -1;
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string ServerProcess::Log() const {
  return ReadFile(directory_ + "/server.log");
}

int RunWakala(const std::string& arguments, std::string& output,
              const std::map<std::string, std::string>& environment) {
  std::string command;
  for (const auto& [name, value] : environment) command += name + "='" + value + "' ";
  command += std::string(WAKALA_BINARY) + " " + arguments + " 2>&1";
  std::FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed");
  output.clear();
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace wakala::testing
