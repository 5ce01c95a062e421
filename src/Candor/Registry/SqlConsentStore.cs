using System.Data;
using System.Data.Common;
using System.Globalization;

namespace Candor.Registry;

/// <summary>
/// The SQL both stores share: the schema and its numbered migrations, every query, and the rule that each write is
/// one transaction. A subclass opens connections and supplies what differs between databases (the byte-array type,
/// the database's own integrity check, optionally a faster bulk insert).
/// </summary>
/// <remarks>
/// <para>
/// Every table carries <c>owner_id</c> and has it first in its primary key: it is the distribution key for sharding
/// (see docs/consent-scale.md). Ids and the change sequence come from the <c>counters</c> table, updated inside the
/// writing transaction; its row lock makes writers take their sequence numbers in commit order, so a reader that
/// follows the sequence (<see cref="GetChangesAsync"/>) never skips a change that commits late.
/// </para>
/// <para>Times are stored as ISO 8601 UTC text with seven decimals, the same in every database.</para>
/// </remarks>
public abstract class SqlConsentStore : IConsentStore
{
    /// <summary>The schema version this code writes and reads.</summary>
    public const int SchemaVersion = 1;

    /// <inheritdoc/>
    public abstract string Description { get; }

    /// <summary>The column type for byte arrays (<c>BLOB</c>, <c>BYTEA</c>).</summary>
    protected abstract string BlobType { get; }

    /// <summary>Opens a connection (pooled by the provider).</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>The database's own integrity check; the problems it reports, empty when sound.</summary>
    protected abstract Task<IReadOnlyList<string>> CheckDatabaseAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>The numbered migration scripts; script n brings the schema from version n-1 to n. Statements are separated by <c>;</c> at line ends.</summary>
    protected IReadOnlyList<string> Migrations =>
    [
        $"""
        CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL);
        INSERT INTO counters (name, value) VALUES ('owner', 0), ('work', 0), ('change', 0), ('audit', 0);
        CREATE TABLE owners (owner_id BIGINT NOT NULL PRIMARY KEY, name TEXT NOT NULL, token TEXT NOT NULL, certificate_sha256 TEXT, watermark_key_id TEXT, created_at TEXT NOT NULL);
        CREATE TABLE api_keys (owner_id BIGINT NOT NULL, prefix TEXT NOT NULL, hash {BlobType} NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (owner_id, prefix));
        CREATE TABLE works (owner_id BIGINT NOT NULL, work_id BIGINT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, host TEXT, radius INTEGER NOT NULL, label TEXT, created_at TEXT NOT NULL, PRIMARY KEY (owner_id, work_id));
        CREATE INDEX works_key ON works (owner_id, key);
        CREATE TABLE work_versions (owner_id BIGINT NOT NULL, work_id BIGINT NOT NULL, version INTEGER NOT NULL, seq BIGINT NOT NULL, statuses INTEGER NOT NULL, withdrawn INTEGER NOT NULL, proof TEXT, change TEXT NOT NULL, actor TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (owner_id, work_id, version));
        CREATE INDEX work_versions_seq ON work_versions (seq);
        CREATE TABLE domains (owner_id BIGINT NOT NULL, seq BIGINT NOT NULL, domain TEXT NOT NULL, method TEXT NOT NULL, detail TEXT NOT NULL, verified_at TEXT NOT NULL, PRIMARY KEY (owner_id, seq));
        CREATE INDEX domains_seq ON domains (seq);
        CREATE TABLE audit (owner_id BIGINT NOT NULL, audit_id BIGINT NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL, detail TEXT NOT NULL, PRIMARY KEY (owner_id, audit_id))
        """,
    ];

