// Conversions between the store's records and the API's proto messages.
#ifndef RESLAB_ORCHESTRATOR_PROTO_CONVERT_H_
#define RESLAB_ORCHESTRATOR_PROTO_CONVERT_H_

#include <optional>
#include <vector>

#include "db/records.h"
#include "reslab/v1/client.pb.h"
#include "reslab/v1/run.pb.h"
#include "reslab/v1/sweep.pb.h"

namespace reslab::orchestrator {

v1::RunStatus ToProto(db::RunStatus status);
// Returns nullopt for RUN_STATUS_UNSPECIFIED.
std::optional<db::RunStatus> FromProto(v1::RunStatus status);

v1::Run ToProto(const db::RunRecord& run);
v1::RunCounts ToProto(const db::StatusCounts& counts);
v1::Sweep ToProto(const db::SweepRecord& sweep, const v1::SweepSpec& spec,
                  const db::StatusCounts& counts);

std::vector<db::MetricRow> FromProto(const google::protobuf::RepeatedPtrField<v1::Metric>& metrics);
v1::Metric ToProto(const db::MetricRow& metric);

// Everything a worker needs for the run's next attempt. `spec` is the sweep's filled spec.
v1::RunSpec MakeRunSpec(const db::RunRecord& run, const v1::SweepSpec& spec);

}  // namespace reslab::orchestrator

#endif  // RESLAB_ORCHESTRATOR_PROTO_CONVERT_H_
