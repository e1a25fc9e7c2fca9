#include "orchestrator/worker_service.h"

#include "orchestrator/grpc_status.h"

namespace reslab::orchestrator {

WorkerServiceImpl::WorkerServiceImpl(Scheduler& scheduler, const BearerTokenCheck& auth)
    : scheduler_(scheduler), auth_(auth) {}

grpc::Status WorkerServiceImpl::RegisterWorker(grpc::ServerContext* context,
                                               const v1::RegisterWorkerRequest* request,
                                               v1::RegisterWorkerResponse* response) {
  return RunHandler(*context, auth_, "RegisterWorker",
                    [&] { *response = scheduler_.Register(*request); });
}

grpc::Status WorkerServiceImpl::LeaseRun(grpc::ServerContext* context,
                                         const v1::LeaseRunRequest* request,
                                         v1::LeaseRunResponse* response) {
  return RunHandler(*context, auth_, "LeaseRun", [&] { *response = scheduler_.Lease(*request); });
}

grpc::Status WorkerServiceImpl::Heartbeat(grpc::ServerContext* context,
                                          const v1::HeartbeatRequest* request,
                                          v1::HeartbeatResponse* response) {
  return RunHandler(*context, auth_, "Heartbeat",
                    [&] { *response = scheduler_.Heartbeat(*request); });
}

grpc::Status WorkerServiceImpl::CompleteRun(grpc::ServerContext* context,
                                            const v1::CompleteRunRequest* request,
                                            v1::CompleteRunResponse*) {
  return RunHandler(*context, auth_, "CompleteRun", [&] { scheduler_.Complete(*request); });
}

grpc::Status WorkerServiceImpl::FailRun(grpc::ServerContext* context,
                                        const v1::FailRunRequest* request,
                                        v1::FailRunResponse* response) {
  return RunHandler(*context, auth_, "FailRun", [&] { *response = scheduler_.Fail(*request); });
}

}  // namespace reslab::orchestrator
