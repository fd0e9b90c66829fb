/**
 * Dense float32 linear algebra: the matrix type every other package stores its numbers in, and the
 * products and decompositions NMF and the evaluation need.
 *
 * <p>Entry points: {@link io.facerecon.linalg.FloatMatrix} (row-major, off the Java heap, so that
 * OpenBLAS reads it without a copy), {@link io.facerecon.linalg.Blas} (GEMM through OpenBLAS, or
 * our own SIMD kernels for narrow products), {@link io.facerecon.linalg.Lapack} (thin SVD, QR),
 * {@link io.facerecon.linalg.RandomizedSvd}, and {@link io.facerecon.linalg.Parallel} (the shared
 * thread pool and its loops).
 *
 * <p>Layering: this package uses nothing else of facerecon; every other package may use it.
 */
package io.facerecon.linalg;
