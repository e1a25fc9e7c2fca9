#include "orchestrator/report_builder.h"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "db/results_store.h"
#include "orchestrator/errors.h"
#include "stats/report_json.h"
#include "stats/report_render.h"

namespace reslab::orchestrator {
namespace {

std::vector<stats::RunRow> ToRunRows(const std::vector<db::RunRecord>& runs) {
  std::vector<stats::RunRow> rows;
  rows.reserve(runs.size());
  for (const auto& run : runs) {
    stats::RunRow row;
    row.config = run.config;
    row.params = run.params ? static_cast<double>(*run.params) : 0.0;
    row.variant = run.variant;
    row.seed = run.seed;
    row.loss = run.val_loss.value_or(std::numeric_limits<double>::quiet_NaN());
    row.status = db::RunStatusName(run.status);
    rows.push_back(std::move(row));
  }
  return rows;
}

// Fills the treatment and baselines the request leaves empty from the stored spec.
void ApplySpecDefaults(const std::string& spec_json, stats::AnalysisOptions* options,
                       const ReportRequest& request) {
  nlohmann::json spec = nlohmann::json::parse(spec_json, nullptr, /*allow_exceptions=*/false);
  if (!spec.is_object()) spec = nlohmann::json::object();
  options->treatment = request.treatment;
  if (options->treatment.empty()) {
    auto it = spec.find("treatment");
    options->treatment = it != spec.end() && it->is_string() && !it->get<std::string>().empty()
                             ? it->get<std::string>()
                             : "review";
  }
  options->baselines = request.baselines;
  if (options->baselines.empty()) {
    auto it = spec.find("baselines");
    if (it != spec.end() && it->is_array()) {
      for (const auto& baseline : *it) {
        if (baseline.is_string()) options->baselines.push_back(baseline.get<std::string>());
      }
    }
  }
}

}  // namespace

BuiltReport BuildReport(db::Database& db, const ReportRequest& request) {
  stats::ReportFormat format;
  stats::AnalysisOptions options;
  try {
    format = stats::ParseReportFormat(request.format.empty() ? "md" : request.format);
    options.correction =
        stats::ParseCorrection(request.correction.empty() ? "holm" : request.correction);
  } catch (const std::invalid_argument& error) {
    throw InvalidArgument(error.what());
  }
  if (!(request.alpha > 0 && request.alpha < 1)) {
    throw InvalidArgument("invalid alpha " + std::to_string(request.alpha) +
                          ": expected a value between 0 and 1, such as 0.05");
  }
  options.alpha = request.alpha;

  db::ResultsStore results(db);
  std::optional<db::SweepRecord> sweep = results.FindSweep(request.sweep);
  if (!sweep) throw NotFound("sweep " + request.sweep + " not found");
  ApplySpecDefaults(sweep->spec_json, &options, request);

  BuiltReport report;
  try {
    report.analysis = stats::AnalyzeSweep(ToRunRows(results.LoadRuns(sweep->sweep_id)), options);
  } catch (const std::invalid_argument& error) {
    throw InvalidArgument("cannot analyse sweep " + request.sweep + ": " + error.what());
  }
  report.format = stats::ReportFormatName(format);
  report.json = stats::ReportJson(request.sweep, report.analysis);
  report.text = stats::RenderReport(format, request.sweep, report.analysis);
  return report;
}

}  // namespace reslab::orchestrator
