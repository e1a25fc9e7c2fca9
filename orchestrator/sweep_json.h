// Converts between sweep files (the canonical JSON form of SweepSpec) and SweepSpec.
#ifndef RESLAB_ORCHESTRATOR_SWEEP_JSON_H_
#define RESLAB_ORCHESTRATOR_SWEEP_JSON_H_

#include <string>

#include "reslab/v1/sweep.pb.h"

namespace reslab::orchestrator {

// Parses a sweep file's text. Unknown fields are rejected, so a misspelt field throws
// OrchestratorError (kInvalidArgument) whose message names it.
v1::SweepSpec ParseSweepJson(const std::string& json);
// Reads and parses a sweep file, resolving relative data paths against the file's folder so a
// sweep file works from any current folder. Throws OrchestratorError (kInvalidArgument) naming the path
// when it cannot be read or parsed.
v1::SweepSpec ReadSweepFile(const std::string& path);
// Makes the relative data.corpus and data.token_file of `spec` absolute against `base_dir`.
// Workers read these paths, so a spec sent to an orchestrator must not depend on the client's
// current folder.
void ResolveDataPaths(v1::SweepSpec& spec, const std::string& base_dir);
// Canonical JSON: proto field names, fields in field-number order, default values left out.
// Equal specs give equal strings.
std::string SweepToJson(const v1::SweepSpec& spec, bool pretty = false);

}  // namespace reslab::orchestrator

#endif  // RESLAB_ORCHESTRATOR_SWEEP_JSON_H_
