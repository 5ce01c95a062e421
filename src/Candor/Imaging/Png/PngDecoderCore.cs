using Candor.Formats;
using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Candor.Imaging.Png;

// PNG byte layout read here (ISO/IEC 15948, all integers big-endian):
//
//   signature   89 50 4E 47 0D 0A 1A 0A
//   chunk       u32 length | 4-byte type | data[length] | u32 CRC (not checked)
//
//   IHDR (13)   u32 width | u32 height | u8 bit depth | u8 colour type | u8 compression (0)
//               | u8 filter method (0) | u8 interlace (0 none, 1 Adam7)
//   PLTE        n × (R, G, B), 1 ≤ n ≤ 256
//   tRNS        type 3: one alpha byte per palette entry (≤ 256)
//               type 0: u16 grey key; type 2: u16 R, u16 G, u16 B key
//   IDAT…       consecutive chunks whose data, joined, is one zlib stream of scanlines:
//               each scanline = u8 filter type (0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth)
//               + ceil(width × bits per pixel / 8) bytes; Adam7 stores seven reduced images in turn
//   IEND        end of file (never reached: decoding stops after the image data)
//
// Every other chunk is skipped.

/// <summary>The work behind <see cref="PngDecoder"/>: walks chunks, inflates, unfilters, converts to RGBA.</summary>
internal sealed class PngDecoderCore
{
    private const string Block = "PNG";
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private const uint ChunkIhdr = 0x49484452;
    private const uint ChunkPlte = 0x504C5445;
    private const uint ChunkTrns = 0x74524E53;
    private const uint ChunkIdat = 0x49444154;
    private const uint ChunkIend = 0x49454E44;

    // Inflated scanlines are unfiltered in blocks of about this size: large enough for few reads, small enough for the cache.
    private const int BlockBytes = 64 * 1024;

    // Adam7 passes: x start, y start, x step, y step.
    private static readonly (int X, int Y, int Dx, int Dy)[] Adam7 =
    [
        (0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2),
    ];

    // Allowed bit depths per colour type (index = colour type), as bit masks of the depth values.
    private static readonly int[] AllowedDepths =
    [
        1 << 1 | 1 << 2 | 1 << 4 | 1 << 8 | 1 << 16, // 0 grey
        0,
        1 << 8 | 1 << 16,                            // 2 RGB
        1 << 1 | 1 << 2 | 1 << 4 | 1 << 8,           // 3 palette
        1 << 8 | 1 << 16,                            // 4 grey + alpha
        0,
        1 << 8 | 1 << 16,                            // 6 RGBA
    ];

    // Samples per pixel per colour type.
    private static readonly int[] Channels = [1, 0, 3, 1, 2, 0, 4];

    private readonly Stream _stream;
    private readonly PngDecodeOptions _options;
    private long _offset;

    private int _width;
    private int _height;
    private int _depth;
    private int _colourType;
    private bool _interlaced;
    private byte[]? _palette;          // 256 × RGBA, filled from PLTE and tRNS
    private int _paletteEntries;
    private int _transparentKey = -1;  // grey key (type 0), in source depth
    private (int R, int G, int B)? _transparentRgb; // RGB key (type 2), in source depth
    private bool _hasTrns;
    private IdatStream? _idat;
    private BoxReducer? _reducer;     // set when rows are averaged as they arrive instead of kept

    public PngDecoderCore(Stream stream, PngDecodeOptions options)
    {
        _stream = stream;
        _options = options;
    }

    public RgbaImage Decode()
    {
        var (length, at) = ReadUpToImageData();
        var outputRows = _options.MaxRows is { } max ? Math.Clamp(max, 1, _height) : _height;
        // Every byte is written (each row, or each Adam7 pass together), so the buffer needs no zeroing.
        var pixels = GC.AllocateUninitializedArray<byte>((int)((long)_width * outputRows * 4));
        DecodeImageData(length, at, pixels, outputRows);
        return new RgbaImage(_width, outputRows, pixels, HasAlpha);
    }

    private bool HasAlpha => _colourType is 4 or 6 || _hasTrns;

    /// <summary>Decodes row by row into the averages of <paramref name="maxSide"/>-bounded blocks (see <see cref="BoxReducer"/>); no full image is held.</summary>
    public ReducedImage DecodeReduced(int maxSide)
    {
        var (length, at) = ReadUpToImageData(reducing: true);
        _reducer = new BoxReducer(_width, _height, maxSide, HasAlpha);
        DecodeImageData(length, at, [], _height);
        return _reducer.Finish();
    }

