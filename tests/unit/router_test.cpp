#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "http/router.hpp"

namespace wakala::http {
namespace {

Response Text(std::string body) {
  Response response;
  response.body = std::move(body);
  return response;
}

Request Make(std::string method, std::string path) {
  Request request;
  request.method = std::move(method);
  request.path = std::move(path);
  return request;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router.Add("GET", "/api/v1/users", [](Request&) { return Text("list"); });
    router.Add("POST", "/api/v1/users", [](Request&) { return Text("create"); });
    router.Add("GET", "/api/v1/users/{user_id}",
               [](Request& r) { return Text("get " + r.path_params["user_id"]); });
  }
  Router router;
};

TEST_F(RouterTest, MatchesMethodAndParameters) {
  auto list = Make("GET", "/api/v1/users");
  EXPECT_EQ(router.Dispatch(list).body, "list");
  auto create = Make("POST", "/api/v1/users");
  EXPECT_EQ(router.Dispatch(create).body, "create");
  auto get = Make("GET", "/api/v1/users/usr_42");
  EXPECT_EQ(router.Dispatch(get).body, "get usr_42");
  EXPECT_EQ(get.route, "/api/v1/users/{user_id}");
}

TEST_F(RouterTest, HeadIsAnsweredByGet) {
  auto head = Make("HEAD", "/api/v1/users");
  EXPECT_EQ(router.Dispatch(head).body, "list");
}

TEST_F(RouterTest, UnknownPathIs404ProblemJson) {
  auto request = Make("GET", "/api/v1/nothing");
  auto response = router.Dispatch(request);
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.content_type, "application/problem+json");
  auto body = boost::json::parse(response.body).as_object();
  EXPECT_EQ(body.at("type").as_string(), "/problems/not-found");
  EXPECT_EQ(body.at("status").as_int64(), 404);
}

TEST_F(RouterTest, EmptyParameterDoesNotMatch) {
  auto request = Make("GET", "/api/v1/users/");
  EXPECT_EQ(router.Dispatch(request).status, 404);
}

TEST_F(RouterTest, WrongMethodIs405WithAllow) {
  auto request = Make("DELETE", "/api/v1/users");
  auto response = router.Dispatch(request);
  EXPECT_EQ(response.status, 405);
  ASSERT_EQ(response.headers.size(), 1U);
  EXPECT_EQ(response.headers[0].first, "Allow");
  EXPECT_EQ(response.headers[0].second, "GET, POST");
}

TEST_F(RouterTest, FallbackTakesNonApiPathsOnly) {
  router.SetFallback([](Request&) { return Text("static"); });
  auto page = Make("GET", "/index.html");
  EXPECT_EQ(router.Dispatch(page).body, "static");
  auto api = Make("GET", "/api/v1/unknown");
  EXPECT_EQ(router.Dispatch(api).status, 404);
}

}  // namespace
}  // namespace wakala::http
