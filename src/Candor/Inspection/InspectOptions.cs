using Candor.C2pa.Validation;
using Candor.Fingerprints;
using Candor.Formats;

namespace Candor.Inspection;

/// <summary>Options for <see cref="Inspector"/>.</summary>
public sealed record InspectOptions
{
    /// <summary>Limits for hostile input.</summary>
    public ScanOptions Scan { get; init; } = ScanOptions.Default;

    /// <summary>Keep every block and field in <see cref="ProvenanceReport.Raw"/>.</summary>
    public bool IncludeRaw { get; init; }

    /// <summary>Decode pixels to look for hidden copies of the metadata (default on).</summary>
    public bool DecodePixels { get; init; } = true;

    /// <summary>Largest lossless WebP decoded for hidden data (default 64 MiB).</summary>
    public long MaxWebpBytes { get; init; } = 64L << 20;

    /// <summary>Local model files to check claimed hashes against; null to skip.</summary>
    public ModelLibrary? Models { get; init; }

    /// <summary>Look for a Candor watermark made with this key and report it as a finding; null to skip.</summary>
    public Candor.Watermark.WatermarkKey? WatermarkKey { get; init; }

    /// <summary>How Content Credentials are validated (trust anchors); null skips validation and only reads them.</summary>
    public C2paValidationOptions? C2pa { get; init; } = C2paValidationOptions.Default;
}