    /// <summary>Reads the chunks before the image data; returns the length and offset of the first IDAT chunk.</summary>
    private (int Length, long At) ReadUpToImageData(bool reducing = false)
    {
        Span<byte> head = stackalloc byte[8];
        ReadExact(head, "signature");
        if (!head.SequenceEqual(Signature)) throw new CandorFormatException("Not a PNG file: the 8-byte signature does not match.", 0, Block);

        var sawHeader = false;
        while (true)
        {
            var chunkStart = _offset;
            ReadExact(head, "chunk header");
            var length = BinaryPrimitives.ReadUInt32BigEndian(head);
            var type = BinaryPrimitives.ReadUInt32BigEndian(head[4..]);
            if (length > int.MaxValue) throw Error($"Chunk length {length} is larger than PNG allows.", chunkStart);
            if (!sawHeader && type != ChunkIhdr) throw Error("The first chunk is not IHDR.", chunkStart);

            switch (type)
            {
                case ChunkIhdr when !sawHeader:
                    ReadHeader((int)length, chunkStart, reducing);
                    sawHeader = true;
                    break;
                case ChunkPlte when _colourType is 2 or 3 or 6:
                    ReadPalette((int)length, chunkStart);
                    break;
                case ChunkTrns:
                    ReadTransparency((int)length, chunkStart);
                    break;
                case ChunkIdat:
                    if (_colourType == 3 && _palette is null) throw Error("A palette image has no PLTE chunk before its image data.", chunkStart);
                    return ((int)length, chunkStart);
                case ChunkIend:
                    throw Error("The file ends (IEND) before any image data (IDAT).", chunkStart);
                default:
                    Skip((long)length + 4, chunkStart);
                    continue;
            }
            Skip(4, chunkStart); // CRC
        }
    }

    private void ReadHeader(int length, long at, bool reducing)
    {
        if (length != 13) throw Error($"IHDR is {length} bytes long instead of 13.", at);
        Span<byte> h = stackalloc byte[13];
        ReadExact(h, "IHDR");
        var width = BinaryPrimitives.ReadUInt32BigEndian(h);
        var height = BinaryPrimitives.ReadUInt32BigEndian(h[4..]);
        _depth = h[8];
        _colourType = h[9];
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
            throw Error($"Image size {width}×{height} is not valid.", at + 8);
        if (_colourType >= AllowedDepths.Length || _depth > 16 || (AllowedDepths[_colourType] & (1 << _depth)) == 0)
            throw Error($"Colour type {_colourType} with bit depth {_depth} is not a valid PNG combination.", at + 16);
        if (h[10] != 0) throw Error($"Unknown compression method {h[10]}.", at + 18, kind: FormatErrorKind.Unsupported);
        if (h[11] != 0) throw Error($"Unknown filter method {h[11]}.", at + 19, kind: FormatErrorKind.Unsupported);
        if (h[12] > 1) throw Error($"Unknown interlace method {h[12]}.", at + 20, kind: FormatErrorKind.Unsupported);
        _interlaced = h[12] == 1;

        var pixels = (long)width * height;
        if (pixels > _options.MaxPixels)
            throw Error($"Image is {width}×{height} = {pixels} pixels, over the limit of {_options.MaxPixels}.", at + 8, kind: FormatErrorKind.LimitExceeded);
        if (!reducing && pixels * 4 > Array.MaxLength)
            throw Error($"Image is {width}×{height}: too large to hold in memory as RGBA.", at + 8, kind: FormatErrorKind.LimitExceeded);
        _width = (int)width;
        _height = (int)height;
    }

    private void ReadPalette(int length, long at)
    {
        if (length % 3 != 0 || length == 0 || length > 768) throw Error($"PLTE is {length} bytes long; it must hold 1 to 256 RGB entries.", at);
        Span<byte> rgb = stackalloc byte[768];
        ReadExact(rgb[..length], "PLTE");
        _palette = new byte[256 * 4];
        _paletteEntries = length / 3;
        for (var i = 0; i < 256; i++) _palette[i * 4 + 3] = 255; // unset entries read as opaque black
        for (var i = 0; i < _paletteEntries; i++)
        {
            _palette[i * 4] = rgb[i * 3];
            _palette[i * 4 + 1] = rgb[i * 3 + 1];
            _palette[i * 4 + 2] = rgb[i * 3 + 2];
        }
    }

