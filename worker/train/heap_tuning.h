// glibc heap settings for a training process.
#ifndef RESLAB_WORKER_TRAIN_HEAP_TUNING_H_
#define RESLAB_WORKER_TRAIN_HEAP_TUNING_H_

namespace reslab::train {

// Keeps freed tensor buffers in the glibc heap instead of returning them to the kernel: blocks
// up to 32 MiB come from the heap (not a fresh mmap) and up to 256 MiB of free heap top is
// kept. Without it every step maps, page-faults, zeroes and unmaps its activation buffers
// again; on the tiny benchmark config that kernel work cost a third of the CPU step time.
// The cost is a higher resident set size. Call it once, before training starts.
void TuneHeapForTraining();

}  // namespace reslab::train

#endif  // RESLAB_WORKER_TRAIN_HEAP_TUNING_H_
