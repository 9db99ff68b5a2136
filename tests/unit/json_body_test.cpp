#include <gtest/gtest.h>

#include "http/json_body.hpp"

namespace wakala::http {
namespace {

http::Request JsonRequest(std::string body, std::string content_type = "application/json") {
  http::Request request;
  request.method = "POST";
  request.headers["Content-Type"] = std::move(content_type);
  request.body = std::move(body);
  return request;
}

std::string Detail(const http::Response& response) {
  return std::string(boost::json::parse(response.body).at("detail").as_string());
}

TEST(JsonBody, ParsesAnObject) {
  auto parsed = ParseJsonObject(JsonRequest(R"({"a": 1})", "application/json; charset=utf-8"));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->at("a").as_int64(), 1);
}

TEST(JsonBody, SyntaxErrorNamesLineColumnAndByte) {
  auto parsed = ParseJsonObject(JsonRequest("{\n  \"email\": \"x\",\n  oops\n}"));
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().response.status, 400);
  EXPECT_EQ(parsed.error().response.content_type, "application/problem+json");
  EXPECT_NE(Detail(parsed.error().response).find("line 3, column 3 (byte 20)"), std::string::npos)
      << Detail(parsed.error().response);
}

TEST(JsonBody, TruncatedAndTrailingDataAreErrors) {
  EXPECT_EQ(ParseJsonObject(JsonRequest(R"({"a": )")).error().response.status, 400);
  EXPECT_EQ(ParseJsonObject(JsonRequest(R"({"a": 1} {})")).error().response.status, 400);
  EXPECT_EQ(ParseJsonObject(JsonRequest("")).error().response.status, 400);
}

TEST(JsonBody, WrongContentTypeIs415) {
  auto parsed = ParseJsonObject(JsonRequest(R"({"a": 1})", "text/plain"));
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().response.status, 415);
  http::Request none;
  none.body = "{}";
  EXPECT_EQ(ParseJsonObject(none).error().response.status, 415);
}

TEST(JsonBody, NonObjectIs422) {
  EXPECT_EQ(ParseJsonObject(JsonRequest("[1, 2]")).error().response.status, 422);
}

TEST(JsonBody, DeepNestingIsRefused) {
  std::string deep = "{\"a\":" + std::string(100, '[') + std::string(100, ']') + "}";
  EXPECT_EQ(ParseJsonObject(JsonRequest(deep)).error().response.status, 400);
}

TEST(FieldReader, CollectsEveryProblem) {
  auto object = boost::json::parse(R"({"email": 5, "emial": "x", "active": "yes"})").as_object();
  FieldReader fields(object);
  fields.RequiredString("email");
  fields.RequiredString("password");
  fields.OptionalBool("active");
  fields.RejectUnknown();
  ASSERT_FALSE(fields.ok());
  auto error = fields.ToError("bad");
  ASSERT_EQ(error.fields.size(), 4U);
  EXPECT_EQ(error.fields[0].field, "email");
  EXPECT_EQ(error.fields[0].reason, "must be a string");
  EXPECT_EQ(error.fields[1].field, "password");
  EXPECT_EQ(error.fields[1].reason, "is required");
  EXPECT_EQ(error.fields[2].field, "active");
  EXPECT_EQ(error.fields[3].field, "emial");
  EXPECT_EQ(error.fields[3].reason, "is not a known field");
}

TEST(FieldReader, LengthLimit) {
  auto object = boost::json::parse(R"({"name": "abcdef"})").as_object();
  FieldReader fields(object);
  fields.RequiredString("name", 5);
  ASSERT_FALSE(fields.ok());
  EXPECT_EQ(fields.ToError("x").fields.at(0).reason, "must be at most 5 characters");
}

}  // namespace
}  // namespace wakala::http
