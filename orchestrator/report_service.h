// gRPC adapter for ReportService: GetReport over BuildReport and ImportResults over
// db::ResultsStore, holding the store's mutex for each call.
#ifndef RESLAB_ORCHESTRATOR_REPORT_SERVICE_H_
#define RESLAB_ORCHESTRATOR_REPORT_SERVICE_H_

#include "db/store.h"
#include "orchestrator/bearer_auth.h"
#include "reslab/v1/report.grpc.pb.h"

namespace reslab::orchestrator {

class ReportServiceImpl final : public v1::ReportService::Service {
 public:
  // Every call is checked against `auth`, the token check of the server it is added to.
  ReportServiceImpl(db::Store& store, const BearerTokenCheck& auth) : store_(store), auth_(auth) {}

  grpc::Status GetReport(grpc::ServerContext* context, const v1::GetReportRequest* request,
                         v1::GetReportResponse* response) override;
  grpc::Status ImportResults(grpc::ServerContext* context, const v1::ImportResultsRequest* request,
                             v1::ImportResultsResponse* response) override;

 private:
  db::Store& store_;
  const BearerTokenCheck& auth_;
};

}  // namespace reslab::orchestrator

#endif  // RESLAB_ORCHESTRATOR_REPORT_SERVICE_H_
