namespace Candor.Registry;

/// <summary>
/// Where the registry keeps owners, keys, works, their history and the audit log. Every write is one transaction:
/// it either happens whole or not at all. Reads and writes that take an owner id see only that owner's rows.
/// <see cref="SqliteConsentStore"/> and <c>Candor.Postgres.PostgresConsentStore</c> implement it.
/// </summary>
public interface IConsentStore : IAsyncDisposable
{
    /// <summary>One line naming the store, e.g. <c>sqlite /data/consent.db</c> (never a password).</summary>
    string Description { get; }

    /// <summary>Creates or upgrades the schema to <see cref="SqlConsentStore.SchemaVersion"/> (each numbered script once, in its own transaction).</summary>
    Task MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>The schema version the store is at (0 before <see cref="MigrateAsync"/>).</summary>
    Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds an owner and its first API key (made by <paramref name="makeKey"/> from the new owner id) in one transaction.</summary>
    Task<Owner> AddOwnerAsync(string name, string verificationToken, string? certificateSha256, string? watermarkKeyId, Func<long, ApiKeyRecord> makeKey, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The owner with <paramref name="ownerId"/>, or null.</summary>
    Task<Owner?> GetOwnerAsync(long ownerId, CancellationToken cancellationToken = default);

    /// <summary>Adds another API key for its owner.</summary>
    Task AddApiKeyAsync(ApiKeyRecord key, string actor, CancellationToken cancellationToken = default);

    /// <summary>The key row for <paramref name="ownerId"/> and <paramref name="prefix"/>, or null.</summary>
    Task<ApiKeyRecord?> FindApiKeyAsync(long ownerId, string prefix, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds <paramref name="works"/> for the owner, each with its version 1, and one audit entry, in ONE transaction;
    /// returns them with their ids in the same order. <paramref name="progress"/> hears the number of works written so
    /// far, inside the transaction (nothing is visible to others before the commit).
    /// </summary>
    Task<IReadOnlyList<Work>> AddWorksAsync(long ownerId, IReadOnlyList<NewWork> works, string actor, DateTimeOffset at, IProgress<int>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>The owner's work in its current version; null when there is none with that id for this owner.</summary>
    Task<Work?> GetWorkAsync(long ownerId, long workId, CancellationToken cancellationToken = default);

    /// <summary>The owner's works with ids above <paramref name="afterWorkId"/>, by id, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<Work>> ListWorksAsync(long ownerId, long afterWorkId, int limit, CancellationToken cancellationToken = default);

    /// <summary>Every version of the owner's work, oldest first; empty when the owner has no such work.</summary>
    Task<IReadOnlyList<WorkVersion>> GetHistoryAsync(long ownerId, long workId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends a version to the owner's work and an audit entry, in one transaction; returns the work as it now is,
    /// or null (nothing written) when the owner has no such work.
    /// </summary>
    Task<Work?> AddVersionAsync(long ownerId, long workId, ConsentStatuses statuses, bool withdrawn, string? proof, string change, string actor, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Records a verified domain and an audit entry, in one transaction.</summary>
    Task<DomainClaim> AddDomainAsync(long ownerId, string domain, string method, string detail, string actor, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The owner's verified domains, oldest first.</summary>
    Task<IReadOnlyList<DomainClaim>> ListDomainsAsync(long ownerId, CancellationToken cancellationToken = default);

    /// <summary>The owner's audit entries, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditEntry>> GetAuditAsync(long ownerId, int limit, CancellationToken cancellationToken = default);

    /// <summary>Changes with a sequence number above <paramref name="afterSequence"/>, in order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<RegistryChange>> GetChangesAsync(long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>Row counts per table and the last change number.</summary>
    Task<RegistryCounts> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>Runs the database's own integrity check and the registry's invariants (every work has a version 1, versions are contiguous); returns the problems, empty when sound.</summary>
    Task<IReadOnlyList<string>> CheckIntegrityAsync(CancellationToken cancellationToken = default);
}
