#include "stats/report_markdown.h"

#include <sstream>

#include "stats/format.h"
#include "stats/report_format.h"

namespace reslab::stats {
namespace {

std::string Percent(double fraction) { return FormatFixed(fraction * 100, 0) + "%"; }

std::string Code(const std::string& text) { return "`" + text + "`"; }

void WriteIntroduction(const std::string& sweep, const Analysis& analysis, std::ostream& out) {
  const AnalysisOptions& options = analysis.options;
  out << "# Report for sweep " << Code(sweep) << "\n\n";
  out << "Treatment " << Code(options.treatment) << " against ";
  for (size_t i = 0; i < analysis.baselines.size(); ++i) {
    out << (i == 0 ? "" : i + 1 == analysis.baselines.size() ? " and " : ", ")
        << Code(analysis.baselines[i].baseline);
  }
  out << ". Runs are paired by seed; the gap is loss(baseline) − loss(treatment), so a "
         "positive gap favours the treatment. Tests are "
      << AlternativeName(options.alternative) << " at alpha " << FormatNumber(options.alpha)
      << ", and paired p-values are adjusted with "
      << (options.correction == Correction::kHolm ? "Holm's method"
          : options.correction == Correction::kBenjaminiHochberg ? "Benjamini–Hochberg"
                                                                  : "no correction")
      << " over all " << analysis.comparisons.size() << " comparisons.\n\n";
}

void WriteMeanTable(const Analysis& analysis, std::ostream& out) {
  std::vector<std::string> columns = VariantColumns(analysis);
  out << "## Mean validation loss\n\n| config | params |";
  for (const auto& variant : columns) out << " " << variant << " |";
  out << "\n| --- | ---: |";
  for (size_t i = 0; i < columns.size(); ++i) out << " ---: |";
  out << "\n";
  for (const auto& config : analysis.configs) {
    out << "| " << config.config << " | " << FormatParams(config.params) << " |";
    for (const auto& variant : columns) {
      const VariantSummary* summary = FindVariant(config, variant);
      if (summary == nullptr || summary->loss.n == 0) {
        out << " – |";
      } else {
        out << " " << FormatFixed(summary->loss.mean, 4) << " (n=" << summary->loss.n << ") |";
      }
    }
    out << "\n";
  }
  out << "\n";
}

void WriteComparisonTable(const Analysis& analysis, std::ostream& out) {
  const AnalysisOptions& options = analysis.options;
  out << "## Comparisons\n\n"
      << "| config | baseline | n | gap | " << Percent(options.confidence)
      << " CI | paired t (df) | paired p | Welch t (df) | Welch p | Wilcoxon p | "
         "permutation p | d_z | adjusted p | seeds for "
      << Percent(options.target_power) << " power |\n"
      << "| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | "
         "---: | ---: |\n";
  for (const auto& c : analysis.comparisons) {
    std::string interval = kNotDefined;
    if (c.paired.defined) {
      interval = "[" + FormatSigned(c.paired.ci_low, 4) + ", " +
                 FormatSigned(c.paired.ci_high, 4) + "]";
    }
    auto t_with_df = [](const TTestResult& test, int df_decimals) {
      if (!test.defined) return std::string(kNotDefined);
      return FormatFixed(test.t, 2) + " (" + FormatFixed(test.df, df_decimals) + ")";
    };
    std::string adjusted = FormatP(c.p_adjusted);
    if (c.significant) adjusted = "**" + adjusted + "**";
    out << "| " << c.config << " | " << c.baseline << " | " << c.n_pairs << " | "
        << (c.n_pairs > 0 ? FormatSigned(c.mean_gap, 4) : kNotDefined) << " | " << interval
        << " | " << t_with_df(c.paired, 0) << " | "
        << (c.paired.defined ? FormatP(c.paired.p) : kNotDefined) << " | "
        << t_with_df(c.welch, 1) << " | " << (c.welch.defined ? FormatP(c.welch.p) : kNotDefined)
        << " | " << (c.wilcoxon.defined ? FormatP(c.wilcoxon.p) : kNotDefined) << " | "
        << (c.permutation.defined ? FormatP(c.permutation.p) : kNotDefined) << " | "
        << (c.cohens_dz.defined ? FormatFixed(c.cohens_dz.value, 2) : kNotDefined) << " | "
        << adjusted << " | "
        << (c.power.defined ? std::to_string(c.power.pairs_needed) : kNotDefined) << " |\n";
  }
  out << "\nBold adjusted p: significant at alpha " << FormatNumber(options.alpha)
      << ". Welch's test compares all runs of each arm without pairing.\n\n";
}

void WriteTrendTable(const Analysis& analysis, std::ostream& out) {
  out << "## Trend with scale\n\n"
      << "Least-squares slope of the per-seed gap on log10(parameters).\n\n"
      << "| baseline | points | slope per decade | se | t (df) | one-sided p |\n"
      << "| --- | ---: | ---: | ---: | ---: | ---: |\n";
  for (const auto& baseline : analysis.baselines) {
    const SlopeResult& slope = baseline.trend.slope;
    out << "| " << baseline.baseline << " | " << slope.n << " | ";
    if (slope.defined) {
      out << FormatSigned(slope.slope, 4) << " | " << FormatFixed(slope.se, 4) << " | "
          << FormatFixed(slope.t, 2) << " (" << FormatFixed(slope.df, 0) << ") | "
          << FormatP(slope.p_one_sided) << " |\n";
    } else {
      out << kNotDefined << " | " << kNotDefined << " | " << kNotDefined << " | " << kNotDefined
          << " |\n";
    }
  }
  out << "\n";
}

std::string VerdictSentence(const Verdict& verdict) {
  std::string sentence = "**" + VerdictLabelName(verdict.label) + "**: " + verdict.reason;
  if (!verdict.emergence_config.empty() &&
      verdict.reason.find(verdict.emergence_config) == std::string::npos) {
    sentence += " Significant from " + verdict.emergence_config + " upward.";
  }
  return sentence;
}

void WriteVerdict(const Analysis& analysis, std::ostream& out) {
  out << "## Verdict\n\n" << VerdictSentence(analysis.verdict) << "\n\n";
  for (const auto& baseline : analysis.baselines) {
    out << "- Against " << baseline.baseline << ": " << VerdictSentence(baseline.verdict) << "\n";
  }
  out << "\n";
}

void WriteNotes(const Analysis& analysis, std::ostream& out) {
  std::vector<std::string> notes = AllNotes(analysis);
  if (notes.empty()) return;
  out << "## Notes\n\n";
  for (const auto& note : notes) out << "- " << note << "\n";
  out << "\n";
}

}  // namespace

std::string RenderMarkdown(const std::string& sweep, const Analysis& analysis) {
  std::ostringstream out;
  WriteIntroduction(sweep, analysis, out);
  WriteMeanTable(analysis, out);
  WriteComparisonTable(analysis, out);
  WriteTrendTable(analysis, out);
  WriteVerdict(analysis, out);
  WriteNotes(analysis, out);
  std::string text = out.str();
  text.pop_back();  // One trailing newline, not a blank line.
  return text;
}

}  // namespace reslab::stats
