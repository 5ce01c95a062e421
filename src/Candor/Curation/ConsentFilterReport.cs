using System.Globalization;
using System.Text;
using System.Text.Json;
using Candor.Consent;
using Candor.Datasets;

namespace Candor.Curation;

/// <summary>
/// The audit of one <see cref="ConsentFilter"/> run: what was read, what was checked against what, how many items were
/// kept and dropped for which reason (with examples), and every problem. Written beside the output as JSON (schema
/// <see cref="Schema"/>) and Markdown.
/// </summary>
public sealed class ConsentFilterReport
{
    /// <summary>The schema name of the JSON audit.</summary>
    public const string Schema = "candor.consent-filter/1";

    /// <summary>The data set read (full path).</summary>
    public required string Dataset { get; init; }

    /// <summary>The output folder (full path).</summary>
    public required string Output { get; init; }

    /// <summary>The use the data set was filtered for.</summary>
    public required ConsentUse Use { get; init; }

    /// <summary>The lookups every item was checked against, by their descriptions (<see cref="object.ToString"/>).</summary>
    public required IReadOnlyList<string> Lookups { get; init; }

    /// <summary>The embedded signals read from image bytes, in words; null when none were read.</summary>
    public string? Embedded { get; init; }

    /// <summary>Every shard, in reading order.</summary>
    public required IReadOnlyList<ConsentFilterShard> Shards { get; init; }

    /// <summary>Items by reason, dropped ones first, then by count (largest first).</summary>
    public required IReadOnlyList<ConsentFilterReason> Reasons { get; init; }

    /// <summary>The first problems (bad rows, skipped shards), at most 1,000; <see cref="ProblemCount"/> counts them all.</summary>
    public required IReadOnlyList<DatasetProblem> Problems { get; init; }

    /// <summary>Every problem reported, including those not kept in <see cref="Problems"/>.</summary>
    public long ProblemCount { get; init; }

    /// <summary>Why the run stopped before the last shard (a lookup that failed, cancellation); null when it read them all.</summary>
    public string? Stopped { get; init; }

    /// <summary>Wall-clock time of the run.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Items read, in all shards.</summary>
    public long Items => Shards.Sum(s => s.Items);

    /// <summary>Items written to the output.</summary>
    public long Kept => Shards.Sum(s => s.Kept);

    /// <summary>Items dropped because their use is forbidden.</summary>
    public long Dropped => Shards.Sum(s => s.Dropped);

    /// <summary>Rows left out because they could not be read.</summary>
    public long Unreadable => Shards.Sum(s => s.Unreadable);

    /// <summary>Shards that were not written.</summary>
    public int ShardsSkipped => Shards.Count(s => !s.Written);

