namespace Candor;

/// <summary>
/// The one exception Candor raises for malformed, truncated or hostile input. It always says
/// where (byte offset, and the block when known), what kind of problem it is
/// (<see cref="Kind"/>) and what went wrong in plain language, so a batch can print one line for
/// the file and move on.
/// </summary>
public sealed class CandorFormatException : Exception
{
    /// <summary>Creates the exception for a problem found at <paramref name="offset"/>.</summary>
    /// <param name="message">What went wrong, in plain language.</param>
    /// <param name="offset">Byte offset of the problem; -1 when unknown.</param>
    /// <param name="block">The block the problem was found in; null for the container itself.</param>
    /// <param name="inner">The exception that revealed the problem, if any.</param>
    /// <param name="kind">What kind of problem it is (default <see cref="FormatErrorKind.Malformed"/>).</param>
    public CandorFormatException(string message, long offset = -1, string? block = null, Exception? inner = null, FormatErrorKind kind = FormatErrorKind.Malformed)
        : base(message, inner)
    {
        Offset = offset;
        Block = block;
        Kind = kind;
    }

    /// <summary>Byte offset in the file (or in the block being decoded) where the problem is; -1 when unknown.</summary>
    public long Offset { get; }

    /// <summary>The block the problem was found in, e.g. "PNG zTXt 'Comment'"; null when it is the container itself.</summary>
    public string? Block { get; }

    /// <summary>What kind of problem it is: truncated, over a limit, malformed or unsupported.</summary>
    public FormatErrorKind Kind { get; }

    /// <summary>One line for people: "at byte 0x1F3 (PNG zTXt 'Comment'): decompressed size exceeds 8 MiB".</summary>
    public string Describe()
    {
        var where = Offset >= 0 ? $"at byte {Offset} (0x{Offset:X})" : "";
        if (Block is not null) where = where.Length > 0 ? $"{where} in {Block}" : $"in {Block}";
        return where.Length > 0 ? $"{where}: {Message}" : Message;
    }
}
