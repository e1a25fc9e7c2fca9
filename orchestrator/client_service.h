// gRPC adapter for ClientService over SweepManager.
#ifndef RESLAB_ORCHESTRATOR_CLIENT_SERVICE_H_
#define RESLAB_ORCHESTRATOR_CLIENT_SERVICE_H_

#include <chrono>

#include "orchestrator/bearer_auth.h"
#include "orchestrator/sweep_manager.h"
#include "reslab/v1/client.grpc.pb.h"

namespace reslab::orchestrator {

class ClientServiceImpl final : public v1::ClientService::Service {
 public:
  // WatchSweep streams end when `notifier` is closed (server shutdown).
  ClientServiceImpl(SweepManager& sweeps, EventNotifier& notifier, const BearerTokenCheck& auth);

  grpc::Status SubmitSweep(grpc::ServerContext* context, const v1::SubmitSweepRequest* request,
                           v1::SubmitSweepResponse* response) override;
  grpc::Status GetSweep(grpc::ServerContext* context, const v1::GetSweepRequest* request,
                        v1::Sweep* response) override;
  grpc::Status ListSweeps(grpc::ServerContext* context, const v1::ListSweepsRequest* request,
                          v1::ListSweepsResponse* response) override;
  grpc::Status CancelSweep(grpc::ServerContext* context, const v1::CancelSweepRequest* request,
                           v1::CancelSweepResponse* response) override;
  grpc::Status RequeueFailed(grpc::ServerContext* context, const v1::RequeueFailedRequest* request,
                             v1::RequeueFailedResponse* response) override;
  grpc::Status ListRuns(grpc::ServerContext* context, const v1::ListRunsRequest* request,
                        v1::ListRunsResponse* response) override;
  grpc::Status GetRun(grpc::ServerContext* context, const v1::GetRunRequest* request,
                      v1::GetRunResponse* response) override;
  grpc::Status WatchSweep(grpc::ServerContext* context, const v1::WatchSweepRequest* request,
                          grpc::ServerWriter<v1::RunEvent>* writer) override;

 private:
  SweepManager& sweeps_;
  EventNotifier& notifier_;
  const BearerTokenCheck& auth_;
};

}  // namespace reslab::orchestrator

#endif  // RESLAB_ORCHESTRATOR_CLIENT_SERVICE_H_
