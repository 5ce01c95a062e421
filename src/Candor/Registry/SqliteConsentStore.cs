using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Candor.Registry;

/// <summary>
/// The default store: one SQLite file (e.g. <c>consent.db</c> in the data folder) in WAL mode, so readers never
/// wait for the writer and a process killed mid-write leaves the last committed state. Writers take the write lock
/// when they begin (<c>BEGIN IMMEDIATE</c>) and wait up to 30 s for each other.
/// </summary>
public sealed class SqliteConsentStore : SqlConsentStore
{
    private readonly string _connectionString;

    /// <summary>Opens (or, at <see cref="SqlConsentStore.MigrateAsync"/>, creates) the store in the file <paramref name="path"/>.</summary>
    public SqliteConsentStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public override string Description => $"sqlite {Path}";

    /// <inheritdoc/>
    protected override string BlobType => "BLOB";

    /// <inheritdoc/>
    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var dir = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        var c = new SqliteConnection(_connectionString);
        try
        {
            await c.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var cmd = c.CreateCommand();
            // WAL persists in the file; synchronous=NORMAL in WAL mode loses nothing when the process dies (only on power loss the last commits).
            cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return c;
        }
        catch
        {
            await c.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    protected override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(IsolationLevel.Serializable, deferred: false));

    /// <inheritdoc/>
    protected override async Task<IReadOnlyList<string>> CheckDatabaseAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA integrity_check";
        var problems = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var line = r.GetString(0);
            if (line != "ok") problems.Add($"sqlite integrity_check: {line}");
        }
        return problems;
    }

    /// <summary>Closes pooled connections to the file so it can be moved or deleted.</summary>
    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return base.DisposeAsync();
    }
}
