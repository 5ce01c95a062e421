namespace Candor.Disclose;

/// <summary>What <see cref="Discloser.Apply"/> did with one file.</summary>
public enum DisclosureStatus
{
    /// <summary>The disclosure was written (and signed, when asked).</summary>
    Written,

    /// <summary>Nothing was written: a dry run, or nothing to declare for this file.</summary>
    Planned,

    /// <summary>Nothing was written: the file carries Content Credentials, which any change invalidates, and neither re-signing nor force was asked for.</summary>
    RefusedContentCredentials,

    /// <summary>Nothing was written: the output file named with <c>--out</c> exists and <see cref="DisclosureRequest.Overwrite"/> was not asked for.</summary>
    RefusedOutputExists,

    /// <summary>The file could not be read, planned or written; it is unchanged.</summary>
    Failed,
}
