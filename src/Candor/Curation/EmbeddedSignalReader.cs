using Candor.C2pa;
using Candor.Consent;
using Candor.Formats;
using Candor.Imaging;
using Candor.Inspection;
using Candor.Metadata;
using Candor.Watermark;

namespace Candor.Curation;

/// <summary>
/// Reads the consent signals carried inside an image's bytes, the same way <c>candor inspect</c> reads them: the XMP
/// <c>plus:DataMining</c> value (IPTC PLUS), the C2PA/CAWG training-and-mining assertion of the active manifest, and —
/// when <see cref="Watermark"/> is on — Candor's public "do not train" watermark. It works on bytes, not URLs, so it is
/// not an <see cref="IConsentLookup"/>: <see cref="ConsentFilter"/> calls it for every image of a WebDataset shard and
/// adds its evidence to the lookups'. Thread-safe.
/// </summary>
/// <remarks>
/// Cost (measured in <c>docs/consent-filter.md</c>): the metadata pass parses the container's blocks only; the watermark
/// pass decodes the pixels and runs the detector, which is one to two orders of magnitude slower, hence off by default.
/// </remarks>
/// <param name="metadata">Read IPTC PLUS Data Mining and C2PA training-mining (default on).</param>
/// <param name="watermark">Look for the public "do not train" watermark in the pixels (default off: it decodes every image).</param>
public sealed class EmbeddedSignalReader(bool metadata = true, bool watermark = false)
{
    /// <summary>True when XMP and C2PA are read.</summary>
    public bool Metadata { get; } = metadata;

    /// <summary>True when the pixels are searched for the public "do not train" watermark.</summary>
    public bool Watermark { get; } = watermark;

    /// <summary>What is read, in words, for reports.</summary>
    public override string ToString() =>
        (Metadata, Watermark) switch
        {
            (true, true) => "IPTC PLUS Data Mining, C2PA training-mining, do-not-train watermark",
            (true, false) => "IPTC PLUS Data Mining, C2PA training-mining",
            (false, true) => "do-not-train watermark",
            _ => "none",
        };

