using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Candor.Curation;

/// <summary>
/// Filters a flat Parquet file page by page, without decoding its values: each data page is decompressed, its
/// definition levels and values (PLAIN, or dictionary indices) are walked to leave out the dropped rows, and the rest
/// is re-encoded as it was (same page version, encoding and codec), recompressed and written with a new footer whose
/// every other field is the input's. Dictionary pages, pages whose rows are all kept and row groups whose rows are all
/// kept are copied byte for byte; a row group whose every row is dropped is left out. Only the decision's columns
/// (URL, SHA-256, key) are decoded to text.
/// <para>Handles columns without repetition whose data pages are v1 (a v2 file goes to the other path), PLAIN / PLAIN_DICTIONARY / RLE_DICTIONARY with
/// RLE levels, of any physical type but BOOLEAN, uncompressed or Snappy / gzip / Zstandard, in unencrypted files;
/// <see cref="Unsupported"/> says why another file goes to the Parquet.Net path.</para>
/// <para>Statistics: a filtered chunk keeps its min/max (still bounds) but loses its null and distinct counts, its
/// encoding statistics, size statistics, page indexes and bloom filter reference; pages lose their statistics and CRC.</para>
/// </summary>
internal sealed class ParquetPageFilter
{
    private const int PageV1 = 0, PageIndex = 1, PageDictionary = 2;
    private const int Plain = 0, PlainDictionary = 2, Rle = 3, RleDictionary = 8;
    private const int TypeBoolean = 0, TypeInt32 = 1, TypeInt64 = 2, TypeInt96 = 3, TypeFloat = 4, TypeDouble = 5, TypeByteArray = 6, TypeFixed = 7;

    private readonly ThriftStruct _footer;
    private readonly Leaf[] _leaves;

    internal sealed record Leaf(string Name, int Type, int Width, int MaxDef);

    private ParquetPageFilter(ThriftStruct footer, Leaf[] leaves)
    {
        _footer = footer;
        _leaves = leaves;
    }

    /// <summary>Reads the footer of <paramref name="handle"/> (the file's checks were made by the caller).</summary>
    public static ParquetPageFilter Open(SafeFileHandle handle)
    {
        var length = RandomAccess.GetLength(handle);
        Span<byte> tail = stackalloc byte[8];
        RandomAccess.Read(handle, tail, length - 8);
        var size = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (size <= 0 || size > length - 12) throw new InvalidDataException("the footer length is out of range");
        var bytes = new byte[size];
        RandomAccess.Read(handle, bytes, length - 8 - size);
        var pos = 0;
        var footer = ThriftStruct.Read(bytes, ref pos);
        return new ParquetPageFilter(footer, Leaves(footer));
    }

    /// <summary>Why this file is not for the page-level path, or null when it is.</summary>
    public string? Unsupported(SafeFileHandle handle)
    {
        if (UnsupportedLayout() is { } why) return why;
        // The first data page of each chunk says the page version (writers do not mix them).
        var probe = new byte[64 << 10];
        var length = RandomAccess.GetLength(handle);
        foreach (ThriftStruct rg in _footer.GetList(4)?.Items ?? [])
        {
            foreach (ThriftStruct chunk in rg.GetList(1)?.Items ?? [])
            {
                var offset = chunk.GetStruct(3)!.GetLong(9) ?? -1;
                if (offset < 4 || offset >= length) return "a data page offset outside the file";
                var read = RandomAccess.Read(handle, probe, offset);
                try
                {
                    var pos = 0;
                    if (ThriftStruct.Read(probe.AsSpan(0, read), ref pos).GetLong(1) != PageV1) return "data pages v2";
                }
                catch (InvalidDataException)
                {
                    return "a page header longer than 64 KiB";
                }
            }
        }
        return null;
    }

