#include "db/results_store.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include <nlohmann/json.hpp>

namespace reslab::db {
namespace {

using RunKey = std::tuple<std::string, std::string, int64_t>;

std::string DescribeRun(const RunKey& key) {
  return "run (config " + std::get<0>(key) + ", variant " + std::get<1>(key) + ", seed " +
         std::to_string(std::get<2>(key)) + ")";
}

template <typename T>
std::string FormatOptional(const std::optional<T>& value) {
  if (!value) return "empty";
  std::ostringstream out;
  out.precision(17);
  out << *value;
  return out.str();
}

// Orders configs by their mean parameter count (first appearance breaks ties), so reports
// list model sizes from small to large.
std::map<std::string, int> ConfigIndexes(const std::vector<ImportedRun>& runs) {
  std::map<std::string, std::pair<double, int>> sums;  // config -> (params sum, count)
  std::vector<std::string> order;
  for (const auto& run : runs) {
    auto [it, inserted] = sums.emplace(run.config, std::make_pair(0.0, 0));
    if (inserted) order.push_back(run.config);
    it->second.first += static_cast<double>(run.params);
    it->second.second += 1;
  }
  std::stable_sort(order.begin(), order.end(), [&](const std::string& a, const std::string& b) {
    return sums[a].first / sums[a].second < sums[b].first / sums[b].second;
  });
  std::map<std::string, int> indexes;
  for (size_t i = 0; i < order.size(); ++i) indexes[order[i]] = static_cast<int>(i);
  return indexes;
}

// The canonical SweepSpec JSON of an imported sweep: config names and steps, variants and
// seeds, and "review" as the treatment when the file has it.
std::string ImportedSpecJson(const std::string& sweep_name, const std::vector<ImportedRun>& runs,
                             const std::map<std::string, int>& config_indexes,
                             const std::string& layout) {
  std::vector<std::pair<int, std::string>> configs;
  for (const auto& [name, index] : config_indexes) configs.emplace_back(index, name);
  std::sort(configs.begin(), configs.end());

  std::vector<std::string> variants;
  std::set<int64_t> seeds;
  std::map<std::string, int64_t> steps;
  for (const auto& run : runs) {
    if (std::find(variants.begin(), variants.end(), run.variant) == variants.end()) {
      variants.push_back(run.variant);
    }
    seeds.insert(run.seed);
    if (run.steps) steps[run.config] = std::max(steps[run.config], *run.steps);
  }

  nlohmann::json spec;
  spec["name"] = sweep_name;
  spec["description"] = "imported from a CSV file (" + layout + " layout, " +
                        std::to_string(runs.size()) + " runs)";
  spec["configs"] = nlohmann::json::array();
  for (const auto& [index, name] : configs) {
    nlohmann::json config = {{"name", name}};
    if (steps.count(name)) config["steps"] = steps[name];
    spec["configs"].push_back(config);
  }
  spec["variants"] = variants;
  spec["seeds"] = seeds;
  if (std::find(variants.begin(), variants.end(), "review") != variants.end()) {
    spec["treatment"] = "review";
  }
  return spec.dump();
}

}  // namespace

const char* ImportOutcomeName(ImportOutcome outcome) {
  switch (outcome) {
    case ImportOutcome::kCreated:
      return "created";
    case ImportOutcome::kUnchanged:
      return "unchanged";
    case ImportOutcome::kInvalid:
      return "invalid";
    case ImportOutcome::kConflict:
      return "conflict";
  }
  return "unknown";
}

void ValidateSweepName(const std::string& name) {
  bool valid = !name.empty() && name.size() <= 64 &&
               std::all_of(name.begin(), name.end(), [](unsigned char c) {
                 return std::isalnum(c) || c == '_' || c == '.' || c == '-';
               });
  if (!valid) {
    throw std::invalid_argument("invalid sweep name `" + name +
                                "`: use 1-64 characters from [A-Za-z0-9_.-]");
  }
}

ImportSummary ResultsStore::Import(const std::string& sweep_name, std::string_view csv_text) {
  ValidateSweepName(sweep_name);
  ParsedResults parsed = ParseResultsCsv(csv_text);

  ImportSummary summary;
  summary.sweep = sweep_name;
  summary.layout = parsed.layout;
  summary.rows = static_cast<int>(parsed.runs.size());
  if (!parsed.errors.empty()) {
    summary.outcome = ImportOutcome::kInvalid;
    summary.errors = std::move(parsed.errors);
    return summary;
  }
  std::set<std::string> configs, variants;
  std::set<int64_t> seeds;
  for (const auto& run : parsed.runs) {
    configs.insert(run.config);
    variants.insert(run.variant);
    seeds.insert(run.seed);
  }
  summary.configs = static_cast<int>(configs.size());
  summary.variants = static_cast<int>(variants.size());
  summary.seeds = static_cast<int>(seeds.size());

  db_.Transaction([&] {
    std::optional<SweepRecord> existing = FindSweep(sweep_name);
    if (!existing) {
      Insert(sweep_name, parsed.runs, parsed.layout);
      summary.outcome = ImportOutcome::kCreated;
      summary.stored = summary.rows;
      return;
    }
    if (existing->source != "imported") {
      summary.outcome = ImportOutcome::kConflict;
      summary.errors.push_back({0, "sweep " + sweep_name + " exists and was submitted, not "
                                   "imported; import under another name"});
      return;
    }
    ImportLineError difference = FirstDifference(*existing, parsed.runs);
    if (difference.message.empty()) {
      summary.outcome = ImportOutcome::kUnchanged;
    } else {
      summary.outcome = ImportOutcome::kConflict;
      summary.errors.push_back(std::move(difference));
    }
  });
  return summary;
}

std::optional<SweepRecord> ResultsStore::FindSweep(const std::string& name) {
  return sweeps_.FindByName(name);
}

std::vector<RunRecord> ResultsStore::LoadRuns(int64_t sweep_id) {
  RunFilter filter;
  filter.sweep_id = sweep_id;
  std::vector<RunRecord> runs = runs_.List(filter);
  std::stable_sort(runs.begin(), runs.end(), [](const RunRecord& a, const RunRecord& b) {
    return std::tie(a.config_index, a.config, a.variant, a.seed) <
           std::tie(b.config_index, b.config, b.variant, b.seed);
  });
  return runs;
}

ImportLineError ResultsStore::FirstDifference(const SweepRecord& sweep,
                                              const std::vector<ImportedRun>& runs) {
  std::map<RunKey, RunRecord> stored;
  for (auto& run : LoadRuns(sweep.sweep_id)) {
    RunKey key{run.config, run.variant, run.seed};
    stored.emplace(std::move(key), std::move(run));
  }
  const std::string prefix = "sweep " + sweep.name + " was imported with other results: ";
  for (const auto& run : runs) {
    RunKey key{run.config, run.variant, run.seed};
    auto it = stored.find(key);
    if (it == stored.end()) {
      return {run.line, prefix + DescribeRun(key) + " is not in the stored sweep"};
    }
    const RunRecord& old = it->second;
    auto differs = [&](const std::string& field, const std::string& file_value,
                       const std::string& stored_value) -> ImportLineError {
      return {run.line, prefix + DescribeRun(key) + " has " + field + " " + file_value +
                            ", the stored run has " + stored_value};
    };
    std::string old_status = RunStatusName(old.status);
    if (old_status != run.status) return differs("status", run.status, old_status);
    if (old.params != run.params) {
      return differs("params", std::to_string(run.params), FormatOptional(old.params));
    }
    if (old.val_loss != run.val_loss) {
      return differs("val_loss", FormatOptional(run.val_loss), FormatOptional(old.val_loss));
    }
    if (old.ece != run.ece) return differs("ece", FormatOptional(run.ece), FormatOptional(old.ece));
    if (old.final_steps != run.steps) {
      return differs("steps", FormatOptional(run.steps), FormatOptional(old.final_steps));
    }
    if (old.seconds != run.seconds) {
      return differs("seconds", FormatOptional(run.seconds), FormatOptional(old.seconds));
    }
    stored.erase(it);
  }
  if (!stored.empty()) {
    return {0, prefix + "stored " + DescribeRun(stored.begin()->first) + " is not in the file"};
  }
  return {};
}

void ResultsStore::Insert(const std::string& sweep_name, const std::vector<ImportedRun>& runs,
                          const std::string& layout) {
  std::map<std::string, int> config_indexes = ConfigIndexes(runs);
  int64_t now = NowUnixMs();
  db_.Prepare("INSERT INTO sweeps(name, description, spec_json, source, created_unix_ms) "
              "VALUES (?, ?, ?, 'imported', ?)")
      .Bind(1, sweep_name)
      .Bind(2, "imported from a CSV file (" + layout + " layout)")
      .Bind(3, ImportedSpecJson(sweep_name, runs, config_indexes, layout))
      .Bind(4, now)
      .Run();
  int64_t sweep_id = db_.LastInsertRowId();

  Statement insert = db_.Prepare(
      "INSERT INTO runs(sweep_id, config, config_index, variant, seed, params, steps, status, "
      "step, final_steps, val_loss, ece, seconds, created_unix_ms, updated_unix_ms) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const auto& run : runs) {
    insert.Bind(1, sweep_id)
        .Bind(2, run.config)
        .Bind(3, config_indexes[run.config])
        .Bind(4, run.variant)
        .Bind(5, run.seed)
        .Bind(6, run.params)
        .Bind(7, run.steps.value_or(0))
        .Bind(8, run.status)
        .Bind(9, run.steps.value_or(0))
        .Bind(10, run.steps)
        .Bind(11, run.val_loss)
        .Bind(12, run.ece)
        .Bind(13, run.seconds)
        .Bind(14, now)
        .Bind(15, now)
        .Run();
  }
  db_.Prepare("INSERT INTO events(unix_ms, kind, sweep_id, message) VALUES (?, 'imported', ?, ?)")
      .Bind(1, now)
      .Bind(2, sweep_id)
      .Bind(3, "imported " + std::to_string(runs.size()) + " runs (" + layout + " layout)")
      .Run();
}

}  // namespace reslab::db
