namespace Candor.Index;

/// <summary>How a <see cref="VectorIndex"/> stores each component of its vectors.</summary>
public enum VectorScalar
{
    /// <summary>32-bit floats: 4 bytes a dimension, exact.</summary>
    F32,

    /// <summary>16-bit floats: 2 bytes a dimension. Measured recall equals <see cref="F32"/>'s (docs/search-scale.md) at half the memory and a faster build.</summary>
    F16,

    /// <summary>
    /// 8-bit integers: 1 byte a dimension. Each vector is normalised to unit length and scaled to −127…127, so this
    /// suits cosine similarity only (which is all a <see cref="VectorIndex"/> measures). The rounding (1/127 a component)
    /// is coarse for 512-d unit vectors: it capped recall@10 at 0.88 on the benchmark's clustered data, where the
    /// 10th and 11th neighbours differ by under 0.001 in similarity. Builds about 1.5× faster than F16.
    /// </summary>
    I8,
}