    private void ReadTransparency(int length, long at)
    {
        Span<byte> t = stackalloc byte[256];
        switch (_colourType)
        {
            case 3:
                if (_palette is null) throw Error("tRNS comes before PLTE in a palette image.", at);
                if (length > 256) throw Error($"tRNS is {length} bytes long; a palette has at most 256 entries.", at);
                ReadExact(t[..length], "tRNS");
                for (var i = 0; i < length; i++) _palette[i * 4 + 3] = t[i];
                _hasTrns = true;
                break;
            case 0:
                if (length != 2) throw Error($"tRNS for a grey image is {length} bytes long instead of 2.", at);
                ReadExact(t[..2], "tRNS");
                _transparentKey = BinaryPrimitives.ReadUInt16BigEndian(t);
                _hasTrns = true;
                break;
            case 2:
                if (length != 6) throw Error($"tRNS for an RGB image is {length} bytes long instead of 6.", at);
                ReadExact(t[..6], "tRNS");
                _transparentRgb = (BinaryPrimitives.ReadUInt16BigEndian(t), BinaryPrimitives.ReadUInt16BigEndian(t[2..]), BinaryPrimitives.ReadUInt16BigEndian(t[4..]));
                _hasTrns = true;
                break;
            default:
                // Images with a full alpha channel may not carry tRNS; ignore it as decoders do.
                Skip(length, at);
                break;
        }
    }

    /// <summary>Decodes the first <paramref name="outputRows"/> rows into <paramref name="pixels"/>, or every row into <see cref="_reducer"/> when one is set.</summary>
    private void DecodeImageData(int firstLength, long firstAt, byte[] pixels, int outputRows)
    {
        var rows = _interlaced ? _height : outputRows;
        if (outputRows == _height && _reducer is null && _options.WholeBufferInflate && _stream.CanSeek && TryDecodeWhole(firstLength, firstAt, pixels)) return;
        var idat = new IdatStream(this, firstLength, firstAt + 8);
        _idat = idat;
        try
        {
            using var zlib = new ZLibStream(idat, CompressionMode.Decompress, leaveOpen: true);
            if (_interlaced) DecodeInterlaced(zlib, pixels, outputRows);
            else DecodeRows(zlib, pixels, _width, rows, 0, 0, 1, 1);
        }
        catch (Exception e) when (CappedInflate.IsCorruptData(e))
        {
            throw Error($"The compressed image data is corrupt ({e.Message}).", idat.ChunkOffset, e);
        }
        catch (EndOfStreamException e)
        {
            throw Error("The image data ends before all rows were decoded.", idat.ChunkOffset, e, kind: FormatErrorKind.Truncated);
        }
    }

    /// <summary>
    /// The whole image at once: joins the IDAT data, inflates it with libdeflate into one buffer and unfilters from there.
    /// False, with the stream put back at the first IDAT's data, when that is not possible (no libdeflate, an image too
    /// large for one buffer, data libdeflate refuses); the streaming path then decodes it, or reports what is wrong.
    /// </summary>
    private bool TryDecodeWhole(int firstLength, long firstAt, byte[] pixels)
    {
        var inflatedBytes = InflatedBytes();
        if (inflatedBytes > MaxWholeBytes || !LibDeflate.IsAvailable) return false;
        // Deflate expands incompressible data by 5 bytes per 64 KiB stored block; anything longer is read by the streaming path.
        var compressedLimit = Math.Min(_stream.Length - _stream.Position, inflatedBytes + inflatedBytes / 8192 + 4096);
        var start = _stream.Position;
        var startOffset = _offset;
        var compressed = ArrayPool<byte>.Shared.Rent((int)compressedLimit);
        var inflated = ArrayPool<byte>.Shared.Rent((int)inflatedBytes);
        try
        {
            var idat = new IdatStream(this, firstLength, firstAt + 8);
            var length = 0;
            int n;
            while (length < compressedLimit && (n = idat.Read(compressed.AsSpan(length, (int)compressedLimit - length))) > 0) length += n;
            if (length < compressedLimit && LibDeflate.TryInflateExactly(compressed.AsSpan(0, length), inflated.AsSpan(0, (int)inflatedBytes)))
            {
                _idat = idat;
                using var rows = new MemoryStream(inflated, 0, (int)inflatedBytes, writable: false);
                if (_interlaced) DecodeInterlaced(rows, pixels, _height);
                else DecodeRows(rows, pixels, _width, _height, 0, 0, 1, 1);
                return true;
            }
        }
        catch (CandorFormatException)
        {
            // A truncated chunk or a bad filter byte: the streaming path reports it where it happens.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compressed);
            ArrayPool<byte>.Shared.Return(inflated);
        }
        _stream.Position = start;
        _offset = startOffset;
        return false;
    }