    private string? UnsupportedLayout()
    {
        if (_footer.Get(8) is not null) return "encrypted footer";
        foreach (var leaf in _leaves)
        {
            if (leaf.MaxDef < 0) return $"column {leaf.Name} is repeated";
            if (leaf.Type is TypeBoolean or < 0 or > TypeFixed) return $"column {leaf.Name} is of physical type {leaf.Type}";
            if (leaf.Type == TypeFixed && leaf.Width <= 0) return $"column {leaf.Name} has no fixed length";
        }
        foreach (var groupValue in _footer.GetList(4)?.Items ?? [])
        {
            var columns = ((ThriftStruct)groupValue).GetList(1)?.Items ?? [];
            if (columns.Count != _leaves.Length) return "a row group's column count is not the schema's";
            foreach (ThriftStruct chunk in columns)
            {
                if (chunk.Get(1) is not null) return "a column chunk in another file";
                if (chunk.Get(8) is not null || chunk.Get(9) is not null) return "an encrypted column";
                var meta = chunk.GetStruct(3);
                if (meta is null) return "a column chunk without metadata";
                if (!PageCodec.Supported(meta.GetLong(4) ?? -1)) return $"compression codec {meta.GetLong(4)}";
                foreach (var e in meta.GetList(2)?.Items ?? [])
                    if ((long)e is not (Plain or PlainDictionary or Rle or RleDictionary)) return $"encoding {(long)e}";
            }
        }
        return null;
    }

    /// <summary>
    /// The leaves of the schema in column order with their physical type, fixed length and maximum definition level
    /// (-1 for a leaf under or of a repeated field).
    /// </summary>
    private static Leaf[] Leaves(ThriftStruct footer)
    {
        var schema = footer.GetList(2)?.Items.Cast<ThriftStruct>().ToList() ?? throw new InvalidDataException("the footer has no schema");
        var leaves = new List<Leaf>();
        var index = 1;
        void Walk(int children, int def, bool repeated, string prefix)
        {
            for (var c = 0; c < children; c++)
            {
                if (index >= schema.Count) throw new InvalidDataException("the schema ends early");
                var e = schema[index++];
                var repetition = e.GetLong(3) ?? 0;
                var name = prefix + Encoding.UTF8.GetString(e.Get(4) as byte[] ?? []);
                var d = def + (repetition is 1 or 2 ? 1 : 0);
                var r = repeated || repetition == 2;
                var n = (int)(e.GetLong(5) ?? 0);
                if (n > 0) Walk(n, d, r, name + ".");
                else leaves.Add(new Leaf(name, (int)(e.GetLong(1) ?? -1), (int)(e.GetLong(2) ?? 0), r ? -1 : d));
            }
        }
        Walk((int)(schema[0].GetLong(5) ?? 0), 0, false, "");
        return [.. leaves];
    }

    public int RowGroupCount => _footer.GetList(4)?.Items.Count ?? 0;

    /// <summary>A column chunk read into memory and split into pages.</summary>
    private sealed class Chunk(ThriftStruct meta, byte[] data, long start, int codec)
    {
        public ThriftStruct Meta { get; } = meta;
        public byte[] Data { get; } = data;
        public long Start { get; } = start;
        public int Codec { get; } = codec;
        public List<Page> Pages { get; } = [];
    }

    internal sealed record Page(ThriftStruct Header, int Kind, int HeaderStart, int BodyStart, int End, long FirstRow, int Rows);

    /// <summary>The group's row count.</summary>
    public long Rows(int group) => ((ThriftStruct)_footer.GetList(4)!.Items[group]).GetLong(3) ?? 0;

