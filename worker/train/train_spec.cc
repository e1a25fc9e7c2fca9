#include "worker/train/train_spec.h"

#include <cmath>
#include <limits>
#include <regex>
#include <stdexcept>

#include "worker/data/json_fields.h"

namespace reslab::train {
namespace {

using data::JsonInteger;
using data::JsonNumber;
using data::JsonString;
using nlohmann::json;

[[noreturn]] void Invalid(const std::string& field, const std::string& value,
                          const std::string& rule) {
  throw std::invalid_argument(field + " " + value + " is invalid: " + rule);
}

void RequireAtLeast(const std::string& field, int64_t value, int64_t minimum) {
  if (value < minimum) Invalid(field, std::to_string(value), "must be >= " + std::to_string(minimum));
}

// NaN is written as JSON null (nlohmann does so) and read back from null.
double NumberOrNan(const json& value, const std::string& path) {
  if (value.is_null()) return std::numeric_limits<double>::quiet_NaN();
  return JsonNumber(value, path);
}

// JSON has no NaN or infinity, so non-finite values are written as null.
json FiniteOrNull(double value) { return std::isfinite(value) ? json(value) : json(nullptr); }

}  // namespace

void TrainSpec::Validate() const {
  RequireAtLeast("steps", steps, 1);
  RequireAtLeast("batch_size", batch_size, 1);
  if (micro_batch_size < 0 || micro_batch_size > batch_size ||
      (micro_batch_size > 0 && batch_size % micro_batch_size != 0)) {
    Invalid("micro_batch_size", std::to_string(micro_batch_size),
            "must be 0 (no accumulation) or divide batch_size " + std::to_string(batch_size));
  }
  if (!(lr > 0.0) || !std::isfinite(lr)) Invalid("lr", std::to_string(lr), "must be finite and > 0");
  RequireAtLeast("warmup_steps", warmup_steps, 0);
  if (!(weight_decay >= 0.0) || !std::isfinite(weight_decay)) {
    Invalid("weight_decay", std::to_string(weight_decay), "must be finite and >= 0");
  }
  if (!(grad_clip >= 0.0) || !std::isfinite(grad_clip)) {
    Invalid("grad_clip", std::to_string(grad_clip), "must be finite and >= 0 (0 disables it)");
  }
  RequireAtLeast("eval_windows", eval_windows, 1);
  RequireAtLeast("log_every", log_every, 1);
  RequireAtLeast("checkpoint_every", checkpoint_every, 0);
  static const std::regex kDevicePattern("auto|cpu|cuda(:[0-9]+)?");
  if (!std::regex_match(device, kDevicePattern)) {
    Invalid("device", "\"" + device + "\"", "use auto, cpu, cuda or cuda:N");
  }
  if (data.tokenizer != data::kSentencePieceTokenizer && data.tokenizer != data::kByteTokenizer &&
      data.tokenizer != data::kTokenFileTokenizer) {
    Invalid("data.tokenizer", "\"" + data.tokenizer + "\"", "use sentencepiece, byte or tokens");
  }
}

void to_json(json& out, const TrainSpec& spec) {
  out = json{{"model", spec.model},
             {"data", spec.data},
             {"seed", spec.seed},
             {"steps", spec.steps},
             {"batch_size", spec.batch_size},
             {"micro_batch_size", spec.micro_batch_size},
             {"lr", spec.lr},
             {"warmup_steps", spec.warmup_steps},
             {"weight_decay", spec.weight_decay},
             {"grad_clip", spec.grad_clip},
             {"eval_windows", spec.eval_windows},
             {"log_every", spec.log_every},
             {"checkpoint_every", spec.checkpoint_every},
             {"checkpoint_dir", spec.checkpoint_dir},
             {"device", spec.device}};
}

void from_json(const json& in, TrainSpec& spec) {
  TrainSpec parsed;
  auto integer = [](int64_t* field) {
    return [field](const json& v, const std::string& p) { *field = JsonInteger(v, p); };
  };
  auto number = [](double* field) {
    return [field](const json& v, const std::string& p) { *field = JsonNumber(v, p); };
  };
  auto text = [](std::string* field) {
    return [field](const json& v, const std::string& p) { *field = JsonString(v, p); };
  };
  data::ReadJsonObject(
      in, "",
      {{"model", [&](const json& v, const std::string&) { parsed.model = v.get<model::ModelOptions>(); }},
       {"data", [&](const json& v, const std::string&) { parsed.data = v.get<DataOptions>(); }},
       {"seed", integer(&parsed.seed)},
       {"steps", integer(&parsed.steps)},
       {"batch_size", integer(&parsed.batch_size)},
       {"micro_batch_size", integer(&parsed.micro_batch_size)},
       {"lr", number(&parsed.lr)},
       {"warmup_steps", integer(&parsed.warmup_steps)},
       {"weight_decay", number(&parsed.weight_decay)},
       {"grad_clip", number(&parsed.grad_clip)},
       {"eval_windows", integer(&parsed.eval_windows)},
       {"log_every", integer(&parsed.log_every)},
       {"checkpoint_every", integer(&parsed.checkpoint_every)},
       {"checkpoint_dir", text(&parsed.checkpoint_dir)},
       {"device", text(&parsed.device)}});
  spec = parsed;
}

void to_json(json& out, const TrainResult& result) {
  json curve = json::array();
  for (const auto& [step, loss] : result.loss_curve) {
    curve.push_back(json::array({json(step), FiniteOrNull(loss)}));
  }
  out = json{{"status", result.status},
             {"val_loss", FiniteOrNull(result.val_loss)},
             {"ece", FiniteOrNull(result.ece)},
             {"params", result.params},
             {"steps", result.steps},
             {"tokens", result.tokens},
             {"seconds", result.seconds},
             {"micro_batch_size", result.micro_batch_size},
             {"oom_halvings", result.oom_halvings},
             {"resumed_from_step", result.resumed_from_step},
             {"device", result.device},
             {"initial_train_loss", FiniteOrNull(result.initial_train_loss)},
             {"final_train_loss", FiniteOrNull(result.final_train_loss)},
             {"loss_curve", curve},
             {"message", result.message}};
}

void from_json(const json& in, TrainResult& result) {
  TrainResult parsed;
  auto integer = [](int64_t* field) {
    return [field](const json& v, const std::string& p) { *field = JsonInteger(v, p); };
  };
  auto number = [](double* field) {
    return [field](const json& v, const std::string& p) { *field = NumberOrNan(v, p); };
  };
  auto text = [](std::string* field) {
    return [field](const json& v, const std::string& p) { *field = JsonString(v, p); };
  };
  auto curve = [&parsed](const json& v, const std::string& p) {
    if (!v.is_array()) throw std::invalid_argument("field " + p + " must be an array");
    for (const json& point : v) {
      if (!point.is_array() || point.size() != 2) {
        throw std::invalid_argument("field " + p + " must hold [step, loss] pairs, got " +
                                    point.dump());
      }
      parsed.loss_curve.emplace_back(JsonInteger(point[0], p), NumberOrNan(point[1], p));
    }
  };
  data::ReadJsonObject(in, "",
                       {{"status", text(&parsed.status)},
                        {"val_loss", number(&parsed.val_loss)},
                        {"ece", number(&parsed.ece)},
                        {"params", integer(&parsed.params)},
                        {"steps", integer(&parsed.steps)},
                        {"tokens", integer(&parsed.tokens)},
                        {"seconds", number(&parsed.seconds)},
                        {"micro_batch_size", integer(&parsed.micro_batch_size)},
                        {"oom_halvings", integer(&parsed.oom_halvings)},
                        {"resumed_from_step", integer(&parsed.resumed_from_step)},
                        {"device", text(&parsed.device)},
                        {"initial_train_loss", number(&parsed.initial_train_loss)},
                        {"final_train_loss", number(&parsed.final_train_loss)},
                        {"loss_curve", curve},
                        {"message", text(&parsed.message)}});
  result = parsed;
}

}  // namespace reslab::train
