// Model options, residual variants, the analytic parameter count and the width-matching rule.
// Free of LibTorch, so the orchestrator can size and order runs without linking it.
#ifndef RESLAB_WORKER_MODEL_MODEL_OPTIONS_H_
#define RESLAB_WORKER_MODEL_MODEL_OPTIONS_H_

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace reslab::model {

// How a sublayer's update u is combined with the residual stream h.
enum class Variant {
  kStandard,       // h + u
  kReview,         // h + r*u, r = sigmoid(W [rms(h), rms(u)] + b), W = 0 and b = 0 at init
  kHighway,        // h + g*u, g = sigmoid(W h + b)
  kReviewConvex,   // (1 - r)*h + r*u
  kHighwayConvex,  // (1 - g)*h + g*u
  kLayerScale,     // h + lambda*u, lambda per channel, init 0.1
  kReZero,         // h + alpha*u, scalar alpha, init 0
};

// The API names: "standard", "review", "highway", "review_convex", "highway_convex",
// "layerscale", "rezero".
const std::vector<std::string>& VariantNames();
std::string VariantName(Variant variant);
// Throws InvalidOptions listing the valid names when `name` is unknown.
Variant ParseVariant(const std::string& name);
// True for variants with a sigmoid gate (review, highway and their convex forms).
bool IsGated(Variant variant);

// Invalid model options. The message names the field and the value.
class InvalidOptions : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct ModelOptions {
  int64_t vocab_size = 50257;
  int64_t block_size = 256;
  int64_t d_model = 768;
  int64_t n_layers = 12;
  int64_t n_heads = 12;
  Variant variant = Variant::kStandard;
  // RMSNorm epsilon, also used by the gate's rms().
  double norm_eps = 1e-5;
  // Standard deviation of every Linear and Embedding weight at init.
  double init_std = 0.02;

  // Throws InvalidOptions naming the first invalid field and its value.
  void Validate() const;
  bool operator==(const ModelOptions& other) const;
};

void to_json(nlohmann::json& json, const ModelOptions& options);
// Unknown keys and wrong types throw InvalidOptions naming the key.
void from_json(const nlohmann::json& json, ModelOptions& options);

// Parameter count of the model these options build, computed from the architecture without
// allocating anything.
int64_t CountParameters(const ModelOptions& options);

// Widens `baseline` (adding n_heads to d_model at a time) until it has at least as many
// parameters as `target`, which must have the same depth and head count. Returns `baseline`
// unchanged when it already has at least as many.
ModelOptions MatchWidth(const ModelOptions& baseline, const ModelOptions& target);

}  // namespace reslab::model

#endif  // RESLAB_WORKER_MODEL_MODEL_OPTIONS_H_
