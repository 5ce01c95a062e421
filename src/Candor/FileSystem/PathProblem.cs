namespace Candor.FileSystem;

/// <summary>
/// Something a folder search met and did not list, with the reason in plain words. <see cref="Failed"/> is true
/// when part of what was asked for could not be read (a folder without permission, a name .NET cannot open);
/// false for a deliberate skip (a symbolic link not followed, a FIFO or device that is not a regular file).
/// </summary>
public sealed record PathProblem(string Path, string Message, bool Failed);