    /// <summary>
    /// The evidence <paramref name="image"/> carries about <paramref name="use"/>, each piece with <paramref name="source"/>
    /// as its source. Empty when it says nothing, or when the bytes are not an image Candor reads (never throws for bad bytes).
    /// </summary>
    public IReadOnlyList<ConsentEvidence> Read(ReadOnlyMemory<byte> image, string source, ConsentUse use)
    {
        ArgumentNullException.ThrowIfNull(source);
        var evidence = new List<ConsentEvidence>();
        if (image.IsEmpty) return evidence;
        using var stream = AsStream(image);
        if (Metadata) ReadMetadata(stream, source, use, evidence);
        if (Watermark) ReadWatermark(stream, source, use, evidence);
        return evidence;
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> image) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(image, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(image.ToArray(), writable: false);

    private static void ReadMetadata(MemoryStream stream, string source, ConsentUse use, List<ConsentEvidence> evidence)
    {
        ContainerScan scan;
        try
        {
            stream.Position = 0;
            scan = ContainerRegistry.Scan(stream);
        }
        catch (Exception e) when (e is CandorFormatException or NotSupportedException or EndOfStreamException)
        {
            return;
        }
        foreach (var field in MetadataExtraction.Extract(scan).Fields)
        {
            if (field.Group != FieldGroups.Xmp || field.Name != "plus:DataMining") continue;
            evidence.Add(DataMiningEvidence(field.Value, source, use));
        }
        foreach (var payload in scan.Payloads)
        {
            if (payload.Kind != PayloadKind.C2pa) continue;
            C2paManifestStore store;
            try
            {
                store = ManifestStoreReader.Read(payload.Data, payload.Evidence.Offset ?? 0);
            }
            catch (CandorFormatException)
            {
                continue;
            }
            if (store.ActiveManifest is not { } active) continue;
            foreach (var entry in active.TrainingMining)
                if (TrainingMiningEvidence(entry, source, use) is { } e) evidence.Add(e);
        }
    }

    /// <summary>Evidence from a <c>plus:DataMining</c> value: a refusal that covers the use forbids it; DMI-ALLOWED allows it.</summary>
    internal static ConsentEvidence DataMiningEvidence(string value, string source, ConsentUse use)
    {
        var term = DataMining.Parse(value);
        if (term is null) return new ConsentEvidence("iptc", source, $"plus:DataMining '{value}' is not a PLUS Data Mining value", ConsentVerdict.NotStated);
        ConsentUse? refused = term.ProhibitsAllMining ? ConsentUse.DataMining
            : term.ProhibitsAiTraining ? ConsentUse.AiTraining
            : term.ProhibitsGenerativeAiTraining ? ConsentUse.GenAiTraining
            : null;
        var verdict = refused is { } r ? (ConsentUses.RefusalCovers(r, use) ? ConsentVerdict.Forbidden : ConsentVerdict.NotStated)
            : term.Code == "DMI-ALLOWED" ? ConsentVerdict.Allowed
            : ConsentVerdict.NotStated;
        return new ConsentEvidence("iptc", source, $"plus:DataMining {term.Code} ({term.Label})", verdict);
    }

    /// <summary>Evidence from one C2PA/CAWG training-mining entry; null for entries about no training or mining use (inference).</summary>
    internal static ConsentEvidence? TrainingMiningEvidence(C2paTrainingMiningEntry entry, string source, ConsentUse use)
    {
        ConsentUse? named = entry.Key switch
        {
            TrainingMiningEntries.DataMining => ConsentUse.DataMining,
            TrainingMiningEntries.AiTraining or TrainingMiningEntries.LegacyAiTraining => ConsentUse.AiTraining,
            TrainingMiningEntries.AiGenerativeTraining or TrainingMiningEntries.LegacyAiGenerativeTraining => ConsentUse.GenAiTraining,
            _ => null,
        };
        if (named is not { } entryUse) return null;
        var value = TrainingMiningEntries.NormalizeUse(entry.Use ?? "");
        var verdict = value switch
        {
            TrainingMiningEntries.NotAllowed when ConsentUses.RefusalCovers(entryUse, use) => ConsentVerdict.Forbidden,
            TrainingMiningEntries.Allowed when entryUse == use => ConsentVerdict.Allowed,
            _ => ConsentVerdict.NotStated,
        };
        return new ConsentEvidence("c2pa", $"{source} ({entry.AssertionLabel})", TrainingMiningEntries.Meaning(entry.Key, entry.Use, entry.ConstraintInfo), verdict);
    }

    private static void ReadWatermark(MemoryStream stream, string source, ConsentUse use, List<ConsentEvidence> evidence)
    {
        ReducedImage image;
        try
        {
            stream.Position = 0;
            image = ImageCodec.DecodeReduced(stream, WatermarkDetector.WorkingSize);
        }
        catch (Exception e) when (e is CandorFormatException or NotSupportedException or InvalidOperationException or DllNotFoundException)
        {
            return;
        }
        if (image.SourceWidth < 128 || image.SourceHeight < 128) return;
        var found = WatermarkDetector.Detect(image, WatermarkKey.PublicDoNotTrain);
        if (!found.Found || found.Payload?.NoTrainScope is not { } scope) return;
        var refused = scope switch
        {
            DoNotTrainScope.AllMining => ConsentUse.DataMining,
            DoNotTrainScope.AiTraining => ConsentUse.AiTraining,
            _ => ConsentUse.GenAiTraining,
        };
        evidence.Add(new ConsentEvidence("watermark", source, $"do-not-train watermark: {TrainingConsent.Meaning(scope)} (p = {found.PValue:g3})",
            ConsentUses.RefusalCovers(refused, use) ? ConsentVerdict.Forbidden : ConsentVerdict.NotStated));
    }
}