    // Largest inflated image data (and compressed data) decoded as one buffer: beyond it, rows stream through a small block.
    private const long MaxWholeBytes = 128L << 20;

    /// <summary>Bytes of filtered scanlines the image data inflates to (all Adam7 passes when interlaced).</summary>
    private long InflatedBytes()
    {
        var bitsPerPixel = (long)_depth * Channels[_colourType];
        long Pass(long width, long height) => width <= 0 || height <= 0 ? 0 : height * ((width * bitsPerPixel + 7) / 8 + 1);
        if (!_interlaced) return Pass(_width, _height);
        long total = 0;
        foreach (var (x0, y0, dx, dy) in Adam7) total += Pass((_width - x0 + dx - 1) / dx, (_height - y0 + dy - 1) / dy);
        return total;
    }

    private void DecodeInterlaced(Stream zlib, byte[] pixels, int outputRows)
    {
        foreach (var (x0, y0, dx, dy) in Adam7)
        {
            var passWidth = (_width - x0 + dx - 1) / dx;
            var passHeight = (_height - y0 + dy - 1) / dy;
            if (passWidth <= 0 || passHeight <= 0) continue;
            DecodeRows(zlib, pixels, passWidth, passHeight, x0, y0, dx, dy, outputRows);
        }
    }

    /// <summary>
    /// Inflates, unfilters and converts <paramref name="rows"/> scanlines of a (sub-)image <paramref name="width"/> wide,
    /// placing pixel i of row j at (x0 + i·dx, y0 + j·dy). Scanlines are inflated a block of about
    /// <see cref="BlockBytes"/> at a time (few large reads, cache-sized). Non-interlaced 8-bit RGBA rows are
    /// unfiltered straight into <paramref name="pixels"/>, whose previous row is the Up/Average/Paeth reference;
    /// other layouts are unfiltered in place in the block and then converted.
    /// </summary>
    private void DecodeRows(Stream zlib, byte[] pixels, int width, int rows, int x0, int y0, int dx, int dy, int outputRows = int.MaxValue)
    {
        var bitsPerPixel = _depth * Channels[_colourType];
        var rowBytes = (int)(((long)width * bitsPerPixel + 7) / 8);
        var bpp = Math.Max(1, bitsPerPixel / 8);
        var stride = rowBytes + 1;
        var blockRows = Math.Clamp(BlockBytes / stride, 1, rows);
        var intoOutput = _reducer is null && !_interlaced && _colourType == 6 && _depth == 8;
        var block = ArrayPool<byte>.Shared.Rent(blockRows * stride);
        var previous = ArrayPool<byte>.Shared.Rent(rowBytes);
        var scratch = dx == 1 && _reducer is null ? null : ArrayPool<byte>.Shared.Rent(width * 4);
        try
        {
            var above = previous.AsSpan(0, rowBytes);
            above.Clear();
            for (var j = 0; j < rows; j += blockRows)
            {
                var count = Math.Min(blockRows, rows - j);
                zlib.ReadExactly(block.AsSpan(0, count * stride));
                for (var k = 0; k < count; k++)
                {
                    var line = block.AsSpan(k * stride, stride);
                    var filter = line[0];
                    if (filter > 4) throw Error($"Unknown filter type {filter} on a scanline.", _idat!.ChunkOffset);
                    var y = y0 + (j + k) * dy;
                    if (intoOutput)
                    {
                        var target = pixels.AsSpan(y * rowBytes, rowBytes);
                        PngFilters.Unfilter(filter, line[1..], target, above, bpp);
                        above = target;
                        continue;
                    }
                    var raw = line[1..];
                    PngFilters.Unfilter(filter, raw, raw, above, bpp);
                    above = raw;
                    if (y < outputRows) PlaceRow(raw, pixels, width, y, x0, dx, scratch);
                }
                // The block is about to be overwritten: keep its last row as the reference for the next block.
                if (!intoOutput)
                {
                    above.CopyTo(previous);
                    above = previous.AsSpan(0, rowBytes);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
            ArrayPool<byte>.Shared.Return(previous);
            if (scratch is not null) ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>Converts one unfiltered scanline to RGBA and stores it at row <paramref name="y"/>, every <paramref name="dx"/>-th pixel from <paramref name="x0"/>.</summary>
    private void PlaceRow(ReadOnlySpan<byte> raw, byte[] pixels, int width, int y, int x0, int dx, byte[]? scratch)
    {
        if (_reducer is not null)
        {
            ConvertRow(raw, scratch!, width);
            _reducer.AddRow(y, x0, dx, scratch.AsSpan(0, width * 4));
            return;
        }
        var rowStart = y * _width * 4;
        if (dx == 1)
        {
            ConvertRow(raw, pixels.AsSpan(rowStart, width * 4), width);
            return;
        }
        ConvertRow(raw, scratch!, width);
        var source = MemoryMarshal.Cast<byte, uint>(scratch.AsSpan(0, width * 4));
        var target = MemoryMarshal.Cast<byte, uint>(pixels.AsSpan(rowStart, _width * 4));
        for (var i = 0; i < width; i++) target[x0 + i * dx] = source[i];
    }

    /// <summary>Converts one unfiltered scanline of <paramref name="count"/> pixels to RGBA.</summary>
    private void ConvertRow(ReadOnlySpan<byte> raw, Span<byte> rgba, int count)
    {
        switch (_colourType, _depth)
        {
            case (6, 8):
                raw[..(count * 4)].CopyTo(rgba);
                break;
            case (6, 16):
                for (int i = 0, s = 0, d = 0; i < count; i++, s += 8, d += 4)
                {
                    rgba[d] = raw[s];
                    rgba[d + 1] = raw[s + 2];
                    rgba[d + 2] = raw[s + 4];
                    rgba[d + 3] = raw[s + 6];
                }
                break;
            case (2, 8) when _transparentRgb is null:
                for (int i = 0, s = 0, d = 0; i < count; i++, s += 3, d += 4)
                {
                    rgba[d] = raw[s];
                    rgba[d + 1] = raw[s + 1];
                    rgba[d + 2] = raw[s + 2];
                    rgba[d + 3] = 255;
                }
                break;
            case (2, 8):
                {
                    var key = _transparentRgb.Value;
                    for (int i = 0, s = 0, d = 0; i < count; i++, s += 3, d += 4)
                    {
                        byte r = raw[s], g = raw[s + 1], b = raw[s + 2];
                        rgba[d] = r;
                        rgba[d + 1] = g;
                        rgba[d + 2] = b;
                        rgba[d + 3] = key.R == r && key.G == g && key.B == b ? (byte)0 : (byte)255;
                    }
                    break;
                }
            case (2, 16):
                for (int i = 0, s = 0, d = 0; i < count; i++, s += 6, d += 4)
                {
                    var r = BinaryPrimitives.ReadUInt16BigEndian(raw[s..]);
                    var g = BinaryPrimitives.ReadUInt16BigEndian(raw[(s + 2)..]);
                    var b = BinaryPrimitives.ReadUInt16BigEndian(raw[(s + 4)..]);
                    rgba[d] = raw[s];
                    rgba[d + 1] = raw[s + 2];
                    rgba[d + 2] = raw[s + 4];
                    rgba[d + 3] = _transparentRgb is { } k && k.R == r && k.G == g && k.B == b ? (byte)0 : (byte)255;
                }
                break;
            case (4, 8):
                for (int i = 0, s = 0, d = 0; i < count; i++, s += 2, d += 4)
                {
                    rgba[d] = rgba[d + 1] = rgba[d + 2] = raw[s];
                    rgba[d + 3] = raw[s + 1];
                }
                break;
            case (4, 16):
                for (int i = 0, s = 0, d = 0; i < count; i++, s += 4, d += 4)
                {
                    rgba[d] = rgba[d + 1] = rgba[d + 2] = raw[s];
                    rgba[d + 3] = raw[s + 2];
                }
                break;
            case (0, 16):
                for (int i = 0, s = 0, d = 0; i < count; i++, s += 2, d += 4)
                {
                    rgba[d] = rgba[d + 1] = rgba[d + 2] = raw[s];
                    rgba[d + 3] = BinaryPrimitives.ReadUInt16BigEndian(raw[s..]) == _transparentKey ? (byte)0 : (byte)255;
                }
                break;
            case (0, _):
                {
                    // Low-depth grey is scaled to 0–255 (×255, ×85, ×17, ×1 for 1, 2, 4, 8 bits).
                    var scale = 255 / ((1 << _depth) - 1);
                    for (var i = 0; i < count; i++)
                    {
                        var v = Sample(raw, i);
                        var d = i * 4;
                        rgba[d] = rgba[d + 1] = rgba[d + 2] = (byte)(v * scale);
                        rgba[d + 3] = v == _transparentKey ? (byte)0 : (byte)255;
                    }
                    break;
                }
            default: // (3, 1|2|4|8): palette
                {
                    var palette = _palette!;
                    for (var i = 0; i < count; i++)
                    {
                        var index = _depth == 8 ? raw[i] : Sample(raw, i);
                        palette.AsSpan(index * 4, 4).CopyTo(rgba.Slice(i * 4, 4));
                    }
                    break;
                }
        }
    }

    /// <summary>Sample <paramref name="i"/> of a row packed at depths 1, 2, 4 or 8 (most significant bits first).</summary>
    private int Sample(ReadOnlySpan<byte> raw, int i)
    {
        if (_depth == 8) return raw[i];
        var perByte = 8 / _depth;
        var shift = 8 - _depth * (i % perByte + 1);
        return (raw[i / perByte] >> shift) & ((1 << _depth) - 1);
    }

    private void ReadExact(Span<byte> buffer, string what)
    {
        var at = _offset;
        var total = 0;
        while (total < buffer.Length)
        {
            var n = _stream.Read(buffer[total..]);
            if (n == 0) throw Error($"The file ends inside the {what}.", at, kind: FormatErrorKind.Truncated);
            total += n;
        }
        _offset += total;
    }

    private void Skip(long count, long chunkStart)
    {
        if (count == 0) return;
        if (_stream.CanSeek)
        {
            if (_stream.Length - _stream.Position < count) throw Error("The file ends inside a chunk.", chunkStart, kind: FormatErrorKind.Truncated);
            _stream.Seek(count, SeekOrigin.Current);
            _offset += count;
            return;
        }
        Span<byte> sink = stackalloc byte[4096];
        while (count > 0)
        {
            var n = _stream.Read(sink[..(int)Math.Min(count, sink.Length)]);
            if (n == 0) throw Error("The file ends inside a chunk.", chunkStart, kind: FormatErrorKind.Truncated);
            count -= n;
            _offset += n;
        }
    }

    private static CandorFormatException Error(string message, long offset, Exception? inner = null, FormatErrorKind kind = FormatErrorKind.Malformed) =>
        new(message, offset, Block, inner, kind);

    /// <summary>
    /// Presents the data of consecutive IDAT chunks as one stream (for <see cref="ZLibStream"/>), reading chunk
    /// headers as it goes and ending at the first chunk that is not IDAT.
    /// </summary>
    private sealed class IdatStream(PngDecoderCore owner, int firstLength, long firstDataAt) : Stream
    {
        private int _remaining = firstLength;
        private bool _ended;

        /// <summary>File offset of the data of the IDAT chunk being read.</summary>
        public long ChunkOffset { get; private set; } = firstDataAt;

        public override int Read(Span<byte> buffer)
        {
            while (_remaining == 0)
            {
                if (_ended) return 0;
                NextChunk();
            }
            var n = owner._stream.Read(buffer[..Math.Min(buffer.Length, _remaining)]);
            if (n == 0) throw Error("The file ends inside an IDAT chunk.", owner._offset, kind: FormatErrorKind.Truncated);
            _remaining -= n;
            owner._offset += n;
            return n;
        }

        private void NextChunk()
        {
            Span<byte> head = stackalloc byte[12];
            var at = owner._offset;
            if (!TryRead(head[..4]) || !TryRead(head[4..12])) { _ended = true; return; }
            var length = BinaryPrimitives.ReadUInt32BigEndian(head[4..]);
            var type = BinaryPrimitives.ReadUInt32BigEndian(head[8..]);
            if (type != ChunkIdat) { _ended = true; return; }
            if (length > int.MaxValue) throw Error($"IDAT length {length} is larger than PNG allows.", at + 4);
            _remaining = (int)length;
            ChunkOffset = owner._offset;
        }

        private bool TryRead(Span<byte> buffer)
        {
            var total = 0;
            while (total < buffer.Length)
            {
                var n = owner._stream.Read(buffer[total..]);
                if (n == 0) return false;
                total += n;
            }
            owner._offset += total;
            return true;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException("IDAT data has no known length.");
        public override long Position
        {
            get => throw new NotSupportedException("IDAT data is not seekable.");
            set => throw new NotSupportedException("IDAT data is not seekable.");
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("IDAT data is not seekable.");
        public override void SetLength(long value) => throw new NotSupportedException("IDAT data is read-only.");
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("IDAT data is read-only.");
    }
}
