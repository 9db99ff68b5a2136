// The panels' static files: only regular files under the web root are served,
// whatever form the path arrives in (issue 10, item 1).
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "api_fixture.hpp"
#include "raw_connection.hpp"

namespace wakala::testing {
namespace {

namespace fs = std::filesystem;

// A web root of the test's own, beside a secret file that must never be served.
class StaticFilesTest : public ApiTest {
 protected:
  StaticFilesTest() {
    base_ = fs::temp_directory_path() / ("wakala-webroot-" + std::to_string(getpid()));
    fs::remove_all(base_);
    fs::create_directories(base_ / "public" / "sub");
    std::ofstream(base_ / "public" / "index.html") << "<!doctype html><title>Wakala</title>";
    std::ofstream(base_ / "public" / "sub" / "ok.txt") << "fine";
    std::ofstream(base_ / "secret.txt") << "TOP-SECRET-BESIDE-THE-ROOT";
    fs::create_symlink(base_ / "secret.txt", base_ / "public" / "secret-link.txt");
    fs::create_directory_symlink(base_, base_ / "public" / "up");
    mkfifo((base_ / "public" / "pipe").c_str(), 0600);
  }
  ~StaticFilesTest() override { fs::remove_all(base_); }

  std::map<std::string, std::string> ServerEnvironment() const override {
    return {{"WAKALA_SERVER_WEB_ROOT", (base_ / "public").string()}};
  }

  // The request target sent byte for byte: an HTTP library would tidy it.
  std::string RawGet(const std::string& target) const {
    RawConnection connection(server->address());
    connection.Send("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    return connection.ReceiveAll();
  }

  fs::path base_;
};

std::string StatusLine(const std::string& response) {
  return response.substr(0, response.find("\r\n"));
}

TEST_F(StaticFilesTest, FilesUnderTheRootAreServed) {
  EXPECT_EQ(StatusLine(RawGet("/")), "HTTP/1.1 200 OK");
  const auto ok = RawGet("/sub/ok.txt");
  EXPECT_EQ(StatusLine(ok), "HTTP/1.1 200 OK");
  EXPECT_NE(ok.find("fine"), std::string::npos);
  EXPECT_NE(ok.find("X-Content-Type-Options: nosniff"), std::string::npos);
  EXPECT_EQ(StatusLine(RawGet("/sub/%6fk.txt")), "HTTP/1.1 200 OK");  // an encoded letter is still the file
}

TEST_F(StaticFilesTest, NothingOutsideTheRootIsServedInAnyForm) {
  const std::string db_path = database->url().starts_with("sqlite:") ? database->url().substr(7) : "";
  std::vector<std::string> targets = {
      // absolute, doubled and encoded
      "//etc/passwd", "///etc/passwd", "/%2fetc/passwd", "/%2Fetc%2Fpasswd", "/%2f%2fetc/passwd",
      "//%65tc/passwd", "/%252fetc/passwd",
      // ways up, plain, encoded and mixed
      "/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc/passwd", "/.%2e/secret.txt",
      "/sub/..%2f..%2fsecret.txt", "/sub/%2e%2e/%2e%2e/secret.txt", "/%2e%2e%5csecret.txt", "/..\\secret.txt",
      "/sub/./ok.txt", "/sub//ok.txt",
      // NUL and control characters
      "/sub/ok.txt%00.png", "/%00/etc/passwd", "/sub%0d%0a/ok.txt",
      // symlinks out of the root, directories, special files
      "/secret-link.txt", "/up/secret.txt", "/sub", "/sub/", "/pipe",
      // hidden names
      "/.hidden", "/sub/.ok.txt"};
  if (!db_path.empty()) {
    targets.push_back("/" + db_path);  // the database itself, by absolute path
    targets.push_back("/%2f" + db_path.substr(1));
  }
  for (const auto& target : targets) {
    const auto response = RawGet(target);
    const auto status = StatusLine(response);
    EXPECT_TRUE(status == "HTTP/1.1 404 Not Found" || status == "HTTP/1.1 400 Bad Request")
        << target << " answered " << status;
    EXPECT_EQ(response.find("root:"), std::string::npos) << target;
    EXPECT_EQ(response.find("TOP-SECRET"), std::string::npos) << target;
    EXPECT_EQ(response.find("SQLite format"), std::string::npos) << target;
  }
}

}  // namespace
}  // namespace wakala::testing