    /// <summary>Reads the column chunks of a row group and finds their pages.</summary>
    public object ReadGroup(SafeFileHandle handle, int group, CancellationToken ct)
    {
        var rg = (ThriftStruct)_footer.GetList(4)!.Items[group];
        var rows = rg.GetLong(3) ?? 0;
        var columns = rg.GetList(1)!.Items;
        var chunks = new Chunk[columns.Count];
        var fileLength = RandomAccess.GetLength(handle);
        for (var c = 0; c < columns.Count; c++)
        {
            ct.ThrowIfCancellationRequested();
            var meta = ((ThriftStruct)columns[c]).GetStruct(3)!;
            var dataOffset = meta.GetLong(9) ?? throw new InvalidDataException($"column {_leaves[c].Name} has no data page offset");
            var start = meta.GetLong(11) is long d && d > 0 && d < dataOffset ? d : dataOffset;
            var size = meta.GetLong(7) ?? 0;
            if (start < 4 || size <= 0 || size > int.MaxValue || start + size > fileLength - 8)
                throw new InvalidDataException($"column {_leaves[c].Name} of row group {group} lies outside the file");
            var data = new byte[size];
            RandomAccess.Read(handle, data, start);
            var chunk = new Chunk(meta, data, start, (int)(meta.GetLong(4) ?? 0));
            long row = 0;
            var pos = 0;
            while (pos < data.Length)
            {
                var headerStart = pos;
                var header = ThriftStruct.Read(data, ref pos);
                var kind = (int)(header.GetLong(1) ?? -1);
                var compressed = header.GetLong(3) ?? -1;
                if (compressed < 0 || compressed > data.Length - pos) throw new InvalidDataException($"a page of column {_leaves[c].Name} runs past its chunk");
                var end = pos + (int)compressed;
                var count = kind switch
                {
                    PageV1 => (int)(header.GetStruct(5)?.GetLong(1) ?? -1),
                    PageDictionary or PageIndex => 0,
                    _ => throw new InvalidDataException($"page type {kind} in column {_leaves[c].Name}"),
                };
                if (count < 0) throw new InvalidDataException($"a data page of column {_leaves[c].Name} has no value count");
                chunk.Pages.Add(new Page(header, kind, headerStart, pos, end, row, count));
                row += count;
                pos = end;
            }
            if (row != rows) throw new InvalidDataException($"column {_leaves[c].Name} of row group {group} has {row} values for {rows} rows");
            chunks[c] = chunk;
        }
        return chunks;
    }

    /// <summary>
    /// The text of each row of column <paramref name="column"/> (a BYTE_ARRAY column; null for a null value), made
    /// row by row on demand: the column's pages are decompressed once and where each value lies is noted, so a caller
    /// that decides a batch at a time holds only that batch's strings (a million live strings per row group cost more
    /// in garbage collection than the rest of the filter). Dispose gives the page buffers back.
    /// </summary>
    public TextColumn Text(object group, int column, int rows, ParallelOptions parallel)
    {
        var chunk = ((Chunk[])group)[column];
        var leaf = _leaves[column];
        var text = new TextColumn(rows);
        if (leaf.Type != TypeByteArray) return text;
        var dictPage = chunk.Pages.FirstOrDefault(p => p.Kind == PageDictionary);
        if (dictPage is not null)
        {
            var body = PageCodec.Decompress(chunk.Codec, chunk.Data.AsSpan(dictPage.BodyStart, dictPage.End - dictPage.BodyStart), (int)(dictPage.Header.GetLong(2) ?? -1));
            var n = (int)(dictPage.Header.GetStruct(7)?.GetLong(1) ?? 0);
            var dictionary = new string[n];
            var pos = 0;
            for (var i = 0; i < n; i++)
            {
                var (s, l) = NextByteArray(body, ref pos);
                dictionary[i] = Encoding.UTF8.GetString(body, s, l);
            }
            text.Dictionary = dictionary;
        }
        var pages = chunk.Pages.Where(p => p.Kind == PageV1).ToArray();
        text.Views = new PageView?[pages.Length];
        try
        {
            Parallel.For(0, pages.Length, parallel, i =>
            {
                var view = text.Views[i] = Decode(chunk, leaf, pages[i]);
                text.Locate(view, i, pages[i], leaf);
            });
        }
        catch
        {
            text.Dispose();
            throw;
        }
        return text;
    }

    /// <summary>A text column's decompressed pages and where each row's value lies in them; the strings are made on demand.</summary>
    internal sealed class TextColumn : IDisposable
    {
        private const int Null = -1, InDictionary = -2;
        private readonly int[] _page, _start, _length;

        public TextColumn(int rows)
        {
            _page = new int[rows];
            _start = new int[rows];
            _length = new int[rows];
            _length.AsSpan().Fill(Null);
        }

        public string[]? Dictionary { get; set; }

        public PageView?[] Views { get; set; } = [];

