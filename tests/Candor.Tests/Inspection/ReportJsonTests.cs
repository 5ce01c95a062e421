using System.Text.Json;
using Candor.Formats;
using Candor.Inspection;
using Candor.Metadata;
using Candor.Provenance;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Inspection;

/// <summary>
/// The hand-written report writer gives, byte for byte, what System.Text.Json's source-generated metadata gives
/// (the schema's reference): on every corpus file's report and on generated reports.
/// </summary>
public class ReportJsonTests
{
    private static string Reference(ProvenanceReport report, bool indented) =>
        JsonSerializer.Serialize(report, indented ? ReportJsonContext.Indented.ProvenanceReport : ReportJsonContext.Default.ProvenanceReport);

    private static void SameAsSerializer(ProvenanceReport report)
    {
        Assert.Equal(Reference(report, indented: false), ReportJson.Serialize(report, indented: false));
        Assert.Equal(Reference(report, indented: true), ReportJson.Serialize(report, indented: true));
    }

    [SkippableFact]
    public void Every_corpus_report_is_written_as_the_serializer_writes_it()
    {
        var root = Corpus.Path(".");
        var files = new[] { "generators", "c2pa", "photos", "darktable", "signals", "pdq" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*", SearchOption.AllDirectories))
            .Where(f => !f.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        var inspector = new Inspector(new InspectOptions { IncludeRaw = true });
        var kinds = new HashSet<string>();
        foreach (var file in files)
        {
            var report = inspector.Inspect(file);
            SameAsSerializer(report);
            if (report.Generators.Count > 0) kinds.Add("generator");
            if (report.Generators.Any(g => g.Controls.Count > 0)) kinds.Add("control");
            if (report.Generators.Any(g => g.Models.Any(m => m.Hashes.Count > 0))) kinds.Add("hash");
            if (report.Disclosure.C2pa is not null) kinds.Add("c2pa");
            if (report.Disclosure.Training.Count > 0) kinds.Add("training");
            if (report.Disclosure.DigitalSourceTypes.Count > 0) kinds.Add("source type");
            if (report.Error is not null) kinds.Add("error");
        }
        Assert.True(files.Count > 150, $"only {files.Count} corpus files");
        Assert.Equal(["c2pa", "control", "error", "generator", "hash", "source type", "training"], kinds.Order());
    }

    [Fact]
    public void Enum_tables_name_every_member_in_order()
    {
        Assert.Equal(Enum.GetNames<AiUse>(), ReportJsonWriter.AiUseNames);
        Assert.Equal(Enum.GetNames<Confidence>(), ReportJsonWriter.ConfidenceNames);
        Assert.Equal(Enum.GetNames<ModelRole>(), ReportJsonWriter.ModelRoleNames);
        Assert.Equal(Enum.GetNames<HashKind>(), ReportJsonWriter.HashKindNames);
        Assert.Equal(Enum.GetNames<ControlKind>(), ReportJsonWriter.ControlKindNames);
        Assert.Equal(Enum.GetNames<ControlRisk>(), ReportJsonWriter.ControlRiskNames);
        Assert.Equal(Enum.GetNames<FindingSeverity>(), ReportJsonWriter.FindingSeverityNames);
        Assert.Equal(Enum.GetNames<ModelCheckStatus>(), ReportJsonWriter.ModelCheckStatusNames);
        Assert.Equal(Enum.GetNames<FormatErrorKind>(), ReportJsonWriter.FormatErrorKindNames);
        foreach (var type in new[] { typeof(AiUse), typeof(Confidence), typeof(ModelRole), typeof(HashKind), typeof(ControlKind), typeof(ControlRisk), typeof(FindingSeverity), typeof(ModelCheckStatus), typeof(FormatErrorKind) })
            Assert.Equal(Enumerable.Range(0, Enum.GetNames(type).Length), Enum.GetValuesAsUnderlyingType(type).Cast<int>());
    }

    [Fact]
    public void Generated_reports_are_written_as_the_serializer_writes_them() =>
        Prop.ForAll(Reports(), report =>
        {
            SameAsSerializer(report);
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));

    // Text with what escaping treats differently: quotes, backslashes, control characters, HTML-sensitive characters,
    // non-ASCII, pairs and lone surrogates.
    private static Gen<string> Text() =>
        Gen.ListOf(Gen.OneOf(
                Gen.Elements("a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u0001", "\u007f", "<", ">", "&", "'", "+", "`", "é", "→", "中", "😀", "\ud800", "\udfff", "\u2028", "\ufeff"),
                Gen.Choose(0x20, 0x7e).Select(c => ((char)c).ToString())))
            .Select(parts => string.Concat(parts.Take(12)));

    private static Gen<string?> MaybeText() => Gen.Frequency((1, Gen.Constant<string?>(null)), (3, Text().Select(s => (string?)s)));

    private static Gen<T?> Maybe<T>(Gen<T> gen) where T : struct => Gen.Frequency((1, Gen.Constant<T?>(null)), (2, gen.Select(v => (T?)v)));

    // Defined members and now and then a value the enum does not name (written as a number).
    private static Gen<T> EnumValue<T>() where T : struct, Enum =>
        Gen.Frequency((8, Gen.Elements(Enum.GetValues<T>())), (1, Gen.Choose(-3, 40).Select(i => (T)(object)i)));

    private static Gen<double> Double() =>
        Gen.OneOf(Gen.Choose(-1000, 1000).Select(i => i / 8.0), Gen.Elements(0.1, 1e-7, 123456789.125, -0.0, 1e300, double.Epsilon, 7.0));

    private static Gen<List<T>> Few<T>(Gen<T> gen) => Gen.ListOf(gen).Select(l => l.Take(3).ToList());

    private static Gen<Evidence> EvidenceGen() =>
        from block in Text()
        from key in MaybeText()
        from line in Maybe(Gen.Choose(-5, 100000))
        from offset in Maybe(Gen.Choose(0, int.MaxValue).Select(i => (long)i * 7))
        select new Evidence(block, key, line, offset);

    private static Gen<Finding> FindingGen() =>
        from severity in EnumValue<FindingSeverity>()
        from code in Text()
        from message in Text()
        from evidence in Few(EvidenceGen())
        select new Finding(severity, code, message, evidence);

    private static Gen<List<KeyValuePair<string, string>>> Pairs() =>
        Few(from k in Text() from v in Text() select KeyValuePair.Create(k, v));

    private static Gen<GeneratorReport> GeneratorGen()
    {
        var parameters = from texts in Gen.ArrayOf(MaybeText(), 6)
                         from ints in Gen.ArrayOf(Maybe(Gen.Choose(-10, 100000)), 4)
                         from doubles in Gen.ArrayOf(Maybe(Double()), 2)
                         from other in Pairs()
                         select (texts, ints, doubles, other);
        var hash = from kind in EnumValue<HashKind>() from value in Text() from e in EvidenceGen() select new ClaimedHash(kind, value, e);
        var model = from role in EnumValue<ModelRole>()
                    from name in Text()
                    from weight in Maybe(Double())
                    from hashes in Few(hash)
                    from e in EvidenceGen()
                    select (role, name, weight, hashes, e);
        var control = from kind in EnumValue<ControlKind>()
                      from texts in Gen.ArrayOf(MaybeText(), 3)
                      from weight in Maybe(Double())
                      from risk in EnumValue<ControlRisk>()
                      from identity in Gen.Elements(true, false)
                      from settings in Pairs()
                      from e in EvidenceGen()
                      select (kind, texts, weight, risk, identity, settings, e);
        return from tool in Text()
               from parser in Text()
               from version in MaybeText()
               from confidence in EnumValue<Confidence>()
               from evidence in Few(EvidenceGen())
               from p in parameters
               from models in Few(model)
               from controls in Few(control)
               from findings in Few(FindingGen())
               select Build(tool, parser, version, confidence, evidence, p, models, controls, findings);

        static GeneratorReport Build(string tool, string parser, string? version, Confidence confidence, List<Evidence> evidence,
            (string?[] Texts, int?[] Ints, double?[] Doubles, List<KeyValuePair<string, string>> Other) p,
            List<(ModelRole, string, double?, List<ClaimedHash>, Evidence)> models,
            List<(ControlKind, string?[], double?, ControlRisk, bool, List<KeyValuePair<string, string>>, Evidence)> controls, List<Finding> findings)
        {
            var g = new GeneratorReport { Tool = tool, Parser = parser, Version = version, Confidence = confidence };
            g.Evidence.AddRange(evidence);
            var q = g.Parameters;
            (q.Prompt, q.NegativePrompt, q.Seed, q.Sampler, q.Scheduler, q.Version) = (p.Texts[0], p.Texts[1], p.Texts[2], p.Texts[3], p.Texts[4], p.Texts[5]);
            (q.Steps, q.Width, q.Height, q.ClipSkip) = (p.Ints[0], p.Ints[1], p.Ints[2], p.Ints[3]);
            (q.CfgScale, q.Denoise) = (p.Doubles[0], p.Doubles[1]);
            q.Other.AddRange(p.Other);
            foreach (var (role, name, weight, hashes, e) in models)
            {
                var m = new ModelReference { Role = role, Name = name, Weight = weight, Evidence = e };
                m.Hashes.AddRange(hashes);
                g.Models.Add(m);
            }
            foreach (var (kind, texts, weight, risk, identity, settings, e) in controls)
            {
                var c = new ControlInput { Kind = kind, Module = texts[0], Model = texts[1], RiskReason = texts[2], Weight = weight, Risk = risk, Identity = identity, Evidence = e };
                c.Settings.AddRange(settings);
                g.Controls.Add(c);
            }
            g.Findings.AddRange(findings);
            return g;
        }
    }

    private static Gen<C2paOverview?> C2paGen() =>
        Gen.Frequency((1, Gen.Constant<C2paOverview?>(null)), (1,
            from texts in Gen.ArrayOf(MaybeText(), 5)
            from count in Gen.Choose(0, 9)
            from lists in Gen.ArrayOf(Few(Text()), 3)
            from e in EvidenceGen()
            select (C2paOverview?)Overview(texts, count, lists, e)));

    private static C2paOverview Overview(string?[] texts, int count, List<string>[] lists, Evidence e)
    {
        var o = new C2paOverview { Evidence = e, ActiveManifest = texts[0], ManifestCount = count, ClaimGenerator = texts[1], Signer = texts[2], Title = texts[3], Validation = texts[4] };
        o.Actions.AddRange(lists[0]);
        o.Ingredients.AddRange(lists[1]);
        o.ValidationFailures.AddRange(lists[2]);
        return o;
    }

    private static Gen<RawContents?> RawGen()
    {
        var block = from type in Text()
                    from numbers in Gen.ArrayOf(Gen.Choose(0, int.MaxValue).Select(i => (long)i), 4)
                    from label in MaybeText()
                    from problems in Few(Text())
                    select new ContainerBlock { Type = type, Offset = numbers[0], Length = numbers[1], DataOffset = numbers[2], DataLength = numbers[3], Label = label, Problems = problems };
        var field = from texts in Gen.ArrayOf(Text(), 3) from note in MaybeText() from e in EvidenceGen() select new MetadataField(texts[0], texts[1], texts[2], e) { Note = note };
        return Gen.Frequency((2, Gen.Constant<RawContents?>(null)), (1,
            from blocks in Few(block)
            from fields in Few(field)
            from problems in Few(Text())
            select (RawContents?)Raw(blocks, fields, problems)));

        static RawContents Raw(List<ContainerBlock> blocks, List<MetadataField> fields, List<string> problems)
        {
            var raw = new RawContents();
            raw.Blocks.AddRange(blocks);
            raw.Fields.AddRange(fields);
            raw.Problems.AddRange(problems);
            return raw;
        }
    }

    private static Gen<List<SoftwareMention>?> SoftwareGen() =>
        Gen.Frequency((2, Gen.Constant<List<SoftwareMention>?>(null)),
            (1, Few(from name in Text() from e in EvidenceGen() select new SoftwareMention(name, e)).Select(l => (List<SoftwareMention>?)l)));

    private static Gen<List<ModelCheck>?> ChecksGen()
    {
        var check = from texts in Gen.ArrayOf(MaybeText(), 2)
                    from model in Text()
                    from detail in Text()
                    from role in EnumValue<ModelRole>()
                    from kind in Maybe(EnumValue<HashKind>())
                    from status in EnumValue<ModelCheckStatus>()
                    select new ModelCheck(model, role, texts[0], kind, status, texts[1], detail);
        return Gen.Frequency((2, Gen.Constant<List<ModelCheck>?>(null)), (1, Few(check).Select(l => (List<ModelCheck>?)l)));
    }

    private static Arbitrary<ProvenanceReport> Reports()
    {
        var sourceType = from texts in Gen.ArrayOf(MaybeText(), 3)
                         from value in Text()
                         from retired in Gen.Elements(true, false)
                         from e in EvidenceGen()
                         select new SourceTypeClaim(value, texts[0], texts[1], retired, texts[2], e);
        var training = from texts in Gen.ArrayOf(Text(), 3)
                       from prohibits in Gen.Elements(true, false)
                       from e in EvidenceGen()
                       select new TrainingPermission(texts[0], texts[1], texts[2], prohibits, e);
        var head = from path in Text()
                   from format in MaybeText()
                   from mime in MaybeText()
                   from size in Gen.Choose(0, int.MaxValue).Select(i => (long)i * 3)
                   from width in Maybe(Gen.Choose(0, 65535))
                   from height in Maybe(Gen.Choose(0, 65535))
                   from error in MaybeText()
                   from kind in Maybe(EnumValue<FormatErrorKind>())
                   select new ProvenanceReport { Path = path, Format = format, MimeType = mime, FileSize = size, Width = width, Height = height, Error = error, ErrorKind = kind };
        var ai = from use in EnumValue<AiUse>() from summary in Text() from evidence in Few(EvidenceGen()) select (use, summary, evidence);
        var report = from r in head
                     from a in ai
                     from generators in Few(GeneratorGen())
                     from types in Few(sourceType)
                     from permissions in Few(training)
                     from c2pa in C2paGen()
                     from findings in Few(FindingGen())
                     from checks in ChecksGen()
                     from raw in RawGen()
                     from software in SoftwareGen()
                     select Fill(r, a, generators, types, permissions, c2pa, findings, checks, raw, software);
        return report.ToArbitrary();

        static ProvenanceReport Fill(ProvenanceReport r, (AiUse Use, string Summary, List<Evidence> Evidence) ai, List<GeneratorReport> generators,
            List<SourceTypeClaim> types, List<TrainingPermission> training, C2paOverview? c2pa, List<Finding> findings, List<ModelCheck>? checks, RawContents? raw,
            List<SoftwareMention>? software)
        {
            r.Software = software;
            (r.Ai.Use, r.Ai.Summary) = (ai.Use, ai.Summary);
            r.Ai.Evidence.AddRange(ai.Evidence);
            r.Generators.AddRange(generators);
            r.Disclosure.DigitalSourceTypes.AddRange(types);
            r.Disclosure.Training.AddRange(training);
            r.Disclosure.C2pa = c2pa;
            r.Findings.AddRange(findings);
            (r.ModelChecks, r.Raw) = (checks, raw);
            return r;
        }
    }
}
