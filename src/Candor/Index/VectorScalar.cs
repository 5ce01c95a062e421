namespace Candor.Index;

/// <summary>How a <see cref="VectorIndex"/> stores each component of its vectors.</summary>
public enum VectorScalar
{
    /// <summary>32-bit floats: 4 bytes a dimension, exact.</summary>
    F32,

    /// <summary>16-bit floats: 2 bytes a dimension; for unit vectors the error is below 0.001 a component.</summary>
    F16,

    /// <summary>
    /// 8-bit integers: 1 byte a dimension. Each vector is normalised to unit length and scaled to −127…127, so this
    /// suits cosine similarity only (which is all a <see cref="VectorIndex"/> measures).
    /// </summary>
    I8,
}