        /// <summary>The value of row <paramref name="row"/> of the row group as text; null for a null value.</summary>
        public string? this[int row]
        {
            get
            {
                var length = _length[row];
                return length switch
                {
                    Null => null,
                    InDictionary => Dictionary![_start[row]],
                    _ => Encoding.UTF8.GetString(Views[_page[row]]!.Buffer, _start[row], length),
                };
            }
        }

        public void Locate(PageView view, int pageIndex, Page page, Leaf leaf)
        {
            var v = 0;
            if (view.Dictionary)
            {
                if (Dictionary is null) throw new InvalidDataException($"column {leaf.Name} uses a dictionary it does not have");
                var indices = view.Indices();
                for (var e = 0; e < page.Rows; e++)
                {
                    if (view.Def is { } def && def[e] != leaf.MaxDef) continue;
                    var index = indices[v++];
                    if ((uint)index >= (uint)Dictionary.Length) throw new InvalidDataException($"a dictionary index of column {leaf.Name} is out of range");
                    _start[page.FirstRow + e] = index;
                    _length[page.FirstRow + e] = InDictionary;
                }
                return;
            }
            var pos = view.ValuesStart;
            for (var e = 0; e < page.Rows; e++)
            {
                if (view.Def is { } def && def[e] != leaf.MaxDef) continue;
                var (s, l) = NextByteArray(view.Buffer, ref pos, view.ValuesEnd);
                var row = page.FirstRow + e;
                _page[row] = pageIndex;
                _start[row] = s;
                _length[row] = l;
            }
        }

        public void Dispose()
        {
            for (var i = 0; i < Views.Length; i++)
            {
                Views[i]?.Return();
                Views[i] = null;
            }
        }
    }

