// Analytic parameter count of the GPT in gpt.h, and the width-matching rule built on it.
#include <string>

#include "worker/model/model_options.h"

namespace reslab::model {
namespace {

// Parameters of one sublayer's residual rule (its gate or scale) at width d.
int64_t ResidualRuleParameters(Variant variant, int64_t d) {
  switch (variant) {
    case Variant::kStandard:
      return 0;
    case Variant::kReview:
    case Variant::kReviewConvex:
      return 2 * d * d + d;  // Linear(2d, d) with bias.
    case Variant::kHighway:
    case Variant::kHighwayConvex:
      return d * d + d;  // Linear(d, d) with bias.
    case Variant::kLayerScale:
      return d;  // One scale per channel.
    case Variant::kReZero:
      return 1;  // One scalar.
  }
  throw InvalidOptions("invalid variant value " + std::to_string(static_cast<int>(variant)));
}

}  // namespace

int64_t CountParameters(const ModelOptions& options) {
  options.Validate();
  const int64_t d = options.d_model;

  const int64_t embeddings = options.vocab_size * d + options.block_size * d;
  const int64_t norm = d;                               // RMSNorm gain.
  const int64_t attention = (d * 3 * d + 3 * d) + (d * d + d);  // qkv and output projection.
  const int64_t mlp = (d * 4 * d + 4 * d) + (4 * d * d + d);    // Up and down projection.
  const int64_t rule = ResidualRuleParameters(options.variant, d);
  const int64_t layer = 2 * norm + attention + mlp + 2 * rule;

  // The output head is tied to the token embedding, so it adds nothing; the final norm adds d.
  return embeddings + options.n_layers * layer + norm;
}

ModelOptions MatchWidth(const ModelOptions& baseline, const ModelOptions& target) {
  baseline.Validate();
  target.Validate();
  if (baseline.n_layers != target.n_layers) {
    throw InvalidOptions("cannot match width: baseline n_layers = " +
                         std::to_string(baseline.n_layers) + " differs from target n_layers = " +
                         std::to_string(target.n_layers));
  }
  if (baseline.n_heads != target.n_heads) {
    throw InvalidOptions("cannot match width: baseline n_heads = " +
                         std::to_string(baseline.n_heads) + " differs from target n_heads = " +
                         std::to_string(target.n_heads));
  }

  const int64_t wanted = CountParameters(target);
  ModelOptions widened = baseline;
  // Every step adds at least 12 * d parameters per layer, so the loop ends well within
  // wanted / n_heads steps.
  while (CountParameters(widened) < wanted) {
    widened.d_model += widened.n_heads;
  }
  return widened;
}

}  // namespace reslab::model
