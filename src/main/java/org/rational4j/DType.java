package org.rational4j;

/** Element type of a tensor. bf16 and f16 are storage types computed in f32. */
public enum DType {
    F32(0, 4),
    F64(1, 8),
    BF16(2, 2),
    F16(3, 2);

    private final int code;
    private final int byteSize;

    DType(int code, int byteSize) {
        this.code = code;
        this.byteSize = byteSize;
    }

    /** The value of this type in the C ABI ({@code R4J_F32} ...). */
    public int code() {
        return code;
    }

    public int byteSize() {
        return byteSize;
    }

    /** True when the kernels compute in f64 (and take f64 coefficients). */
    public boolean computesInDouble() {
        return this == F64;
    }
}
