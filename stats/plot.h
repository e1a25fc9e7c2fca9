// The gap plot: mean gap (baseline − treatment) with its confidence interval against the
// parameter count on a log axis, one series per baseline, significant points filled. Drawn by
// running gnuplot (5.4, Debian gnuplot-nox) as a child process.
#ifndef RESLAB_STATS_PLOT_H_
#define RESLAB_STATS_PLOT_H_

#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace reslab::stats {

// One plotted comparison.
struct GapPoint {
  std::string baseline;
  std::string config;
  double params = 0;
  double mean_gap = 0;
  // Equal to mean_gap when the interval is not defined (the point has no error bar).
  double ci_low = 0;
  double ci_high = 0;
  bool significant = false;
};

// The points of a JSON report (stats/report_json.h), so a plot can be drawn from a report
// fetched over gRPC as well as from a local analysis. Comparisons without a mean gap or a
// parameter count are left out.
std::vector<GapPoint> GapPointsFromReport(const nlohmann::json& report);

// Plot rendering failed: gnuplot missing, timed out or exited with an error.
class PlotError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct PlotOptions {
  // The gnuplot executable, looked up on PATH unless it contains a slash.
  std::string gnuplot = "gnuplot";
  // gnuplot is killed after this many seconds.
  int timeout_seconds = 60;
};

// Writes the plot of `report` to `output_path`; its extension (.png or .svg) picks the format.
// Throws std::invalid_argument for another extension or a report with nothing to plot, and
// PlotError when gnuplot fails.
void RenderGapPlot(const nlohmann::json& report, const std::string& output_path,
                   const PlotOptions& options = {});

}  // namespace reslab::stats

#endif  // RESLAB_STATS_PLOT_H_
