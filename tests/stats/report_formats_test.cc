// Every report format rendered from a real analysis of a small synthetic sweep.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "stats/analysis.h"
#include "stats/plot.h"
#include "stats/report_csv.h"
#include "stats/report_json.h"
#include "stats/report_latex.h"
#include "stats/report_markdown.h"
#include "stats/report_render.h"

namespace reslab::stats {
namespace {

namespace fs = std::filesystem;

// Three configs with four seeds each for review, highway and standard, plus a fourth config
// where highway has a single run, so some statistics there are not defined.
std::vector<RunRow> SyntheticSweep() {
  const double kNoise[] = {0.7, -1.0, 0.2, 0.4};
  struct Config {
    const char* name;
    double params;
    double gap;
  };
  std::vector<RunRow> rows;
  for (const Config& config : {Config{"small", 2e7, 0.0}, Config{"medium", 2e8, 0.01},
                               Config{"large", 2e9, 0.03}}) {
    for (int seed = 0; seed < 4; ++seed) {
      double review = 3.0 - 0.1 * std::log10(config.params) + 0.01 * seed;
      rows.push_back({config.name, config.params, "review", seed, review, "completed"});
      rows.push_back({config.name, config.params * 1.02, "highway", seed,
                      review + config.gap + 0.002 * kNoise[seed], "completed"});
      rows.push_back({config.name, config.params * 1.01, "standard", seed,
                      review + config.gap * 1.5 - 0.003 * kNoise[seed], "completed"});
    }
  }
  rows.push_back({"tiny", 1e6, "review", 0, 3.5, "completed"});
  rows.push_back({"tiny", 1e6, "review", 1, 3.6, "completed"});
  rows.push_back({"tiny", 1e6, "highway", 0, 3.55, "completed"});
  rows.push_back({"tiny", 1e6, "highway", 1, NAN, "diverged"});
  rows.push_back({"tiny", 1e6, "standard", 0, 3.52, "completed"});
  rows.push_back({"tiny", 1e6, "standard", 1, 3.61, "completed"});
  return rows;
}

class ReportFormatsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { analysis_ = new Analysis(AnalyzeSweep(SyntheticSweep())); }
  static void TearDownTestSuite() { delete analysis_; }
  static Analysis* analysis_;
};
Analysis* ReportFormatsTest::analysis_ = nullptr;

// The fields docs/report-json.md documents, by object.
const char* const kTopFields[] = {"schema", "sweep", "options", "configs", "comparisons",
                                  "baselines", "verdict", "notes"};
const char* const kOptionFields[] = {
    "treatment", "baselines", "alpha", "correction", "alternative", "confidence",
    "target_power", "bootstrap_resamples", "bootstrap_seed", "permutation_max_exact_pairs",
    "permutation_draws", "permutation_seed"};
const char* const kVariantFields[] = {"variant", "params", "n", "mean_loss", "sd_loss",
                                      "excluded_runs"};
const char* const kComparisonFields[] = {
    "config", "params", "baseline", "treatment", "n_pairs", "paired_seeds", "gaps",
    "seeds_only_in_treatment", "seeds_only_in_baseline", "excluded_seeds", "mean_gap", "se",
    "ci_low", "ci_high", "paired_t", "paired_df", "paired_p", "welch_mean_difference",
    "welch_t", "welch_df", "welch_p", "wilcoxon_statistic", "wilcoxon_p", "wilcoxon_method",
    "wilcoxon_min_attainable_p", "wilcoxon_cannot_reach_alpha", "permutation_p",
    "permutation_exact", "permutation_draws", "bootstrap_ci_low", "bootstrap_ci_high",
    "cohens_dz", "p_adjusted", "significant", "seeds_for_80pct_power", "undefined", "notes"};
const char* const kTrendFields[] = {"defined", "reason", "n", "slope_per_decade", "intercept",
                                    "se", "t", "df", "p_one_sided"};
const char* const kVerdictFields[] = {"label", "reason", "emergence_config"};

TEST_F(ReportFormatsTest, JsonHasEveryDocumentedField) {
  nlohmann::json report = nlohmann::json::parse(RenderReport(ReportFormat::kJson, "syn",
                                                             *analysis_));
  for (const char* field : kTopFields) EXPECT_TRUE(report.contains(field)) << field;
  for (const char* field : kOptionFields) EXPECT_TRUE(report["options"].contains(field)) << field;
  EXPECT_EQ(report["schema"], kReportJsonSchema);
  EXPECT_EQ(report["sweep"], "syn");

  ASSERT_EQ(report["configs"].size(), 4u);
  for (const auto& config : report["configs"]) {
    EXPECT_TRUE(config.contains("config"));
    EXPECT_TRUE(config.contains("params"));
    for (const auto& variant : config["variants"]) {
      for (const char* field : kVariantFields) EXPECT_TRUE(variant.contains(field)) << field;
    }
  }
  ASSERT_EQ(report["comparisons"].size(), 8u);
  for (const auto& comparison : report["comparisons"]) {
    for (const char* field : kComparisonFields) {
      EXPECT_TRUE(comparison.contains(field)) << field;
    }
  }
  ASSERT_EQ(report["baselines"].size(), 2u);
  for (const auto& baseline : report["baselines"]) {
    EXPECT_TRUE(baseline.contains("baseline"));
    for (const char* field : kTrendFields) EXPECT_TRUE(baseline["trend"].contains(field)) << field;
    for (const char* field : kVerdictFields) {
      EXPECT_TRUE(baseline["verdict"].contains(field)) << field;
    }
  }
  for (const char* field : kVerdictFields) EXPECT_TRUE(report["verdict"].contains(field));
}

TEST_F(ReportFormatsTest, JsonUndefinedStatisticsAreNullWithReason) {
  nlohmann::json report = ReportJson("syn", *analysis_);
  const nlohmann::json* tiny_highway = nullptr;
  for (const auto& comparison : report["comparisons"]) {
    if (comparison["config"] == "tiny" && comparison["baseline"] == "highway") {
      tiny_highway = &comparison;
    }
  }
  ASSERT_NE(tiny_highway, nullptr);
  EXPECT_EQ((*tiny_highway)["n_pairs"], 1);
  EXPECT_TRUE((*tiny_highway)["paired_t"].is_null());
  EXPECT_TRUE((*tiny_highway)["ci_low"].is_null());
  EXPECT_TRUE((*tiny_highway)["undefined"].contains("paired t"));
  EXPECT_FALSE((*tiny_highway)["significant"].get<bool>());
}

TEST_F(ReportFormatsTest, MarkdownHasEverySection) {
  std::string markdown = RenderMarkdown("syn", *analysis_);
  for (const char* heading : {"# Report for sweep `syn`", "## Mean validation loss",
                              "## Comparisons", "## Trend with scale", "## Verdict",
                              "## Notes"}) {
    EXPECT_NE(markdown.find(heading), std::string::npos) << heading;
  }
  EXPECT_NE(markdown.find("| config | params | review | highway | standard |"),
            std::string::npos);
  EXPECT_NE(markdown.find(VerdictLabelName(analysis_->verdict.label)), std::string::npos);
  // The tiny config's single highway pair shows n/a and its reason in the notes.
  EXPECT_NE(markdown.find("| tiny | highway | 1 |"), std::string::npos);
  EXPECT_NE(markdown.find("paired t not defined"), std::string::npos);
  EXPECT_NE(markdown.find("tiny vs highway"), std::string::npos);
}

TEST_F(ReportFormatsTest, MeanTableHasFourDecimalsAndN) {
  std::string markdown = RenderMarkdown("syn", *analysis_);
  const VariantSummary& review = analysis_->configs[1].variants[0];
  char expected[64];
  std::snprintf(expected, sizeof(expected), "%.4f (n=%d)", review.loss.mean, review.loss.n);
  EXPECT_NE(markdown.find(expected), std::string::npos) << expected;
}

TEST_F(ReportFormatsTest, CsvHasOneRowPerComparison) {
  std::string csv = RenderCsv("syn", *analysis_);
  std::istringstream lines(csv);
  std::string header;
  std::getline(lines, header);
  std::string expected_header;
  for (const auto& column : ReportCsvColumns()) {
    expected_header += (expected_header.empty() ? "" : ",") + column;
  }
  EXPECT_EQ(header, expected_header);
  int rows = 0;
  for (std::string line; std::getline(lines, line);) {
    ++rows;
    EXPECT_EQ(std::count(line.begin(), line.end(), ','),
              static_cast<long>(ReportCsvColumns().size() - 1))
        << line;
    EXPECT_EQ(line.rfind("syn,", 0), 0u) << line;
  }
  EXPECT_EQ(rows, static_cast<int>(analysis_->comparisons.size()));
}

TEST_F(ReportFormatsTest, LatexUsesBooktabs) {
  std::string latex = RenderLatex("syn_1", *analysis_);
  for (const char* rule : {"\\toprule", "\\midrule", "\\bottomrule"}) {
    size_t count = 0;
    for (size_t at = latex.find(rule); at != std::string::npos; at = latex.find(rule, at + 1)) {
      ++count;
    }
    EXPECT_EQ(count, 2u) << rule;
  }
  EXPECT_NE(latex.find("syn\\_1"), std::string::npos);
  EXPECT_EQ(latex.find("syn_1"), std::string::npos);
  EXPECT_EQ(std::count(latex.begin(), latex.end(), '{'),
            std::count(latex.begin(), latex.end(), '}'));
}

TEST(ReportRender, ParsesFormatNames) {
  EXPECT_EQ(ParseReportFormat("md"), ReportFormat::kMarkdown);
  EXPECT_EQ(ParseReportFormat("latex"), ReportFormat::kLatex);
  EXPECT_EQ(ReportFormatName(ParseReportFormat("json")), "json");
  EXPECT_THROW(ParseReportFormat("html"), std::invalid_argument);
}

std::string ReadFile(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

fs::path TempPlot(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("reslab-plot-test-" + std::to_string(getpid()));
  fs::create_directories(dir);
  fs::remove(dir / name);
  return dir / name;
}

TEST_F(ReportFormatsTest, PlotWritesValidPng) {
  fs::path path = TempPlot("gap.png");
  RenderGapPlot(ReportJson("syn", *analysis_), path.string());
  std::string png = ReadFile(path);
  ASSERT_GT(png.size(), 8u);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_NE(png.find("IEND"), std::string::npos);
}

TEST_F(ReportFormatsTest, PlotWritesValidSvg) {
  fs::path path = TempPlot("gap.svg");
  RenderGapPlot(ReportJson("syn", *analysis_), path.string());
  std::string svg = ReadFile(path);
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_NE(svg.find("vs highway"), std::string::npos);
  EXPECT_NE(svg.find("vs standard"), std::string::npos);
}

TEST_F(ReportFormatsTest, PlotRejectsBadInput) {
  nlohmann::json report = ReportJson("syn", *analysis_);
  EXPECT_THROW(RenderGapPlot(report, TempPlot("gap.pdf").string()), std::invalid_argument);
  PlotOptions missing;
  missing.gnuplot = "/nonexistent/gnuplot";
  EXPECT_THROW(RenderGapPlot(report, TempPlot("gap2.png").string(), missing), PlotError);
  nlohmann::json empty = report;
  empty["comparisons"] = nlohmann::json::array();
  EXPECT_THROW(RenderGapPlot(empty, TempPlot("gap3.png").string()), std::invalid_argument);
}

TEST_F(ReportFormatsTest, GapPointsFollowJson) {
  std::vector<GapPoint> points = GapPointsFromReport(ReportJson("syn", *analysis_));
  // Every comparison has a mean gap, including the single-pair one.
  ASSERT_EQ(points.size(), analysis_->comparisons.size());
  for (size_t i = 0; i < points.size(); ++i) {
    const Comparison& comparison = analysis_->comparisons[i];
    EXPECT_EQ(points[i].baseline, comparison.baseline);
    EXPECT_DOUBLE_EQ(points[i].mean_gap, comparison.mean_gap);
    EXPECT_EQ(points[i].significant, comparison.significant);
    EXPECT_LE(points[i].ci_low, points[i].mean_gap);
    EXPECT_GE(points[i].ci_high, points[i].mean_gap);
  }
}

}  // namespace
}  // namespace reslab::stats
