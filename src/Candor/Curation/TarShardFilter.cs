using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;
using Candor.Datasets;
using Candor.FileSystem;

namespace Candor.Curation;

/// <summary>
/// Filters a WebDataset tar shard: the members of one sample (consecutive members with the same key, as img2dataset
/// writes them) are held together; the sample is decided from its .json's <c>url</c> and <c>sha256</c> (the image's
/// SHA-256 is computed when the .json has none) and from the signals its image carries; every member of a kept sample
/// is written in the input's order with its name, header fields and tar format. Members that belong to no sample
/// (folders, names without an extension) are copied as they are.
/// </summary>
internal static class TarShardFilter
{
    private const long MaxMemberBytes = 256L << 20;

    private sealed class Sample(string key, long row)
    {
        public string Key { get; } = key;
        public long Row { get; } = row;
        public List<TarEntry> Members { get; } = [];
        public byte[]? Json, Image;
        public string? ImageName;
        public bool Oversized;
    }

    public static void Run(ShardJob job, Stream output, CancellationToken ct)
    {
        using var input = RegularFile.OpenRead(job.Shard.Path, FileOptions.SequentialScan);
        using var tar = new TarReader(input, leaveOpen: true);
        using var writer = new TarWriter(output, leaveOpen: true);
        var pending = new List<(Sample? Sample, TarEntry? Loose)>();
        var items = new List<FilterItem>();
        Sample? current = null;
        long row = 0;

        void Close()
        {
            if (current is null) return;
            if (current.Oversized) job.Problem(current.Row, $"sample '{current.Key}' has a member larger than {MaxMemberBytes >> 20} MiB; left out");
            else
            {
                pending.Add((current, null));
                items.Add(Describe(job, current));
                if (items.Count >= job.BatchSize) Flush(job, writer, pending, items, ct);
            }
            current = null;
        }

        while (true)
        {
            ct.ThrowIfCancellationRequested();
            TarEntry? entry;
            try
            {
                entry = tar.GetNextEntry(copyData: true);
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or ArgumentException)
            {
                throw new CandorFormatException($"the tar ends early or is damaged after {row} samples: {e.Message}", input.CanSeek ? input.Position : -1, "tar", e, FormatErrorKind.Truncated);
            }
            if (entry is null) break;
            var (key, extension) = IsFile(entry) ? WebDatasetShardReader.SplitName(entry.Name) : (null, null);
            if (key is null)
            {
                Close();
                if (pending.Count == 0) writer.WriteEntry(entry);
                else pending.Add((null, entry));
                continue;
            }
            if (current is not null && current.Key != key) Close();
            current ??= new Sample(key, row++);
            if (entry.Length > MaxMemberBytes)
            {
                current.Oversized = true;
                continue;
            }
            current.Members.Add(entry);
            if (extension!.Equals("json", StringComparison.OrdinalIgnoreCase)) current.Json ??= Bytes(entry);
            else if (current.Image is null && ImagePaths.ImageExtensions.Contains("." + extension))
            {
                current.Image = Bytes(entry);
                current.ImageName = entry.Name;
            }
        }
        Close();
        Flush(job, writer, pending, items, ct);
    }

    private static FilterItem Describe(ShardJob job, Sample sample)
    {
        string? url = null, sha = null;
        if (sample.Json is { } json)
        {
            try
            {
                using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
                if (doc.RootElement.ValueKind == JsonValueKind.Object)
                    foreach (var p in doc.RootElement.EnumerateObject())
                    {
                        if (p.Value.ValueKind != JsonValueKind.String) continue;
                        var kind = DatasetColumns.KindOf(p.Name);
                        if (kind == KnownColumn.Url) url ??= p.Value.GetString();
                        else if (kind is KnownColumn.Sha256 or KnownColumn.Hash) sha ??= p.Value.GetString();
                    }
            }
            catch (JsonException e)
            {
                job.Problem(null, $"sample '{sample.Key}': its .json is not valid JSON ({e.Message}); checked by its image only");
            }
        }
        if ((sha is null || !ParquetShardFilter.IsSha256(sha)) && sample.Image is { } image) sha = Convert.ToHexStringLower(SHA256.HashData(image));
        var item = TextShardFilter.Item(url, sha, sample.Key, sample.Row);
        var embedded = sample.Image is { } bytes && job.Options.Embedded is { } signals
            ? signals.Read(bytes, $"{job.Name}:{sample.ImageName}", job.Options.Use)
            : null;
        return item with { Embedded = embedded is { Count: > 0 } ? embedded : null };
    }

    private static void Flush(ShardJob job, TarWriter writer, List<(Sample? Sample, TarEntry? Loose)> pending, List<FilterItem> items, CancellationToken ct)
    {
        var keep = items.Count > 0 ? job.Decide(items, ct) : [];
        var i = 0;
        foreach (var (sample, loose) in pending)
        {
            if (loose is not null)
            {
                writer.WriteEntry(loose);
                continue;
            }
            if (keep[i++])
                foreach (var member in sample!.Members)
                {
                    if (member.DataStream is { CanSeek: true } data) data.Position = 0;
                    writer.WriteEntry(member);
                }
        }
        pending.Clear();
        items.Clear();
    }

    private static bool IsFile(TarEntry entry) => entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile;

    private static byte[] Bytes(TarEntry entry)
    {
        if (entry.DataStream is not { } data) return [];
        data.Position = 0;
        var bytes = new byte[data.Length];
        data.ReadExactly(bytes);
        data.Position = 0;
        return bytes;
    }
}