    private static (int Start, int Length) NextByteArray(byte[] data, ref int pos, int end = -1)
    {
        if (end < 0) end = data.Length;
        if (pos + 4 > end) throw new InvalidDataException("a byte array's length runs past its page");
        var length = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(pos));
        if (length < 0 || length > end - pos - 4) throw new InvalidDataException("a byte array runs past its page");
        var start = pos + 4;
        pos = start + length;
        return (start, length);
    }

    /// <summary>A data page decompressed: its definition levels (null for a required column) and where its values are.</summary>
    internal sealed class PageView
    {
        public required byte[] Buffer;
        public int[]? Def;
        public int ValuesStart, ValuesEnd, NonNull;
        public bool Dictionary;

        /// <summary>The dictionary indices' bit width (dictionary pages only).</summary>
        public int Width => Buffer[ValuesStart];

        /// <summary>Gives the decompressed page back to the pool.</summary>
        public void Return() => ArrayPool<byte>.Shared.Return(Buffer);

        public int[] Indices()
        {
            if (ValuesStart >= ValuesEnd) throw new InvalidDataException("a dictionary-encoded page has no bit width");
            var indices = new int[NonNull];
            HybridRle.Decode(Buffer.AsSpan(ValuesStart + 1, ValuesEnd - ValuesStart - 1), Width, indices);
            return indices;
        }
    }

    private static int BitWidth(int max) => max == 0 ? 0 : 32 - int.LeadingZeroCount(max);

    private static PageView Decode(Chunk chunk, Leaf leaf, Page page)
    {
        var body = chunk.Data.AsSpan(page.BodyStart, page.End - page.BodyStart);
        var uncompressed = (int)(page.Header.GetLong(2) ?? -1);
        PageView view;
        int encoding;
        if (page.Kind == PageV1)
        {
            var h = page.Header.GetStruct(5)!;
            encoding = (int)(h.GetLong(2) ?? -1);
            var buffer = PageCodec.DecompressPooled(chunk.Codec, body, uncompressed);
            view = new PageView { Buffer = buffer, ValuesEnd = uncompressed };
            if (leaf.MaxDef > 0)
            {
                if ((h.GetLong(3) ?? Rle) != Rle) throw new InvalidDataException($"column {leaf.Name}'s definition levels are not RLE");
                if (uncompressed < 4)
                {
                    view.Return();
                    throw new InvalidDataException("a page ends before its definition levels");
                }
                var length = BinaryPrimitives.ReadInt32LittleEndian(buffer);
                if (length < 0 || length > uncompressed - 4)
                {
                    view.Return();
                    throw new InvalidDataException("a page's definition levels run past its end");
                }
                view.Def = new int[page.Rows];
                HybridRle.Decode(buffer.AsSpan(4, length), BitWidth(leaf.MaxDef), view.Def);
                view.ValuesStart = 4 + length;
            }
        }
        else throw new InvalidDataException($"column {leaf.Name} has a data page v2, which this path does not read");
        view.NonNull = view.Def is null ? page.Rows : view.Def.Count(d => d == leaf.MaxDef);
        view.Dictionary = encoding switch
        {
            Plain => false,
            PlainDictionary or RleDictionary => true,
            _ => throw new InvalidDataException($"column {leaf.Name} has a page of encoding {encoding}"),
        };
        return view;
    }

    /// <summary>
    /// Filters a row group read by <see cref="ReadGroup"/>: the bytes of each column chunk without the rows whose
    /// <paramref name="keep"/> flag is false, pages in parallel.
    /// </summary>
    /// <param name="group">What <see cref="ReadGroup"/> gave.</param>
    /// <param name="keep">For each row, whether it stays.</param>
    /// <param name="parallel">How many pages at once.</param>
    /// <param name="decoded">A column already decompressed by <see cref="Text"/> and its index: its pages are not decompressed again.</param>
    public object FilterGroup(object group, bool[] keep, ParallelOptions parallel, (int Column, TextColumn Text)? decoded = null)
    {
        var chunks = (Chunk[])group;
        var jobs = new List<(int Column, int Page, PageView? View)>();
        for (var c = 0; c < chunks.Length; c++)
        {
            var v1 = 0;
            for (var p = 0; p < chunks[c].Pages.Count; p++)
            {
                var reuse = decoded is { } d && d.Column == c && chunks[c].Pages[p].Kind == PageV1 ? d.Text.Views[v1] : null;
                if (chunks[c].Pages[p].Kind == PageV1) v1++;
                jobs.Add((c, p, reuse));
            }
        }
        var outputs = new (byte[]? Bytes, ThriftStruct? Header, int Values, long Uncompressed)[jobs.Count];
        Parallel.For(0, jobs.Count, parallel, j =>
        {
            var (c, p, view) = jobs[j];
            outputs[j] = FilterPage(chunks[c], _leaves[c], chunks[c].Pages[p], keep, view);
        });
        var result = new FilteredChunk[chunks.Length];
        var at = 0;
        for (var c = 0; c < chunks.Length; c++)
        {
            var pages = new List<(byte[]? Bytes, ThriftStruct? Header, int Values, long Uncompressed, Page Page)>();
            foreach (var page in chunks[c].Pages)
            {
                pages.Add((outputs[at].Bytes, outputs[at].Header, outputs[at].Values, outputs[at].Uncompressed, page));
                at++;
            }
            result[c] = new FilteredChunk(chunks[c], pages);
        }
        return result;
    }

    private sealed record FilteredChunk(Chunk Chunk, List<(byte[]? Bytes, ThriftStruct? Header, int Values, long Uncompressed, Page Page)> Pages);

    /// <summary>
    /// One page without its dropped rows: null bytes with values -1 to copy it as it is, values 0 to leave it out,
    /// otherwise the new header and body and the new entry count.
    /// </summary>
    private static (byte[]? Bytes, ThriftStruct? Header, int Values, long Uncompressed) FilterPage(Chunk chunk, Leaf leaf, Page page, bool[] keep, PageView? decoded)
    {
        if (page.Kind is PageDictionary) return (null, null, -1, 0);
        if (page.Kind is PageIndex) return (null, null, 0, 0);
        var kept = 0;
        for (var r = 0; r < page.Rows; r++)
            if (keep[page.FirstRow + r]) kept++;
        if (kept == page.Rows) return (null, null, -1, 0);
        if (kept == 0) return (null, null, 0, 0);
        var view = decoded ?? Decode(chunk, leaf, page);
        var scratch = ArrayPool<byte>.Shared.Rent(Math.Max(1, view.ValuesEnd - view.ValuesStart));
        try
        {
            return FilterPage(view, leaf, page, keep, kept, chunk.Codec, scratch);
        }
        finally
        {
            // A page decoded by a TextColumn goes back with it.
            if (decoded is null) view.Return();
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static (byte[]? Bytes, ThriftStruct? Header, int Values, long Uncompressed) FilterPage(PageView view, Leaf leaf, Page page, bool[] keep, int kept, int codec, byte[] scratch)
    {
        var def = view.Def;
        int[]? keptDef = def is null ? null : new int[kept];
        // Kept PLAIN values are never more than the page's: they go into the pooled scratch (a fixed-size stream).
        var values = view.Dictionary ? new MemoryStream() : new MemoryStream(scratch, 0, Math.Max(1, view.ValuesEnd - view.ValuesStart), writable: true, publiclyVisible: true);
        if (view.Dictionary)
        {
            var indices = view.Indices();
            var keptIndices = new List<int>(kept);
            for (int e = 0, v = 0, o = 0; e < page.Rows; e++)
            {
                var defined = def is null || def[e] == leaf.MaxDef;
                if (keep[page.FirstRow + e])
                {
                    if (keptDef is not null) keptDef[o++] = def![e];
                    if (defined) keptIndices.Add(indices[v]);
                }
                if (defined) v++;
            }
            values.WriteByte((byte)view.Width);
            HybridRle.Encode(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(keptIndices), view.Width, values);
        }
        else
        {
            var buffer = view.Buffer;
            var pos = view.ValuesStart;
            var runStart = -1;
            var width = leaf.Type switch
            {
                TypeInt32 or TypeFloat => 4,
                TypeInt64 or TypeDouble => 8,
                TypeInt96 => 12,
                TypeFixed => leaf.Width,
                _ => 0,
            };
            for (int e = 0, o = 0; e < page.Rows; e++)
            {
                var defined = def is null || def[e] == leaf.MaxDef;
                var valueStart = pos;
                if (defined)
                {
                    if (width == 0) NextByteArray(buffer, ref pos, view.ValuesEnd);
                    else if ((pos += width) > view.ValuesEnd) throw new InvalidDataException($"the values of column {leaf.Name} run past their page");
                }
                if (keep[page.FirstRow + e])
                {
                    if (keptDef is not null) keptDef[o++] = def![e];
                    if (runStart < 0) runStart = valueStart;
                }
                else if (runStart >= 0)
                {
                    values.Write(buffer, runStart, valueStart - runStart);
                    runStart = -1;
                }
            }
            if (runStart >= 0) values.Write(buffer, runStart, pos - runStart);
        }
        var header = page.Header.Clone();
        header.Remove(4);
        if (page.Kind != PageV1) throw new InvalidDataException($"column {leaf.Name} has a data page v2, which this path does not write");
        var levels = new MemoryStream();
        if (keptDef is not null)
        {
            levels.Write(new byte[4]);
            HybridRle.Encode(keptDef, BitWidth(leaf.MaxDef), levels);
            BinaryPrimitives.WriteInt32LittleEndian(levels.GetBuffer(), (int)levels.Length - 4);
        }
        var valueBytes = (int)values.Position;
        var rawLength = (int)levels.Length + valueBytes;
        var raw = ArrayPool<byte>.Shared.Rent(Math.Max(1, rawLength));
        try
        {
            levels.GetBuffer().AsSpan(0, (int)levels.Length).CopyTo(raw);
            values.GetBuffer().AsSpan(0, valueBytes).CopyTo(raw.AsSpan((int)levels.Length));
            var (compressed, length, pooled) = PageCodec.CompressPooled(codec, raw.AsSpan(0, rawLength));
            try
            {
                header.SetI32(2, rawLength);
                header.SetI32(3, length);
                var h = header.GetStruct(5)!;
                h.SetI32(1, kept);
                h.Remove(5);
                var head = new MemoryStream();
                header.Write(head);
                var output = new byte[head.Length + length];
                head.GetBuffer().AsSpan(0, (int)head.Length).CopyTo(output);
                compressed.AsSpan(0, length).CopyTo(output.AsSpan((int)head.Length));
                return (output, header, kept, rawLength + head.Length);
            }
            finally
            {
                if (pooled) ArrayPool<byte>.Shared.Return(compressed);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
        }
    }

    /// <summary>Where the output is: its row groups' new metadata.</summary>
    public sealed class Output
    {
        internal List<object> Groups { get; } = [];
        internal long Rows;
        internal long Position = 4;
    }

    public static Output Begin(Stream output)
    {
        output.Write("PAR1"u8);
        return new Output();
    }

    /// <summary>Writes a row group filtered by <see cref="FilterGroup"/> (or, with <paramref name="filtered"/> null, the group read as it is).</summary>
    public void WriteGroup(Output state, Stream output, int groupIndex, object group, object? filtered, long keptRows)
    {
        var rg = ((ThriftStruct)_footer.GetList(4)!.Items[groupIndex]).Clone();
        var columns = rg.GetList(1)!.Items;
        var chunks = (Chunk[])group;
        var parts = filtered as FilteredChunk[];
        long totalCompressed = 0, totalUncompressed = 0;
        for (var c = 0; c < chunks.Length; c++)
        {
            var cc = (ThriftStruct)columns[c];
            var meta = cc.GetStruct(3)!;
            var start = state.Position;
            long? dataOffset = null, dictOffset = null;
            long values = 0, uncompressed = 0;
            if (parts is null)
            {
                output.Write(chunks[c].Data);
                state.Position += chunks[c].Data.Length;
                var shift = start - chunks[c].Start;
                dataOffset = meta.GetLong(9) + shift;
                if (meta.GetLong(11) is long d && d > 0) dictOffset = d + shift;
                values = meta.GetLong(5) ?? 0;
                uncompressed = meta.GetLong(6) ?? 0;
            }
            else
            {
                foreach (var (bytes, header, count, size, page) in parts[c].Pages)
                {
                    if (count == 0) continue;
                    var at = state.Position;
                    if (bytes is null)
                    {
                        output.Write(chunks[c].Data, page.HeaderStart, page.End - page.HeaderStart);
                        state.Position += page.End - page.HeaderStart;
                        uncompressed += page.BodyStart - page.HeaderStart + (page.Header.GetLong(2) ?? 0);
                        if (page.Kind == PageV1) values += page.Rows;
                    }
                    else
                    {
                        output.Write(bytes);
                        state.Position += bytes.Length;
                        uncompressed += size;
                        values += count;
                    }
                    if (page.Kind == PageDictionary) dictOffset ??= at;
                    else dataOffset ??= at;
                }
                meta.SetI64(5, values);
                var stats = meta.GetStruct(12);
                if (stats is not null)
                {
                    foreach (short id in new short[] { 3, 4, 7, 8 }) stats.Remove(id);
                }
                foreach (short id in new short[] { 10, 13, 14, 15, 16 }) meta.Remove(id);
            }
            meta.SetI64(6, uncompressed);
            meta.SetI64(7, state.Position - start);
            meta.SetI64(9, dataOffset ?? start);
            if (dictOffset is long dict) meta.SetI64(11, dict);
            else meta.Remove(11);
            meta.Remove(10);
            cc.SetI64(2, start);
            foreach (short id in new short[] { 4, 5, 6, 7 }) cc.Remove(id);
            if (c == 0) rg.SetI64(5, start);
            totalCompressed += state.Position - start;
            totalUncompressed += uncompressed;
        }
        rg.SetI64(2, totalUncompressed);
        rg.SetI64(3, keptRows);
        rg.SetI64(6, totalCompressed);
        rg.Set(7, ThriftStruct.I16, (long)state.Groups.Count);
        state.Groups.Add(rg);
        state.Rows += keptRows;
    }

    /// <summary>Writes the footer: the input's, with the new row groups and row count.</summary>
    public void End(Output state, Stream output)
    {
        var footer = _footer.Clone();
        footer.SetI64(3, state.Rows);
        footer.Set(4, ThriftStruct.List, new ThriftList(ThriftStruct.Struct, state.Groups));
        var bytes = new MemoryStream();
        footer.Write(bytes);
        output.Write(bytes.GetBuffer(), 0, (int)bytes.Length);
        Span<byte> tail = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(tail, (int)bytes.Length);
        "PAR1"u8.CopyTo(tail[4..]);
        output.Write(tail);
    }
}
