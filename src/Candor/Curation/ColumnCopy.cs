using System.Collections.Concurrent;
using System.Reflection;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace Candor.Curation;

/// <summary>
/// Copies one column of a row group to a row group being written, leaving out the rows whose <c>keep</c> flag is
/// false. Works on the raw form — non-null values plus definition and repetition levels — so any value type, nulls,
/// and nested or repeated columns are copied as they are: a row starts at every repetition level 0.
/// </summary>
internal static class ColumnCopy
{
    private static readonly MethodInfo Generic = typeof(ColumnCopy).GetMethod(nameof(CopyTyped), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly ConcurrentDictionary<Type, Action<RawColumnData, ParquetRowGroupWriter, DataField, bool[], int, CancellationToken>> ByType = new();

    /// <summary>Reads a column of a row group in its raw form (the caller disposes it).</summary>
    public static RawColumnData Read(ParquetRowGroupReader source, DataField field, CancellationToken ct) =>
        source.ReadRawColumnDataBaseAsync(field, ct).GetAwaiter().GetResult();

    /// <summary>The text of each row of a flat text column read by <see cref="Read"/> (null for a null value).</summary>
    public static string?[] RowStrings(RawColumnData data, DataField field, int rows)
    {
        var result = new string?[rows];
        if (data is not RawColumnData<ReadOnlyMemory<char>> text || field.MaxRepetitionLevel > 0) return result;
        var values = text.Values;
        if (field.MaxDefinitionLevel == 0)
        {
            for (var r = 0; r < rows && r < values.Length; r++) result[r] = values[r].ToString();
            return result;
        }
        var def = data.DefinitionLevels;
        var max = field.MaxDefinitionLevel;
        for (int r = 0, v = 0; r < rows && r < def.Length; r++)
            if (def[r] == max) result[r] = values[v++].ToString();
        return result;
    }

    /// <summary>Writes the rows of <paramref name="raw"/> whose <paramref name="keep"/> flag is set as the next column of <paramref name="target"/>.</summary>
    public static void Write(RawColumnData raw, ParquetRowGroupWriter target, DataField field, bool[] keep, int kept, CancellationToken ct)
    {
        var type = raw.GetType().GetGenericArguments()[0];
        var copy = ByType.GetOrAdd(type, t => Generic.MakeGenericMethod(t).CreateDelegate<Action<RawColumnData, ParquetRowGroupWriter, DataField, bool[], int, CancellationToken>>());
        copy(raw, target, field, keep, kept, ct);
    }

    private static void CopyTyped<T>(RawColumnData data, ParquetRowGroupWriter target, DataField field, bool[] keep, int kept, CancellationToken ct) where T : struct
    {
        var raw = (RawColumnData<T>)data;
        var values = raw.Values;
        var hasDef = field.MaxDefinitionLevel > 0;
        var hasRep = field.MaxRepetitionLevel > 0;
        if (!hasDef && !hasRep)
        {
            // A required flat column: one value a row. (WriteAllPartsAsync counts rows by the levels, which it has none of.)
            var rows = new T[kept];
            for (int r = 0, o = 0; r < keep.Length; r++)
                if (keep[r]) rows[o++] = values[r];
            target.WriteAsync(field, (ReadOnlyMemory<T>)rows, null, null, ct).GetAwaiter().GetResult();
            return;
        }
        if (kept == keep.Length)
        {
            target.WriteAllPartsAsync(field, (ReadOnlyMemory<T>)values.ToArray(), Levels(hasDef ? raw.DefinitionLevels.ToArray() : null), Levels(hasRep ? raw.RepetitionLevels.ToArray() : null), ct)
                .GetAwaiter().GetResult();
            return;
        }
        ReadOnlySpan<int> def = hasDef ? raw.DefinitionLevels : default;
        ReadOnlySpan<int> rep = hasRep ? raw.RepetitionLevels : default;
        var entries = hasDef ? def.Length : hasRep ? rep.Length : values.Length;
        var outValues = new List<T>(values.Length);
        var outDef = hasDef ? new List<int>(entries) : null;
        var outRep = hasRep ? new List<int>(entries) : null;
        var max = field.MaxDefinitionLevel;
        var row = -1;
        var v = 0;
        for (var e = 0; e < entries; e++)
        {
            if (!hasRep || rep[e] == 0) row++;
            var defined = !hasDef || def[e] == max;
            if (row < keep.Length && keep[row])
            {
                if (defined) outValues.Add(values[v]);
                outDef?.Add(def[e]);
                outRep?.Add(rep[e]);
            }
            if (defined) v++;
        }
        target.WriteAllPartsAsync(field, (ReadOnlyMemory<T>)outValues.ToArray(), Levels(outDef?.ToArray()), Levels(outRep?.ToArray()), ct).GetAwaiter().GetResult();
    }

    /// <summary>Levels for the writer: null stays null (an array's implicit conversion would turn it into an empty, non-null memory).</summary>
    private static ReadOnlyMemory<int>? Levels(int[]? levels) => levels is null ? null : levels;
}
