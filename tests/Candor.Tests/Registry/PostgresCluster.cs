using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Candor.Tests.Registry;

/// <summary>
/// A real PostgreSQL 15 cluster for the tests: initdb into a temporary folder owned by the unprivileged
/// <c>postgres</c> user (initdb refuses root), a free port, the unix socket in the folder; stopped and deleted after.
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private int _databases;

    public PostgresCluster()
    {
        if (!File.Exists(Path.Combine(Bin, "initdb")))
            throw new InvalidOperationException($"PostgreSQL 15 is not installed ({Bin}/initdb missing): run scripts/setup.sh --tests");
        Folder = Path.Combine(Path.GetTempPath(), $"candor-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Folder);
        Port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot) Run("chown", "postgres:postgres", Folder);
        Run(asRoot, $"{Bin}/initdb", "-D", Path.Combine(Folder, "data"), "-A", "trust", "-U", "candor", "--no-sync", "-E", "UTF8");
        Run(asRoot, $"{Bin}/pg_ctl", "-D", Path.Combine(Folder, "data"), "-w", "-l", Path.Combine(Folder, "log"),
            "-o", $"-p {Port} -k {Folder} -c listen_addresses='' -c fsync=off", "start");
    }

    public string Folder { get; }

    public int Port { get; }

    /// <summary>A new, empty database and its connection string.</summary>
    public string NewDatabase()
    {
        var name = $"t{Interlocked.Increment(ref _databases)}";
        using (var c = new NpgsqlConnection(ConnectionString("postgres")))
        {
            c.Open();
            using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
            cmd.ExecuteNonQuery();
        }
        return ConnectionString(name);
    }

    public string ConnectionString(string database) => $"Host={Folder};Port={Port};Username=candor;Database={database};Pooling=true";

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            Run(Environment.UserName == "root", $"{Bin}/pg_ctl", "-D", Path.Combine(Folder, "data"), "-w", "-m", "immediate", "stop");
        }
        finally
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static void Run(bool asPostgres, string file, params string[] args) =>
        Run(asPostgres ? "runuser" : file, asPostgres ? ["-u", "postgres", "--", file, .. args] : args);

    private static void Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {output} {err.Result}");
    }
}

[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>;