    /// <inheritdoc/>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecAsync(c, null, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL)", cancellationToken).ConfigureAwait(false);
        var current = await VersionAsync(c, null, cancellationToken).ConfigureAwait(false);
        if (current > Migrations.Count)
            throw new InvalidOperationException($"the store is at schema version {current}, newer than this Candor ({Migrations.Count}); upgrade Candor");
        for (var v = current + 1; v <= Migrations.Count; v++)
        {
            await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            // Another process may have migrated meanwhile: re-read inside the transaction.
            if (await VersionAsync(c, tx, cancellationToken).ConfigureAwait(false) >= v) continue;
            foreach (var statement in Migrations[v - 1].Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                await ExecAsync(c, tx, statement, cancellationToken).ConfigureAwait(false);
            await using (var cmd = Command(c, tx, "INSERT INTO schema_version (version, applied_at) VALUES (@v, @at)", ("v", v), ("at", Time(DateTimeOffset.UtcNow))))
                await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await VersionAsync(c, null, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException)
        {
            return 0;
        }
    }

    private static async Task<int> VersionAsync(DbConnection c, DbTransaction? tx, CancellationToken ct)
    {
        await using var cmd = Command(c, tx, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public async Task<Owner> AddOwnerAsync(string name, string verificationToken, string? certificateSha256, string? watermarkKeyId, Func<long, ApiKeyRecord> makeKey, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(makeKey);
        return await WriteAsync(async (c, tx, ct) =>
        {
            var id = await ReserveAsync(c, tx, "owner", 1, ct).ConfigureAwait(false);
            await NonQueryAsync(c, tx, "INSERT INTO owners (owner_id, name, token, certificate_sha256, watermark_key_id, created_at) VALUES (@o, @n, @t, @c, @w, @at)", ct,
                ("o", id), ("n", name), ("t", verificationToken), ("c", certificateSha256), ("w", watermarkKeyId), ("at", Time(at))).ConfigureAwait(false);
            var key = makeKey(id);
            await InsertKeyAsync(c, tx, key, ct).ConfigureAwait(false);
            await AuditAsync(c, tx, id, at, $"owner {id}", "owner.register", $"owner {id}", $"registered '{name}' with key {key.Prefix}", ct).ConfigureAwait(false);
            return new Owner(id, name, verificationToken, certificateSha256, watermarkKeyId, at);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<Owner?> GetOwnerAsync(long ownerId, CancellationToken cancellationToken = default)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, "SELECT owner_id, name, token, certificate_sha256, watermark_key_id, created_at FROM owners WHERE owner_id = @o", ("o", ownerId));
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await r.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
        return new Owner(Long(r, 0), r.GetString(1), r.GetString(2), NullableString(r, 3), NullableString(r, 4), ParseTime(r.GetString(5)));
    }

    /// <inheritdoc/>
    public Task AddApiKeyAsync(ApiKeyRecord key, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return WriteAsync(async (c, tx, ct) =>
        {
            await InsertKeyAsync(c, tx, key, ct).ConfigureAwait(false);
            await AuditAsync(c, tx, key.OwnerId, key.CreatedAt, actor, "key.create", $"key {key.Prefix}", "new API key", ct).ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }

    private static Task InsertKeyAsync(DbConnection c, DbTransaction tx, ApiKeyRecord key, CancellationToken ct) =>
        NonQueryAsync(c, tx, "INSERT INTO api_keys (owner_id, prefix, hash, created_at) VALUES (@o, @p, @h, @at)", ct,
            ("o", key.OwnerId), ("p", key.Prefix), ("h", key.Hash), ("at", Time(key.CreatedAt)));

    /// <inheritdoc/>
    public async Task<ApiKeyRecord?> FindApiKeyAsync(long ownerId, string prefix, CancellationToken cancellationToken = default)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, "SELECT owner_id, prefix, hash, created_at FROM api_keys WHERE owner_id = @o AND prefix = @p", ("o", ownerId), ("p", prefix));
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await r.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
        return new ApiKeyRecord(Long(r, 0), r.GetString(1), (byte[])r.GetValue(2), ParseTime(r.GetString(3)));
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Work>> AddWorksAsync(long ownerId, IReadOnlyList<NewWork> works, string actor, DateTimeOffset at, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(works);
        if (works.Count == 0) return [];
        return await WriteAsync(async (c, tx, ct) =>
        {
            var firstWork = await ReserveAsync(c, tx, "work", works.Count, ct).ConfigureAwait(false);
            var firstSeq = await ReserveAsync(c, tx, "change", works.Count, ct).ConfigureAwait(false);
            var time = Time(at);
            await InsertWorksAsync(c, tx, ownerId, works, firstWork, firstSeq, actor, time, progress, ct).ConfigureAwait(false);
            var target = works.Count == 1 ? $"work {firstWork}" : $"works {firstWork}-{firstWork + works.Count - 1}";
            await AuditAsync(c, tx, ownerId, at, actor, "works.add", target, $"added {works.Count} work(s)", ct).ConfigureAwait(false);
            var result = new Work[works.Count];
            for (var i = 0; i < works.Count; i++)
            {
                var w = works[i];
                result[i] = new Work(firstWork + i, ownerId, w.Kind, w.Key, w.Host, w.Radius, w.Label, 1, w.Statuses, false, w.Proof, at, at);
            }
            return (IReadOnlyList<Work>)result;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the rows of <see cref="AddWorksAsync"/> inside its transaction: a <c>works</c> row and a version-1
    /// <c>work_versions</c> row per work, work i getting id <paramref name="firstWorkId"/> + i and sequence
    /// <paramref name="firstSequence"/> + i. The default prepares two INSERTs and runs them per work.
    /// </summary>
    protected virtual async Task InsertWorksAsync(DbConnection connection, DbTransaction transaction, long ownerId, IReadOnlyList<NewWork> works, long firstWorkId, long firstSequence, string actor, string time, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(works);
        await using var insertWork = Command(connection, transaction, "INSERT INTO works (owner_id, work_id, kind, key, host, radius, label, created_at) VALUES (@o, @w, @k, @key, @h, @r, @l, @at)",
            ("o", ownerId), ("w", 0L), ("k", ""), ("key", ""), ("h", ""), ("r", 0), ("l", ""), ("at", time));
        await using var insertVersion = Command(connection, transaction, "INSERT INTO work_versions (owner_id, work_id, version, seq, statuses, withdrawn, proof, change, actor, at) VALUES (@o, @w, 1, @s, @st, 0, @p, 'added', @a, @at)",
            ("o", ownerId), ("w", 0L), ("s", 0L), ("st", 0), ("p", ""), ("a", actor), ("at", time));
        await insertWork.PrepareAsync(cancellationToken).ConfigureAwait(false);
        await insertVersion.PrepareAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < works.Count; i++)
        {
            var w = works[i];
            insertWork.Parameters["w"].Value = firstWorkId + i;
            insertWork.Parameters["k"].Value = KindWord(w.Kind);
            insertWork.Parameters["key"].Value = w.Key;
            insertWork.Parameters["h"].Value = (object?)w.Host ?? DBNull.Value;
            insertWork.Parameters["r"].Value = w.Radius;
            insertWork.Parameters["l"].Value = (object?)w.Label ?? DBNull.Value;
            await insertWork.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            insertVersion.Parameters["w"].Value = firstWorkId + i;
            insertVersion.Parameters["s"].Value = firstSequence + i;
            insertVersion.Parameters["st"].Value = (int)w.Statuses.Code;
            insertVersion.Parameters["p"].Value = (object?)w.Proof ?? DBNull.Value;
            await insertVersion.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if ((i + 1) % 1000 == 0 || i + 1 == works.Count) progress?.Report(i + 1);
        }
    }

    private const string WorkColumns = "w.work_id, w.owner_id, w.kind, w.key, w.host, w.radius, w.label, v.version, v.statuses, v.withdrawn, v.proof, w.created_at, v.at";

    private const string CurrentVersionJoin = "JOIN work_versions v ON v.owner_id = w.owner_id AND v.work_id = w.work_id AND v.version = (SELECT MAX(x.version) FROM work_versions x WHERE x.owner_id = w.owner_id AND x.work_id = w.work_id)";

    /// <inheritdoc/>
    public async Task<Work?> GetWorkAsync(long ownerId, long workId, CancellationToken cancellationToken = default)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await GetWorkAsync(c, null, ownerId, workId, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Work?> GetWorkAsync(DbConnection c, DbTransaction? tx, long ownerId, long workId, CancellationToken ct)
    {
        await using var cmd = Command(c, tx, $"SELECT {WorkColumns} FROM works w {CurrentVersionJoin} WHERE w.owner_id = @o AND w.work_id = @w", ("o", ownerId), ("w", workId));
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? ReadWork(r) : null;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Work>> ListWorksAsync(long ownerId, long afterWorkId, int limit, CancellationToken cancellationToken = default)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, $"SELECT {WorkColumns} FROM works w {CurrentVersionJoin} WHERE w.owner_id = @o AND w.work_id > @after ORDER BY w.work_id LIMIT @limit",
            ("o", ownerId), ("after", afterWorkId), ("limit", limit));
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<Work>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) list.Add(ReadWork(r));
        return list;
    }

    private static Work ReadWork(DbDataReader r) => new(Long(r, 0), Long(r, 1), ParseKind(r.GetString(2)), r.GetString(3), NullableString(r, 4), Int(r, 5), NullableString(r, 6),
        Int(r, 7), new ConsentStatuses((ushort)Int(r, 8)), Int(r, 9) != 0, NullableString(r, 10), ParseTime(r.GetString(11)), ParseTime(r.GetString(12)));

    /// <inheritdoc/>
    public async Task<IReadOnlyList<WorkVersion>> GetHistoryAsync(long ownerId, long workId, CancellationToken cancellationToken = default)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, "SELECT work_id, version, seq, statuses, withdrawn, proof, change, actor, at FROM work_versions WHERE owner_id = @o AND work_id = @w ORDER BY version",
            ("o", ownerId), ("w", workId));
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<WorkVersion>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            list.Add(new WorkVersion(Long(r, 0), Int(r, 1), Long(r, 2), new ConsentStatuses((ushort)Int(r, 3)), Int(r, 4) != 0, NullableString(r, 5), r.GetString(6), r.GetString(7), ParseTime(r.GetString(8))));
        return list;
    }

    /// <inheritdoc/>
    public Task<Work?> AddVersionAsync(long ownerId, long workId, ConsentStatuses statuses, bool withdrawn, string? proof, string change, string actor, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, tx, ct) =>
        {
            // The counter first: its row lock orders concurrent writers, so the version read next is the latest.
            var seq = await ReserveAsync(c, tx, "change", 1, ct).ConfigureAwait(false);
            var current = await GetWorkAsync(c, tx, ownerId, workId, ct).ConfigureAwait(false);
            if (current is null) return null;
            await NonQueryAsync(c, tx, "INSERT INTO work_versions (owner_id, work_id, version, seq, statuses, withdrawn, proof, change, actor, at) VALUES (@o, @w, @v, @s, @st, @wd, @p, @ch, @a, @at)", ct,
                ("o", ownerId), ("w", workId), ("v", current.Version + 1), ("s", seq), ("st", (int)statuses.Code), ("wd", withdrawn ? 1 : 0), ("p", proof), ("ch", change), ("a", actor), ("at", Time(at))).ConfigureAwait(false);
            var detail = withdrawn ? "withdrawn" : change == "proved" ? $"proof: {proof}" : $"{current.Statuses} -> {statuses}";
            await AuditAsync(c, tx, ownerId, at, actor, $"work.{(withdrawn ? "withdraw" : change == "proved" ? "prove" : "change")}", $"work {workId}", $"version {current.Version + 1}: {detail}", ct).ConfigureAwait(false);
            return current with { Version = current.Version + 1, Statuses = statuses, Withdrawn = withdrawn, Proof = proof, ChangedAt = at };
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<DomainClaim> AddDomainAsync(long ownerId, string domain, string method, string detail, string actor, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, tx, ct) =>
        {
            var seq = await ReserveAsync(c, tx, "change", 1, ct).ConfigureAwait(false);
            await NonQueryAsync(c, tx, "INSERT INTO domains (owner_id, seq, domain, method, detail, verified_at) VALUES (@o, @s, @d, @m, @det, @at)", ct,
                ("o", ownerId), ("s", seq), ("d", domain), ("m", method), ("det", detail), ("at", Time(at))).ConfigureAwait(false);
            await AuditAsync(c, tx, ownerId, at, actor, "domain.verify", $"domain {domain}", $"{method}: {detail}", ct).ConfigureAwait(false);
            return new DomainClaim(ownerId, domain, method, detail, at, seq);
        }, cancellationToken);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DomainClaim>> ListDomainsAsync(long ownerId, CancellationToken cancellationToken = default)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, "SELECT owner_id, domain, method, detail, verified_at, seq FROM domains WHERE owner_id = @o ORDER BY seq", ("o", ownerId));
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<DomainClaim>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            list.Add(new DomainClaim(Long(r, 0), r.GetString(1), r.GetString(2), r.GetString(3), ParseTime(r.GetString(4)), Long(r, 5)));
        return list;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<AuditEntry>> GetAuditAsync(long ownerId, int limit, CancellationToken cancellationToken = default)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, "SELECT audit_id, owner_id, at, actor, action, target, detail FROM audit WHERE owner_id = @o ORDER BY audit_id DESC LIMIT @limit", ("o", ownerId), ("limit", limit));
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<AuditEntry>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            list.Add(new AuditEntry(Long(r, 0), Long(r, 1), ParseTime(r.GetString(2)), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6)));
        return list;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RegistryChange>> GetChangesAsync(long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        // Two ordered index range scans merged here: a UNION with ORDER BY would make SQLite sort everything after
        // the sequence for every page. The first `limit` of the merge lie within the first `limit` of each list.
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var versions = new List<RegistryChange>(Math.Min(limit, 100_000));
        await using (var cmd = Command(c, null, """
            SELECT v.seq, v.owner_id, v.work_id, w.kind, w.key, w.host, w.radius, v.statuses, v.withdrawn, CASE WHEN v.proof IS NULL THEN 0 ELSE 1 END
            FROM work_versions v JOIN works w ON w.owner_id = v.owner_id AND w.work_id = v.work_id
            WHERE v.seq > @after ORDER BY v.seq LIMIT @limit
            """, ("after", afterSequence), ("limit", limit)))
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                versions.Add(new RegistryChange(Long(r, 0), Long(r, 1), Long(r, 2), ParseKind(r.GetString(3)), r.GetString(4), NullableString(r, 5), Int(r, 6),
                    new ConsentStatuses((ushort)Int(r, 7)), Int(r, 8) != 0, Int(r, 9) != 0, null));
        var domains = new List<RegistryChange>();
        await using (var cmd = Command(c, null, "SELECT seq, owner_id, domain FROM domains WHERE seq > @after ORDER BY seq LIMIT @limit", ("after", afterSequence), ("limit", limit)))
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                domains.Add(new RegistryChange(Long(r, 0), Long(r, 1), 0, WorkKind.Domain, "", null, 0, default, false, false, r.GetString(2)));
        if (domains.Count == 0) return versions;
        var merged = new List<RegistryChange>(Math.Min(limit, versions.Count + domains.Count));
        int i = 0, j = 0;
        while (merged.Count < limit && (i < versions.Count || j < domains.Count))
            merged.Add(j >= domains.Count || (i < versions.Count && versions[i].Sequence < domains[j].Sequence) ? versions[i++] : domains[j++]);
        return merged;
    }

    /// <inheritdoc/>
    public async Task<RegistryCounts> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        async Task<long> Scalar(string sql)
        {
            await using var cmd = Command(c, null, sql);
            return Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }
        return new RegistryCounts(
            await Scalar("SELECT COUNT(*) FROM owners").ConfigureAwait(false),
            await Scalar("SELECT COUNT(*) FROM api_keys").ConfigureAwait(false),
            await Scalar("SELECT COUNT(*) FROM works").ConfigureAwait(false),
            await Scalar("SELECT COUNT(*) FROM work_versions").ConfigureAwait(false),
            await Scalar("SELECT COUNT(*) FROM domains").ConfigureAwait(false),
            await Scalar("SELECT COUNT(*) FROM audit").ConfigureAwait(false),
            await Scalar("SELECT COALESCE(MAX(seq), 0) FROM (SELECT seq FROM work_versions UNION ALL SELECT seq FROM domains) s").ConfigureAwait(false));
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> CheckIntegrityAsync(CancellationToken cancellationToken = default)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var problems = new List<string>(await CheckDatabaseAsync(c, cancellationToken).ConfigureAwait(false));
        async Task Expect(string sql, string problem)
        {
            await using var cmd = Command(c, null, sql);
            var n = Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            if (n != 0) problems.Add($"{n} {problem}");
        }
        await Expect("SELECT COUNT(*) FROM works w WHERE NOT EXISTS (SELECT 1 FROM work_versions v WHERE v.owner_id = w.owner_id AND v.work_id = w.work_id AND v.version = 1)", "work(s) without a version 1").ConfigureAwait(false);
        await Expect("SELECT COUNT(*) FROM (SELECT owner_id, work_id, MAX(version) AS m, COUNT(*) AS n FROM work_versions GROUP BY owner_id, work_id) t WHERE m <> n", "work(s) whose versions are not 1..n").ConfigureAwait(false);
        await Expect("SELECT COUNT(*) FROM work_versions v WHERE NOT EXISTS (SELECT 1 FROM works w WHERE w.owner_id = v.owner_id AND w.work_id = v.work_id)", "version(s) of no work").ConfigureAwait(false);
        await Expect("SELECT COUNT(*) FROM works w WHERE NOT EXISTS (SELECT 1 FROM owners o WHERE o.owner_id = w.owner_id)", "work(s) of no owner").ConfigureAwait(false);
        await Expect("SELECT COUNT(*) FROM counters c WHERE c.name = 'change' AND c.value < (SELECT COALESCE(MAX(seq), 0) FROM work_versions)", "change counter(s) behind the versions").ConfigureAwait(false);
        await Expect("SELECT COUNT(*) FROM counters c WHERE c.name = 'work' AND c.value < (SELECT COALESCE(MAX(work_id), 0) FROM works)", "work counter(s) behind the works").ConfigureAwait(false);
        return problems;
    }

