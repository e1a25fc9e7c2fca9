#include "db/import_csv.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

namespace reslab::db {
namespace {

constexpr int64_t kMaxSeed = int64_t{1} << 31;
constexpr size_t kMaxConfigNameLength = 64;

// The run field a header column fills.
enum class Column { kConfig, kVariant, kSeed, kParams, kParamsMillions, kSteps, kValLoss, kEce,
                    kSeconds, kMinutes, kStatus };

struct LayoutColumns {
  std::map<std::string, Column> required;
  std::map<std::string, Column> optional;
};

const LayoutColumns& PublishedColumns() {
  static const LayoutColumns kColumns{
      {{"size", Column::kConfig},
       {"variant", Column::kVariant},
       {"seed", Column::kSeed},
       {"params_m", Column::kParamsMillions},
       {"val_loss", Column::kValLoss}},
      {{"steps", Column::kSteps}, {"ece", Column::kEce}, {"minutes", Column::kMinutes}}};
  return kColumns;
}

const LayoutColumns& GenericColumns() {
  static const LayoutColumns kColumns{
      {{"config", Column::kConfig},
       {"variant", Column::kVariant},
       {"seed", Column::kSeed},
       {"params", Column::kParams},
       {"val_loss", Column::kValLoss}},
      {{"steps", Column::kSteps},
       {"ece", Column::kEce},
       {"seconds", Column::kSeconds},
       {"status", Column::kStatus}}};
  return kColumns;
}

std::string JoinNames(const std::map<std::string, Column>& columns) {
  std::string joined;
  for (const auto& [name, column] : columns) joined += (joined.empty() ? "" : ", ") + name;
  return joined;
}

std::string_view Trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

std::string Lower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

// Returns the byte offset of the first invalid UTF-8 sequence, or npos when `text` is valid.
size_t FindInvalidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    auto byte = static_cast<unsigned char>(text[i]);
    size_t length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3
                                    : (byte >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size()) return i;
    uint32_t code = length == 1 ? byte : byte & (0x7F >> length);
    for (size_t k = 1; k < length; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return i;
      code = (code << 6) | (next & 0x3F);
    }
    // Overlong forms, surrogates and code points above U+10FFFF are invalid.
    static constexpr uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[length] || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) {
      return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

// Splits one line into fields. Double-quoted fields may contain commas and doubled quotes
// but not line breaks. Returns false on an unterminated quote.
bool SplitFields(std::string_view line, std::vector<std::string>* fields) {
  fields->clear();
  std::string field;
  bool quoted = false;
  bool was_quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"' && Trim(field).empty()) {
      quoted = true;
      was_quoted = true;
      field.clear();
    } else if (c == ',') {
      fields->push_back(was_quoted ? field : std::string(Trim(field)));
      field.clear();
      was_quoted = false;
    } else if (!(was_quoted && (c == ' ' || c == '\t'))) {
      field += c;
    }
  }
  fields->push_back(was_quoted ? field : std::string(Trim(field)));
  return !quoted;
}

bool ParseInt(std::string_view text, int64_t* value) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *value);
  return ec == std::errc() && ptr == end && !text.empty();
}

bool ParseDouble(std::string_view text, double* value) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *value);
  return ec == std::errc() && ptr == end && !text.empty();
}

bool IsValidConfigName(const std::string& name) {
  if (name.empty() || name.size() > kMaxConfigNameLength) return false;
  return std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '.' || c == '-';
  });
}

std::string KnownVariantList() {
  std::string list;
  for (const auto& name : ImportableVariants()) {
    list += (list.empty() ? "" : ", ") + name;
    if (name == "review") list += " (or review_neutral)";
  }
  return list;
}

// Parses the fields of one data row into `run`, adding one error per bad field.
class RowParser {
 public:
  RowParser(int line, std::vector<ImportLineError>* errors) : line_(line), errors_(errors) {}

