using Parquet;
using Parquet.Schema;

namespace Candor.Tests.Datasets;

/// <summary>A temporary folder for data sets the tests build, deleted at the end.</summary>
public sealed class DatasetFolder : IDisposable
{
    /// <summary>The folder.</summary>
    public string Root { get; } = Directory.CreateTempSubdirectory("candor-datasets-").FullName;

    /// <summary>Writes <paramref name="text"/> (UTF-8, no BOM) to a file under the folder; returns its path.</summary>
    public string Text(string relative, string text) => Bytes(relative, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Writes bytes to a file under the folder, creating its folders; returns its path.</summary>
    public string Bytes(string relative, byte[] bytes)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Writes a Parquet file with Parquet.Net, in row groups of <paramref name="rowGroup"/> rows.</summary>
    public string Parquet(string relative, int rows, int rowGroup, params (DataField Field, Func<int, object?> Value)[] columns) =>
        ParquetWith(relative, rows, rowGroup, null, columns);

    /// <summary>As <see cref="Parquet"/>, with key-value metadata in the footer (e.g. pandas').</summary>
    public string ParquetWith(string relative, int rows, int rowGroup, Dictionary<string, string>? metadata, params (DataField Field, Func<int, object?> Value)[] columns)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var schema = new ParquetSchema(columns.Select(c => (Field)c.Field));
        using var stream = File.Create(path);
        var writer = ParquetWriter.CreateAsync(schema, stream).GetAwaiter().GetResult();
        if (metadata is not null) writer.CustomMetadata = metadata;
        for (var start = 0; start < rows; start += rowGroup)
        {
            var count = Math.Min(rowGroup, rows - start);
            using var group = writer.CreateRowGroup();
            foreach (var (field, value) in columns)
            {
                var values = Enumerable.Range(start, count).Select(value).ToArray();
                Task task = field.ClrType == typeof(ReadOnlyMemory<char>) ? group.WriteAsync(field, values.Cast<string?>().ToArray())
                    : field.ClrType == typeof(long) ? group.WriteAsync<long>(field, values.Select(v => (long?)v).ToArray().AsMemory())
                    : field.ClrType == typeof(int) ? group.WriteAsync<int>(field, values.Select(v => (int?)v).ToArray().AsMemory())
                    : field.ClrType == typeof(double) ? group.WriteAsync<double>(field, values.Select(v => (double?)v).ToArray().AsMemory())
                    : field.ClrType == typeof(float) ? group.WriteAsync<float>(field, values.Select(v => (float?)v).ToArray().AsMemory())
                    : field.ClrType == typeof(ReadOnlyMemory<byte>) ? group.WriteAsync(field, values.Cast<byte[]?>().ToArray())
                    : throw new NotSupportedException(field.ClrType.Name);
                task.GetAwaiter().GetResult();
            }
        }
        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return path;
    }

    /// <summary>Deletes the folder.</summary>
    public void Dispose() => Directory.Delete(Root, recursive: true);
}
