using System.CommandLine;
using Candor.Consent;
using Candor.Consent.Signals;
using Candor.Curation;
using Candor.Provenance;

namespace Candor.Cli;

/// <summary>
/// <c>candor consent filter DATASET --out FILTERED</c>: drop every item a registry, a site signal or a signal embedded in
/// its image forbids for the chosen use, write the rest back in the same format, and an audit beside it.
/// </summary>
internal static class ConsentFilterCommand
{
    /// <summary>The <c>consent filter</c> subcommand (the <c>consent</c> command is <see cref="RegistryCommand"/>).</summary>
    internal static Command Filter()
    {
        var dataset = new Argument<string>("dataset") { Description = "A data-set file or folder (Parquet, CSV/TSV, JSON Lines, their .gz, img2dataset WebDataset tars)." };
        var output = new Option<string>("--out", "-o") { Description = "The folder to write the filtered data set and the audit (consent-filter.json, consent-filter.md) into.", Required = true };
        var registry = new Option<string?>("--registry") { Description = "A Candor consent registry's address (POST /api/consent/check)." };
        var keyFile = new Option<string?>("--api-key-file") { Description = "A file holding the registry's API key (sent as 'Authorization: API <key>')." };
        var store = new Option<string?>("--store") { Description = "A local registry store to check against: sqlite:PATH (or a plain path) or postgres:CONNECTION-STRING." };
        var use = new Option<string>("--use") { Description = "The use to filter for: ai-training, genai-training or tdm.", DefaultValueFactory = _ => "ai-training" };
        use.AcceptOnlyFromAmong([.. ConsentUses.Words]);
        var fetch = new Option<bool>("--fetch-signals") { Description = "Also fetch each site's signals (robots.txt, ai.txt, TDMRep, X-Robots-Tag, HTML meta) — with a per-host cache and a politeness delay." };
        var fetchDelay = new Option<int>("--fetch-delay") { Description = "With --fetch-signals: milliseconds between two requests to one host (default 1000).", DefaultValueFactory = _ => 1000 };
        fetchDelay.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 60_000) r.AddError("--fetch-delay must be between 0 and 60000 milliseconds");
        });
        var noEmbedded = new Option<bool>("--no-embedded") { Description = "Do not read IPTC PLUS Data Mining and C2PA training-mining from WebDataset images." };
        var watermark = new Option<bool>("--watermark") { Description = "Also look for the public do-not-train watermark in WebDataset images (decodes every image: slow)." };
        var json = new Option<bool>("--json") { Description = "Print the audit as JSON (schema candor.consent-filter/1)." };
        var command = new Command("filter", "Write DATASET without the items whose use is forbidden, in the same format, with an audit of what was dropped and why.");
        command.Arguments.Add(dataset);
        foreach (var o in new Option[] { output, registry, keyFile, store, use, fetch, fetchDelay, noEmbedded, watermark, json }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            ConsentUses.TryParse(parse.GetValue(use), out var chosen, out _);
            var lookups = new List<IConsentLookup>();
            RegistryCommand.OpenRegistry? local = null;
            try
            {
                var site = parse.GetValue(fetch) ? new SiteSignalOptions { PolitenessDelay = TimeSpan.FromMilliseconds(parse.GetValue(fetchDelay)) } : null;
                if (Lookups(parse.GetValue(registry), parse.GetValue(keyFile), parse.GetValue(store), site, lookups) is { } usage)
                {
                    Terminal.Error(usage);
                    return ExitCodes.Usage;
                }
                if (parse.GetValue(store) is { } spec)
                {
                    // A filter must not quietly create an empty registry and drop nothing.
                    if (RegistryCommand.SqlitePath(spec) is { } file && !File.Exists(file))
                    {
                        Terminal.Error($"--store: no registry at '{spec}' (create one with 'candor consent owner add NAME --store {spec}')");
                        return ExitCodes.Usage;
                    }
                    local = await RegistryCommand.OpenAsync(spec, ct);
                    lookups.Add(local.Registry);
                }
                var embedded = parse.GetValue(noEmbedded) && !parse.GetValue(watermark) ? null : new EmbeddedSignalReader(!parse.GetValue(noEmbedded), parse.GetValue(watermark));
                var filter = new ConsentFilter(lookups, new ConsentFilterOptions { Use = chosen, Embedded = embedded });
                return await Run(filter, parse.GetValue(dataset)!, parse.GetValue(output)!, parse.GetValue(json), ct);
            }
            finally
            {
                foreach (var l in lookups) (l as IDisposable)?.Dispose();
                if (local is not null) await local.DisposeAsync();
            }
        });
        return command;
    }

    /// <summary>Builds the lookups the options ask for; a message when they are wrong.</summary>
    private static string? Lookups(string? registry, string? keyFile, string? store, SiteSignalOptions? site, List<IConsentLookup> lookups)
    {
        if (registry is null && store is null && site is null) return "nothing to check against: give --registry URL, --store PATH or --fetch-signals";
        if (keyFile is not null && registry is null) return "--api-key-file needs --registry";
        if (registry is not null)
        {
            if (!Uri.TryCreate(registry, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                return $"--registry: '{registry}' is not an http or https address";
            string? key = null;
            if (keyFile is not null)
            {
                try
                {
                    key = File.ReadAllText(keyFile).Trim();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return $"--api-key-file: {e.Message}";
                }
                if (key.Length == 0 || key.AsSpan().IndexOfAny('\r', '\n') >= 0) return $"--api-key-file: {keyFile} must hold the key on one line";
            }
            lookups.Add(new RegistryClient(uri, key));
        }
        if (site is not null) lookups.Add(new SiteSignalLookup(site));
        return null;
    }

    private static async Task<int> Run(ConsentFilter filter, string dataset, string output, bool json, CancellationToken ct)
    {
        ConsentFilterReport report;
        // One line on stderr, rewritten in place on a terminal; elsewhere (a log) one line per finished shard.
        var showProgress = Environment.GetEnvironmentVariable("CI") is null;
        var live = !Console.IsErrorRedirected;
        var last = DateTime.MinValue;
        var done = -1;
        var progress = new SyncProgress<ConsentFilterProgress>(p =>
        {
            if (!showProgress) return;
            var line = $"candor: {p.ShardsDone}/{p.ShardsTotal} shards · {p.Items:N0} items · {p.Dropped:N0} dropped · {TerminalText.Visible(p.Shard)}";
            if (!live)
            {
                if (p.ShardsDone != done) Console.Error.WriteLine(line);
                done = p.ShardsDone;
                return;
            }
            if ((DateTime.UtcNow - last).TotalMilliseconds < 200 && p.ShardsDone < p.ShardsTotal) return;
            last = DateTime.UtcNow;
            Console.Error.Write($"\r{line}\u001b[K");
        });
        try
        {
            report = await filter.RunAsync(dataset, output, progress, ct);
        }
        catch (Exception e) when (e is CandorFormatException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            if (showProgress && live) Console.Error.WriteLine();
            Terminal.Error($"{dataset}: {(e is CandorFormatException f ? f.Describe() : e.Message)}");
            return ExitCodes.SomeFailed;
        }
        if (showProgress && live) Console.Error.WriteLine();
        if (json) Console.Out.WriteLine(report.ToJson());
        else
        {
            Terminal.WriteLine($"{report.Dataset} → {report.Output} ({ConsentUses.Word(report.Use)})");
            Terminal.WriteLine($"  {report.Items:N0} items: {report.Kept:N0} kept, {report.Dropped:N0} dropped, {report.Unreadable:N0} unreadable rows left out");
            foreach (var r in report.Reasons.Where(r => r.Dropped).Take(10))
                Terminal.WriteLine($"  dropped {r.Count:N0}: {(r.Signal.Length == 0 ? "" : r.Signal + ": ")}{r.Detail}");
            if (report.ShardsSkipped > 0) Terminal.WriteLine($"  {report.ShardsSkipped} of {report.Shards.Count} shards not written");
            if (report.Stopped is not null) Terminal.WriteLine($"  stopped early: {report.Stopped}");
            Terminal.WriteLine($"  audit: {Path.Combine(report.Output, ConsentFilter.AuditMarkdownName)}");
        }
        return report.Stopped is null && report.ShardsSkipped == 0 ? ExitCodes.Ok : ExitCodes.SomeFailed;
    }

    /// <summary>Reports on the thread that raises it (the filter runs on one thread at a time).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