  void Parse(Column column, const std::string& name, const std::string& text, ImportedRun* run) {
    switch (column) {
      case Column::kConfig:
        if (!IsValidConfigName(text)) {
          Fail(name + " `" + text + "` is invalid: use 1-64 characters from [A-Za-z0-9_.-]");
        }
        run->config = text;
        break;
      case Column::kVariant:
        run->variant = CanonicalVariant(name, text);
        break;
      case Column::kSeed:
        if (!ParseInt(text, &run->seed) || run->seed < 0 || run->seed > kMaxSeed) {
          Fail(name + " `" + text + "` is not an integer from 0 to 2^31");
        }
        break;
      case Column::kParams:
        run->params = ParseParams(name, text, 1.0);
        break;
      case Column::kParamsMillions:
        run->params = ParseParams(name, text, 1e6);
        break;
      case Column::kSteps:
        run->steps = ParseSteps(name, text);
        break;
      case Column::kValLoss:
        val_loss_text_ = text;
        break;
      case Column::kEce:
        run->ece = ParseOptionalNonNegative(name, text, 1.0);
        break;
      case Column::kSeconds:
        run->seconds = ParseOptionalNonNegative(name, text, 1.0);
        break;
      case Column::kMinutes:
        run->seconds = ParseOptionalNonNegative(name, text, 60.0);
        break;
      case Column::kStatus:
        if (!text.empty()) run->status = text;
        if (run->status != "completed" && run->status != "diverged" &&
            run->status != "failed_to_train") {
          Fail(name + " `" + text + "` is invalid: expected completed, diverged or failed_to_train");
        }
        break;
    }
  }

  // Reads val_loss last because whether it may be missing depends on the status.
  void FinishValLoss(ImportedRun* run) {
    double value = 0;
    bool finished = run->status == "completed";
    if (val_loss_text_.empty() && !finished) return;
    if (!ParseDouble(val_loss_text_, &value)) {
      Fail("val_loss `" + val_loss_text_ + "` is not a number");
    } else if (std::isfinite(value) && value >= 0) {
      run->val_loss = value;
    } else if (finished || (std::isfinite(value) && value < 0)) {
      Fail("val_loss `" + val_loss_text_ + "` is invalid: a " + run->status +
           " run needs a finite loss of at least 0");
    }
  }

 private:
  void Fail(const std::string& message) { errors_->push_back({line_, message}); }

  std::string CanonicalVariant(const std::string& name, const std::string& text) {
    std::string variant = text == "review_neutral" ? "review" : text;
    const auto& known = ImportableVariants();
    if (std::find(known.begin(), known.end(), variant) == known.end()) {
      Fail("unknown " + name + " `" + text + "`: expected one of " + KnownVariantList());
    }
    return variant;
  }

  int64_t ParseParams(const std::string& name, const std::string& text, double scale) {
    double value = 0;
    if (!ParseDouble(text, &value) || !std::isfinite(value) || value <= 0 ||
        value * scale >= 9.0e18) {
      Fail(name + " `" + text + "` is not a positive number");
      return 0;
    }
    return std::llround(value * scale);
  }

  std::optional<int64_t> ParseSteps(const std::string& name, const std::string& text) {
    int64_t value = 0;
    if (text.empty()) return std::nullopt;
    if (!ParseInt(text, &value) || value < 0) {
      Fail(name + " `" + text + "` is not a non-negative integer");
      return std::nullopt;
    }
    return value;
  }

  std::optional<double> ParseOptionalNonNegative(const std::string& name, const std::string& text,
                                                 double scale) {
    double value = 0;
    if (text.empty()) return std::nullopt;
    if (!ParseDouble(text, &value) || !std::isfinite(value) || value < 0) {
      Fail(name + " `" + text + "` is not a finite number of at least 0");
      return std::nullopt;
    }
    return value * scale;
  }

  int line_;
  std::vector<ImportLineError>* errors_;
  std::string val_loss_text_;
};

