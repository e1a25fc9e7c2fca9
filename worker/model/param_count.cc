#include "worker/model/model_options.h"