    /// <summary>The JSON audit (indented).</summary>
    public string ToJson()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true })) WriteJson(w);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes the JSON audit (schema <see cref="Schema"/>).</summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartObject();
        w.WriteString("schema", Schema);
        w.WriteString("dataset", Dataset);
        w.WriteString("output", Output);
        w.WriteString("use", ConsentUses.Word(Use));
        w.WriteStartArray("lookups");
        foreach (var l in Lookups) w.WriteStringValue(l);
        w.WriteEndArray();
        if (Embedded is null) w.WriteNull("embedded");
        else w.WriteString("embedded", Embedded);
        w.WriteStartObject("totals");
        w.WriteNumber("shards", Shards.Count);
        w.WriteNumber("shardsSkipped", ShardsSkipped);
        w.WriteNumber("items", Items);
        w.WriteNumber("kept", Kept);
        w.WriteNumber("dropped", Dropped);
        w.WriteNumber("unreadable", Unreadable);
        w.WriteNumber("problems", ProblemCount);
        w.WriteNumber("seconds", Math.Round(Elapsed.TotalSeconds, 3));
        w.WriteEndObject();
        if (Stopped is null) w.WriteNull("stopped");
        else w.WriteString("stopped", Stopped);
        w.WriteStartArray("reasons");
        foreach (var r in Reasons)
        {
            w.WriteStartObject();
            w.WriteString("verdict", ConsentJson.VerdictWord(r.Verdict));
            w.WriteString("signal", r.Signal);
            w.WriteString("detail", r.Detail);
            w.WriteBoolean("dropped", r.Dropped);
            w.WriteNumber("count", r.Count);
            w.WriteStartArray("samples");
            foreach (var s in r.Samples)
            {
                w.WriteStartObject();
                w.WriteString("shard", s.Shard);
                w.WriteNumber("row", s.Row);
                if (s.Key is not null) w.WriteString("key", s.Key);
                if (s.Url is not null) w.WriteString("url", s.Url);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("shards");
        foreach (var s in Shards)
        {
            w.WriteStartObject();
            w.WriteString("input", s.Input);
            w.WriteString("format", s.Format.ToString());
            w.WriteBoolean("written", s.Written);
            w.WriteNumber("items", s.Items);
            w.WriteNumber("kept", s.Kept);
            w.WriteNumber("dropped", s.Dropped);
            w.WriteNumber("unreadable", s.Unreadable);
            if (s.Problem is not null) w.WriteString("problem", s.Problem);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("problems");
        foreach (var p in Problems)
        {
            w.WriteStartObject();
            w.WriteString("shard", p.Shard);
            if (p.Row is { } row) w.WriteNumber("row", row);
            w.WriteString("message", p.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The Markdown audit: a summary, the reasons with their examples, the shards and the problems.</summary>
    public string ToMarkdown()
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.Append(c, $"# Consent filter audit\n\n");
        md.Append(c, $"- data set: `{Code(Dataset)}`\n- output: `{Code(Output)}`\n- use: **{ConsentUses.Word(Use)}**\n");
        md.Append(c, $"- checked against: {(Lookups.Count == 0 ? "no lookup" : string.Join("; ", Lookups.Select(Cell)))}\n");
        md.Append(c, $"- embedded signals: {Cell(Embedded ?? "not read")}\n");
        md.Append(c, $"- items: {Items:N0} read, **{Kept:N0} kept**, **{Dropped:N0} dropped** (forbidden), {Unreadable:N0} unreadable rows left out\n");
        md.Append(c, $"- shards: {Shards.Count:N0} ({ShardsSkipped:N0} not written); problems: {ProblemCount:N0}; time: {Elapsed.TotalSeconds:0.0} s\n");
        if (Stopped is not null) md.Append(c, $"- **stopped early**: {Cell(Stopped)}\n");
        md.Append("\n## Reasons\n\n| verdict | signal | detail | dropped | items | examples |\n|---|---|---|---|---:|---|\n");
        foreach (var r in Reasons)
        {
            var examples = string.Join("<br>", r.Samples.Select(s => Cell($"{s.Shard} row {s.Row}{(s.Key is null ? "" : $" ({s.Key})")}{(s.Url is null ? "" : $": {s.Url}")}")));
            md.Append(c, $"| {ConsentJson.VerdictWord(r.Verdict)} | {Cell(r.Signal.Length == 0 ? "—" : r.Signal)} | {Cell(r.Detail)} | {(r.Dropped ? "yes" : "no")} | {r.Count:N0} | {examples} |\n");
        }
        md.Append("\n## Shards\n\n| shard | format | written | items | kept | dropped | unreadable | problem |\n|---|---|---|---:|---:|---:|---:|---|\n");
        foreach (var s in Shards)
            md.Append(c, $"| {Cell(s.Input)} | {s.Format} | {(s.Written ? "yes" : "no")} | {s.Items:N0} | {s.Kept:N0} | {s.Dropped:N0} | {s.Unreadable:N0} | {Cell(s.Problem ?? "")} |\n");
        if (ProblemCount > 0)
        {
            md.Append(c, $"\n## Problems ({ProblemCount:N0}{(ProblemCount > Problems.Count ? $", the first {Problems.Count:N0}" : "")})\n\n");
            foreach (var p in Problems)
                md.Append(c, $"- {Cell(Path.GetFileName(p.Shard))}{(p.Row is { } row ? $" row {row}" : "")}: {Cell(p.Message)}\n");
        }
        return md.ToString();
    }

    /// <summary>Text for a Markdown table cell or list item: one line, pipes and markup characters escaped.</summary>
    private static string Cell(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (ch is '|' or '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>') sb.Append('\\').Append(ch);
            else if (char.IsControl(ch)) sb.Append(' ');
            else sb.Append(ch);
        }
        return sb.ToString();
    }

    private static string Code(string text) => text.Replace('`', '\'').ReplaceLineEndings(" ");
}
