#include "orchestrator/spec_cache.h"

#include "orchestrator/errors.h"
#include "orchestrator/sweep_json.h"

namespace reslab::orchestrator {

const v1::SweepSpec& SpecCache::Get(db::SweepStore& sweeps, int64_t sweep_id) {
  auto it = specs_.find(sweep_id);
  if (it != specs_.end()) return it->second;
  auto sweep = sweeps.FindById(sweep_id);
  if (!sweep) throw NotFound("sweep id " + std::to_string(sweep_id) + " not found");
  return specs_.emplace(sweep_id, ParseSweepJson(sweep->spec_json)).first->second;
}

}  // namespace reslab::orchestrator
