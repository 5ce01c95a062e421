using System.Security.Cryptography;
using System.Text;
using Candor.C2pa.Validation;
using Candor.Consent;
using Candor.Fingerprints;
using Candor.Watermark;

namespace Candor.Registry;

/// <summary>
/// The consent registry service over a store: owners and API keys, works and their append-only history, proofs of
/// ownership, the audit log, and the bulk check (<see cref="IConsentLookup"/>) answered from an in-memory snapshot.
/// </summary>
/// <remarks>
/// <para>
/// Decision rules for a query (URL, SHA-256 and/or PDQ): every registered, not withdrawn work that matches is
/// evidence — an exact URL, a URL prefix covering it, a domain covering its host or any parent domain, the same
/// SHA-256, or a PDQ code within the work's radius. A work's opt-out of a use covers the narrower uses
/// (<see cref="ConsentUses.RefusalCovers"/>) and is <b>honoured even when ownership is not verified</b>: refusing
/// costs a data-set builder one item, and demanding proof first would let every unproven "do not train" be ignored.
/// An opt-in counts only when ownership is verified, because anyone could otherwise "allow" training on someone
/// else's work. Evidence is combined by <see cref="ConsentDecision.Combine"/>: any opt-out wins.
/// </para>
/// <para>
/// Ownership: an owner sees and changes only its own works; another owner's work id answers "not found" (null).
/// A URL, prefix or domain work is verified when it lies on a domain the owner proved (<see cref="VerifyDomainAsync"/>);
/// an image work when <see cref="ProveImageAsync"/> found the owner's C2PA certificate or watermark key in the image.
/// </para>
/// <para>
/// Every write refreshes the snapshot before it returns; other writers (another process on the same store) are seen
/// at the next <see cref="RefreshAsync"/>, which the bulk check runs itself when the last one is older than
/// <see cref="RefreshInterval"/>.
/// </para>
/// </remarks>
public sealed class ConsentRegistry : IConsentLookup
{
    /// <summary>The Hamming radius of a PDQ work when none is given (the PDQ authors' usual match threshold).</summary>
    public const int DefaultPdqRadius = 31;

    /// <summary>The largest PDQ radius accepted.</summary>
    public const int MaxPdqRadius = 63;

    /// <summary>The most works one <see cref="AddWorksAsync"/> call may add.</summary>
    public const int MaxWorksPerCall = 1_000_000;

    private readonly IReadOnlyList<IDomainProofChecker> _domainCheckers;
    private readonly TimeProvider _time;
    private readonly ConsentSnapshot _snapshot = new();
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private long _lastRefresh;

