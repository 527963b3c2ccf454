/*
 * rational4j CUDA backend: forward and fused backward over tensors in device memory, bit-identical
 * to the CPU library (docs/contract.md; the CUDA specifics are in docs/cuda.md).
 *
 * librational4j_cuda is separate from librational4j and links the CUDA runtime statically, so it
 * loads on a machine without a GPU or driver: every entry point then returns R4J_CUDA_ERR_NO_DEVICE
 * after its argument checks. Tensors (x, y, dy, dx) are device pointers on the current device (or
 * managed memory); coefficients and gradient arrays are host arrays, as in rational4j.h. Nothing
 * here copies a tensor between host and device. `stream` is a cudaStream_t (NULL: the legacy
 * default stream).
 */
#ifndef RATIONAL4J_CUDA_H
#define RATIONAL4J_CUDA_H

#include <stdint.h>

#include "rational4j.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever a signature or a meaning below changes. */
#define R4J_CUDA_ABI_VERSION 1

/* status codes beyond rational4j.h's R4J_OK, R4J_ERR_ARGUMENT, R4J_ERR_NO_MEMORY */
#define R4J_CUDA_ERR_NO_DEVICE (-10) /* no CUDA driver, or no device: see r4j_cuda_last_error */
#define R4J_CUDA_ERR_RUNTIME (-11)   /* a CUDA call failed: see r4j_cuda_last_error */
#define R4J_CUDA_ERR_POINTER (-12)   /* a tensor pointer is not device memory of the current device */

R4J_API int32_t r4j_cuda_abi_version(void);

/* Copies the message of this thread's last failed call (any status but R4J_OK) into buf
 * (NUL-terminated, truncated to len); returns its full length. */
R4J_API int32_t r4j_cuda_last_error(char *buf, int32_t len);

/* Number of devices into *count (0 with R4J_CUDA_ERR_NO_DEVICE where there is no driver or GPU). */
R4J_API int32_t r4j_cuda_device_count(int32_t *count);

/* Name, compute capability (major * 10 + minor) and global memory of device dev. */
R4J_API int32_t r4j_cuda_device_info(int32_t dev, char *name, int32_t name_len, int32_t *cc,
                                     int64_t *total_mem);

/* Version of the CUDA runtime linked in and of the driver (e.g. 13000), 0 where absent. */
R4J_API int32_t r4j_cuda_versions(int32_t *runtime, int32_t *driver);

/* Selects the current device of the calling thread. */
R4J_API int32_t r4j_cuda_set_device(int32_t dev);

/* Small helpers over the runtime for callers without another CUDA library (tests, Java). */
R4J_API int32_t r4j_cuda_malloc(int64_t bytes, void **ptr);
R4J_API int32_t r4j_cuda_free(void *ptr);
/* kind: 1 host to device, 2 device to host, 3 device to device; ordered on stream, then waits
 * for the stream. */
R4J_API int32_t r4j_cuda_memcpy(void *dst, const void *src, int64_t bytes, int32_t kind,
                                void *stream);
R4J_API int32_t r4j_cuda_stream_create(void **stream);
R4J_API int32_t r4j_cuda_stream_destroy(void *stream);
R4J_API int32_t r4j_cuda_stream_synchronize(void *stream);

/*
 * Forward, as r4j_forward: y = R(x) over the flat elements [begin, end) of [outer, channels,
 * inner]; x and y are device pointers at element `begin`, aligned to the element size (y may
 * equal x). num and den are host arrays (copied to the device in stream order before return).
 * Asynchronous: returns once the work is queued on stream.
 */
R4J_API int32_t r4j_cuda_forward(int32_t dtype, int32_t version, int32_t m, int32_t n,
                                 int32_t flags, const void *num, int32_t num_groups,
                                 const void *den, int32_t den_groups, int64_t outer,
                                 int64_t channels, int64_t inner, const void *x, void *y,
                                 int64_t begin, int64_t end, void *stream);

/*
 * Fused backward, as r4j_backward: writes dx (device; may equal dy) and adds the coefficient
 * gradients in the canonical order (no atomics) into the host f64 arrays grad_num and grad_den.
 * begin must be a multiple of R4J_BLOCK, end a multiple of it or the tensor's size. Synchronous:
 * returns after the gradients are in the host arrays (the stream has then finished this call).
 */
R4J_API int32_t r4j_cuda_backward(int32_t dtype, int32_t version, int32_t m, int32_t n,
                                  int32_t flags, const void *num, int32_t num_groups,
                                  const void *den, int32_t den_groups, int64_t outer,
                                  int64_t channels, int64_t inner, const void *x, const void *dy,
                                  void *dx, int64_t begin, int64_t end, double *grad_num,
                                  double *grad_den, void *stream);

#ifdef __cplusplus
}
#endif

#endif /* RATIONAL4J_CUDA_H */
