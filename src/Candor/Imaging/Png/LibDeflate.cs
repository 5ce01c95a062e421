using System.Runtime.InteropServices;

namespace Candor.Imaging.Png;

/// <summary>
/// Whole-buffer zlib decompression through Debian's libdeflate (<c>libdeflate.so.0</c>, package libdeflate0), about twice
/// as fast as the streaming inflate of System.IO.Compression on PNG image data. The PNG decoder uses it when the whole
/// image is wanted and falls back to the streaming inflate when the library is missing or refuses the data.
/// </summary>
internal static unsafe partial class LibDeflate
{
    private const string Library = "libdeflate.so.0";

    /// <summary>libdeflate_result: success.</summary>
    private const int Success = 0;

    private static readonly Lazy<bool> Present = new(() => NativeLibrary.TryLoad(Library, typeof(LibDeflate).Assembly, null, out _));

    /// <summary>True when the library can be loaded.</summary>
    public static bool IsAvailable => Present.Value;

    [LibraryImport(Library, EntryPoint = "libdeflate_alloc_decompressor")]
    private static partial nint AllocDecompressor();

    [LibraryImport(Library, EntryPoint = "libdeflate_free_decompressor")]
    private static partial void FreeDecompressor(nint decompressor);

    [LibraryImport(Library, EntryPoint = "libdeflate_zlib_decompress")]
    private static partial int ZlibDecompress(nint decompressor, byte* input, nuint inputLength, byte* output, nuint outputAvailable, out nuint outputLength);

    /// <summary>
    /// Inflates the zlib stream <paramref name="input"/> into <paramref name="output"/>; true when it is a complete, valid
    /// stream (Adler-32 included) whose data fills <paramref name="output"/> exactly. False otherwise (corrupt, shorter or
    /// longer data, a bad checksum): the caller then decodes with the streaming inflate, which reports the problem.
    /// </summary>
    public static bool TryInflateExactly(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var decompressor = AllocDecompressor();
        if (decompressor == 0) return false;
        try
        {
            fixed (byte* source = input)
            fixed (byte* target = output)
            {
                return ZlibDecompress(decompressor, source, (nuint)input.Length, target, (nuint)output.Length, out var written) == Success
                    && written == (nuint)output.Length;
            }
        }
        finally
        {
            FreeDecompressor(decompressor);
        }
    }
}
