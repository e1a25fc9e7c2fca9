#include "stats/depth_table.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <sstream>

namespace reslab::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double FiniteMean(const std::vector<double>& values) {
  double sum = 0;
  int count = 0;
  for (double value : values) {
    if (!std::isfinite(value)) continue;
    sum += value;
    ++count;
  }
  return count > 0 ? sum / count : kNaN;
}

std::string Fixed(double value, int precision) {
  if (!std::isfinite(value)) return "-";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", precision, value);
  return buffer;
}

// Ratios span many orders of magnitude (about 1 against 1e-6 at initialisation), so they are
// shown in scientific notation.
std::string Scientific(double value) {
  if (!std::isfinite(value)) return "-";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.2e", value);
  return buffer;
}

nlohmann::json NumberOrNull(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

}  // namespace

DepthReport SummariseDepth(const std::vector<DepthRun>& runs) {
  std::map<std::pair<int64_t, std::string>, std::vector<const DepthRun*>> groups;
  for (const DepthRun& run : runs) {
    if (run.status != "completed" && run.status != "diverged" && run.status != "failed_to_train") {
      continue;
    }
    groups[{run.n_layers, run.variant}].push_back(&run);
  }

  DepthReport report;
  std::map<std::string, DepthReport::VariantLimit> limits;
  std::map<std::string, std::set<int64_t>> depths_by_variant;
  for (const auto& [key, members] : groups) {
    DepthCell cell;
    cell.n_layers = key.first;
    cell.variant = key.second;
    std::vector<double> losses, drops, initial, median;
    for (const DepthRun* run : members) {
      ++cell.runs;
      if (run->status == "completed") ++cell.trained;
      if (run->status == "failed_to_train") ++cell.failed_to_train;
      if (run->status == "diverged") ++cell.diverged;
      losses.push_back(run->val_loss);
      drops.push_back(run->first_train_loss - run->last_train_loss);
      initial.push_back(run->grad_ratio_initial);
      median.push_back(run->grad_ratio_median);
    }
    cell.mean_val_loss = FiniteMean(losses);
    cell.mean_loss_drop = FiniteMean(drops);
    cell.mean_grad_ratio_initial = FiniteMean(initial);
    cell.mean_grad_ratio_median = FiniteMean(median);
    report.cells.push_back(cell);

    auto& limit = limits[cell.variant];
    limit.variant = cell.variant;
    depths_by_variant[cell.variant].insert(cell.n_layers);
    bool all_trained = cell.trained == cell.runs;
    if (!all_trained && (limit.shallowest_failure == 0 || cell.n_layers < limit.shallowest_failure)) {
      limit.shallowest_failure = cell.n_layers;
    }
  }

  for (auto& [variant, limit] : limits) {
    for (const DepthCell& cell : report.cells) {
      bool below_failure = limit.shallowest_failure == 0 || cell.n_layers < limit.shallowest_failure;
      if (cell.variant == variant && cell.trained == cell.runs && below_failure) {
        limit.deepest_all_trained = std::max(limit.deepest_all_trained, cell.n_layers);
      }
    }
    const auto& depths = depths_by_variant[variant];
    std::string range = std::to_string(*depths.begin()) + "-" + std::to_string(*depths.rbegin()) +
                        " layers";
    std::string finding;
    if (limit.shallowest_failure == 0) {
      finding = variant + " trained at every depth (" + range + ").";
    } else if (limit.deepest_all_trained == 0) {
      finding = variant + " failed to train from the shallowest depth on (" +
                std::to_string(limit.shallowest_failure) + " layers).";
    } else {
      finding = variant + " trained up to " + std::to_string(limit.deepest_all_trained) +
                " layers and first failed to train at " +
                std::to_string(limit.shallowest_failure) + " layers (" + range + " tested).";
    }
    report.findings.push_back(finding);
    report.limits.push_back(limit);
  }
  return report;
}

std::string RenderDepthMarkdown(const DepthReport& report, const std::string& sweep) {
  std::ostringstream out;
  out << "# Depth stability: " << sweep << "\n\n";
  out << "| layers | variant | runs | trained | failed to train | diverged | val loss | "
         "loss drop | grad ratio at init | grad ratio median |\n";
  out << "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
  for (const DepthCell& cell : report.cells) {
    bool failed = cell.trained < cell.runs;
    out << "| " << cell.n_layers << " | " << cell.variant << (failed ? " **(failed)**" : "")
        << " | " << cell.runs << " | " << cell.trained << " | " << cell.failed_to_train << " | "
        << cell.diverged << " | " << Fixed(cell.mean_val_loss, 4) << " | "
        << Fixed(cell.mean_loss_drop, 3) << " | " << Scientific(cell.mean_grad_ratio_initial)
        << " | " << Scientific(cell.mean_grad_ratio_median) << " |\n";
  }
  out << "\nGrad ratio: gradient norm of the first sublayer's parameters divided by that of the "
         "last sublayer's, at the first logged step and as the median over all logged steps. "
         "Loss drop: first minus last logged training loss.\n\n";
  for (const std::string& finding : report.findings) out << "- " << finding << "\n";
  return out.str();
}

std::string RenderDepthCsv(const DepthReport& report) {
  std::ostringstream out;
  out << "n_layers,variant,runs,trained,failed_to_train,diverged,mean_val_loss,mean_loss_drop,"
         "grad_ratio_initial,grad_ratio_median\n";
  for (const DepthCell& cell : report.cells) {
    out << cell.n_layers << "," << cell.variant << "," << cell.runs << "," << cell.trained << ","
        << cell.failed_to_train << "," << cell.diverged << "," << Fixed(cell.mean_val_loss, 6)
        << "," << Fixed(cell.mean_loss_drop, 6) << "," << Scientific(cell.mean_grad_ratio_initial)
        << "," << Scientific(cell.mean_grad_ratio_median) << "\n";
  }
  return out.str();
}

nlohmann::json DepthReportJson(const DepthReport& report, const std::string& sweep) {
  nlohmann::json json;
  json["sweep"] = sweep;
  json["kind"] = "depth";
  json["cells"] = nlohmann::json::array();
  for (const DepthCell& cell : report.cells) {
    json["cells"].push_back({{"n_layers", cell.n_layers},
                             {"variant", cell.variant},
                             {"runs", cell.runs},
                             {"trained", cell.trained},
                             {"failed_to_train", cell.failed_to_train},
                             {"diverged", cell.diverged},
                             {"mean_val_loss", NumberOrNull(cell.mean_val_loss)},
                             {"mean_loss_drop", NumberOrNull(cell.mean_loss_drop)},
                             {"grad_ratio_initial", NumberOrNull(cell.mean_grad_ratio_initial)},
                             {"grad_ratio_median", NumberOrNull(cell.mean_grad_ratio_median)}});
  }
  json["limits"] = nlohmann::json::array();
  for (const auto& limit : report.limits) {
    json["limits"].push_back({{"variant", limit.variant},
                              {"deepest_all_trained", limit.deepest_all_trained},
                              {"shallowest_failure", limit.shallowest_failure}});
  }
  json["findings"] = report.findings;
  return json;
}

}  // namespace reslab::stats
