namespace Candor.Datasets;

/// <summary>The element type of an <see cref="NpyArray"/>.</summary>
public enum NpyElement
{
    /// <summary>IEEE 754 half precision (NumPy <c>float16</c>, descr <c>&lt;f2</c>); what clip-retrieval stores.</summary>
    Float16,

    /// <summary>IEEE 754 single precision (NumPy <c>float32</c>, descr <c>&lt;f4</c>).</summary>
    Float32,
}
