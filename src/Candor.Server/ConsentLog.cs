namespace Candor.Server;

/// <summary>The consent endpoints' structured log events. API keys never appear; owners by number only.</summary>
internal static partial class ConsentLog
{
    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "consent: owner {OwnerId} registered")]
    public static partial void OwnerRegistered(ILogger logger, long ownerId);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "consent: owner {OwnerId} {Action} ({Count} works)")]
    public static partial void OwnerChange(ILogger logger, long ownerId, string action, int count);

    [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "consent: {Endpoint} checked {Items} items for {Use}: {Forbidden} forbidden, {Allowed} allowed in {ElapsedMs:0.0} ms")]
    public static partial void Checked(ILogger logger, string endpoint, int items, string use, int forbidden, int allowed, double elapsedMs);

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "consent: {Endpoint} refused an API key ({Reason})")]
    public static partial void KeyRefused(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 24, Level = LogLevel.Information, Message = "consent: owner {OwnerId} domain {Domain}: verified={Verified}")]
    public static partial void DomainChecked(ILogger logger, long ownerId, string domain, bool verified);
}
