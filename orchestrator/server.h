// The orchestrator: owns the store, the scheduler, the lease sweeper and the gRPC services,
// and serves them on one address.
//
//   ServerOptions options;
//   options.db_path = "reslab.db";
//   options.listen_address = "127.0.0.1:0";  // port 0: the OS picks a free port
//   Server server(options);
//   server.AddService(&my_extra_service);     // optional, before Start()
//   server.Start();
//   ... connect to server.address() ...
//   server.Shutdown();
#ifndef RESLAB_ORCHESTRATOR_SERVER_H_
#define RESLAB_ORCHESTRATOR_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "db/store.h"
#include "orchestrator/bearer_auth.h"
#include "orchestrator/client_service.h"
#include "orchestrator/event_notifier.h"
#include "orchestrator/lease_sweeper.h"
#include "orchestrator/scheduler.h"
#include "orchestrator/sweep_manager.h"
#include "orchestrator/sweep_validation.h"
#include "orchestrator/worker_service.h"

namespace reslab::orchestrator {

struct ServerOptions {
  // SQLite file, created and migrated when missing.
  std::string db_path = "reslab.db";
  // host:port to listen on. Port 0 lets the OS pick a free port, which port() returns.
  std::string listen_address = "127.0.0.1:50051";
  // A lease expires this long after it was granted or last renewed.
  std::chrono::milliseconds lease_ttl{60000};
  // Heartbeat interval given to workers at registration.
  std::chrono::milliseconds heartbeat_interval{5000};
  // Interval between lease-expiry sweeps; zero picks a quarter of lease_ttl, at most 1 s.
  std::chrono::milliseconds sweep_interval{0};
  // Largest sweep grid accepted by SubmitSweep.
  int64_t max_runs = kDefaultMaxRuns;
  // When not empty, every call must carry "authorization: Bearer <bearer_token>".
  std::string bearer_token;
};

class Server {
 public:
  // Opens the database; throws db::Error when it cannot.
  explicit Server(ServerOptions options);
  // Shuts down if still running.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Registers an extra gRPC service, served on the same address. Call before Start(); the
  // service must outlive the server. Its handlers check the bearer token themselves, for
  // example through RunHandler(*context, server.auth(), ...) from grpc_status.h.
  void AddService(grpc::Service* service);
  // Starts the lease sweeper and the gRPC server. Throws std::runtime_error when the address
  // cannot be bound.
  void Start();
  // Stops accepting calls, ends WatchSweep streams, waits for in-flight calls (cancelling
  // those still running after 5 s) and stops the sweeper. Idempotent.
  void Shutdown();
  // Blocks until Shutdown() is called from another thread.
  void Wait();

  // The bound port, valid after Start().
  int port() const { return port_; }
  // host:port with the bound port, valid after Start().
  std::string address() const;
  const ServerOptions& options() const { return options_; }

  const BearerTokenCheck& auth() const { return auth_; }
  db::Store& store() { return store_; }
  Scheduler& scheduler() { return scheduler_; }
  SweepManager& sweeps() { return sweeps_; }

 private:
  ServerOptions options_;
  BearerTokenCheck auth_;
  db::Store store_;
  EventNotifier notifier_;
  Scheduler scheduler_;
  SweepManager sweeps_;
  ClientServiceImpl client_service_;
  WorkerServiceImpl worker_service_;
  std::vector<grpc::Service*> extra_services_;
  std::unique_ptr<LeaseSweeper> sweeper_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  std::mutex shutdown_mutex_;
  bool stopped_ = false;
};

}  // namespace reslab::orchestrator

#endif  // RESLAB_ORCHESTRATOR_SERVER_H_
