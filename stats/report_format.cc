#include "stats/report_format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace reslab::stats {
namespace {

std::string Printf(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), format, value);
  return buffer;
}

void AddUnique(std::vector<std::string>* list, const std::string& item) {
  if (std::find(list->begin(), list->end(), item) == list->end()) list->push_back(item);
}

}  // namespace

std::string FormatFixed(double value, int decimals) {
  if (!std::isfinite(value)) return kNotDefined;
  std::string text = Printf(("%." + std::to_string(decimals) + "f").c_str(), value);
  // Print "0.0000" rather than "-0.0000" for tiny negative values.
  if (text[0] == '-' && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);
  return text;
}

std::string FormatSigned(double value, int decimals) {
  std::string text = FormatFixed(value, decimals);
  if (text == kNotDefined || text[0] == '-') return text;
  return "+" + text;
}

std::string FormatP(double p) {
  if (!std::isfinite(p)) return kNotDefined;
  if (p > 0 && p < 1e-4) return Printf("%.1e", p);
  return Printf("%.4f", p);
}

std::string FormatParams(double params) {
  if (!std::isfinite(params) || params <= 0) return kNotDefined;
  return Printf("%.2f", params / 1e6) + "M";
}

std::vector<std::pair<std::string, std::string>> UndefinedTests(const Comparison& comparison) {
  std::vector<std::pair<std::string, std::string>> undefined;
  auto check = [&](bool defined, const char* name, const std::string& reason) {
    if (!defined) undefined.emplace_back(name, reason);
  };
  check(comparison.paired.defined, "paired t", comparison.paired.reason);
  check(comparison.welch.defined, "Welch t", comparison.welch.reason);
  check(comparison.wilcoxon.defined, "Wilcoxon", comparison.wilcoxon.reason);
  check(comparison.permutation.defined, "permutation", comparison.permutation.reason);
  check(comparison.bootstrap.defined, "bootstrap interval", comparison.bootstrap.reason);
  check(comparison.cohens_dz.defined, "d_z", comparison.cohens_dz.reason);
  check(comparison.power.defined, "power", comparison.power.reason);
  return undefined;
}

std::vector<std::string> ComparisonNotes(const Comparison& comparison) {
  std::vector<std::string> notes;
  for (const auto& note : comparison.notes) AddUnique(&notes, note);
  for (const auto& [test, reason] : UndefinedTests(comparison)) {
    AddUnique(&notes, test + " not defined (" + reason + ")");
  }
  if (comparison.wilcoxon.defined && !comparison.wilcoxon.note.empty()) {
    AddUnique(&notes, "Wilcoxon: " + comparison.wilcoxon.note);
  }
  return notes;
}

std::vector<std::string> AllNotes(const Analysis& analysis) {
  std::vector<std::string> notes = analysis.notes;
  for (const auto& baseline : analysis.baselines) {
    if (!baseline.trend.slope.defined) {
      notes.push_back("trend against " + baseline.baseline + " not defined (" +
                      baseline.trend.slope.reason + ")");
    }
  }
  // Distinct comparison notes in order of first appearance, each with its comparisons.
  std::vector<std::pair<std::string, std::string>> grouped;
  for (const auto& comparison : analysis.comparisons) {
    std::string label = comparison.config + " vs " + comparison.baseline;
    for (const auto& note : ComparisonNotes(comparison)) {
      auto it = std::find_if(grouped.begin(), grouped.end(),
                             [&](const auto& entry) { return entry.first == note; });
      if (it == grouped.end()) {
        grouped.emplace_back(note, label);
      } else {
        it->second += ", " + label;
      }
    }
  }
  for (const auto& [note, labels] : grouped) notes.push_back(note + " (" + labels + ")");
  return notes;
}

std::vector<std::string> VariantColumns(const Analysis& analysis) {
  std::vector<std::string> columns;
  AddUnique(&columns, analysis.options.treatment);
  for (const auto& baseline : analysis.baselines) AddUnique(&columns, baseline.baseline);
  for (const auto& config : analysis.configs) {
    for (const auto& variant : config.variants) AddUnique(&columns, variant.variant);
  }
  return columns;
}

const VariantSummary* FindVariant(const ConfigSummary& config, const std::string& variant) {
  for (const auto& summary : config.variants) {
    if (summary.variant == variant) return &summary;
  }
  return nullptr;
}

}  // namespace reslab::stats
