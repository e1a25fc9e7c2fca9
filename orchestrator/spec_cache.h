// Parsed sweep specs by sweep id, read from sweeps.spec_json on first use. A stored spec never
// changes, so entries are never invalidated.
#ifndef RESLAB_ORCHESTRATOR_SPEC_CACHE_H_
#define RESLAB_ORCHESTRATOR_SPEC_CACHE_H_

#include <cstdint>
#include <map>

#include "db/sweep_store.h"
#include "reslab/v1/sweep.pb.h"

namespace reslab::orchestrator {

// Not thread-safe: callers hold the store's mutex.
class SpecCache {
 public:
  // Throws OrchestratorError (kNotFound) for an unknown sweep id.
  const v1::SweepSpec& Get(db::SweepStore& sweeps, int64_t sweep_id);

 private:
  std::map<int64_t, v1::SweepSpec> specs_;
};

}  // namespace reslab::orchestrator

#endif  // RESLAB_ORCHESTRATOR_SPEC_CACHE_H_
