using Candor.C2pa;
using Candor.C2pa.Validation;
using Candor.Consent;
using Candor.FileSystem;
using Candor.Fingerprints;
using Candor.Formats;
using Candor.Generators;
using Candor.Metadata;
using Candor.Metadata.Iptc;
using Candor.Provenance;

namespace Candor.Inspection;

/// <summary>
/// Reads every piece of provenance in an image and explains it. This is the library entry point
/// behind <c>candor inspect</c>: container → fields → generator parsers (by key, then by content) → C2PA → disclosure →
/// findings → verdict. It never throws for bad input: a file that cannot be read gives a report
/// whose <see cref="ProvenanceReport.Error"/> says where and why. Thread-safe; one instance can
/// inspect many files in parallel.
/// </summary>
public sealed class Inspector
{
    /// <summary>
    /// The file buffer of an inspected file. Small on purpose: the container scans read headers and seek past image data
    /// (a PNG's IDAT chunks, a WebP's bitstream), and every read after a seek refills the whole buffer, so a 64 KiB buffer
    /// copied most of each large PNG for 8-byte chunk headers. Reads larger than the buffer bypass it.
    /// </summary>
    internal const int FileBufferBytes = 4096;

    private readonly InspectOptions _options;

    /// <summary>Creates an inspector with <paramref name="options"/> (defaults when null).</summary>
    public Inspector(InspectOptions? options = null) => _options = options ?? new InspectOptions();

