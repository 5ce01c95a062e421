namespace Candor.C2pa.Trust;

/// <summary>
/// What the time-stamp check found: its statuses, the time that may serve as the signing time
/// (only for a token that verified and, where trust is checked, is trusted), and the token's time.
/// </summary>
internal sealed record TimeStampOutcome(IReadOnlyList<(string Code, string Message)> Statuses, DateTimeOffset? SigningTime, DateTimeOffset? GenTime)
{
    /// <summary>No time-stamp in the signature.</summary>
    public static TimeStampOutcome Absent { get; } = new([], null, null);

    /// <summary>A time-stamp that could not be used, with one status.</summary>
    public static TimeStampOutcome Failed(string code, string message) => new([(code, message)], null, null);
}
