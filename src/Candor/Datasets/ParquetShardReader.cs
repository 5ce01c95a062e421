using System.Numerics;
using System.Text.Json;
using Parquet;
using Candor.FileSystem;
using Parquet.Schema;

namespace Candor.Datasets;

/// <summary>
/// Reads a Parquet shard with Parquet.Net, one row group at a time: every column of the group is decoded, then its
/// rows are handed out, so memory grows with the largest row group, never with the file.
/// </summary>
/// <remarks>
/// Layout (Apache Parquet): <c>"PAR1"</c>, column chunks of each row group, then the footer — a Thrift-compact
/// FileMetaData (schema, row groups, key-value metadata) — followed by its length (int32, little-endian) and
/// <c>"PAR1"</c>. The footer is checked against the file's length before Parquet.Net sees it. pandas writes its
/// DataFrame index as a column (<c>__index_level_0__</c>) and names it in the <c>pandas</c> key-value metadata
/// (<c>index_columns</c>); such a column is not data and is not read. Repeated (list) columns are skipped with one problem.
/// </remarks>
internal static class ParquetShardReader
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    /// <summary>
    /// The most rows one row group may declare: its columns are decoded whole, so a footer claiming billions of rows
    /// must not turn into allocations of that size. 64 Mi rows is far above what pyarrow (1 Mi) or Spark write.
    /// </summary>
    private const long MaxRowGroupRows = 1 << 26;

    /// <summary>The number of rows the footer records.</summary>
    /// <exception cref="CandorFormatException">The file is not Parquet or is truncated.</exception>
    public static long CountRows(string path)
    {
        using var stream = OpenChecked(path);
        var reader = Create(stream, path);
        try
        {
            return reader.Metadata?.NumRows ?? reader.RowGroups.Sum(g => g.RowCount);
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>The shard's records in row order. Per-row conversion problems go to <paramref name="onProblem"/>.</summary>
    public static IEnumerable<DatasetRecord> Read(DatasetShard shard, Action<DatasetProblem> onProblem, CancellationToken ct)
    {
        using var stream = OpenChecked(shard.Path);
        var reader = Create(stream, shard.Path);
        try
        {
            foreach (var record in Rows(shard, reader, onProblem, ct)) yield return record;
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static IEnumerable<DatasetRecord> Rows(DatasetShard shard, ParquetReader reader, Action<DatasetProblem> onProblem, CancellationToken ct)
    {
        var index = IndexColumns(reader.CustomMetadata);
        var fields = new List<DataField>();
        foreach (var field in reader.Schema.DataFields)
        {
            var name = Name(field);
            if (index.Contains(name) || IsPandasIndexName(name)) continue;
            if (field.MaxRepetitionLevel > 0)
            {
                onProblem(new DatasetProblem(shard.Path, null, $"column '{name}' is a list; lists are not read"));
                continue;
            }
            if (!Column.CanRead(field.ClrType))
            {
                onProblem(new DatasetProblem(shard.Path, null, $"column '{name}' has a type Candor does not read ({field.ClrType.Name}); skipped"));
                continue;
            }
            fields.Add(field);
        }
        var builder = new RecordBuilder(shard, onProblem);
        builder.SetColumns(fields.Select(Name).ToList());
        long row = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            ct.ThrowIfCancellationRequested();
            var group = reader.OpenRowGroupReader(g);
            if (group.RowCount is < 0 or > MaxRowGroupRows)
                throw new CandorFormatException($"row group {g} declares {group.RowCount} rows; at most {MaxRowGroupRows} are read per group", block: $"Parquet row group {g}", kind: FormatErrorKind.LimitExceeded);
            var rows = (int)group.RowCount;
            var columns = new Column[fields.Count];
            for (var c = 0; c < fields.Count; c++) columns[c] = Column.Read(group, fields[c], rows, ct);
            for (var r = 0; r < rows; r++)
            {
                if ((r & 1023) == 0) ct.ThrowIfCancellationRequested();
                builder.Begin(row);
                for (var c = 0; c < columns.Length; c++) columns[c].Set(builder, c, r);
                yield return builder.Build();
                row++;
            }
        }
    }

    /// <summary>Opens the file after checking that it starts and ends with "PAR1" and that its footer fits.</summary>
    private static FileStream OpenChecked(string path)
    {
        var stream = RegularFile.OpenRead(path);
        try
        {
            Span<byte> head = stackalloc byte[4];
            Span<byte> tail = stackalloc byte[8];
            var length = stream.Length;
            if (length < 12 || stream.Read(head) < 4 || !head.SequenceEqual(Magic))
                throw new CandorFormatException("not a Parquet file: it does not start with \"PAR1\"", 0, kind: FormatErrorKind.Malformed);
            stream.Seek(-8, SeekOrigin.End);
            stream.ReadExactly(tail);
            if (!tail[4..].SequenceEqual(Magic))
                throw new CandorFormatException("the Parquet file does not end with \"PAR1\": it is truncated (or not Parquet)", length - 4, kind: FormatErrorKind.Truncated);
            var footer = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(tail);
            if (footer <= 0 || footer > length - 12)
                throw new CandorFormatException($"the Parquet footer claims {footer} bytes, but the file holds only {length - 12} before it", length - 8, "Parquet footer", kind: FormatErrorKind.Truncated);
            stream.Seek(0, SeekOrigin.Begin);
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static ParquetReader Create(Stream stream, string path)
    {
        try
        {
            return ParquetReader.CreateAsync(stream, leaveStreamOpen: true).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or ParquetException or InvalidDataException or FormatException or ArgumentException or IndexOutOfRangeException or OverflowException or NotSupportedException or InvalidOperationException)
        {
            throw new CandorFormatException($"the Parquet footer of {Path.GetFileName(path)} cannot be decoded: {e.Message}", block: "Parquet footer", inner: e);
        }
    }

    private static string Name(DataField field) => field.Path.ToString().Replace(ParquetSchema.PathSeparator, ".", StringComparison.Ordinal);

    private static bool IsPandasIndexName(string name) =>
        name.StartsWith("__index_level_", StringComparison.Ordinal) && name.EndsWith("__", StringComparison.Ordinal);

    /// <summary>The columns pandas' metadata names as the DataFrame index (a RangeIndex is stored as a description, not a column).</summary>
    private static HashSet<string> IndexColumns(IReadOnlyDictionary<string, string> metadata)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (!metadata.TryGetValue("pandas", out var json)) return names;
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("index_columns", out var list) && list.ValueKind == JsonValueKind.Array)
                foreach (var item in list.EnumerateArray())
                    if (item.ValueKind == JsonValueKind.String) names.Add(item.GetString()!);
        }
        catch (JsonException)
        {
            // Metadata pandas could not read either; the columns are all data then.
        }
        return names;
    }

    /// <summary>One decoded column of a row group, handing its values to a <see cref="RecordBuilder"/> row by row.</summary>
    private abstract class Column
    {
        public abstract void Set(RecordBuilder builder, int column, int row);

        public static bool CanRead(Type type) =>
            type == typeof(ReadOnlyMemory<char>) || type == typeof(ReadOnlyMemory<byte>) || type == typeof(bool)
            || type == typeof(sbyte) || type == typeof(byte) || type == typeof(short) || type == typeof(ushort)
            || type == typeof(int) || type == typeof(uint) || type == typeof(long) || type == typeof(ulong)
            || type == typeof(float) || type == typeof(double) || type == typeof(Half) || type == typeof(decimal)
            || type == typeof(DateTime) || type == typeof(DateOnly) || type == typeof(TimeOnly) || type == typeof(TimeSpan) || type == typeof(Guid);

        public static Column Read(ParquetRowGroupReader group, DataField field, int rows, CancellationToken ct)
        {
            var t = field.ClrType;
            if (t == typeof(ReadOnlyMemory<char>)) return new TextColumn(Values<ReadOnlyMemory<char>>(group, field, rows, ct));
            if (t == typeof(ReadOnlyMemory<byte>)) return new BytesColumn(Values<ReadOnlyMemory<byte>>(group, field, rows, ct));
            if (t == typeof(bool)) return new FormattedColumn<bool>(Values<bool>(group, field, rows, ct), b => b ? "true" : "false");
            if (t == typeof(sbyte)) return new IntegerColumn<sbyte>(Values<sbyte>(group, field, rows, ct));
            if (t == typeof(byte)) return new IntegerColumn<byte>(Values<byte>(group, field, rows, ct));
            if (t == typeof(short)) return new IntegerColumn<short>(Values<short>(group, field, rows, ct));
            if (t == typeof(ushort)) return new IntegerColumn<ushort>(Values<ushort>(group, field, rows, ct));
            if (t == typeof(int)) return new IntegerColumn<int>(Values<int>(group, field, rows, ct));
            if (t == typeof(uint)) return new IntegerColumn<uint>(Values<uint>(group, field, rows, ct));
            if (t == typeof(long)) return new IntegerColumn<long>(Values<long>(group, field, rows, ct));
            if (t == typeof(ulong)) return new FormattedColumn<ulong>(Values<ulong>(group, field, rows, ct), Invariant);
            if (t == typeof(float)) return new RealColumn<float>(Values<float>(group, field, rows, ct));
            if (t == typeof(double)) return new RealColumn<double>(Values<double>(group, field, rows, ct));
            if (t == typeof(Half)) return new RealColumn<Half>(Values<Half>(group, field, rows, ct));
            if (t == typeof(decimal)) return new FormattedColumn<decimal>(Values<decimal>(group, field, rows, ct), Invariant);
            if (t == typeof(DateTime)) return new FormattedColumn<DateTime>(Values<DateTime>(group, field, rows, ct), d => d.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            if (t == typeof(DateOnly)) return new FormattedColumn<DateOnly>(Values<DateOnly>(group, field, rows, ct), d => d.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            if (t == typeof(TimeOnly)) return new FormattedColumn<TimeOnly>(Values<TimeOnly>(group, field, rows, ct), d => d.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            if (t == typeof(TimeSpan)) return new FormattedColumn<TimeSpan>(Values<TimeSpan>(group, field, rows, ct), d => d.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
            if (t == typeof(Guid)) return new FormattedColumn<Guid>(Values<Guid>(group, field, rows, ct), g => g.ToString("D"));
            throw new NotSupportedException($"column type {t.Name} is not read");
        }

        private static string Invariant<T>(T value) where T : IFormattable => value.ToString(null, System.Globalization.CultureInfo.InvariantCulture);

        private static T?[] Values<T>(ParquetRowGroupReader group, DataField field, int rows, CancellationToken ct) where T : struct
        {
            var values = new T?[rows];
            group.ReadAsync<T>(field, values.AsMemory(), null, ct).AsTask().GetAwaiter().GetResult();
            return values;
        }
    }

    private sealed class TextColumn(ReadOnlyMemory<char>?[] values) : Column
    {
        public override void Set(RecordBuilder builder, int column, int row) => builder.SetText(column, values[row]?.ToString());
    }

    private sealed class BytesColumn(ReadOnlyMemory<byte>?[] values) : Column
    {
        public override void Set(RecordBuilder builder, int column, int row) => builder.SetBytes(column, values[row]);
    }

    private sealed class IntegerColumn<T>(T?[] values) : Column where T : struct, IBinaryInteger<T>
    {
        public override void Set(RecordBuilder builder, int column, int row) =>
            builder.SetInteger(column, values[row] is { } v ? long.CreateTruncating(v) : null);
    }

    private sealed class RealColumn<T>(T?[] values) : Column where T : struct, IFloatingPoint<T>
    {
        public override void Set(RecordBuilder builder, int column, int row) =>
            builder.SetReal(column, values[row] is { } v ? double.CreateChecked(v) : null);
    }

    private sealed class FormattedColumn<T>(T?[] values, Func<T, string> format) : Column where T : struct
    {
        public override void Set(RecordBuilder builder, int column, int row) =>
            builder.SetText(column, values[row] is { } v ? format(v) : null);
    }
}