    /// <summary>Creates the service over <paramref name="store"/>; call <see cref="InitializeAsync"/> before use.</summary>
    /// <param name="store">Where the data lives.</param>
    /// <param name="domainCheckers">How domains are proved; by default the well-known file over HTTPS and a DNS TXT record.</param>
    /// <param name="time">The clock (tests may fix it).</param>
    public ConsentRegistry(IConsentStore store, IReadOnlyList<IDomainProofChecker>? domainCheckers = null, TimeProvider? time = null)
    {
        Store = store ?? throw new ArgumentNullException(nameof(store));
        _domainCheckers = domainCheckers ?? [new WellKnownProofChecker(new HttpClient { Timeout = TimeSpan.FromSeconds(10) }), new DnsTxtProofChecker()];
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The store underneath.</summary>
    public IConsentStore Store { get; }

    /// <summary>Names the registry by its store (<c>registry sqlite /path/r.db</c>), as audits and logs show it.</summary>
    public override string ToString() => $"registry {Store.Description}";

    /// <summary>How old the snapshot may be before a bulk check refreshes it first (default 2 s).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The last change number the snapshot has applied.</summary>
    public long SnapshotSequence => _snapshot.Sequence;

    /// <summary>Works in the snapshot.</summary>
    public int SnapshotWorks => _snapshot.WorkCount;

    /// <summary>Approximate bytes the snapshot's arrays take.</summary>
    public long SnapshotBytes => _snapshot.MemoryBytes;

    /// <summary>Migrates the store and loads the snapshot.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await Store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads every change after the snapshot's sequence and applies it (in pages of 100,000).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var changes = await Store.GetChangesAsync(_snapshot.Sequence, 100_000, cancellationToken).ConfigureAwait(false);
                if (changes.Count == 0) break;
                _snapshot.Apply(changes);
                if (changes.Count < 100_000) break;
            }
            Interlocked.Exchange(ref _lastRefresh, _time.GetTimestamp());
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Registers an owner and returns it with its first API key (shown only here).</summary>
    /// <param name="name">A display name (1–200 characters).</param>
    /// <param name="certificatePem">The owner's C2PA signing certificate (PEM), for image proofs; optional.</param>
    /// <param name="watermarkKeyId">The id of the owner's Candor watermark key (<see cref="WatermarkKey.Id"/>), for image proofs; optional.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="CandorFormatException">The name or certificate is unacceptable.</exception>
    public async Task<OwnerRegistration> RegisterOwnerAsync(string name, string? certificatePem = null, string? watermarkKeyId = null, CancellationToken cancellationToken = default)
    {
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 200) throw new CandorFormatException("an owner name must have 1 to 200 characters");
        string? certSha = null;
        if (certificatePem is not null)
        {
            try
            {
                using var cert = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(certificatePem);
                certSha = Convert.ToHexStringLower(SHA256.HashData(cert.RawData));
            }
            catch (CryptographicException e)
            {
                throw new CandorFormatException($"the certificate is not a PEM certificate: {e.Message}");
            }
        }
        if (watermarkKeyId is not null && (watermarkKeyId.Length != 8 || !watermarkKeyId.All(char.IsAsciiHexDigitLower)))
            throw new CandorFormatException("a watermark key id is 8 lower-case hex digits");
        string? key = null;
        var owner = await Store.AddOwnerAsync(name, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), certSha, watermarkKeyId, id =>
        {
            var (text, record) = NewKey(id);
            key = text;
            return record;
        }, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return new OwnerRegistration(owner, key!);
    }

    /// <summary>Makes another API key for <paramref name="owner"/> and returns it (shown only here).</summary>
    public async Task<string> CreateApiKeyAsync(Owner owner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var (text, record) = NewKey(owner.Id);
        await Store.AddApiKeyAsync(record, Actor(owner), cancellationToken).ConfigureAwait(false);
        return text;
    }

    private (string Text, ApiKeyRecord Record) NewKey(long ownerId)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var random = string.Create(32, 0, (chars, _) =>
        {
            for (var i = 0; i < chars.Length; i++) chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        });
        var text = $"candor_{ownerId}_{random}";
        return (text, new ApiKeyRecord(ownerId, random[..8], SHA256.HashData(Encoding.UTF8.GetBytes(text)), _time.GetUtcNow()));
    }

    /// <summary>
    /// The owner an API key belongs to, or null for a missing, malformed or wrong key (the hash is compared in
    /// constant time; the answer does not say which part was wrong).
    /// </summary>
    public async Task<Owner?> AuthenticateAsync(string? apiKey, CancellationToken cancellationToken = default)
    {
        if (apiKey is null || apiKey.Length > 100) return null;
        var parts = apiKey.Trim().Split('_');
        if (parts is not ["candor", var idText, var random] || random.Length != 32 || !long.TryParse(idText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ownerId))
            return null;
        var record = await Store.FindApiKeyAsync(ownerId, random[..8], cancellationToken).ConfigureAwait(false);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(apiKey.Trim()));
        if (record is null || !CryptographicOperations.FixedTimeEquals(hash, record.Hash)) return null;
        return await Store.GetOwnerAsync(ownerId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The line an owner publishes to prove a domain: <c>candor-consent=TOKEN</c>, in <c>/.well-known/candor-consent.txt</c> or a TXT record.</summary>
    public static string DomainProofText(Owner owner) => $"candor-consent={owner?.VerificationToken}";

    /// <summary>Normalises and checks one work (see <see cref="AddWorksAsync"/>); false with the reason when it is unacceptable.</summary>
    public static bool TryNormalize(WorkSpec spec, out NewWork? work, out string? problem)
    {
        work = null;
        problem = null;
        if (spec is null) { problem = "no work"; return false; }
        if (spec.Label is { Length: > 500 }) { problem = "the label is longer than 500 characters"; return false; }
        if (spec.Statuses.IsEmpty) { problem = "no status given: say opt-out or opt-in for at least one use"; return false; }
        switch (spec.Kind)
        {
            case WorkKind.Url or WorkKind.UrlPrefix:
                if (!ConsentUrl.TryParse(spec.Value, out var url, out problem)) return false;
                work = new NewWork(spec.Kind, spec.Kind == WorkKind.Url ? url.ExactKey : url.PrefixKey, url.Host, 0, spec.Statuses, null, spec.Label);
                return true;
            case WorkKind.Domain:
                if (!ConsentUrl.TryParseDomain(spec.Value, out var domain, out problem)) return false;
                work = new NewWork(WorkKind.Domain, domain, domain, 0, spec.Statuses, null, spec.Label);
                return true;
            case WorkKind.Sha256:
                var sha = spec.Value?.Trim() ?? "";
                if (sha.Length != 64 || !sha.All(char.IsAsciiHexDigit)) { problem = "a SHA-256 is 64 hexadecimal digits"; return false; }
                work = new NewWork(WorkKind.Sha256, sha.ToLowerInvariant(), null, 0, spec.Statuses, null, spec.Label);
                return true;
            case WorkKind.Pdq:
                if (!PdqHash.TryParse(spec.Value?.Trim(), out var pdq)) { problem = "a PDQ hash is 64 hexadecimal digits"; return false; }
                var radius = spec.Radius ?? DefaultPdqRadius;
                if (radius is < 0 or > MaxPdqRadius) { problem = $"a PDQ radius is 0 to {MaxPdqRadius} bits"; return false; }
                work = new NewWork(WorkKind.Pdq, pdq.ToString(), null, radius, spec.Statuses, null, spec.Label);
                return true;
            default:
                problem = $"unknown work kind {spec.Kind}";
                return false;
        }
    }

    /// <summary>
    /// Registers works for <paramref name="owner"/> in one transaction (all or none) and returns them with their ids.
    /// Every spec is checked first; one bad spec rejects the call with its index and reason.
    /// </summary>
    /// <exception cref="CandorFormatException">A spec is unacceptable (<see cref="CandorFormatException.Block"/> names it: <c>work 3</c>), or there are more than <see cref="MaxWorksPerCall"/>.</exception>
    public async Task<IReadOnlyList<Work>> AddWorksAsync(Owner owner, IReadOnlyList<WorkSpec> specs, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(specs);
        if (specs.Count > MaxWorksPerCall) throw new CandorFormatException($"at most {MaxWorksPerCall} works per call", kind: FormatErrorKind.LimitExceeded);
        var works = new NewWork[specs.Count];
        for (var i = 0; i < specs.Count; i++)
            works[i] = TryNormalize(specs[i], out var w, out var problem) ? w! : throw new CandorFormatException(problem!, block: $"work {i}");
        var added = await Store.AddWorksAsync(owner.Id, works, Actor(owner), _time.GetUtcNow(), progress, cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        return added;
    }

    /// <summary>Registers one work; see <see cref="AddWorksAsync"/>.</summary>
    public async Task<Work> AddWorkAsync(Owner owner, WorkSpec spec, CancellationToken cancellationToken = default) =>
        (await AddWorksAsync(owner, [spec], null, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>The owner's work with its verification, or null when the owner has no work with that id.</summary>
    public async Task<WorkView?> GetWorkAsync(Owner owner, long workId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var work = await Store.GetWorkAsync(owner.Id, workId, cancellationToken).ConfigureAwait(false);
        if (work is null) return null;
        var domains = await Store.ListDomainsAsync(owner.Id, cancellationToken).ConfigureAwait(false);
        return new WorkView(work, IsVerified(work, domains));
    }

    /// <summary>The owner's works with ids above <paramref name="afterWorkId"/>, by id, at most <paramref name="limit"/> (1–10,000), with their verification.</summary>
    public async Task<IReadOnlyList<WorkView>> ListWorksAsync(Owner owner, long afterWorkId = 0, int limit = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var works = await Store.ListWorksAsync(owner.Id, afterWorkId, Math.Clamp(limit, 1, 10_000), cancellationToken).ConfigureAwait(false);
        var domains = await Store.ListDomainsAsync(owner.Id, cancellationToken).ConfigureAwait(false);
        return [.. works.Select(w => new WorkView(w, IsVerified(w, domains)))];
    }

    private static bool IsVerified(Work work, IReadOnlyList<DomainClaim> domains) =>
        work.Proof is not null || (work.Host is not null && domains.Any(d => work.Host == d.Domain || work.Host.EndsWith("." + d.Domain, StringComparison.Ordinal)));

    /// <summary>Every version of the owner's work, oldest first; null when the owner has no work with that id.</summary>
    public async Task<IReadOnlyList<WorkVersion>?> GetHistoryAsync(Owner owner, long workId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var history = await Store.GetHistoryAsync(owner.Id, workId, cancellationToken).ConfigureAwait(false);
        return history.Count == 0 ? null : history;
    }

    /// <summary>Gives the owner's work new statuses (a new version; the old one stays in the history); null when the owner has no such work.</summary>
    /// <exception cref="CandorFormatException">No status is given (to stop saying anything, withdraw).</exception>
    public async Task<Work?> ChangeAsync(Owner owner, long workId, ConsentStatuses statuses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (statuses.IsEmpty) throw new CandorFormatException("no status given: to stop saying anything about a work, withdraw it");
        var current = await Store.GetWorkAsync(owner.Id, workId, cancellationToken).ConfigureAwait(false);
        if (current is null) return null;
        var work = await Store.AddVersionAsync(owner.Id, workId, statuses, false, current.Proof, "changed", Actor(owner), _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        return work;
    }

    /// <summary>Withdraws the owner's work (a new version that says nothing; the history keeps what it said); null when the owner has no such work.</summary>
    public async Task<Work?> WithdrawAsync(Owner owner, long workId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var current = await Store.GetWorkAsync(owner.Id, workId, cancellationToken).ConfigureAwait(false);
        if (current is null) return null;
        var work = await Store.AddVersionAsync(owner.Id, workId, current.Statuses, true, current.Proof, "withdrawn", Actor(owner), _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        return work;
    }

    /// <summary>
    /// Checks, with each domain checker in turn, that <paramref name="domain"/> publishes the owner's
    /// <see cref="DomainProofText"/>; when one finds it, records the domain as verified. Returns every checker's result.
    /// </summary>
    /// <exception cref="CandorFormatException">The domain is not acceptable.</exception>
    public async Task<IReadOnlyList<DomainProofResult>> VerifyDomainAsync(Owner owner, string domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (!ConsentUrl.TryParseDomain(domain, out var normalized, out var problem)) throw new CandorFormatException($"invalid domain: {problem}");
        var results = new List<DomainProofResult>();
        foreach (var checker in _domainCheckers)
        {
            var result = await checker.CheckAsync(normalized, DomainProofText(owner), cancellationToken).ConfigureAwait(false);
            results.Add(result);
            if (!result.Verified) continue;
            await Store.AddDomainAsync(owner.Id, normalized, result.Method, result.Detail, Actor(owner), _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
            break;
        }
        return results;
    }

    /// <summary>The owner's verified domains.</summary>
    public Task<IReadOnlyList<DomainClaim>> ListDomainsAsync(Owner owner, CancellationToken cancellationToken = default) =>
        Store.ListDomainsAsync(owner?.Id ?? throw new ArgumentNullException(nameof(owner)), cancellationToken);

    /// <summary>
    /// Proves the owner's image work with the image file: the file must be the work (same SHA-256, or a PDQ within the
    /// work's radius) and carry a valid C2PA manifest signed with the owner's registered certificate, or the owner's
    /// Candor watermark (detected with <paramref name="watermarkKey"/>, whose id must be the owner's registered one).
    /// Records a version with the proof and returns the work, or returns the reason it failed. Null when the owner has
    /// no such work.
    /// </summary>
    public async Task<(Work? Work, string Outcome)?> ProveImageAsync(Owner owner, long workId, string imagePath, WatermarkKey? watermarkKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var work = await Store.GetWorkAsync(owner.Id, workId, cancellationToken).ConfigureAwait(false);
        if (work is null) return null;
        if (work.Kind is not (WorkKind.Sha256 or WorkKind.Pdq)) return (null, "only SHA-256 and PDQ works are proved with an image; prove a domain for URL works");
        string? proof;
        try
        {
            var matches = work.Kind == WorkKind.Sha256
                ? Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(imagePath, cancellationToken).ConfigureAwait(false))) == work.Key
                : PdqHasher.HashFile(imagePath).Hash.DistanceTo(PdqHash.Parse(work.Key)) <= work.Radius;
            if (!matches) return (null, "the image is not this work (its hash does not match)");
            proof = ProveC2pa(owner, imagePath) ?? ProveWatermark(owner, imagePath, watermarkKey);
        }
        catch (Exception e) when (e is CandorFormatException or IOException)
        {
            return (null, $"the image cannot be read: {e.Message}");
        }
        if (proof is null) return (null, "no proof found: no valid C2PA manifest signed with the owner's certificate and no watermark under the owner's key");
        var proved = await Store.AddVersionAsync(owner.Id, workId, work.Statuses, work.Withdrawn, proof, "proved", Actor(owner), _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        return (proved, proof);
    }

    private static string? ProveC2pa(Owner owner, string path)
    {
        if (owner.CertificateSha256 is null) return null;
        var result = C2paValidator.Validate(path);
        var signer = result.Store?.ActiveManifest?.Signature?.CertificateSha256;
        if (result.State is null || result.VerdictFailures.Any() || signer != owner.CertificateSha256) return null;
        return $"c2pa: manifest {result.ActiveManifestLabel} valid, signed with the owner's certificate sha256:{signer[..16]}…";
    }

    private static string? ProveWatermark(Owner owner, string path, WatermarkKey? key)
    {
        if (key is null || owner.WatermarkKeyId is null || key.Id != owner.WatermarkKeyId) return null;
        var found = WatermarkFile.Detect(path, key, WatermarkDetectOptions.Default);
        return found.Detection is { Found: true } d ? $"watermark: key {key.Id} detected (p = {d.PValue:G3})" : null;
    }

    /// <summary>The owner's audit log, newest first (at most <paramref name="limit"/> entries).</summary>
    public Task<IReadOnlyList<AuditEntry>> GetAuditAsync(Owner owner, int limit = 100, CancellationToken cancellationToken = default) =>
        Store.GetAuditAsync(owner?.Id ?? throw new ArgumentNullException(nameof(owner)), Math.Clamp(limit, 1, 10_000), cancellationToken);

    /// <summary>
    /// Decides <paramref name="use"/> for every query from the in-memory snapshot (refreshed first when older than
    /// <see cref="RefreshInterval"/>). An invalid URL or hash is not an error: that item's decision says why it was
    /// not checked.
    /// </summary>
    public async Task<IReadOnlyList<ConsentDecision>> CheckAsync(IReadOnlyList<ConsentQuery> queries, ConsentUse use, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queries);
        if (_time.GetElapsedTime(Interlocked.Read(ref _lastRefresh)) > RefreshInterval) await RefreshAsync(cancellationToken).ConfigureAwait(false);
        return Check(queries, use);
    }

    /// <summary>The synchronous bulk check on the snapshot as it is (no refresh): one decision per query, in order.</summary>
    public ConsentDecision[] Check(IReadOnlyList<ConsentQuery> queries, ConsentUse use)
    {
        ArgumentNullException.ThrowIfNull(queries);
        return _snapshot.Check(queries, use);
    }

    private static string Actor(Owner owner) => $"owner {owner.Id}";
}
