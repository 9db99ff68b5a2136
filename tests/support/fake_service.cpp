#include "fake_service.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace wakala::testing {

std::string ReadWhole(const std::string& path) {
  std::ifstream file(path);
  std::ostringstream content;
  content << file.rdbuf();
  return content.str();
}

FakeService::FakeService(const std::string& name, const std::string& script, const std::string& arguments) {
  std::random_device device;
  directory_ = std::filesystem::temp_directory_path() /
               ("wakala-" + name + "-" + std::to_string(getpid()) + "-" + std::to_string(device() % 1000000));
  std::filesystem::create_directories(directory_);
  const std::string port_file = directory_ + "/port";
  std::string flags = arguments;
  for (auto at = flags.find("{dir}"); at != std::string::npos; at = flags.find("{dir}", at)) {
    flags.replace(at, 5, directory_);
  }
  const std::string command = "exec /usr/bin/python3 " WAKALA_SOURCE_DIR "/tests/fakes/" + script +
                              " --port-file '" + port_file + "' " + flags + " 2>'" + directory_ + "/log'";
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
      throw std::runtime_error("the " + name + " fake exited at start:\n" + ReadWhole(directory_ + "/log"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("the " + name + " fake did not start in 30 s:\n" + ReadWhole(directory_ + "/log"));
}

FakeService::~FakeService() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

}  // namespace wakala::testing
