namespace Candor.Server;

/// <summary>
/// A temporary folder only this user can enter (0700), for the library calls that take paths; deleted with
/// everything in it when disposed, at the end of the request.
/// </summary>
internal sealed class PrivateFolder : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("candor-serve-");

    public PrivateFolder()
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_directory.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>A new, unused path in the folder with <paramref name="extension"/> (".png", …); nothing of the client's name goes into it.</summary>
    public string NewPath(string extension) => Path.Combine(_directory.FullName, Guid.NewGuid().ToString("N") + extension);

    public void Dispose()
    {
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone: nothing to clean.
        }
    }
}
