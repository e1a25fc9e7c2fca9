#include "orchestrator/depth_report.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "db/metric_store.h"
#include "db/results_store.h"
#include "orchestrator/errors.h"
#include "orchestrator/sweep_json.h"
#include "stats/depth_table.h"

namespace reslab::orchestrator {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double Median(std::vector<double> values) {
  values.erase(std::remove_if(values.begin(), values.end(),
                              [](double value) { return !std::isfinite(value); }),
               values.end());
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end());
  size_t middle = values.size() / 2;
  return values.size() % 2 == 1 ? values[middle] : 0.5 * (values[middle - 1] + values[middle]);
}

// Fills the loss and gradient-ratio fields of `run` from the run's logged metrics.
void AddMetrics(const std::vector<db::MetricRow>& metrics, stats::DepthRun& run) {
  std::map<int64_t, double> first_norms, last_norms, losses;
  for (const db::MetricRow& metric : metrics) {
    if (metric.name == "grad_norm_first") first_norms[metric.step] = metric.value;
    if (metric.name == "grad_norm_last") last_norms[metric.step] = metric.value;
    if (metric.name == "train_loss") losses[metric.step] = metric.value;
  }
  std::vector<double> ratios;
  for (const auto& [step, first] : first_norms) {
    auto last = last_norms.find(step);
    if (last == last_norms.end() || !(last->second > 0)) continue;
    ratios.push_back(first / last->second);
  }
  run.grad_ratio_initial = ratios.empty() ? kNaN : ratios.front();
  run.grad_ratio_median = Median(ratios);
  run.first_train_loss = losses.empty() ? kNaN : losses.begin()->second;
  run.last_train_loss = losses.empty() ? kNaN : losses.rbegin()->second;
}

}  // namespace

BuiltDepthReport BuildDepthReport(db::Database& db, const std::string& sweep,
                                  const std::string& format) {
  std::string canonical = format == "markdown" ? "md" : format;
  if (canonical != "md" && canonical != "csv" && canonical != "json") {
    throw InvalidArgument("format: '" + format + "' is not one of md, csv, json for a depth report");
  }
  db::ResultsStore results(db);
  std::optional<db::SweepRecord> record = results.FindSweep(sweep);
  if (!record) throw NotFound("sweep '" + sweep + "' not found");

  std::map<std::string, int64_t> layers_by_config;
  if (record->source == "submitted") {
    v1::SweepSpec spec = ParseSweepJson(record->spec_json);
    for (const auto& config : spec.configs()) layers_by_config[config.name()] = config.n_layers();
  }

  db::MetricStore metrics(db);
  std::vector<stats::DepthRun> runs;
  for (const db::RunRecord& record_run : results.LoadRuns(record->sweep_id)) {
    if (!db::IsResult(record_run.status)) continue;
    stats::DepthRun run;
    auto layers = layers_by_config.find(record_run.config);
    if (layers == layers_by_config.end()) {
      throw InvalidArgument("sweep '" + sweep + "' has no config '" + record_run.config +
                            "' with a layer count; a depth report needs a submitted sweep");
    }
    run.n_layers = layers->second;
    run.variant = record_run.variant;
    run.seed = record_run.seed;
    run.status = db::RunStatusName(record_run.status);
    run.val_loss = record_run.val_loss.value_or(kNaN);
    AddMetrics(metrics.ForRun(record_run.run_id), run);
    runs.push_back(run);
  }
  if (runs.empty()) throw InvalidArgument("sweep '" + sweep + "' has no finished runs yet");

  stats::DepthReport report = stats::SummariseDepth(runs);
  BuiltDepthReport built;
  built.format = canonical;
  built.json = stats::DepthReportJson(report, sweep);
  if (canonical == "md") built.text = stats::RenderDepthMarkdown(report, sweep);
  if (canonical == "csv") built.text = stats::RenderDepthCsv(report);
  if (canonical == "json") built.text = built.json.dump(2) + "\n";
  return built;
}

}  // namespace reslab::orchestrator
