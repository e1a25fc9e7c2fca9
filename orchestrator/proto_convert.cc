#include "orchestrator/proto_convert.h"

#include <limits>

namespace reslab::orchestrator {

v1::RunStatus ToProto(db::RunStatus status) {
  switch (status) {
    case db::RunStatus::kQueued:
      return v1::RUN_STATUS_QUEUED;
    case db::RunStatus::kRunning:
      return v1::RUN_STATUS_RUNNING;
    case db::RunStatus::kCompleted:
      return v1::RUN_STATUS_COMPLETED;
    case db::RunStatus::kDiverged:
      return v1::RUN_STATUS_DIVERGED;
    case db::RunStatus::kFailedToTrain:
      return v1::RUN_STATUS_FAILED_TO_TRAIN;
    case db::RunStatus::kFailed:
      return v1::RUN_STATUS_FAILED;
    case db::RunStatus::kCancelled:
      return v1::RUN_STATUS_CANCELLED;
  }
  return v1::RUN_STATUS_UNSPECIFIED;
}

std::optional<db::RunStatus> FromProto(v1::RunStatus status) {
  switch (status) {
    case v1::RUN_STATUS_QUEUED:
      return db::RunStatus::kQueued;
    case v1::RUN_STATUS_RUNNING:
      return db::RunStatus::kRunning;
    case v1::RUN_STATUS_COMPLETED:
      return db::RunStatus::kCompleted;
    case v1::RUN_STATUS_DIVERGED:
      return db::RunStatus::kDiverged;
    case v1::RUN_STATUS_FAILED_TO_TRAIN:
      return db::RunStatus::kFailedToTrain;
    case v1::RUN_STATUS_FAILED:
      return db::RunStatus::kFailed;
    case v1::RUN_STATUS_CANCELLED:
      return db::RunStatus::kCancelled;
    default:
      return std::nullopt;
  }
}

v1::Run ToProto(const db::RunRecord& run) {
  v1::Run proto;
  proto.set_run_id(run.run_id);
  proto.set_sweep(run.sweep_name);
  proto.set_config(run.config);
  proto.set_variant(run.variant);
  proto.set_seed(run.seed);
  proto.set_status(ToProto(run.status));
  proto.set_attempt(run.attempt);
  proto.set_params(run.params.value_or(0));
  proto.set_d_model(run.d_model.value_or(0));
  proto.set_step(run.step);
  proto.set_steps(run.steps);
  proto.set_train_loss(run.train_loss.value_or(0));
  proto.set_tokens_per_second(run.tokens_per_second.value_or(0));
  if (db::IsResult(run.status)) {
    v1::RunResult* result = proto.mutable_result();
    result->set_status(db::RunStatusName(run.status));
    result->set_val_loss(run.val_loss.value_or(std::numeric_limits<double>::quiet_NaN()));
    result->set_ece(run.ece.value_or(std::numeric_limits<double>::quiet_NaN()));
    result->set_params(run.params.value_or(0));
    result->set_steps(run.final_steps.value_or(0));
    result->set_tokens(run.tokens.value_or(0));
    result->set_seconds(run.seconds.value_or(0));
    result->set_micro_batch_size(run.micro_batch_size.value_or(0));
    result->set_result_json(run.result_json);
  }
  proto.set_worker_id(run.lease_worker_id);
  proto.set_last_error(run.last_error);
  proto.set_updated_unix_ms(run.updated_unix_ms);
  return proto;
}

v1::RunCounts ToProto(const db::StatusCounts& counts) {
  auto count = [&](db::RunStatus status) {
    auto it = counts.find(status);
    return it == counts.end() ? 0 : it->second;
  };
  v1::RunCounts proto;
  proto.set_queued(count(db::RunStatus::kQueued));
  proto.set_running(count(db::RunStatus::kRunning));
  proto.set_completed(count(db::RunStatus::kCompleted));
  proto.set_diverged(count(db::RunStatus::kDiverged));
  proto.set_failed_to_train(count(db::RunStatus::kFailedToTrain));
  proto.set_failed(count(db::RunStatus::kFailed));
  proto.set_cancelled(count(db::RunStatus::kCancelled));
  int total = 0;
  for (const auto& [status, n] : counts) total += n;
  proto.set_total(total);
  return proto;
}

v1::Sweep ToProto(const db::SweepRecord& sweep, const v1::SweepSpec& spec,
                  const db::StatusCounts& counts) {
  v1::Sweep proto;
  proto.set_name(sweep.name);
  *proto.mutable_spec() = spec;
  *proto.mutable_counts() = ToProto(counts);
  proto.set_created_unix_ms(sweep.created_unix_ms);
  proto.set_cancelled(sweep.cancelled);
  return proto;
}

std::vector<db::MetricRow> FromProto(
    const google::protobuf::RepeatedPtrField<v1::Metric>& metrics) {
  std::vector<db::MetricRow> rows;
  rows.reserve(static_cast<size_t>(metrics.size()));
  for (const v1::Metric& metric : metrics) {
    rows.push_back(db::MetricRow{metric.step(), metric.name(), metric.value()});
  }
  return rows;
}

v1::Metric ToProto(const db::MetricRow& metric) {
  v1::Metric proto;
  proto.set_step(metric.step);
  proto.set_name(metric.name);
  proto.set_value(metric.value);
  return proto;
}

v1::RunSpec MakeRunSpec(const db::RunRecord& run, const v1::SweepSpec& spec) {
  v1::RunSpec proto;
  proto.set_run_id(run.run_id);
  proto.set_sweep(run.sweep_name);
  *proto.mutable_config() = spec.configs(run.config_index);
  proto.set_variant(run.variant);
  proto.set_seed(run.seed);
  proto.set_d_model(run.d_model.value_or(proto.config().d_model()));
  *proto.mutable_data() = spec.data();
  proto.set_checkpoint_every(spec.checkpoint_every());
  proto.set_log_every(spec.log_every());
  proto.set_micro_batch_size(run.micro_batch_size.value_or(proto.config().micro_batch_size()));
  proto.set_attempt(run.attempt);
  proto.set_params(run.params.value_or(0));
  return proto;
}

}  // namespace reslab::orchestrator
