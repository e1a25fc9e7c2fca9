#include "orchestrator/client_service.h"

#include <spdlog/spdlog.h>

#include "orchestrator/grpc_status.h"

namespace reslab::orchestrator {
namespace {

// Longest wait for new events before a WatchSweep stream checks for cancellation again.
constexpr std::chrono::milliseconds kWatchPollInterval{250};

}  // namespace

ClientServiceImpl::ClientServiceImpl(SweepManager& sweeps, EventNotifier& notifier,
                                     const BearerTokenCheck& auth)
    : sweeps_(sweeps), notifier_(notifier), auth_(auth) {}

grpc::Status ClientServiceImpl::SubmitSweep(grpc::ServerContext* context,
                                            const v1::SubmitSweepRequest* request,
                                            v1::SubmitSweepResponse* response) {
  return RunHandler(*context, auth_, "SubmitSweep",
                    [&] { *response = sweeps_.Submit(request->spec()); });
}

grpc::Status ClientServiceImpl::GetSweep(grpc::ServerContext* context,
                                         const v1::GetSweepRequest* request, v1::Sweep* response) {
  return RunHandler(*context, auth_, "GetSweep", [&] { *response = sweeps_.Get(request->name()); });
}

grpc::Status ClientServiceImpl::ListSweeps(grpc::ServerContext* context,
                                           const v1::ListSweepsRequest*,
                                           v1::ListSweepsResponse* response) {
  return RunHandler(*context, auth_, "ListSweeps", [&] {
    for (auto& sweep : sweeps_.List()) *response->add_sweeps() = std::move(sweep);
  });
}

grpc::Status ClientServiceImpl::CancelSweep(grpc::ServerContext* context,
                                            const v1::CancelSweepRequest* request,
                                            v1::CancelSweepResponse* response) {
  return RunHandler(*context, auth_, "CancelSweep",
                    [&] { *response = sweeps_.Cancel(request->name()); });
}

grpc::Status ClientServiceImpl::RequeueFailed(grpc::ServerContext* context,
                                              const v1::RequeueFailedRequest* request,
                                              v1::RequeueFailedResponse* response) {
  return RunHandler(*context, auth_, "RequeueFailed",
                    [&] { *response = sweeps_.RequeueFailed(request->name()); });
}

grpc::Status ClientServiceImpl::ListRuns(grpc::ServerContext* context,
                                         const v1::ListRunsRequest* request,
                                         v1::ListRunsResponse* response) {
  return RunHandler(*context, auth_, "ListRuns", [&] { *response = sweeps_.ListRuns(*request); });
}

grpc::Status ClientServiceImpl::GetRun(grpc::ServerContext* context,
                                       const v1::GetRunRequest* request,
                                       v1::GetRunResponse* response) {
  return RunHandler(*context, auth_, "GetRun",
                    [&] { *response = sweeps_.GetRun(request->run_id()); });
}

grpc::Status ClientServiceImpl::WatchSweep(grpc::ServerContext* context,
                                           const v1::WatchSweepRequest* request,
                                           grpc::ServerWriter<v1::RunEvent>* writer) {
  return RunHandler(*context, auth_, "WatchSweep", [&] {
    SweepManager::WatchBatch batch = sweeps_.Snapshot(request->name());
    for (const v1::RunEvent& event : batch.events) {
      if (!writer->Write(event)) return;
    }
    // Each wait is bounded, so the loop notices a cancelled client or a closed notifier
    // within one poll interval.
    while (!batch.finished && !context->IsCancelled() && !notifier_.closed()) {
      batch = sweeps_.NextEvents(batch.sweep_id, batch.last_event_id, kWatchPollInterval);
      for (const v1::RunEvent& event : batch.events) {
        if (!writer->Write(event)) return;
      }
    }
  });
}

}  // namespace reslab::orchestrator
