#include "stats/report_csv.h"

#include <sstream>

#include "stats/report_json.h"

namespace reslab::stats {
namespace {

// Quotes a field when it contains a comma, quote or line break (RFC 4180).
std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string JsonToField(const nlohmann::json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return CsvField(value.get<std::string>());
  return value.dump();
}

}  // namespace

const std::vector<std::string>& ReportCsvColumns() {
  static const std::vector<std::string> kColumns = {
      "sweep", "config", "params", "baseline", "treatment", "n_pairs", "mean_gap", "se",
      "ci_low", "ci_high", "paired_t", "paired_df", "paired_p", "welch_t", "welch_df",
      "welch_p", "wilcoxon_p", "wilcoxon_method", "permutation_p", "permutation_exact",
      "bootstrap_ci_low", "bootstrap_ci_high", "cohens_dz", "p_adjusted", "significant",
      "seeds_for_80pct_power"};
  return kColumns;
}

std::string RenderCsv(const std::string& sweep, const Analysis& analysis) {
  nlohmann::json report = ReportJson(sweep, analysis);
  const auto& columns = ReportCsvColumns();
  std::ostringstream out;
  for (size_t i = 0; i < columns.size(); ++i) out << (i ? "," : "") << columns[i];
  out << "\n";
  for (const auto& comparison : report["comparisons"]) {
    out << CsvField(sweep);
    for (size_t i = 1; i < columns.size(); ++i) {
      out << "," << JsonToField(comparison.at(columns[i]));
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace reslab::stats
