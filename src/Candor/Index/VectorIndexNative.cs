using System.Runtime.InteropServices;

namespace Candor.Index;

/// <summary>
/// The C API of USearch (libusearch_c, shipped for linux-x64, win-x64 and osx-arm64 inside the
/// Cloud.Unum.USearch package). Called directly rather than through the package's managed wrapper because
/// that wrapper takes arrays instead of spans, cannot set thread counts or the search expansion, and has no
/// view over a caller's memory map. Every function reports failure through its last argument: a pointer to a
/// static, null-terminated message that must not be freed.
/// </summary>
internal static unsafe partial class VectorIndexNative
{
    private const string Library = "libusearch_c";

    /// <summary>usearch_metric_kind_t: cosine distance, 1 − cos(a, b).</summary>
    internal const int MetricCosine = 1;

    /// <summary>usearch_scalar_kind_t values; they are also written into USearch's own file header.</summary>
    internal const int ScalarF32 = 1, ScalarF16 = 3, ScalarI8 = 4;

    /// <summary>
    /// usearch_init_options_t as USearch 2.x lays it out (x64: 4-byte enums padded to 8, size_t fields, a bool).
    /// Sized to 128 bytes and zeroed so that a field a later minor version appends reads as zero (its default).
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    internal struct InitOptions
    {
        [FieldOffset(0)] public int MetricKind;
        [FieldOffset(8)] public nint Metric;
        [FieldOffset(16)] public int Quantization;
        [FieldOffset(24)] public nuint Dimensions;
        [FieldOffset(32)] public nuint Connectivity;
        [FieldOffset(40)] public nuint ExpansionAdd;
        [FieldOffset(48)] public nuint ExpansionSearch;
        [FieldOffset(56)] public byte Multi;
    }

    [LibraryImport(Library, EntryPoint = "usearch_version")]
    internal static partial nint Version();

    [LibraryImport(Library, EntryPoint = "usearch_init")]
    internal static partial nint Init(ref InitOptions options, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_free")]
    internal static partial void Free(nint index, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_memory_usage")]
    internal static partial nuint MemoryUsage(nint index, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_hardware_acceleration")]
    internal static partial nint HardwareAcceleration(nint index, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_serialized_length")]
    internal static partial nuint SerializedLength(nint index, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_save_buffer")]
    internal static partial void SaveBuffer(nint index, byte* buffer, nuint length, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_load_buffer")]
    internal static partial void LoadBuffer(nint index, byte* buffer, nuint length, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_view_buffer")]
    internal static partial void ViewBuffer(nint index, byte* buffer, nuint length, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_size")]
    internal static partial nuint Size(nint index, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_capacity")]
    internal static partial nuint Capacity(nint index, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_dimensions")]
    internal static partial nuint Dimensions(nint index, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_connectivity")]
    internal static partial nuint Connectivity(nint index, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_expansion_add")]
    internal static partial nuint ExpansionAdd(nint index, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_expansion_search")]
    internal static partial nuint ExpansionSearch(nint index, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_reserve")]
    internal static partial void Reserve(nint index, nuint capacity, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_change_expansion_add")]
    internal static partial void ChangeExpansionAdd(nint index, nuint expansion, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_change_expansion_search")]
    internal static partial void ChangeExpansionSearch(nint index, nuint expansion, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_change_threads_add")]
    internal static partial void ChangeThreadsAdd(nint index, nuint threads, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_change_threads_search")]
    internal static partial void ChangeThreadsSearch(nint index, nuint threads, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_add")]
    internal static partial void Add(nint index, ulong key, float* vector, int vectorKind, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_contains")]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool Contains(nint index, ulong key, out nint error);

    [LibraryImport(Library, EntryPoint = "usearch_search")]
    internal static partial nuint Search(nint index, float* query, int queryKind, nuint count, ulong* keys, float* distances, out nint error);

    /// <summary>Throws <see cref="InvalidOperationException"/> with USearch's message when <paramref name="error"/> is set.</summary>
    internal static void Check(nint error, string operation)
    {
        if (error != 0) throw new InvalidOperationException($"USearch {operation} failed: {Marshal.PtrToStringUTF8(error)}");
    }
}
