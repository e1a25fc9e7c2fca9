// Builds a sweep's report from the store: loads its runs, runs the analysis and renders it.
// `reslab report --db` and the GetReport rpc both call BuildReport, so they return the same
// report for the same database.
#ifndef RESLAB_ORCHESTRATOR_REPORT_BUILDER_H_
#define RESLAB_ORCHESTRATOR_REPORT_BUILDER_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "db/database.h"
#include "stats/analysis.h"

namespace reslab::orchestrator {

struct ReportRequest {
  std::string sweep;
  // Empty: the sweep spec's treatment, else "review".
  std::string treatment;
  // Empty: the sweep spec's baselines, else every other variant with runs.
  std::vector<std::string> baselines;
  double alpha = 0.05;
  // "holm", "bh" or "none".
  std::string correction = "holm";
  // "md", "csv", "json" or "latex".
  std::string format = "md";
};

struct BuiltReport {
  // Canonical format name ("md", "csv", "json" or "latex") and the rendered text.
  std::string format;
  std::string text;
  nlohmann::json json;
  stats::Analysis analysis;
};

// Throws OrchestratorError: kNotFound for an unknown sweep, kInvalidArgument for a bad option
// or when the treatment or a baseline has no runs. The caller serialises access to `db`.
BuiltReport BuildReport(db::Database& db, const ReportRequest& request);

}  // namespace reslab::orchestrator

#endif  // RESLAB_ORCHESTRATOR_REPORT_BUILDER_H_
