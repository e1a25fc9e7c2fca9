#include "stats/plot.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "stats/plot_process.h"

namespace reslab::stats {
namespace {

namespace fs = std::filesystem;

// Text inside a gnuplot single-quoted string, where a quote is written twice.
std::string GnuplotString(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  return quoted + "'";
}

std::string Extension(const std::string& path) {
  std::string extension = fs::path(path).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

// A fresh folder for the data file, script and log, removed when it goes out of scope.
class ScratchFolder {
 public:
  ScratchFolder() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("reslab-plot-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(path_);
  }
  ~ScratchFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

std::vector<std::string> Baselines(const std::vector<GapPoint>& points) {
  std::vector<std::string> baselines;
  for (const auto& point : points) {
    if (std::find(baselines.begin(), baselines.end(), point.baseline) == baselines.end()) {
      baselines.push_back(point.baseline);
    }
  }
  return baselines;
}

// One gnuplot data block per baseline (blocks separated by two blank lines, read with
// `index`). Columns: parameters in millions, gap, interval low, interval high, significant.
// Series are shifted a little along x so their error bars do not overlap.
std::string DataFile(const std::vector<GapPoint>& points,
                     const std::vector<std::string>& baselines) {
  std::ostringstream out;
  out.precision(10);
  for (size_t b = 0; b < baselines.size(); ++b) {
    double shift = std::pow(1.04, static_cast<double>(b) - (baselines.size() - 1) / 2.0);
    out << "# " << baselines[b] << "\n";
    for (const auto& point : points) {
      if (point.baseline != baselines[b]) continue;
      out << point.params / 1e6 * shift << " " << point.mean_gap << " " << point.ci_low << " "
          << point.ci_high << " " << (point.significant ? 1 : 0) << "\n";
    }
    out << "\n\n";
  }
  return out.str();
}

std::string Script(const std::string& sweep, const std::string& treatment,
                   const std::vector<GapPoint>& points, const std::vector<std::string>& baselines,
                   const std::string& data_path, const std::string& output_path) {
  auto [smallest, largest] = std::minmax_element(
      points.begin(), points.end(),
      [](const GapPoint& a, const GapPoint& b) { return a.params < b.params; });
  std::ostringstream out;
  if (Extension(output_path) == ".png") {
    out << "set terminal pngcairo size 960,600 enhanced font 'sans,11'\n";
  } else {
    out << "set terminal svg size 960,600 enhanced font 'sans,11' background rgb 'white'\n";
  }
  out << "set output " << GnuplotString(output_path) << "\n"
      << "set title " << GnuplotString("Loss gap of " + treatment + " by model size, sweep " +
                                       sweep)
      << " noenhanced\n"
      << "set xlabel 'parameters (millions, log scale)'\n"
      << "set ylabel " << GnuplotString("loss(baseline) - loss(" + treatment + ")")
      << " noenhanced\n"
      << "set logscale x 10\n"
      << "set xrange [" << smallest->params / 1e6 / 1.5 << ":" << largest->params / 1e6 * 1.5
      << "]\n"
      << "set offsets 0, 0, graph 0.05, graph 0.05\n"
      << "set key top left box opaque noenhanced\n"
      << "set grid xtics ytics mxtics lc rgb '#dddddd'\n"
      << "set xzeroaxis lt 1 lc rgb '#555555' dt 2\n"
      << "plot \\\n";
  std::string data = GnuplotString(data_path);
  for (size_t b = 0; b < baselines.size(); ++b) {
    int color = static_cast<int>(b) + 1;
    out << "  " << data << " index " << b << " using 1:2:3:4 with yerrorlines lc " << color
        << " lw 1.5 pt 6 ps 1.3 title " << GnuplotString("vs " + baselines[b]) << ", \\\n"
        << "  " << data << " index " << b << " using 1:($5 > 0 ? $2 : 1/0) with points lc "
        << color << " pt 7 ps 1.6 title "
        << GnuplotString("vs " + baselines[b] + ", significant")
        << (b + 1 < baselines.size() ? ", \\\n" : "\n");
  }
  out << "set output\n";
  return out.str();
}

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary);
  file << text;
  if (!file) throw PlotError("failed to write " + path);
}

}  // namespace

std::vector<GapPoint> GapPointsFromReport(const nlohmann::json& report) {
  std::vector<GapPoint> points;
  for (const auto& comparison : report.at("comparisons")) {
    const auto& mean = comparison.at("mean_gap");
    const auto& params = comparison.at("params");
    if (!mean.is_number() || !params.is_number() || params.get<double>() <= 0) continue;
    GapPoint point;
    point.baseline = comparison.at("baseline").get<std::string>();
    point.config = comparison.at("config").get<std::string>();
    point.params = params.get<double>();
    point.mean_gap = mean.get<double>();
    const auto& low = comparison.at("ci_low");
    const auto& high = comparison.at("ci_high");
    point.ci_low = low.is_number() ? low.get<double>() : point.mean_gap;
    point.ci_high = high.is_number() ? high.get<double>() : point.mean_gap;
    point.significant = comparison.at("significant").get<bool>();
    points.push_back(point);
  }
  return points;
}

void RenderGapPlot(const nlohmann::json& report, const std::string& output_path,
                   const PlotOptions& options) {
  std::string extension = Extension(output_path);
  if (extension != ".png" && extension != ".svg") {
    throw std::invalid_argument("invalid plot file `" + output_path +
                                "`: the name must end in .png or .svg");
  }
  std::vector<GapPoint> points = GapPointsFromReport(report);
  if (points.empty()) {
    throw std::invalid_argument("nothing to plot: no comparison has a mean gap");
  }
  std::vector<std::string> baselines = Baselines(points);

  ScratchFolder scratch;
  std::string data_path = scratch.File("gaps.dat");
  std::string script_path = scratch.File("plot.gp");
  std::string output = fs::absolute(output_path).string();
  WriteText(data_path, DataFile(points, baselines));
  WriteText(script_path,
            Script(report.value("sweep", ""), report.at("options").value("treatment", ""),
                   points, baselines, data_path, output));

  ProcessResult result = RunProcess({options.gnuplot, script_path}, scratch.File("gnuplot.log"),
                                    options.timeout_seconds);
  if (!result.started) throw PlotError(result.output + " (install gnuplot, Debian gnuplot-nox)");
  if (result.timed_out) {
    throw PlotError("gnuplot timed out after " + std::to_string(options.timeout_seconds) +
                    " s: " + result.output);
  }
  if (result.exit_code != 0) {
    throw PlotError("gnuplot failed with exit code " + std::to_string(result.exit_code) + ": " +
                    result.output);
  }
  std::error_code error;
  if (!fs::exists(output, error) || fs::file_size(output, error) == 0) {
    throw PlotError("gnuplot wrote no plot to " + output + ": " + result.output);
  }
}

}  // namespace reslab::stats
