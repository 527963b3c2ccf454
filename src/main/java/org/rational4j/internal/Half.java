package org.rational4j.internal;

/**
 * The bf16 and f16 storage conversions of docs/contract.md section 5, written once for every
 * pure-Java backend (JDK 17 has no {@code Float.float16ToFloat}). Internal.
 */
public final class Half {
    private Half() {
    }

    /** bf16 bits to f32: the 16 bits shifted left by 16 (exact). */
    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /**
     * f32 to bf16: round to nearest even on the bit pattern; NaN stays NaN with the quiet bit set;
     * denormals kept; overflow rounds to infinity.
     */
    public static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7FFFFFFF) > 0x7F800000) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    /** IEEE binary16 bits to f32 (exact; a NaN comes out quiet). */
    public static float f16ToFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13) | (mant != 0 ? 0x00400000 : 0));
        }
        if (exp == 0) {
            // zero or subnormal: mant * 2^-24, exact in f32
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + (127 - 15)) << 23) | (mant << 13));
    }

    /**
     * f32 to IEEE binary16 bits: round to nearest even, subnormals kept, overflow to infinity, NaN
     * quieted.
     */
    public static short floatToF16(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7FFFFFFF;
        if (abs >= 0x7F800000) {
            if (abs > 0x7F800000) {
                return (short) (sign | 0x7E00 | ((abs >>> 13) & 0x3FF));
            }
            return (short) (sign | 0x7C00);
        }
        if (abs >= 0x477FF000) {
            // >= 65520: halfway between 65504 and 2^16 or above rounds to infinity
            return (short) (sign | 0x7C00);
        }
        if (abs >= 0x38800000) {
            // normal in f16 (>= 2^-14): rebias the exponent, round the 13 dropped bits
            int r = abs - 0x38000000;
            int h = r >>> 13;
            int rem = r & 0x1FFF;
            if (rem > 0x1000 || (rem == 0x1000 && (h & 1) != 0)) {
                h++;
            }
            return (short) (sign | h);
        }
        if (abs <= 0x33000000) {
            // <= 2^-25: rounds to (signed) zero, the tie 2^-25 to even zero
            return (short) sign;
        }
        int e = abs >>> 23;
        int m = (abs & 0x7FFFFF) | 0x800000;
        int shift = 126 - e;
        int h = m >>> shift;
        int rem = m & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (rem > half || (rem == half && (h & 1) != 0)) {
            h++;
        }
        return (short) (sign | h);
    }

    /**
     * f64 to f32 rounding to odd: rounding that f32 to bf16 or f16 then rounds the f64 correctly
     * (no double rounding), as writing f64 coefficients to a 16-bit file needs.
     */
    public static float roundToOdd(double d) {
        float f = (float) d;
        if (Double.isNaN(d) || (double) f == d) {
            return f;
        }
        if ((Float.floatToRawIntBits(f) & 1) == 0) {
            f = (double) f > d ? Math.nextDown(f) : Math.nextUp(f);
        }
        return f;
    }
}