    /// <summary>Inspects the file at <paramref name="path"/>.</summary>
    public ProvenanceReport Inspect(string path)
    {
        try
        {
            using var stream = RegularFile.OpenRead(path, FileOptions.RandomAccess, FileBufferBytes);
            return Inspect(stream, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(path, 0, e.Message);
        }
    }

    /// <summary>
    /// Inspects <paramref name="stream"/> (seekable), reporting it under <paramref name="name"/>. A file whose reading
    /// runs out of memory (an allocation the process cannot make) becomes a report with an error of kind
    /// <see cref="FormatErrorKind.LimitExceeded"/>, so one file never ends a batch.
    /// </summary>
    public ProvenanceReport Inspect(Stream stream, string name)
    {
        if (!stream.CanSeek) throw new ArgumentException("The stream must be seekable.", nameof(stream));
        var size = stream.Length;
        try
        {
            return Inspect(stream, name, size);
        }
        catch (OutOfMemoryException)
        {
            // The failed allocation was never made and nothing half-built survives this file, so the next one starts clean.
            return Failed(name, size, "the file is too large to inspect: reading it needs more memory than is available", FormatErrorKind.LimitExceeded);
        }
    }

    private ProvenanceReport Inspect(Stream stream, string name, long size)
    {
        ContainerScan scan;
        try
        {
            stream.Position = 0;
            scan = ContainerRegistry.Scan(stream, _options.Scan);
        }
        catch (CandorFormatException e)
        {
            return Failed(name, size, e.Describe(), e.Kind);
        }

        var report = new ProvenanceReport
        {
            Path = name,
            Format = scan.Format,
            MimeType = scan.MimeType,
            FileSize = size,
            Width = scan.Width,
            Height = scan.Height,
        };
        var extracted = MetadataExtraction.Extract(scan);
        // The container's own problems (a CRC mismatch, bytes after the end marker) did not stop reading;
        // a payload that could not be decoded did lose information.
        foreach (var p in scan.Problems)
            report.Findings.Add(new Finding(FindingSeverity.Warning, "container-anomaly", p, new Evidence(scan.Format)));
        foreach (var p in extracted.Problems)
            report.Findings.Add(new Finding(FindingSeverity.Error, "unreadable-block", p, new Evidence(scan.Format)));
        foreach (var r in extracted.Repairs)
            report.Findings.Add(new Finding(FindingSeverity.Warning, "xmp-repaired", r, new Evidence(scan.Format)));

        var context = CreateContext(stream, scan, extracted.Fields, _options);
        foreach (var parser in GeneratorRegistry.Parsers)
        {
            try
            {
                report.Generators.AddRange(parser.Parse(context));
            }
            catch (CandorFormatException e)
            {
                report.Findings.Add(new Finding(FindingSeverity.Error, "generator-metadata-unreadable",
                    $"{parser.Id}: {e.Describe()}", new Evidence(scan.Format)));
            }
        }
        // Then generator texts in fields no parser reads, recognised by their content.
        report.Generators.AddRange(MisplacedGeneratorText.Parse(context, report.Generators).ToList());
        report.Findings.AddRange(context.Findings);

        ReadC2pa(stream, scan, report);
        ReadDisclosures(extracted.Fields, report);
        report.Software = SoftwareMention.From(extracted.Fields);
        foreach (var g in report.Generators) report.Findings.AddRange(g.Findings);
        ProvenanceRules.Apply(report, extracted.Fields);

        if (_options.Models is { } library) report.ModelChecks = CheckModels(library, report);
        if (_options.WatermarkKey is { } watermarkKey) report.Findings.Add(WatermarkFinding.Detect(stream, watermarkKey));
        if (_options.IncludeRaw)
        {
            var raw = new RawContents();
            raw.Blocks.AddRange(scan.Blocks);
            raw.Fields.AddRange(extracted.Fields);
            raw.Fields.AddRange(context.Derived);
            raw.Problems.AddRange(scan.Problems);
            raw.Problems.AddRange(extracted.Problems);
            report.Raw = raw;
        }
        return report;
    }

    /// <summary>
    /// The context generator parsers see: the decoded fields, and the file's pixels decoded on demand
    /// (a cheap first-rows peek, then the whole image) for the readers of hidden copies. The stream
    /// must stay open while the context is used.
    /// </summary>
    internal static GeneratorContext CreateContext(Stream stream, ContainerScan scan, IReadOnlyList<MetadataField> fields, InspectOptions options)
    {
        var pixels = new PixelSource(stream, scan, options);
        return new GeneratorContext(fields, pixels.Full, scan.Format, pixels.CanPeek ? pixels.Top : null);
    }

    private static ProvenanceReport Failed(string name, long size, string message, FormatErrorKind? kind = null)
    {
        var report = new ProvenanceReport { Path = name, FileSize = size, Error = message, ErrorKind = kind };
        report.Ai.Use = AiUse.Unreadable;
        report.Ai.Summary = "The file could not be read, so nothing can be said about its provenance.";
        return report;
    }

    private void ReadC2pa(Stream stream, ContainerScan scan, ProvenanceReport report)
    {
        foreach (var payload in scan.Payloads.Where(p => p.Kind == PayloadKind.C2pa))
        {
            try
            {
                var store = ManifestStoreReader.Read(payload.Data, payload.Evidence.Offset ?? 0);
                report.Generators.AddRange(C2paGenerators.ToGeneratorReports(store, payload.Evidence));
                var active = store.ActiveManifest;
                var overview = new C2paOverview { Evidence = payload.Evidence, ManifestCount = store.Manifests.Count };
                foreach (var m in store.Manifests)
                {
                    var where = ReferenceEquals(m, active) ? "" : $" [in manifest {m.Label}]";
                    overview.Actions.AddRange(m.Actions.Select(a => (a.SoftwareAgent is null ? a.Action : $"{a.Action} by {a.SoftwareAgent}") + where));
                    foreach (var problem in m.Problems)
                        report.Findings.Add(new Finding(FindingSeverity.Warning, "c2pa-assertion-unreadable", $"C2PA manifest '{m.Label}': {problem}", payload.Evidence));
                    foreach (var t in m.TrainingMining)
                        report.Disclosure.Training.Add(TrainingEntry(t, m, payload.Evidence));
                    foreach (var a in m.Actions.Where(a => a.Action == "c2pa.created" && a.DigitalSourceType is null))
                        report.Findings.Add(new Finding(FindingSeverity.Warning, "c2pa-created-without-source-type",
                            "The C2PA \"created\" action declares no digitalSourceType, so the manifest itself does not say whether AI made the image.",
                            payload.Evidence with { Block = $"C2PA manifest '{m.Label}'", Key = a.AssertionLabel, Offset = a.Offset }));
                }
                if (active is not null)
                {
                    overview.ActiveManifest = active.Label;
                    overview.ClaimGenerator = active.ClaimGenerator ?? (active.ClaimGeneratorInfo.Count > 0 ? active.ClaimGeneratorInfo[0].ToString() : null);
                    overview.Signer = active.Signature is { } sig ? string.Join(", ", new[] { sig.SubjectCommonName, sig.SubjectOrganization }.Where(x => x is not null).Distinct()) : null;
                    if (overview.Signer is "") overview.Signer = null;
                    overview.Title = active.Title;
                    overview.Ingredients.AddRange(active.Ingredients.Select(i => $"{i.Relationship ?? "ingredient"}: {i.Title ?? i.InstanceId ?? "(untitled)"}"));
                }
                foreach (var p in store.Problems)
                    report.Findings.Add(new Finding(FindingSeverity.Warning, "c2pa-assertion-unreadable", p, payload.Evidence));
                if (_options.C2pa is { } validation && ReferenceEquals(payload, scan.Payloads.First(p => p.Kind == PayloadKind.C2pa)))
                    Validate(stream, scan, payload, store, validation, overview, report);
                report.Disclosure.C2pa = overview;
                foreach (var d in C2paGenerators.DeclaredSourceTypes(store, payload.Evidence))
                    report.Disclosure.DigitalSourceTypes.Add(SourceType(d.Uri, d.Evidence));
            }
            catch (CandorFormatException e)
            {
                report.Findings.Add(new Finding(FindingSeverity.Error, "c2pa-unreadable", $"The C2PA manifest store could not be read: {e.Describe()}", payload.Evidence));
            }
        }
    }

    // The reference's verdict on the store, and a finding when it is not sound.
    private static void Validate(Stream stream, ContainerScan scan, RawPayload payload, C2paManifestStore store, C2paValidationOptions options, C2paOverview overview, ProvenanceReport report)
    {
        var result = C2paValidator.Validate(store, stream, DataHashValidator.StoreRanges(scan, stream, payload), options);
        overview.Validation = result.State?.ToString();
        var failures = result.VerdictFailures.ToList();
        overview.ValidationFailures.AddRange(failures.Select(f => f.Code).Distinct());
        if (result.State == C2paValidationState.Invalid)
            report.Findings.Add(new Finding(FindingSeverity.Error, "c2pa-invalid",
                "The Content Credentials do not validate: " + string.Join("; ", failures.Select(f => $"{f.Code} ({f.Message})").Distinct()),
                payload.Evidence));
    }

    private static TrainingPermission TrainingEntry(C2paTrainingMiningEntry t, C2paManifestSummary m, Evidence store)
    {
        var prohibits = TrainingMiningEntries.ProhibitsAiTraining(t.Key, t.Use);
        var meaning = TrainingMiningEntries.Meaning(t.Key, t.Use, t.ConstraintInfo);
        var scheme = t.AssertionLabel.StartsWith("cawg.", StringComparison.Ordinal) ? "CAWG training-mining" : "C2PA training-mining";
        return new TrainingPermission(scheme, $"{t.Key}={t.Use}", meaning, prohibits, store with { Block = $"C2PA manifest '{m.Label}'", Key = t.AssertionLabel });
    }

    private static void ReadDisclosures(IReadOnlyList<MetadataField> fields, ProvenanceReport report)
    {
        foreach (var f in fields)
        {
            if (f.Group != FieldGroups.Xmp) continue;
            if (f.Name == "Iptc4xmpExt:DigitalSourceType")
                report.Disclosure.DigitalSourceTypes.Add(SourceType(f.Value, f.Evidence));
            else if (f.Name == "plus:DataMining")
            {
                var dm = DataMining.Parse(f.Value);
                report.Disclosure.Training.Add(new TrainingPermission("PLUS Data Mining", f.Value,
                    dm?.Meaning ?? "Not a PLUS Data Mining vocabulary value.",
                    dm is not null && (dm.ProhibitsAiTraining || dm.ProhibitsGenerativeAiTraining || dm.ProhibitsAllMining), f.Evidence));
            }
        }
    }

    internal static SourceTypeClaim SourceType(string value, Evidence evidence)
    {
        var dst = DigitalSourceType.Parse(value);
        return new SourceTypeClaim(value, dst?.Code, dst?.Label, dst?.IsRetired ?? false, dst?.AiRole.ToString(), evidence);
    }

    private static List<ModelCheck> CheckModels(ModelLibrary library, ProvenanceReport report)
    {
        var checks = new List<ModelCheck>();
        foreach (var model in report.Generators.SelectMany(g => g.Models))
        {
            var result = library.Match(model);
            if (result.Checks.Count == 0)
            {
                var same = result.SameName.FirstOrDefault();
                checks.Add(new ModelCheck(model.Name, model.Role, null, null, same is null ? ModelCheckStatus.Unknown : ModelCheckStatus.Match,
                    same?.Path, same is null ? "No hash is claimed and no local file has this name." : "No hash is claimed; a local file has this name."));
                continue;
            }
            foreach (var c in result.Checks)
            {
                var status = c.Verdict switch
                {
                    HashVerdict.Match => ModelCheckStatus.Match,
                    HashVerdict.Mismatch => ModelCheckStatus.Mismatch,
                    _ => ModelCheckStatus.Unknown,
                };
                checks.Add(new ModelCheck(model.Name, model.Role, c.Claim.Value, c.Claim.Kind, status, (c.MatchedFile ?? c.SameNameFile)?.Path, c.Message));
            }
        }
        return checks;
    }
}
