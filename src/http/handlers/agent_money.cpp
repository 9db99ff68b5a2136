// The agent's money over HTTP: dashboard, commissions (JSON and CSV), tier
// progress, evaluations, benefits, monthly statements, and withdrawals from
// preview to payout. Handlers only authorise, read input, call the engine (or
// the pure views of engine/agent_views) and shape JSON.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <regex>

#include "core/csv.hpp"
#include "documents/documents.hpp"
#include "engine/agent_views.hpp"
#include "engine/json_views.hpp"
#include "http/handlers/authenticated.hpp"
#include "http/handlers/json_shapes.hpp"
#include "http/json_body.hpp"
#include "http/problem.hpp"
#include "payouts/withdrawal_service.hpp"

namespace wakala::http::handlers {

using engine::Engine;

namespace {

constexpr std::int64_t kDefaultPageSize = 100;
constexpr std::int64_t kMaxPageSize = 1000;

json::object CommissionJson(const engine::CommissionRow& row) {
  const auto& c = *row.commission;
  return json::object{
      {"id", c.id},
      {"kind", engine::CommissionKindName(c.kind)},
      {"category", c.category ? json::value(program::CategoryName(*c.category)) : json::value(nullptr)},
      {"client", OptionalText(row.client)},
      {"invoice", OptionalText(c.invoice)},
      {"line", OptionalText(c.line)},
      {"base", c.base.ToString()},
      {"rate_bp", c.rate ? json::value(c.rate->value) : json::value(nullptr)},
      {"amount", c.amount.ToString()},
      {"state", row.state},
      {"created_at", FormatRfc3339(c.created_at)},
      {"available_at", FormatRfc3339(c.available_at)},
      {"reversed", c.reversed.ToString()},
      {"forfeited", c.forfeited.ToString()},
      {"reversible", c.reversible}};
}

Response UnknownAgent(const std::string& agent_id) {
  return http::ErrorResponse(Error::NotFound("no agent " + agent_id + " in the program"));
}

// The time an action is recorded at: now, or the engine's clock if a history
// with later times was imported (the log never goes back in time).
Timestamp ActionTime(const ApiContext& context, const Engine& engine) {
  return std::max(context.program_clock->Now(), engine.clock());
}

// Runs `view` on the engine for an agent the caller may see; 404 when the
// engine does not know the agent.
Response AgentView(ApiContext& context, const Principal& principal, const std::string& agent_id,
                   const std::function<Response(const Engine&)>& view) {
  if (auto allowed = accounts::RequireAgentAccess(principal, agent_id); !allowed) {
    return http::ErrorResponse(allowed.error());
  }
  std::optional<Response> response;
  context.engine->Read([&](const Engine& engine) {
    if (engine.agents().contains(agent_id)) response = view(engine);
  });
  return response ? std::move(*response) : UnknownAgent(agent_id);
}

std::optional<engine::CommissionKind> ParseKind(std::string_view name) {
  for (const auto kind : {engine::CommissionKind::kSale, engine::CommissionKind::kTechnical,
                          engine::CommissionKind::kBonus, engine::CommissionKind::kManual}) {
    if (engine::CommissionKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

// Query parameters of the commission list, every problem at once.
Result<engine::CommissionFilter> ReadFilter(const Request& request) {
  engine::CommissionFilter filter;
  std::vector<FieldError> problems;
  if (auto from = request.Query("from")) {
    if (auto date = ParseDate(*from)) {
      filter.from = EndOfEatDay(*date) - std::chrono::days(1);
    } else {
      problems.push_back({"from", "must be a date like 2026-11-01"});
    }
  }
  if (auto to = request.Query("to")) {
    if (auto date = ParseDate(*to)) {
      filter.until = EndOfEatDay(*date);
    } else {
      problems.push_back({"to", "must be a date like 2026-11-30"});
    }
  }
  if (auto state = request.Query("state")) {
    static const std::vector<std::string> kStates{"pending", "available", "paid", "reversed", "forfeited"};
    if (std::find(kStates.begin(), kStates.end(), *state) == kStates.end()) {
      problems.push_back({"state", "must be one of pending, available, paid, reversed, forfeited"});
    } else {
      filter.state = *state;
    }
  }
  if (auto kind = request.Query("kind")) {
    if (auto parsed = ParseKind(*kind)) {
      filter.kind = *parsed;
    } else {
      problems.push_back({"kind", "must be one of sale, technical, bonus, manual"});
    }
  }
  if (auto client = request.Query("client")) filter.client = *client;
  if (!problems.empty()) return Fail(Error::Invalid("invalid commission filter", problems));
  return filter;
}

Response ListCommissionsHandler(ApiContext& context, Request& request, const Principal& principal) {
  const std::string agent_id = request.path_params["agent_id"];
  auto filter = ReadFilter(request);
  if (!filter) return http::ErrorResponse(filter.error());
  auto limit = QueryNumberOr(request, "limit", kDefaultPageSize, kMaxPageSize);
  if (!limit) return http::ErrorResponse(limit.error());
  auto offset = QueryNumberOr(request, "offset", 0, std::numeric_limits<std::int32_t>::max());
  if (!offset) return http::ErrorResponse(offset.error());
  return AgentView(context, principal, agent_id, [&](const Engine& engine) {
    const auto rows = engine::ListCommissions(engine, agent_id, *filter);
    if (WantsCsv(request)) {
      std::string csv = CsvRow({"id", "created_at", "available_at", "kind", "category", "client", "invoice",
                                "line", "base", "rate_bp", "amount", "state", "reversed", "forfeited"});
      for (const auto& row : rows) {
        const auto& c = *row.commission;
        csv += CsvRow({c.id, FormatRfc3339(c.created_at), FormatRfc3339(c.available_at),
                       engine::CommissionKindName(c.kind),
                       c.category ? program::CategoryName(*c.category) : "", row.client, c.invoice, c.line,
                       c.base.ToString(), c.rate ? std::to_string(c.rate->value) : "", c.amount.ToString(),
                       row.state, c.reversed.ToString(), c.forfeited.ToString()});
      }
      return CsvResponse(std::move(csv), "commissions-" + agent_id + ".csv");
    }
    json::array items;
    const auto first = std::min<std::size_t>(static_cast<std::size_t>(*offset), rows.size());
    const auto last = std::min<std::size_t>(first + static_cast<std::size_t>(*limit), rows.size());
    for (std::size_t i = first; i < last; ++i) items.push_back(CommissionJson(rows[i]));
    Money total;
    for (const auto& row : rows) total += row.commission->amount;
    return JsonResponse(200, json::object{{"agent_id", agent_id},
                                          {"total_count", rows.size()},
                                          {"total_amount", total.ToString()},
                                          {"offset", *offset},
                                          {"limit", *limit},
                                          {"items", std::move(items)}});
  });
}

Response DashboardHandler(ApiContext& context, Request& request, const Principal& principal) {
  const std::string agent_id = request.path_params["agent_id"];
  return AgentView(context, principal, agent_id, [&](const Engine& engine) {
    const auto dashboard = engine::BuildDashboard(engine, agent_id, ActionTime(context, engine));
    json::array maturations;
    for (const auto& m : dashboard.next_maturations) {
      maturations.push_back(json::object{{"date", FormatDate(m.date)}, {"amount", m.amount.ToString()}});
    }
    json::array recent;
    for (const auto& row : dashboard.recent) recent.push_back(CommissionJson(row));
    json::array months;
    for (const auto& m : dashboard.last_twelve_months) {
      months.push_back(
          json::object{{"month", m.month.ToString()}, {"amount", m.amount.ToString()}, {"count", m.count}});
    }
    return JsonResponse(
        200, json::object{{"agent_id", agent_id},
                          {"tier", dashboard.tier},
                          {"month", dashboard.month.ToString()},
                          {"this_month", json::object{{"sales", dashboard.figures.sales.ToString()},
                                                      {"signups", dashboard.figures.signups},
                                                      {"target_sales", dashboard.target_sales.ToString()},
                                                      {"target_signups", dashboard.target_signups}}},
                          {"balances", BalancesJson(dashboard.balances)},
                          {"next_maturations", std::move(maturations)},
                          {"last_twelve_months", std::move(months)},
                          {"recent_commissions", std::move(recent)}});
  });
}

Response ProgressHandler(ApiContext& context, Request& request, const Principal& principal) {
  const std::string agent_id = request.path_params["agent_id"];
  return AgentView(context, principal, agent_id, [&](const Engine& engine) {
    const auto progress = engine::BuildProgress(engine, agent_id, ActionTime(context, engine));
    json::array requirements;
    for (std::size_t i = 0; i < progress.checks.size(); ++i) {
      const auto& check = progress.checks[i];
      requirements.push_back(json::object{{"requirement", check.requirement},
                                          {"measured", check.measured},
                                          {"threshold", check.threshold},
                                          {"met", check.met},
                                          {"gap", OptionalText(progress.gaps[i])}});
    }
    return JsonResponse(200, json::object{{"agent_id", agent_id},
                                          {"tier", progress.tier},
                                          {"next_tier", OptionalText(progress.next_tier)},
                                          {"quarter", progress.quarter},
                                          {"days_left_in_quarter", progress.days_left},
                                          {"requirements", std::move(requirements)}});
  });
}

Response EvaluationsHandler(ApiContext& context, Request& request, const Principal& principal) {
  const std::string agent_id = request.path_params["agent_id"];
  return AgentView(context, principal, agent_id, [&](const Engine& engine) {
    json::array items;
    for (const auto& evaluation : engine.agents().at(agent_id).evaluations) {
      json::array checks = engine::CheckResultsJson(evaluation.checks);
      items.push_back(json::object{{"quarter", evaluation.quarter},
                                   {"at", FormatRfc3339(evaluation.at)},
                                   {"from", evaluation.from},
                                   {"to", evaluation.to},
                                   {"reason", OptionalText(evaluation.reason)},
                                   {"checks", std::move(checks)}});
    }
    return JsonResponse(200, json::object{{"agent_id", agent_id}, {"items", std::move(items)}});
  });
}

Response BenefitsHandler(ApiContext& context, Request& request, const Principal& principal) {
  const std::string agent_id = request.path_params["agent_id"];
  return AgentView(context, principal, agent_id, [&](const Engine& engine) {
    const auto& program = engine.program();
    const auto tier = engine.agents().at(agent_id).facts.tier;
    const auto& benefits = program.tiers.at(static_cast<std::size_t>(tier)).benefits;
    return JsonResponse(
        200, json::object{{"agent_id", agent_id},
                          {"tier", program.TierName(tier)},
                          {"sip_channels", benefits.sip_channels},
                          {"did_numbers", benefits.did_numbers},
                          {"free_talk_time", benefits.free_talk_time.ToString()},
                          {"free_talk_time_period", benefits.talk_time_one_off ? "once" : "monthly"},
                          {"sales_leads", benefits.sales_leads},
                          {"website_listing", benefits.website_listing},
                          {"premium_support", benefits.premium_support}});
  });
}

Response StatementHandler(ApiContext& context, Request& request, const Principal& principal) {
  const std::string agent_id = request.path_params["agent_id"];
  const auto parsed = MonthParam(request);
  if (!parsed) return http::ErrorResponse(parsed.error());
  const EatMonth month = *parsed;
  std::optional<documents::Party> agent;
  if (WantsPdf(request)) {
    auto payee = context.withdrawals->Payee(principal, agent_id);
    if (!payee) return http::ErrorResponse(payee.error());
    agent = std::move(*payee);
  }
  return AgentView(context, principal, agent_id, [&](const Engine& engine) {
    const auto statement = engine::BuildStatement(engine, agent_id, month);
    if (agent) {
      return PdfDownload(documents::StatementDocument(statement, *agent, *context.issuer),
                         fmt::format("statement-{}-{}.pdf", agent_id, month.ToString()));
    }
    if (WantsCsv(request)) {
      std::string csv = CsvRow({"at", "kind", "reference", "amount"});
      for (const auto& line : statement.lines) {
        csv += CsvRow({FormatRfc3339(line.at), line.kind, line.reference, line.amount.ToString()});
      }
      return CsvResponse(std::move(csv), fmt::format("statement-{}-{}.csv", agent_id, month.ToString()));
    }
    json::array lines;
    for (const auto& line : statement.lines) {
      lines.push_back(json::object{{"at", FormatRfc3339(line.at)},
                                   {"kind", line.kind},
                                   {"reference", line.reference},
                                   {"amount", line.amount.ToString()}});
    }
    return JsonResponse(
        200, json::object{{"agent_id", agent_id},
                          {"month", month.ToString()},
                          {"opening", BalancesJson(statement.opening)},
                          {"closing", BalancesJson(statement.closing)},
                          {"totals", json::object{{"accrued", statement.accrued.ToString()},
                                                  {"reversed", statement.reversed.ToString()},
                                                  {"forfeited", statement.forfeited.ToString()},
                                                  {"paid_out_gross", statement.withdrawn_gross.ToString()},
                                                  {"tax_withheld", statement.tax_withheld.ToString()},
                                                  {"paid_out_net", statement.paid_net.ToString()}}},
                          {"lines", std::move(lines)}});
  });
}

json::object PreviewJson(const engine::WithdrawalPreview& preview) {
  return json::object{
      {"gross", preview.gross.ToString()},  {"tax_withheld", preview.tax.ToString()},
      {"net", preview.net.ToString()},      {"withholding_rate_bp", preview.withholding_rate.value},
      {"residency", preview.residency},     {"available", preview.available.ToString()},
      {"allowed", preview.refusal.empty()}, {"refusal", OptionalText(preview.refusal)}};
}

Response PreviewHandler(ApiContext& context, Request& request, const Principal& principal) {
  const std::string agent_id = request.path_params["agent_id"];
  std::optional<Money> amount;
  if (auto refused = ReadFields(request, "invalid withdrawal preview",
                                [&](FieldReader& fields) { amount = fields.RequiredAmount("amount"); })) {
    return std::move(*refused);
  }
  auto preview = context.withdrawals->Preview(principal, agent_id, *amount);
  if (!preview) return http::ErrorResponse(preview.error());
  return JsonResponse(200, PreviewJson(*preview));
}

Response WithdrawalList(Result<std::vector<engine::Withdrawal>> withdrawals, json::object shape) {
  if (!withdrawals) return http::ErrorResponse(withdrawals.error());
  json::array items;
  for (const auto& withdrawal : *withdrawals) items.push_back(WithdrawalJson(withdrawal));
  shape["items"] = std::move(items);
  return JsonResponse(200, std::move(shape));
}

Response ListAgentWithdrawalsHandler(ApiContext& context, Request& request, const Principal& principal) {
  const std::string agent_id = request.path_params["agent_id"];
  return WithdrawalList(context.withdrawals->OfAgent(principal, agent_id),
                        json::object{{"agent_id", agent_id}});
}

Response RequestWithdrawalHandler(ApiContext& context, Request& request, const Principal& principal) {
  payouts::WithdrawalRequest withdrawal{
      request.path_params["agent_id"], request.Header("Idempotency-Key"), {}, {}, request.remote_ip};
  if (auto allowed = payouts::WithdrawalService::MayRequest(principal, withdrawal.agent_id); !allowed) {
    return http::ErrorResponse(allowed.error());
  }
  if (auto id = payouts::WithdrawalService::WithdrawalId(withdrawal.agent_id, withdrawal.idempotency_key);
      !id) {
    return http::ErrorResponse(id.error());
  }
  std::optional<Money> amount;
  if (auto refused = ReadFields(request, "invalid withdrawal request", [&](FieldReader& fields) {
        amount = fields.RequiredAmount("amount");
        withdrawal.password = fields.RequiredString("password", 1024);
      })) {
    return std::move(*refused);
  }
  withdrawal.amount = *amount;
  auto requested = context.withdrawals->Request(principal, withdrawal);
  if (!requested) return http::ErrorResponse(requested.error());
  Response response = JsonResponse(requested->replayed ? 200 : 201, WithdrawalJson(requested->withdrawal));
  if (requested->replayed) {
    response.SetHeader("Idempotent-Replayed", "true");
  } else {
    response.SetHeader("Location", "/api/v1/withdrawals/" + requested->withdrawal.id);
  }
  return response;
}

// The withholding tax deducted from the agent's withdrawals, month by month.
Response TaxWithheldHandler(ApiContext& context, Request& request, const Principal& principal) {
  const std::string& agent_id = request.path_params["agent_id"];
  const auto months = context.withdrawals->TaxWithheld(principal, agent_id);
  if (!months) return http::ErrorResponse(months.error());
  json::array items;
  Money total;
  for (const auto& month : *months) {
    items.push_back(
        json::object{{"month", month.month.ToString()}, {"tax_withheld", month.withheld.ToString()}});
    total += month.withheld;
  }
  return JsonResponse(
      200, json::object{{"agent_id", agent_id}, {"months", std::move(items)}, {"total", total.ToString()}});
}

// ---- staff side ----

Response StaffListWithdrawalsHandler(ApiContext& context, Request& request, const Principal& principal) {
  return WithdrawalList(context.withdrawals->Queue(principal, request.Query("state")), json::object{});
}

// Staff: the withholding tax deducted in a month, for the iTax return (JSON,
// ?format=csv or ?format=pdf): each deduction with its remit-by day.
Response TaxReportHandler(ApiContext& context, Request& request, const Principal& principal) {
  if (auto allowed = payouts::WithdrawalService::MayDecide(principal); !allowed) {
    return http::ErrorResponse(allowed.error());
  }
  const auto month = MonthParam(request);
  if (!month) return http::ErrorResponse(month.error());
  auto report = context.withdrawals->TaxReport(principal, *month);
  if (!report) return http::ErrorResponse(report.error());
  std::string name = "withholding-tax-" + month->ToString();
  // ?agent=<id>: one agent's deductions (its certificate's figures).
  if (const auto agent = request.Query("agent")) {
    if (agent->empty() || agent->size() > 64)
      return http::ErrorResponse(Error::Invalid("bad query parameters", {{"agent", "must be an agent id"}}));
    std::erase_if(*report,
                  [&](const auto& deduction) { return deduction.remittance.withdrawal.agent != *agent; });
    name += "-" + *agent;
  }
  if (WantsPdf(request)) {
    return PdfDownload(documents::WithholdingTaxReportDocument(*month, *report, *context.issuer),
                       name + ".pdf");
  }
  Money gross;
  Money tax;
  std::string csv = CsvRow({"paid_at", "remit_by", "withdrawal", "agent_id", "agent_name", "kra_pin",
                            "residency", "gross", "rate_bp", "tax", "net", "reference"});
  json::array items;
  for (const auto& deduction : *report) {
    const auto& r = deduction.remittance;
    const auto& w = r.withdrawal;
    gross += w.gross;
    tax += w.tax;
    csv += CsvRow({FormatRfc3339(r.paid_at), FormatDate(deduction.remit_by), w.id, w.agent, r.payee.name,
                   r.payee.kra_pin, r.residency, w.gross.ToString(), std::to_string(r.rate_bp),
                   w.tax.ToString(), w.net.ToString(), w.reference});
    items.push_back(json::object{{"paid_at", FormatRfc3339(r.paid_at)},
                                 {"remit_by", FormatDate(deduction.remit_by)},
                                 {"withdrawal_id", w.id},
                                 {"agent_id", w.agent},
                                 {"agent_name", r.payee.name},
                                 {"kra_pin", r.payee.kra_pin},
                                 {"residency", r.residency},
                                 {"gross", w.gross.ToString()},
                                 {"rate_bp", r.rate_bp},
                                 {"tax", w.tax.ToString()},
                                 {"net", w.net.ToString()},
                                 {"reference", w.reference}});
  }
  if (WantsCsv(request)) return CsvResponse(std::move(csv), name + ".csv");
  return JsonResponse(
      200, json::object{{"month", month->ToString()},
                        {"items", std::move(items)},
                        {"totals", json::object{{"gross", gross.ToString()}, {"tax", tax.ToString()}}}});
}

// A paid withdrawal's remittance advice and withholding-tax statement (PDF).
Response RemittanceHandler(ApiContext& context, Request& request, const Principal& principal) {
  auto remittance = context.withdrawals->Remittance(principal, request.path_params["withdrawal_id"]);
  if (!remittance) return http::ErrorResponse(remittance.error());
  return PdfDownload(documents::RemittanceDocument(*remittance, *context.issuer),
                     "remittance-" + remittance->withdrawal.id + ".pdf");
}

Response GetWithdrawalHandler(ApiContext& context, Request& request, const Principal& principal) {
  auto found = context.withdrawals->Find(principal, request.path_params["withdrawal_id"]);
  if (!found) return http::ErrorResponse(found.error());
  return JsonResponse(200, WithdrawalJson(*found));
}

// approve, pay (with the payment reference) or reject (with the reason).
Response StaffDecision(ApiContext& context, Request& request, const Principal& principal,
                       payouts::Decision decision) {
  if (auto allowed = payouts::WithdrawalService::MayDecide(principal); !allowed) {
    return http::ErrorResponse(allowed.error());
  }
  std::string text;
  if (decision != payouts::Decision::kApprove) {
    auto body = ParseJsonObject(request);
    if (!body) return body.error().response;
    FieldReader fields(*body);
    const bool pay = decision == payouts::Decision::kPay;
    const char* field = pay ? "reference" : "reason";
    text = fields.RequiredString(field, 200, pay ? Lines::kOne : Lines::kMany);
    if (!text.empty() && text.find_first_not_of(" \t") == std::string::npos)
      fields.AddProblem(field, "is blank");
    fields.RejectUnknown();
    if (!fields.ok())
      return http::ErrorResponse(
          fields.ToError(pay ? "invalid withdrawal pay" : "invalid withdrawal reject"));
  }
  auto decided = context.withdrawals->Decide(principal, request.path_params["withdrawal_id"], decision, text,
                                             request.remote_ip);
  if (!decided) return http::ErrorResponse(decided.error());
  return JsonResponse(200, WithdrawalJson(*decided));
}

}  // namespace

void RegisterAgentMoney(http::Router& router, ApiContext& context) {
  const auto route = [&](const char* method, const char* path, ContextHandler handler) {
    AddAuthenticated(router, context, method, path, handler);
  };
  route("GET", "/api/v1/agents/{agent_id}/dashboard", DashboardHandler);
  route("GET", "/api/v1/agents/{agent_id}/commissions", ListCommissionsHandler);
  route("GET", "/api/v1/agents/{agent_id}/progress", ProgressHandler);
  route("GET", "/api/v1/agents/{agent_id}/evaluations", EvaluationsHandler);
  route("GET", "/api/v1/agents/{agent_id}/benefits", BenefitsHandler);
  route("GET", "/api/v1/agents/{agent_id}/statements/{month}", StatementHandler);
  route("GET", "/api/v1/agents/{agent_id}/withdrawals", ListAgentWithdrawalsHandler);
  route("POST", "/api/v1/agents/{agent_id}/withdrawals/preview", PreviewHandler);
  route("POST", "/api/v1/agents/{agent_id}/withdrawals", RequestWithdrawalHandler);
  route("GET", "/api/v1/agents/{agent_id}/tax-withheld", TaxWithheldHandler);
  route("GET", "/api/v1/withdrawals", StaffListWithdrawalsHandler);
  route("GET", "/api/v1/withdrawals/{withdrawal_id}", GetWithdrawalHandler);
  route("GET", "/api/v1/withdrawals/{withdrawal_id}/remittance", RemittanceHandler);
  route("GET", "/api/v1/reports/withholding-tax/{month}", TaxReportHandler);
  for (const auto& [action, decision] :
       {std::pair{"approve", payouts::Decision::kApprove}, std::pair{"pay", payouts::Decision::kPay},
        std::pair{"reject", payouts::Decision::kReject}}) {
    router.Add(
        "POST", fmt::format("/api/v1/withdrawals/{{withdrawal_id}}/{}", action),
        WithPrincipal(context, [&context, decision = decision](Request& request, const Principal& principal) {
          return StaffDecision(context, request, principal, decision);
        }));
  }
}

}  // namespace wakala::http::handlers
