using System.Globalization;

namespace Candor.Datasets;

/// <summary>
/// Turns one row's column values into a <see cref="DatasetRecord"/>, whatever the shard's format: known columns are
/// converted to their property's type, everything else is kept as text in <see cref="DatasetRecord.Extra"/>. A value
/// that does not convert (a width of "abc") is reported as a problem of that row and kept in Extra, and the row is
/// still read. One builder serves one shard and is reset for each row.
/// </summary>
internal sealed class RecordBuilder
{
    private readonly DatasetShard _shard;
    private readonly string _stem;
    private readonly Action<DatasetProblem> _onProblem;
    private readonly List<string> _names = [];
    private readonly List<KnownColumn> _kinds = [];
    private readonly Dictionary<string, int> _columns = new(StringComparer.Ordinal);
    private long _row;
    private string? _key, _url, _caption, _license, _sha256, _hash;
    private int? _width, _height;
    private double? _similarity, _punsafe, _pwatermark;
    private ReadOnlyMemory<byte> _image;
    private Dictionary<string, string?>? _extra;

    public RecordBuilder(DatasetShard shard, Action<DatasetProblem> onProblem)
    {
        _shard = shard;
        _onProblem = onProblem;
        var name = Path.GetFileName(shard.Path);
        // "metadata_0.parquet" → "metadata_0"; "00000.csv.gz" → "00000".
        _stem = name.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 ? name[..dot] : name;
    }

    /// <summary>The column names of the shard (a header row, a schema) in order; later calls take column indexes into them.</summary>
    public void SetColumns(IReadOnlyList<string> names)
    {
        _names.Clear();
        _kinds.Clear();
        _columns.Clear();
        foreach (var name in names) Add(name);
    }

    /// <summary>
    /// The index of the column named <paramref name="name"/>, added when new (formats whose rows name their own
    /// columns: JSON Lines, a tar's .json).
    /// </summary>
    public int Column(string name) => _columns.TryGetValue(name, out var index) ? index : Add(name);

    private int Add(string name)
    {
        _names.Add(name);
        _kinds.Add(DatasetColumns.KindOf(name));
        _columns.TryAdd(name, _names.Count - 1);
        return _names.Count - 1;
    }

    /// <summary>Starts row <paramref name="row"/>: every value is cleared.</summary>
    public void Begin(long row)
    {
        _row = row;
        _key = _url = _caption = _license = _sha256 = _hash = null;
        _width = _height = null;
        _similarity = _punsafe = _pwatermark = null;
        _image = default;
        _extra = null;
    }

    /// <summary>A value given as text (CSV, JSON strings and numbers, Parquet strings); null for a missing value.</summary>
    public void SetText(int column, string? value)
    {
        var kind = KindOf(column);
        if (value is null && kind != KnownColumn.None) return;
        switch (kind)
        {
            case KnownColumn.Key: _key = value; break;
            case KnownColumn.Url: _url = value; break;
            case KnownColumn.Caption: _caption = value; break;
            case KnownColumn.License: _license = value; break;
            case KnownColumn.Width: _width = ParseSize(column, value!); break;
            case KnownColumn.Height: _height = ParseSize(column, value!); break;
            case KnownColumn.Similarity: _similarity = ParseReal(column, value!); break;
            case KnownColumn.Punsafe: _punsafe = ParseReal(column, value!); break;
            case KnownColumn.Pwatermark: _pwatermark = ParseReal(column, value!); break;
            case KnownColumn.Sha256:
                if (IsSha256(value!)) _sha256 = value!.ToLowerInvariant();
                else if (value!.Length > 0) Unconvertible(column, value, "64 hex digits");
                break;
            case KnownColumn.Hash:
                if (IsSha256(value!)) _hash = value!.ToLowerInvariant();
                else AddExtra(column, value);
                break;
            default: AddExtra(column, value); break;
        }
    }

    /// <summary>An integer value (Parquet integer columns).</summary>
    public void SetInteger(int column, long? value)
    {
        if (value is not { } v)
        {
            SetText(column, null);
            return;
        }
        switch (KindOf(column))
        {
            case KnownColumn.Width: _width = ToSize(column, v); break;
            case KnownColumn.Height: _height = ToSize(column, v); break;
            case KnownColumn.Similarity: _similarity = v; break;
            case KnownColumn.Punsafe: _punsafe = v; break;
            case KnownColumn.Pwatermark: _pwatermark = v; break;
            default: SetText(column, v.ToString(CultureInfo.InvariantCulture)); break;
        }
    }

