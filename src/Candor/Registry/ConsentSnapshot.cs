using System.IO.Hashing;
using System.Numerics;
using System.Text;
using Candor.Consent;
using Candor.Fingerprints;

namespace Candor.Registry;

/// <summary>
/// The in-memory decision table the bulk check reads: 64-bit hashes of normalised keys → work ids (open addressing,
/// duplicates allowed), each work's current statuses and flags, a multi-index over PDQ codes, and each owner's
/// verified domains. It is built and kept current by applying the store's change sequence in order.
/// </summary>
/// <remarks>
/// A key is found by its 64-bit XxHash3 only (the key text is not kept, to fit 10 million works in a few hundred
/// MB): two different keys share a hash with probability 2⁻⁶⁴ per pair, so with 10 million keys a lookup of an
/// unregistered key falsely hits with probability about 5·10⁻¹³. Evidence names the work id so a hit can be checked.
/// Work ids index the per-work arrays directly (the store hands them out densely from 1).
/// </remarks>
internal sealed class ConsentSnapshot
{
    private const byte Known = 1, WithdrawnFlag = 2, ProvenFlag = 4;
    private const int Chunks = 16;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    // One table per kind, so the tables probed several times per URL (prefixes, domains) are small enough to stay
    // mostly in cache, and the big exact-URL table is probed once.
    private readonly KeyTable _exact = new(), _prefixes = new(), _domains = new(), _hashes = new();

    // The authorities that have any URL-prefix work: a URL on any other authority needs no prefix probe.
    private readonly KeyTable _prefixAuthorities = new();
    private ushort[] _statuses = new ushort[1024];
    private byte[] _flags = new byte[1024];
    private int[] _owners = new int[1024];
    private ulong[] _hosts = new ulong[1024];
    private readonly Dictionary<int, HashSet<ulong>> _verifiedDomains = [];
    private readonly Pdq _pdq = new();

    public long Sequence { get; private set; }

    public int WorkCount { get; private set; }

    public int PdqCount => _pdq.Count;

    public long MemoryBytes => _exact.MemoryBytes + _prefixes.MemoryBytes + _domains.MemoryBytes + _hashes.MemoryBytes + _prefixAuthorities.MemoryBytes + (long)_statuses.Length * (2 + 1 + 4 + 8) + _pdq.MemoryBytes;

