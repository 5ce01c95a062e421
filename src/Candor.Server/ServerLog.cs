namespace Candor.Server;

/// <summary>The server's structured log events. File contents never appear; names only as <see cref="UploadForm.SafeName"/> makes them.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Endpoint} {RequestBytes} bytes → {Status} in {ElapsedMs:0.0} ms")]
    public static partial void Request(ILogger logger, string method, string endpoint, long? requestBytes, int status, double elapsedMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{Endpoint}: {Name} ({Format}, {Bytes} bytes)")]
    public static partial void Upload(ILogger logger, string endpoint, string name, string format, int bytes);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "listening on {Address}, which is not a loopback address: anyone who can reach it can use this server")]
    public static partial void NotLoopback(ILogger logger, string address);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "listening on {Address}")]
    public static partial void Listening(ILogger logger, string address);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "{Endpoint}: a {Kind} query of length {Length}")]
    public static partial void Query(ILogger logger, string endpoint, string kind, int length);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "searching {Folder}: '{Dataset}', {Items} items")]
    public static partial void Searching(ILogger logger, string folder, string dataset, long items);
}
