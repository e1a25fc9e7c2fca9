// gRPC adapter for WorkerService over Scheduler.
#ifndef RESLAB_ORCHESTRATOR_WORKER_SERVICE_H_
#define RESLAB_ORCHESTRATOR_WORKER_SERVICE_H_

#include "orchestrator/bearer_auth.h"
#include "orchestrator/scheduler.h"
#include "reslab/v1/worker.grpc.pb.h"

namespace reslab::orchestrator {

class WorkerServiceImpl final : public v1::WorkerService::Service {
 public:
  WorkerServiceImpl(Scheduler& scheduler, const BearerTokenCheck& auth);

  grpc::Status RegisterWorker(grpc::ServerContext* context,
                              const v1::RegisterWorkerRequest* request,
                              v1::RegisterWorkerResponse* response) override;
  grpc::Status LeaseRun(grpc::ServerContext* context, const v1::LeaseRunRequest* request,
                        v1::LeaseRunResponse* response) override;
  grpc::Status Heartbeat(grpc::ServerContext* context, const v1::HeartbeatRequest* request,
                         v1::HeartbeatResponse* response) override;
  grpc::Status CompleteRun(grpc::ServerContext* context, const v1::CompleteRunRequest* request,
                           v1::CompleteRunResponse* response) override;
  grpc::Status FailRun(grpc::ServerContext* context, const v1::FailRunRequest* request,
                       v1::FailRunResponse* response) override;

 private:
  Scheduler& scheduler_;
  const BearerTokenCheck& auth_;
};

}  // namespace reslab::orchestrator

#endif  // RESLAB_ORCHESTRATOR_WORKER_SERVICE_H_