    public void Apply(IReadOnlyList<RegistryChange> changes)
    {
        _lock.EnterWriteLock();
        try
        {
            foreach (var c in changes)
            {
                if (c.Sequence <= Sequence) continue;
                Sequence = c.Sequence;
                if (c.Domain is not null)
                {
                    var owner = checked((int)c.OwnerId);
                    if (!_verifiedDomains.TryGetValue(owner, out var set)) _verifiedDomains[owner] = set = [];
                    set.Add(KeyHash('d', c.Domain));
                    continue;
                }
                var id = checked((int)c.WorkId);
                EnsureWork(id);
                if ((_flags[id] & Known) == 0)
                {
                    WorkCount++;
                    _owners[id] = checked((int)c.OwnerId);
                    _hosts[id] = c.Host is null ? 0 : KeyHash('d', c.Host);
                    if (c.Kind == WorkKind.Pdq) _pdq.Add(PdqHash.Parse(c.Key), id, c.Radius);
                    else
                    {
                        Table(c.Kind).Insert(KeyHash(Prefix(c.Kind), c.Key), id);
                        if (c.Kind == WorkKind.UrlPrefix)
                        {
                            var authority = KeyHash('h', c.Key.AsSpan(0, Math.Max(0, c.Key.IndexOf('/'))), [], []);
                            if (!_prefixAuthorities.Contains(authority)) _prefixAuthorities.Insert(authority, 0);
                        }
                    }
                }
                _statuses[id] = c.Statuses.Code;
                _flags[id] = (byte)(Known | (c.Withdrawn ? WithdrawnFlag : 0) | (c.Proven ? ProvenFlag : 0));
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Decides every query; runs on several threads for large batches.</summary>
    public ConsentDecision[] Check(IReadOnlyList<ConsentQuery> queries, ConsentUse use)
    {
        var results = new ConsentDecision[queries.Count];
        _lock.EnterReadLock();
        try
        {
            if (queries.Count < 2048) CheckRange(queries, use, results, 0, queries.Count);
            else
            {
                var parts = Math.Min(Environment.ProcessorCount * 2, queries.Count / 1024);
                Parallel.For(0, parts, p =>
                {
                    var from = (int)((long)queries.Count * p / parts);
                    var to = (int)((long)queries.Count * (p + 1) / parts);
                    CheckRange(queries, use, results, from, to);
                });
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }
        return results;
    }

    private static readonly ConsentDecision[] Silent = [.. Enum.GetValues<ConsentUse>().Select(u => new ConsentDecision(u, ConsentVerdict.NotStated, "not in the registry", []))];

    private void CheckRange(IReadOnlyList<ConsentQuery> queries, ConsentUse use, ConsentDecision[] results, int from, int to)
    {
        var domains = new List<(int Start, ulong Hash)>(8);
        var evidence = new List<ConsentEvidence>();
        var pdqHits = new List<(int Id, int Distance)>();
        var seen = new HashSet<int>();
        var key = new ConsentUrlKey();
        for (var i = from; i < to; i++)
        {
            evidence.Clear();
            seen.Clear();
            var q = queries[i] ?? new ConsentQuery();
            List<string>? notes = null;
            if (q.Url is not null)
            {
                if (key.TrySet(q.Url, out var problem)) CollectUrl(key, use, domains, seen, evidence);
                else (notes ??= []).Add($"URL not checked: {problem}");
            }
            if (q.Sha256 is not null)
            {
                if (q.Sha256.Length == 64 && q.Sha256.All(char.IsAsciiHexDigit))
                    Collect(_hashes, KeyHash('s', q.Sha256.ToLowerInvariant()), null, 0, 0, "SHA-256", use, null, seen, evidence);
                else (notes ??= []).Add("SHA-256 not checked: expected 64 hexadecimal digits");
            }
            if (q.Pdq is not null)
            {
                if (PdqHash.TryParse(q.Pdq, out var pdq))
                {
                    _pdq.Search(pdq, pdqHits);
                    foreach (var (id, distance) in pdqHits) AddEvidence(id, $"PDQ within {distance} bits", use, null, seen, evidence);
                }
                else (notes ??= []).Add("PDQ not checked: expected 64 hexadecimal digits");
            }
            if (q.Url is null && q.Sha256 is null && q.Pdq is null) (notes ??= []).Add("nothing to check: give a URL, a SHA-256 or a PDQ hash");
            results[i] = evidence.Count == 0 && notes is null ? Silent[(int)use]
                : ConsentDecision.Combine(use, [.. evidence], notes is not null && evidence.Count == 0 ? string.Join("; ", notes)
                    : evidence.Count > 0 ? "registered, but nothing counted about this use" : "not in the registry");
        }
    }

    /// <summary>
    /// Looks up every key that covers the URL in <paramref name="key"/>: the exact URL, each path prefix and the whole
    /// path as a folder, the host and each parent domain. The candidate keys are hashed in place in the key's buffer
    /// (its byte 0, or the byte before a domain suffix, holds the kind letter for the moment), so no string is made
    /// unless a key matches.
    /// </summary>
    private void CollectUrl(ConsentUrlKey key, ConsentUse use, List<(int Start, ulong Hash)> domains, HashSet<int> seen, List<ConsentEvidence> evidence)
    {
        var b = key.Bytes;
        var hostLength = key.HostLength;
        var authority = key.AuthorityLength;
        var pathEnd = 1 + authority + key.PathLength;
        domains.Clear();
        b[0] = (byte)'d';
        domains.Add((1, Hash(b.AsSpan(0, 1 + hostLength))));
        if (!key.IsIpAddress)
            for (var j = 2; j <= hostLength; j++)
            {
                if (b[j] != '.') continue;
                b[j] = (byte)'d';
                domains.Add((j + 1, Hash(b.AsSpan(j, 1 + hostLength - j))));
                b[j] = (byte)'.';
            }
        b[0] = (byte)'u';
        Collect(_exact, Hash(b.AsSpan(0, 1 + key.Length)), b, 1, key.Length, "exact URL ", use, domains, seen, evidence);
        b[0] = (byte)'h';
        if (_prefixAuthorities.Contains(Hash(b.AsSpan(0, 1 + authority))))
        {
            b[0] = (byte)'p';
            for (var k = 1 + authority; k < pathEnd; k++)
                if (b[k] == '/') Collect(_prefixes, Hash(b.AsSpan(0, k + 1)), b, 1, k, "URL prefix ", use, domains, seen, evidence);
            if (b[pathEnd - 1] != '/')
            {
                var after = b[pathEnd];
                b[pathEnd] = (byte)'/';
                Collect(_prefixes, Hash(b.AsSpan(0, pathEnd + 1)), b, 1, pathEnd, "URL prefix ", use, domains, seen, evidence);
                b[pathEnd] = after;
            }
        }
        foreach (var (start, hash) in domains) Collect(_domains, hash, b, start, 1 + hostLength - start, "domain ", use, domains, seen, evidence);
    }

    private static ulong Hash(ReadOnlySpan<byte> kindAndKey)
    {
        var h = XxHash3.HashToUInt64(kindAndKey);
        return h == 0 ? 1 : h;
    }

    /// <summary>Looks up one candidate hash; the words for the evidence (<paramref name="how"/> and the key's text from <paramref name="text"/>) are made only on a hit.</summary>
    private void Collect(KeyTable table, ulong hash, byte[]? text, int from, int length, string how, ConsentUse use, List<(int Start, ulong Hash)>? domains, HashSet<int> seen, List<ConsentEvidence> evidence)
    {
        var keys = table.Keys;
        var mask = keys.Length - 1;
        for (var slot = (int)(hash & (ulong)mask); keys[slot] != 0; slot = (slot + 1) & mask)
        {
            if (keys[slot] != hash) continue;
            var words = text is null ? how : how + Encoding.ASCII.GetString(text, from, length);
            AddEvidence(table.Values[slot], words, use, domains, seen, evidence);
        }
    }

    private void AddEvidence(int id, string how, ConsentUse use, List<(int Start, ulong Hash)>? domains, HashSet<int> seen, List<ConsentEvidence> evidence)
    {
        var flags = _flags[id];
        if ((flags & WithdrawnFlag) != 0 || !seen.Add(id)) return;
        var statuses = new ConsentStatuses(_statuses[id]);
        var verified = (flags & ProvenFlag) != 0 || (domains is not null && DomainVerified(id, domains));
        var owner = _owners[id];
        var status = statuses.Decide(use, out var deciding);
        var proof = verified ? "ownership verified" : "ownership not verified";
        var (verdict, detail) = status switch
        {
            ConsentStatus.OptOut => (ConsentVerdict.Forbidden, $"owner {owner} opts out of {ConsentUses.Word(deciding)} ({how}; {proof}{(verified ? "" : ", opt-outs count without proof")})"),
            ConsentStatus.OptIn when verified => (ConsentVerdict.Allowed, $"owner {owner} opts in to {ConsentUses.Word(deciding)} ({how}; {proof})"),
            ConsentStatus.OptIn => (ConsentVerdict.NotStated, $"owner {owner} opts in to {ConsentUses.Word(deciding)} ({how}), not counted: {proof} and an opt-in needs proof"),
            _ => (ConsentVerdict.NotStated, $"owner {owner} registered this work but says nothing about {ConsentUses.Word(use)} ({how})"),
        };
        evidence.Add(new ConsentEvidence("registry", $"work {id}", detail, verdict));
    }

    private bool DomainVerified(int id, List<(int Start, ulong Hash)> domains)
    {
        if (!_verifiedDomains.TryGetValue(_owners[id], out var set)) return false;
        var host = _hosts[id];
        var start = domains.FindIndex(d => d.Hash == host);
        if (start < 0) return false;
        for (var k = start; k < domains.Count; k++)
            if (set.Contains(domains[k].Hash)) return true;
        return false;
    }

    private static char Prefix(WorkKind kind) => kind switch
    {
        WorkKind.Url => 'u',
        WorkKind.UrlPrefix => 'p',
        WorkKind.Domain => 'd',
        _ => 's',
    };

    /// <summary>XxHash3 of the kind letter and the key (keys are ASCII after normalisation; other characters are hashed by their low byte and a marker); never 0, which marks an empty slot.</summary>
    internal static ulong KeyHash(char kind, string key) => KeyHash(kind, key, [], []);

    /// <summary>The hash of the key <paramref name="a"/> + <paramref name="b"/> + <paramref name="c"/>, without making the string.</summary>
    internal static ulong KeyHash(char kind, ReadOnlySpan<char> a, ReadOnlySpan<char> b, ReadOnlySpan<char> c)
    {
        var length = a.Length + b.Length + c.Length + 1;
        Span<byte> buffer = length <= 2048 ? stackalloc byte[length] : new byte[length];
        buffer[0] = (byte)kind;
        var k = Copy(a, buffer, 1);
        k = Copy(b, buffer, k);
        Copy(c, buffer, k);
        var h = XxHash3.HashToUInt64(buffer);
        return h == 0 ? 1 : h;
    }

    private static int Copy(ReadOnlySpan<char> from, Span<byte> to, int at)
    {
        foreach (var ch in from) to[at++] = ch < 128 ? (byte)ch : (byte)(0x80 | (ch & 0x7F));
        return at;
    }

    private void EnsureWork(int id)
    {
        if (id < _statuses.Length) return;
        var size = Math.Max(id + 1, _statuses.Length + _statuses.Length / 2);
        Array.Resize(ref _statuses, size);
        Array.Resize(ref _flags, size);
        Array.Resize(ref _owners, size);
        Array.Resize(ref _hosts, size);
    }

    private KeyTable Table(WorkKind kind) => kind switch
    {
        WorkKind.Url => _exact,
        WorkKind.UrlPrefix => _prefixes,
        WorkKind.Domain => _domains,
        _ => _hashes,
    };

    /// <summary>Open addressing from 64-bit key hashes (never 0, which marks a free slot) to work ids; duplicates allowed; at most 70 % full.</summary>
    private sealed class KeyTable
    {
        public ulong[] Keys { get; private set; } = new ulong[64];

        public int[] Values { get; private set; } = new int[64];

        private int _count;

        public long MemoryBytes => (long)Keys.Length * 12;

        public bool Contains(ulong hash)
        {
            var keys = Keys;
            var mask = keys.Length - 1;
            for (var slot = (int)(hash & (ulong)mask); keys[slot] != 0; slot = (slot + 1) & mask)
                if (keys[slot] == hash) return true;
            return false;
        }

        public void Insert(ulong hash, int id)
        {
            if ((_count + 1) * 10L > Keys.Length * 7L) Grow();
            var mask = Keys.Length - 1;
            var slot = (int)(hash & (ulong)mask);
            while (Keys[slot] != 0) slot = (slot + 1) & mask;
            Keys[slot] = hash;
            Values[slot] = id;
            _count++;
        }

        private void Grow()
        {
            var oldKeys = Keys;
            var oldValues = Values;
            var keys = new ulong[oldKeys.Length * 2];
            var values = new int[oldKeys.Length * 2];
            var mask = keys.Length - 1;
            for (var i = 0; i < oldKeys.Length; i++)
            {
                if (oldKeys[i] == 0) continue;
                var slot = (int)(oldKeys[i] & (ulong)mask);
                while (keys[slot] != 0) slot = (slot + 1) & mask;
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
            }
            Keys = keys;
            Values = values;
        }
    }

    /// <summary>
    /// Multi-index hashing over PDQ codes: sixteen 16-bit chunks, each with a bucket chain per value. A code within
    /// r bits of the query has some chunk within ⌊r/16⌋ bits of the query's chunk (pigeonhole), so probing those
    /// buckets finds every match; r is the largest radius registered (at most 63).
    /// </summary>
    private sealed class Pdq
    {
        private ulong[] _codes = new ulong[4 * 256];
        private int[] _ids = new int[256];
        private byte[] _radii = new byte[256];
        private readonly int[][] _heads = [.. Enumerable.Range(0, Chunks).Select(_ => Enumerable.Repeat(-1, 65536).ToArray())];
        private int[][] _next = [.. Enumerable.Range(0, Chunks).Select(_ => new int[256])];
        private int _maxRadius;

        public int Count { get; private set; }

        public long MemoryBytes => Count == 0 ? 0 : (long)_ids.Length * (32 + 4 + 1 + 4 * Chunks) + Chunks * 65536L * 4;

        public void Add(PdqHash hash, int id, int radius)
        {
            if (Count == _ids.Length)
            {
                var size = _ids.Length * 2;
                Array.Resize(ref _codes, 4 * size);
                Array.Resize(ref _ids, size);
                Array.Resize(ref _radii, size);
                for (var c = 0; c < Chunks; c++) Array.Resize(ref _next[c], size);
            }
            var e = Count++;
            _codes[4 * e] = hash.W0;
            _codes[4 * e + 1] = hash.W1;
            _codes[4 * e + 2] = hash.W2;
            _codes[4 * e + 3] = hash.W3;
            _ids[e] = id;
            _radii[e] = (byte)radius;
            _maxRadius = Math.Max(_maxRadius, radius);
            for (var c = 0; c < Chunks; c++)
            {
                var v = Chunk(hash, c);
                _next[c][e] = _heads[c][v];
                _heads[c][v] = e;
            }
        }

        public void Search(PdqHash query, List<(int Id, int Distance)> hits)
        {
            hits.Clear();
            if (Count == 0) return;
            var chunkRadius = _maxRadius / Chunks;
            HashSet<int>? tried = null;
            for (var c = 0; c < Chunks; c++)
            {
                var v = Chunk(query, c);
                Probe(c, v, query, hits, ref tried);
                if (chunkRadius >= 1)
                    for (var a = 0; a < 16; a++)
                    {
                        Probe(c, v ^ (1 << a), query, hits, ref tried);
                        if (chunkRadius >= 2)
                            for (var b = a + 1; b < 16; b++)
                            {
                                Probe(c, v ^ (1 << a) ^ (1 << b), query, hits, ref tried);
                                if (chunkRadius >= 3)
                                    for (var d = b + 1; d < 16; d++) Probe(c, v ^ (1 << a) ^ (1 << b) ^ (1 << d), query, hits, ref tried);
                            }
                    }
            }
            hits.Sort((x, y) => x.Distance != y.Distance ? x.Distance.CompareTo(y.Distance) : x.Id.CompareTo(y.Id));
        }

        private void Probe(int chunk, int value, PdqHash q, List<(int Id, int Distance)> hits, ref HashSet<int>? tried)
        {
            for (var e = _heads[chunk][value]; e >= 0; e = _next[chunk][e])
            {
                var d = BitOperations.PopCount(_codes[4 * e] ^ q.W0) + BitOperations.PopCount(_codes[4 * e + 1] ^ q.W1)
                    + BitOperations.PopCount(_codes[4 * e + 2] ^ q.W2) + BitOperations.PopCount(_codes[4 * e + 3] ^ q.W3);
                if (d > _radii[e]) continue;
                tried ??= [];
                if (tried.Add(e)) hits.Add((_ids[e], d));
            }
        }

        private static int Chunk(PdqHash h, int c)
        {
            var word = (c >> 2) switch { 0 => h.W0, 1 => h.W1, 2 => h.W2, _ => h.W3 };
            return (int)((word >> (16 * (c & 3))) & 0xFFFF);
        }
    }
}