    /// <summary>A real value (Parquet float and double columns).</summary>
    public void SetReal(int column, double? value)
    {
        if (value is not { } v)
        {
            SetText(column, null);
            return;
        }
        switch (KindOf(column))
        {
            case KnownColumn.Width: _width = double.IsInteger(v) ? ToSize(column, v) : Unconvertible(column, Text(v), "a whole number of pixels"); break;
            case KnownColumn.Height: _height = double.IsInteger(v) ? ToSize(column, v) : Unconvertible(column, Text(v), "a whole number of pixels"); break;
            case KnownColumn.Similarity: _similarity = v; break;
            case KnownColumn.Punsafe: _punsafe = v; break;
            case KnownColumn.Pwatermark: _pwatermark = v; break;
            default: SetText(column, Text(v)); break;
        }
    }

    /// <summary>Binary bytes (Parquet byte-array columns that are not text): the image for an image column, else base64 in Extra.</summary>
    public void SetBytes(int column, ReadOnlyMemory<byte>? value)
    {
        if (KindOf(column) == KnownColumn.Image)
        {
            if (value is { } bytes) _image = bytes;
            return;
        }
        AddExtra(column, value is { } b ? Convert.ToBase64String(b.Span) : null);
    }

    /// <summary>Sets the caption from outside the columns (a tar's or a folder's .txt), over a caption column.</summary>
    public void SetCaption(string? caption) => _caption = caption;

    /// <summary>Sets the image bytes directly (a tar's image member).</summary>
    public void SetImage(ReadOnlyMemory<byte> image) => _image = image;

    /// <summary>The record for the row begun last. <paramref name="key"/> overrides the key column (a tar member's key, a relative path).</summary>
    public DatasetRecord Build(string? key = null, string? imagePath = null) => new()
    {
        Key = key ?? _key ?? string.Create(CultureInfo.InvariantCulture, $"{_stem}/{_row}"),
        ShardIndex = _shard.Index,
        RowInShard = _row,
        Url = _url,
        Caption = _caption,
        Width = _width,
        Height = _height,
        License = _license,
        Similarity = _similarity,
        Punsafe = _punsafe,
        Pwatermark = _pwatermark,
        Sha256 = _sha256 ?? _hash,
        Extra = _extra ?? (IReadOnlyDictionary<string, string?>)EmptyExtra,
        Image = _image,
        ImagePath = imagePath,
    };

    /// <summary>Reports a problem of the current row.</summary>
    public void Problem(string message) => _onProblem(new DatasetProblem(_shard.Path, _row, message));

    /// <summary>
    /// What column <paramref name="column"/> fills in this row: its kind, unless an earlier column of the same kind
    /// already gave this row a value (TEXT and caption both present) — then it is kept as extra.
    /// </summary>
    private KnownColumn KindOf(int column)
    {
        var kind = _kinds[column];
        var filled = kind switch
        {
            KnownColumn.Key => _key is not null,
            KnownColumn.Url => _url is not null,
            KnownColumn.Caption => _caption is not null,
            KnownColumn.License => _license is not null,
            KnownColumn.Width => _width is not null,
            KnownColumn.Height => _height is not null,
            KnownColumn.Similarity => _similarity is not null,
            KnownColumn.Punsafe => _punsafe is not null,
            KnownColumn.Pwatermark => _pwatermark is not null,
            KnownColumn.Sha256 => _sha256 is not null,
            KnownColumn.Hash => _hash is not null,
            KnownColumn.Image => !_image.IsEmpty,
            _ => false,
        };
        return filled ? KnownColumn.None : kind;
    }

    private static readonly Dictionary<string, string?> EmptyExtra = new(StringComparer.OrdinalIgnoreCase);

    private void AddExtra(int column, string? value)
    {
        _extra ??= new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        _extra.TryAdd(_names[column], value);
    }

    private int? ParseSize(int column, string text)
    {
        if (text.Length == 0) return null;
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return ToSize(column, n);
        // pandas writes an integer column that holds a NaN as floats: "512.0".
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsInteger(d)) return ToSize(column, d);
        return Unconvertible(column, text, "a whole number of pixels");
    }

    private double? ParseReal(int column, string text)
    {
        if (text.Length == 0) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        Unconvertible(column, text, "a number");
        return null;
    }

    private int? ToSize(int column, double value) =>
        value is >= 0 and <= int.MaxValue ? (int)value : Unconvertible(column, Text(value), "a pixel count from 0 to 2^31-1");

    private int? Unconvertible(int column, string text, string expected)
    {
        var shown = text.Length > 40 ? text[..40] + "…" : text;
        Problem($"column '{_names[column]}' holds \"{shown}\", not {expected}; kept in Extra");
        AddExtra(column, text);
        return null;
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static bool IsSha256(string text) => text.Length == 64 && text.AsSpan().ContainsAnyExcept(HexDigits) is false;

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");
}
