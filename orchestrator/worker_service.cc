#include "orchestrator/worker_service.h"

#include "orchestrator/grpc_status.h"

namespace reslab::orchestrator {

WorkerServiceImpl::WorkerServiceImpl(Scheduler& scheduler) : scheduler_(scheduler) {}

grpc::Status WorkerServiceImpl::RegisterWorker(grpc::ServerContext*,
                                               const v1::RegisterWorkerRequest* request,
                                               v1::RegisterWorkerResponse* response) {
  return RunHandler("RegisterWorker", [&] { *response = scheduler_.Register(*request); });
}

grpc::Status WorkerServiceImpl::LeaseRun(grpc::ServerContext*,
                                         const v1::LeaseRunRequest* request,
                                         v1::LeaseRunResponse* response) {
  return RunHandler("LeaseRun", [&] { *response = scheduler_.Lease(*request); });
}

grpc::Status WorkerServiceImpl::Heartbeat(grpc::ServerContext*,
                                          const v1::HeartbeatRequest* request,
                                          v1::HeartbeatResponse* response) {
  return RunHandler("Heartbeat", [&] { *response = scheduler_.Heartbeat(*request); });
}

grpc::Status WorkerServiceImpl::CompleteRun(grpc::ServerContext*,
                                            const v1::CompleteRunRequest* request,
                                            v1::CompleteRunResponse*) {
  return RunHandler("CompleteRun", [&] { scheduler_.Complete(*request); });
}

grpc::Status WorkerServiceImpl::FailRun(grpc::ServerContext*, const v1::FailRunRequest* request,
                                        v1::FailRunResponse* response) {
  return RunHandler("FailRun", [&] { *response = scheduler_.Fail(*request); });
}

}  // namespace reslab::orchestrator