    /// <summary>Runs <paramref name="body"/> in one transaction on a fresh connection: committed when it returns, rolled back when it throws.</summary>
    protected async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await BeginWriteAsync(c, cancellationToken).ConfigureAwait(false);
        var result = await body(c, tx, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Begins a writing transaction (SQLite overrides it to take the write lock at once).</summary>
    protected virtual async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes <paramref name="count"/> consecutive numbers from counter <paramref name="name"/> and returns the first.</summary>
    protected static async Task<long> ReserveAsync(DbConnection c, DbTransaction tx, string name, int count, CancellationToken ct)
    {
        await using var cmd = Command(c, tx, "UPDATE counters SET value = value + @n WHERE name = @name RETURNING value", ("n", (long)count), ("name", name));
        var last = Convert.ToInt64(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
        return last - count + 1;
    }

    private static async Task AuditAsync(DbConnection c, DbTransaction tx, long ownerId, DateTimeOffset at, string actor, string action, string target, string detail, CancellationToken ct)
    {
        var id = await ReserveAsync(c, tx, "audit", 1, ct).ConfigureAwait(false);
        await NonQueryAsync(c, tx, "INSERT INTO audit (owner_id, audit_id, at, actor, action, target, detail) VALUES (@o, @id, @at, @a, @ac, @t, @d)", ct,
            ("o", ownerId), ("id", id), ("at", Time(at)), ("a", actor), ("ac", action), ("t", target), ("d", detail)).ConfigureAwait(false);
    }

    private static async Task ExecAsync(DbConnection c, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = Command(c, tx, sql);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task NonQueryAsync(DbConnection c, DbTransaction? tx, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var cmd = Command(c, tx, sql, parameters);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>A command with named parameters (<c>@name</c> in the SQL); null values become SQL NULL.</summary>
    protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(parameters);
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = transaction;
        cmd.CommandTimeout = 0;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    /// <summary>The text a time is stored as: ISO 8601 UTC with seven decimals.</summary>
    protected static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>The word a kind is stored as: <c>url</c>, <c>prefix</c>, <c>domain</c>, <c>sha256</c>, <c>pdq</c>.</summary>
    public static string KindWord(WorkKind kind) => kind switch
    {
        WorkKind.Url => "url",
        WorkKind.UrlPrefix => "prefix",
        WorkKind.Domain => "domain",
        WorkKind.Sha256 => "sha256",
        _ => "pdq",
    };

    /// <summary>Reads a word written by <see cref="KindWord"/>.</summary>
    public static WorkKind ParseKind(string word) => word switch
    {
        "url" => WorkKind.Url,
        "prefix" => WorkKind.UrlPrefix,
        "domain" => WorkKind.Domain,
        "sha256" => WorkKind.Sha256,
        "pdq" => WorkKind.Pdq,
        _ => throw new CandorFormatException($"unknown work kind '{word}' in the store"),
    };

    private static long Long(DbDataReader r, int i) => Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture);

    private static int Int(DbDataReader r, int i) => Convert.ToInt32(r.GetValue(i), CultureInfo.InvariantCulture);

    private static string? NullableString(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    /// <inheritdoc/>
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
