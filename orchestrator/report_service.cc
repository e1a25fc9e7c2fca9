#include "orchestrator/report_service.h"

#include <spdlog/spdlog.h>

#include <mutex>

#include "db/results_store.h"
#include "orchestrator/depth_report.h"
#include "orchestrator/errors.h"
#include "orchestrator/grpc_status.h"
#include "orchestrator/report_builder.h"

namespace reslab::orchestrator {
grpc::Status ReportServiceImpl::GetReport(grpc::ServerContext* context,
                                          const v1::GetReportRequest* request,
                                          v1::GetReportResponse* response) {
  if (grpc::Status denied = auth_.Check(*context, "GetReport"); !denied.ok()) return denied;
  std::string kind = request->kind().empty() ? "paired" : request->kind();
  if (kind != "paired" && kind != "depth") {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "kind: '" + kind + "' is not one of paired, depth");
  }
  ReportRequest report_request;
  report_request.sweep = request->sweep();
  report_request.treatment = request->treatment();
  report_request.baselines.assign(request->baselines().begin(), request->baselines().end());
  report_request.alpha = request->alpha() == 0 ? 0.05 : request->alpha();
  report_request.correction = request->correction();
  report_request.format = request->format();
  try {
    std::lock_guard<std::mutex> lock(store_.mutex());
    if (kind == "depth") {
      BuiltDepthReport report = BuildDepthReport(
          store_.db(), request->sweep(), request->format().empty() ? "md" : request->format());
      response->set_format(report.format);
      response->set_text(report.text);
      response->set_json(report.json.dump());
    } else {
      BuiltReport report = BuildReport(store_.db(), report_request);
      response->set_format(report.format);
      response->set_text(report.text);
      response->set_json(report.json.dump());
    }
  } catch (const OrchestratorError& error) {
    spdlog::warn("GetReport sweep={} rejected: {}", request->sweep(), error.what());
    return grpc::Status(ToGrpcCode(error.code()), error.what());
  } catch (const std::exception& error) {
    spdlog::error("GetReport sweep={} failed: {}", request->sweep(), error.what());
    return grpc::Status(grpc::StatusCode::INTERNAL, error.what());
  }
  spdlog::info("GetReport sweep={} kind={} format={}", request->sweep(), kind,
               response->format());
  return grpc::Status::OK;
}

grpc::Status ReportServiceImpl::ImportResults(grpc::ServerContext* context,
                                              const v1::ImportResultsRequest* request,
                                              v1::ImportResultsResponse* response) {
  if (grpc::Status denied = auth_.Check(*context, "ImportResults"); !denied.ok()) return denied;
  db::ImportSummary summary;
  try {
    std::lock_guard<std::mutex> lock(store_.mutex());
    db::ResultsStore results(store_.db());
    summary = results.Import(request->sweep(), request->csv());
  } catch (const std::invalid_argument& error) {
    spdlog::warn("ImportResults sweep={} rejected: {}", request->sweep(), error.what());
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, std::string("sweep: ") + error.what());
  } catch (const std::exception& error) {
    spdlog::error("ImportResults sweep={} failed: {}", request->sweep(), error.what());
    return grpc::Status(grpc::StatusCode::INTERNAL, error.what());
  }
  if (summary.outcome == db::ImportOutcome::kConflict) {
    std::string message = summary.errors.empty() ? "sweep exists" : summary.errors[0].message;
    if (!summary.errors.empty() && summary.errors[0].line > 0) {
      message = "line " + std::to_string(summary.errors[0].line) + ": " + message;
    }
    spdlog::warn("ImportResults sweep={} rejected: {}", request->sweep(), message);
    return grpc::Status(grpc::StatusCode::ALREADY_EXISTS, message);
  }

  response->set_outcome(db::ImportOutcomeName(summary.outcome));
  response->set_layout(summary.layout);
  response->set_rows(summary.rows);
  response->set_stored(summary.stored);
  response->set_configs(summary.configs);
  response->set_variants(summary.variants);
  response->set_seeds(summary.seeds);
  for (const auto& error : summary.errors) {
    v1::ImportLineError* line_error = response->add_errors();
    line_error->set_line(error.line);
    line_error->set_message(error.message);
  }
  spdlog::info("ImportResults sweep={} outcome={} rows={} stored={} errors={}", request->sweep(),
               response->outcome(), summary.rows, summary.stored, summary.errors.size());
  return grpc::Status::OK;
}

}  // namespace reslab::orchestrator
