using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using Candor.FileSystem;

namespace Candor.Datasets;

/// <summary>
/// A 2-D NumPy <c>.npy</c> array of float16 or float32 (embeddings: one row per sample), memory-mapped so that a
/// shard of millions of vectors costs address space, not memory. Row <c>r</c> of <c>img_emb_N.npy</c> belongs to row
/// <c>r</c> of <c>metadata_N.parquet</c> (see <see cref="DatasetShard.EmbeddingPaths"/>). Header versions 1.0, 2.0 and
/// 3.0 are read, C order, either byte order; a 1-D array (a single query vector saved by <c>np.save</c>) reads as one row.
/// Reading rows from several threads at once is safe.
/// </summary>
public sealed unsafe class NpyArray : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly NpyHeader _header;
    private byte* _data;

    private NpyArray(MemoryMappedFile file, MemoryMappedViewAccessor view, NpyHeader header)
    {
        _file = file;
        _view = view;
        _header = header;
        byte* start = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        _data = start + view.PointerOffset + header.DataOffset;
    }

    /// <summary>Opens and maps <paramref name="path"/>, checking its header and that the file holds every row it declares.</summary>
    /// <exception cref="CandorFormatException">Not an .npy file, a header that does not parse, an element type other than float16/float32, a shape that is not (n, d) or (d,), Fortran order, or a file shorter than its shape needs.</exception>
    /// <exception cref="IOException">The file cannot be read or is not a regular file.</exception>
    public static NpyArray Open(string path)
    {
        var stream = RegularFile.OpenRead(path, bufferSize: 4096);
        try
        {
            var header = NpyHeader.Read(stream);
            var length = stream.Length;
            var need = (System.Numerics.BigInteger)header.Rows * header.Columns * header.ElementSize + header.DataOffset;
            if (need > length)
                throw new CandorFormatException($"the .npy header declares {header.Rows} × {header.Columns} values ({need} bytes with the header), but the file holds {length} bytes: it is truncated", length, kind: FormatErrorKind.Truncated);
            var file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            try
            {
                return new NpyArray(file, file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read), header);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The number of rows (shape[0]; 1 for a 1-D array).</summary>
    public long Rows => _header.Rows;

    /// <summary>The number of values per row (shape[1]; the length of a 1-D array).</summary>
    public int Columns => _header.Columns;

    /// <summary>The element type stored in the file.</summary>
    public NpyElement Element => _header.Element;

    /// <summary>Copies row <paramref name="row"/> into <paramref name="destination"/> as float32 (float16 values widen exactly).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is not in [0, <see cref="Rows"/>).</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Columns"/>.</exception>
    /// <exception cref="ObjectDisposedException">The array was disposed.</exception>
    public void ReadRow(long row, Span<float> destination)
    {
        ObjectDisposedException.ThrowIf(_data is null, this);
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        if (destination.Length < Columns) throw new ArgumentException($"the destination holds {destination.Length} values; a row has {Columns}", nameof(destination));
        var size = _header.ElementSize;
        var source = new ReadOnlySpan<byte>(_data + row * Columns * size, Columns * size);
        var target = destination[..Columns];
        if (_header.Element == NpyElement.Float32)
        {
            if (_header.BigEndian == !BitConverter.IsLittleEndian) MemoryMarshal.Cast<byte, float>(source).CopyTo(target);
            else
                for (var i = 0; i < target.Length; i++) target[i] = BinaryPrimitives.ReadSingleBigEndian(source[(i * 4)..]);
        }
        else
        {
            if (_header.BigEndian == !BitConverter.IsLittleEndian)
            {
                var halves = MemoryMarshal.Cast<byte, Half>(source);
                for (var i = 0; i < target.Length; i++) target[i] = (float)halves[i];
            }
            else
                for (var i = 0; i < target.Length; i++) target[i] = (float)BinaryPrimitives.ReadHalfBigEndian(source[(i * 2)..]);
        }
    }

    /// <summary>
    /// Writes <paramref name="values"/> (<paramref name="rows"/> × <paramref name="columns"/>, row after row) to
    /// <paramref name="path"/> as a version 1.0 .npy of shape (rows, columns), little-endian float32 or float16 —
    /// what <c>np.load</c> reads. Float16 rounds to nearest even; values beyond ±65504 become infinities. The file is
    /// replaced atomically (<see cref="AtomicFile"/>); it is assembled in memory first.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> does not hold rows × columns values, or a size is negative.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(string path, ReadOnlySpan<float> values, long rows, int columns, NpyElement element = NpyElement.Float32)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (rows * columns != values.Length) throw new ArgumentException($"{values.Length} values given for {rows} × {columns}", nameof(values));
        var header = NpyHeader.Format(element, rows, columns);
        var size = element == NpyElement.Float16 ? 2 : 4;
        var bytes = new byte[header.Length + (long)values.Length * size];
        header.CopyTo(bytes, 0);
        var data = bytes.AsSpan(header.Length);
        for (var i = 0; i < values.Length; i++)
        {
            if (element == NpyElement.Float32) BinaryPrimitives.WriteSingleLittleEndian(data[(i * 4)..], values[i]);
            else BinaryPrimitives.WriteHalfLittleEndian(data[(i * 2)..], (Half)values[i]);
        }
        AtomicFile.WriteAllBytes(path, bytes);
    }

    /// <summary>Unmaps the file.</summary>
    public void Dispose()
    {
        if (_data is null) return;
        _data = null;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
