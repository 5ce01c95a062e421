using System.Data.Common;
using Candor.Registry;
using Npgsql;
using NpgsqlTypes;

namespace Candor.Postgres;

/// <summary>
/// The consent store on PostgreSQL, for a registry shared by several servers. Same schema and behaviour as
/// <see cref="SqliteConsentStore"/> (one test suite runs against both); bulk registration uses binary COPY.
/// Every table has <c>owner_id</c> first in its primary key, ready to be distributed with Citus (docs/consent-scale.md).
/// </summary>
public sealed class PostgresConsentStore : SqlConsentStore
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Connects with <paramref name="connectionString"/> (Npgsql syntax, e.g. <c>Host=/run/postgresql;Database=candor;Username=candor</c>).</summary>
    public PostgresConsentStore(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Description = $"postgresql {builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <inheritdoc/>
    public override string Description { get; }

    /// <inheritdoc/>
    protected override string BlobType => "BYTEA";

    /// <inheritdoc/>
    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    protected override async Task InsertWorksAsync(DbConnection connection, DbTransaction transaction, long ownerId, IReadOnlyList<NewWork> works, long firstWorkId, long firstSequence, string actor, string time, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(works);
        var c = (NpgsqlConnection)connection;
        await using (var copy = await c.BeginBinaryImportAsync("COPY works (owner_id, work_id, kind, key, host, radius, label, created_at) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < works.Count; i++)
            {
                var w = works[i];
                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(ownerId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(firstWorkId + i, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(KindWord(w.Kind), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(w.Key, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                if (w.Host is null) await copy.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                else await copy.WriteAsync(w.Host, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(w.Radius, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                if (w.Label is null) await copy.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                else await copy.WriteAsync(w.Label, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(time, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                if ((i + 1) % 1000 == 0) progress?.Report((i + 1) / 2);
            }
            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        await using (var copy = await c.BeginBinaryImportAsync("COPY work_versions (owner_id, work_id, version, seq, statuses, withdrawn, proof, change, actor, at) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < works.Count; i++)
            {
                var w = works[i];
                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(ownerId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(firstWorkId + i, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(1, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(firstSequence + i, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync((int)w.Statuses.Code, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(0, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                if (w.Proof is null) await copy.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                else await copy.WriteAsync(w.Proof, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync("added", NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(actor, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(time, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                if ((i + 1) % 1000 == 0) progress?.Report(works.Count / 2 + (i + 1) / 2);
            }
            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        progress?.Report(works.Count);
    }

    /// <inheritdoc/>
    protected override async Task<IReadOnlyList<string>> CheckDatabaseAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // PostgreSQL has no built-in whole-database check without the amcheck extension; reading every table whole
        // (sequential scans) at least proves every heap page is readable.
        ArgumentNullException.ThrowIfNull(connection);
        var problems = new List<string>();
        foreach (var table in new[] { "owners", "api_keys", "works", "work_versions", "domains", "audit", "counters" })
        {
            try
            {
                await using var cmd = connection.CreateCommand();
                cmd.CommandText = $"SELECT COUNT(*) FROM (SELECT * FROM {table}) t";
                await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (NpgsqlException e)
            {
                problems.Add($"table {table} cannot be read: {e.Message}");
            }
        }
        return problems;
    }

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
