namespace Candor;

/// <summary>The kind of problem a <see cref="CandorFormatException"/> reports, for programs that act on it.</summary>
public enum FormatErrorKind
{
    /// <summary>The bytes break the format's rules (bad signature, impossible field, inconsistent structure).</summary>
    Malformed,

    /// <summary>The data ends before a structure it declares (a length past the end, a missing end marker).</summary>
    Truncated,

    /// <summary>A safety limit was reached (decompressed size, nesting depth, element count, payload size).</summary>
    LimitExceeded,

    /// <summary>The input is well formed but uses a format, version or feature Candor does not handle.</summary>
    Unsupported,
}