// Splits `text` into lines, dropping a UTF-8 byte order mark and the CR of CRLF line ends.
std::vector<std::string_view> SplitLines(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

struct Header {
  int line = 0;
  std::vector<std::pair<std::string, Column>> columns;
};

// Reads the header at `lines[index]`. Adds errors and returns nullopt when it is unusable.
std::optional<Header> ParseHeader(const std::vector<std::string_view>& lines, size_t index,
                                  ParsedResults* result) {
  Header header;
  header.line = static_cast<int>(index) + 1;
  std::vector<std::string> names;
  if (!SplitFields(lines[index], &names)) {
    result->errors.push_back({header.line, "header has an unterminated quote"});
    return std::nullopt;
  }
  for (auto& name : names) name = Lower(name);
  bool generic = std::find(names.begin(), names.end(), "config") != names.end();
  bool published = std::find(names.begin(), names.end(), "size") != names.end();
  if (generic == published) {
    result->errors.push_back(
        {header.line, generic ? "header has both `config` and `size`; use one layout"
                              : "header has neither `config` (generic layout: " +
                                    JoinNames(GenericColumns().required) +
                                    ") nor `size` (published layout: " +
                                    JoinNames(PublishedColumns().required) + ")"});
    return std::nullopt;
  }
  result->layout = generic ? "generic" : "published";
  const LayoutColumns& layout = generic ? GenericColumns() : PublishedColumns();

  size_t errors_before = result->errors.size();
  std::set<std::string> seen;
  for (const auto& name : names) {
    if (!seen.insert(name).second) {
      result->errors.push_back({header.line, "column `" + name + "` appears twice"});
    } else if (auto it = layout.required.find(name); it != layout.required.end()) {
      header.columns.emplace_back(name, it->second);
    } else if (auto opt = layout.optional.find(name); opt != layout.optional.end()) {
      header.columns.emplace_back(name, opt->second);
    } else {
      result->errors.push_back(
          {header.line, "unknown column `" + name + "` in the " + result->layout +
                            " layout: expected " + JoinNames(layout.required) +
                            ", optionally " + JoinNames(layout.optional)});
    }
  }
  for (const auto& [name, column] : layout.required) {
    if (seen.count(name) == 0) {
      result->errors.push_back({header.line, "missing column `" + name + "` (the " +
                                                 result->layout + " layout requires " +
                                                 JoinNames(layout.required) + ")"});
    }
  }
  if (result->errors.size() != errors_before) return std::nullopt;
  return header;
}

}  // namespace

const std::vector<std::string>& ImportableVariants() {
  static const std::vector<std::string> kVariants = {
      "standard", "review", "highway", "review_convex", "highway_convex", "layerscale", "rezero"};
  return kVariants;
}

ParsedResults ParseResultsCsv(std::string_view text) {
  ParsedResults result;
  std::vector<std::string_view> lines = SplitLines(text);

  // Invalid UTF-8 is reported on every line that has it, header included.
  std::vector<bool> valid(lines.size(), true);
  for (size_t i = 0; i < lines.size(); ++i) {
    size_t offset = FindInvalidUtf8(lines[i]);
    if (offset != std::string_view::npos) {
      valid[i] = false;
      result.errors.push_back({static_cast<int>(i) + 1, "invalid UTF-8 at byte " +
                                                            std::to_string(offset + 1) +
                                                            " of the line"});
    }
  }

  size_t header_index = 0;
  while (header_index < lines.size() && Trim(lines[header_index]).empty()) ++header_index;
  if (header_index == lines.size()) {
    result.errors.push_back({0, "the file is empty: expected a header line and data rows"});
    return result;
  }
  if (!valid[header_index]) return result;
  std::optional<Header> header = ParseHeader(lines, header_index, &result);
  if (!header) return result;

  std::map<std::tuple<std::string, std::string, int64_t>, int> first_line;
  std::vector<std::string> fields;
  for (size_t i = header_index + 1; i < lines.size(); ++i) {
    int line = static_cast<int>(i) + 1;
    if (!valid[i] || Trim(lines[i]).empty()) continue;
    if (!SplitFields(lines[i], &fields)) {
      result.errors.push_back({line, "unterminated quote"});
      continue;
    }
    if (fields.size() != header->columns.size()) {
      result.errors.push_back({line, "has " + std::to_string(fields.size()) +
                                         " fields, the header has " +
                                         std::to_string(header->columns.size())});
      continue;
    }

    size_t errors_before = result.errors.size();
    ImportedRun run;
    run.line = line;
    RowParser parser(line, &result.errors);
    for (size_t c = 0; c < fields.size(); ++c) {
      parser.Parse(header->columns[c].second, header->columns[c].first, fields[c], &run);
    }
    parser.FinishValLoss(&run);
    if (result.errors.size() != errors_before) continue;

    auto key = std::make_tuple(run.config, run.variant, run.seed);
    auto [it, inserted] = first_line.emplace(key, line);
    if (!inserted) {
      result.errors.push_back({line, "duplicate run (config " + run.config + ", variant " +
                                         run.variant + ", seed " + std::to_string(run.seed) +
                                         "): line " + std::to_string(it->second) +
                                         " has the same"});
      continue;
    }
    result.runs.push_back(std::move(run));
  }

  if (result.runs.empty() && result.errors.empty()) {
    result.errors.push_back({header->line, "the file has a header but no data rows"});
  }
  return result;
}

}  // namespace reslab::db
