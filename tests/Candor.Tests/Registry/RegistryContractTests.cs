using System.Diagnostics;
using Candor.Consent;
using Candor.Registry;

namespace Candor.Tests.Registry;

/// <summary>The one behaviour suite every consent store must pass (run for SQLite and PostgreSQL by the subclasses).</summary>
public abstract class RegistryContractTests
{
    /// <summary>The store for this test, new and empty, as the CLI's --store spells it.</summary>
    protected abstract string StoreSpec { get; }

    protected abstract IConsentStore OpenStore();

    private async Task<ConsentRegistry> NewRegistry(IReadOnlyList<IDomainProofChecker>? checkers = null)
    {
        var r = new ConsentRegistry(OpenStore(), checkers ?? []);
        await r.InitializeAsync();
        return r;
    }

    private static ConsentQuery U(string url) => new(Url: url);

    [Fact]
    public async Task Migration_is_versioned_and_idempotent()
    {
        var r = await NewRegistry();
        Assert.Equal(SqlConsentStore.SchemaVersion, await r.Store.GetSchemaVersionAsync());
        await r.Store.MigrateAsync();
        Assert.Equal(SqlConsentStore.SchemaVersion, await r.Store.GetSchemaVersionAsync());
        Assert.Empty(await r.Store.CheckIntegrityAsync());
    }

    [Fact]
    public async Task Api_keys_authenticate_only_exactly()
    {
        var r = await NewRegistry();
        var a = await r.RegisterOwnerAsync("Ada");
        Assert.StartsWith($"candor_{a.Owner.Id}_", a.ApiKey, StringComparison.Ordinal);
        Assert.Equal(a.Owner.Id, (await r.AuthenticateAsync(a.ApiKey))?.Id);
        Assert.Null(await r.AuthenticateAsync(a.ApiKey[..^1] + (a.ApiKey[^1] == 'a' ? 'b' : 'a')));
        Assert.Null(await r.AuthenticateAsync(null));
        Assert.Null(await r.AuthenticateAsync("candor_x_y"));
        var b = await r.RegisterOwnerAsync("Bo");
        Assert.Null(await r.AuthenticateAsync($"candor_{b.Owner.Id}_{a.ApiKey.Split('_')[2]}")); // a's secret under b's id
        var second = await r.CreateApiKeyAsync(a.Owner);
        Assert.Equal(a.Owner.Id, (await r.AuthenticateAsync(second))?.Id);
    }

    [Fact]
    public async Task Url_prefix_and_domain_entries_match_normalised_urls()
    {
        var r = await NewRegistry();
        var o = (await r.RegisterOwnerAsync("Ada")).Owner;
        var works = await r.AddWorksAsync(o,
        [
            new WorkSpec(WorkKind.Url, "https://Artist.COM:443/a/../pics/One.jpg#x", ConsentStatuses.OptOutAll),
            new WorkSpec(WorkKind.UrlPrefix, "http://gallery.example/private", ConsentStatuses.Of(ConsentStatus.OptOut, ConsentUse.GenAiTraining)),
            new WorkSpec(WorkKind.Domain, "BÜCHER.example.", ConsentStatuses.Of(ConsentStatus.OptOut, ConsentUse.DataMining)),
        ]);
        var d = await r.CheckAsync(
        [
            U("http://artist.com/pics/%4Fne.jpg"),           // 0 exact (scheme, case-insensitive host, escapes)
            U("http://evil.com@artist.com/pics/One.jpg"),    // 1 the host is artist.com
            U("http://artist.com/pics/one.jpg"),             // 2 path is case-sensitive: no match
            U("https://gallery.example/private/x/y.png"),    // 3 prefix
            U("https://gallery.example/private2.png"),       // 4 not under the prefix
            U("https://img.xn--bcher-kva.example/p.png"),    // 5 subdomain of the punycode domain
            U("https://bücher.example:8443/"),               // 6 the domain itself, any port
            U("not a url"),                                  // 7 invalid: not checked, says why
            U("http://artist.com\\@evil.com/pics/One.jpg"),  // 8 backslash ends the host: host artist.com, path differs
        ], ConsentUse.AiTraining);
        Assert.Equal(ConsentVerdict.Forbidden, d[0].Verdict);
        Assert.Equal($"work {works[0].Id}", d[0].Evidence.Single().Source);
        Assert.Contains("not verified", d[0].Evidence[0].Detail, StringComparison.Ordinal);
        Assert.Equal(ConsentVerdict.Forbidden, d[1].Verdict);
        Assert.Equal(ConsentVerdict.NotStated, d[2].Verdict);
        Assert.Equal(ConsentVerdict.NotStated, d[3].Verdict); // opted out of genai only: ai-training is not covered
        Assert.Single(d[3].Evidence);
        Assert.Equal(ConsentVerdict.NotStated, d[4].Verdict);
        Assert.Equal(ConsentVerdict.Forbidden, d[5].Verdict);  // tdm refusal covers ai-training
        Assert.Equal(ConsentVerdict.Forbidden, d[6].Verdict);
        Assert.Equal(ConsentVerdict.NotStated, d[7].Verdict);
        Assert.Contains("URL not checked", d[7].Reason, StringComparison.Ordinal);
        Assert.Equal(ConsentVerdict.NotStated, d[8].Verdict);
        var genai = await r.CheckAsync([U("https://gallery.example/private/x/y.png")], ConsentUse.GenAiTraining);
        Assert.Equal(ConsentVerdict.Forbidden, genai[0].Verdict);
    }

    [Fact]
    public async Task Image_works_match_by_sha256_and_pdq_radius()
    {
        var r = await NewRegistry();
        var o = (await r.RegisterOwnerAsync("Ada")).Owner;
        var sha = new string('a', 64);
        var pdq = "f" + new string('0', 63);
        var w = await r.AddWorksAsync(o, [new WorkSpec(WorkKind.Sha256, sha.ToUpperInvariant(), ConsentStatuses.OptOutAll), new WorkSpec(WorkKind.Pdq, pdq, ConsentStatuses.OptOutAll, Radius: 10)]);
        var near = "0" + new string('0', 55) + "000000ff"; // 4 + 8 = 12 bits away... and 8 bits away:
        var eight = "f" + new string('0', 61) + "ff";
        var d = await r.CheckAsync([new(Sha256: sha), new(Pdq: eight), new(Pdq: near), new(Sha256: "xyz"), new()], ConsentUse.DataMining);
        Assert.Equal(ConsentVerdict.Forbidden, d[0].Verdict);
        Assert.Equal(ConsentVerdict.Forbidden, d[1].Verdict);
        Assert.Equal($"work {w[1].Id}", d[1].Evidence.Single().Source);
        Assert.Contains("PDQ within 8 bits", d[1].Evidence[0].Detail, StringComparison.Ordinal);
        Assert.Equal(ConsentVerdict.NotStated, d[2].Verdict);
        Assert.Contains("SHA-256 not checked", d[3].Reason, StringComparison.Ordinal);
        Assert.Contains("nothing to check", d[4].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opt_in_needs_a_verified_domain_opt_out_does_not()
    {
        using var http = new LoopbackHttp("hello\n");
        var owner = default(Owner);
        using var dns = new LoopbackDns("v=spf1 -all");
        var r = await NewRegistry([new WellKnownProofChecker(new HttpClient(), d => new Uri(http.Base, WellKnownProofChecker.FilePath)), new DnsTxtProofChecker(dns.EndPoint)]);
        owner = (await r.RegisterOwnerAsync("Ada")).Owner;
        await r.AddWorksAsync(owner, [new WorkSpec(WorkKind.Domain, "artist.example", ConsentStatuses.Of(ConsentStatus.OptIn, ConsentUse.AiTraining))]);
        var before = await r.CheckAsync([U("https://www.artist.example/a.png")], ConsentUse.AiTraining);
        Assert.Equal(ConsentVerdict.NotStated, before[0].Verdict);
        Assert.Contains("not counted", before[0].Evidence[0].Detail, StringComparison.Ordinal);
        var failed = await r.VerifyDomainAsync(owner, "artist.example");
        Assert.All(failed, f => Assert.False(f.Verified));
        Assert.Empty(await r.ListDomainsAsync(owner));

        using var dnsGood = new LoopbackDns("other", ConsentRegistry.DomainProofText(owner));
        var r2 = new ConsentRegistry(r.Store, [new DnsTxtProofChecker(dnsGood.EndPoint)]);
        await r2.InitializeAsync();
        var ok = await r2.VerifyDomainAsync(owner, "Artist.Example.");
        Assert.True(ok.Single().Verified);
        Assert.Equal("dns-txt", (await r2.ListDomainsAsync(owner)).Single().Method);
        var after = await r2.CheckAsync([U("https://www.artist.example/a.png")], ConsentUse.AiTraining);
        Assert.Equal(ConsentVerdict.Allowed, after[0].Verdict);
        Assert.True((await r2.ListWorksAsync(owner)).Single().Verified);
        // The first registry instance sees the other's writes after a refresh.
        await r.RefreshAsync();
        Assert.Equal(ConsentVerdict.Allowed, r.Check([U("https://artist.example/")], ConsentUse.GenAiTraining)[0].Verdict);
    }

    [Fact]
    public async Task Well_known_file_proves_a_domain()
    {
        var r0 = await NewRegistry();
        var owner = (await r0.RegisterOwnerAsync("Ada")).Owner;
        using var http = new LoopbackHttp($"# candor\n{ConsentRegistry.DomainProofText(owner)}\n");
        var r = new ConsentRegistry(r0.Store, [new WellKnownProofChecker(new HttpClient(), d => new Uri(http.Base, WellKnownProofChecker.FilePath))]);
        await r.InitializeAsync();
        var result = await r.VerifyDomainAsync(owner, "https://artist.example/anything");
        Assert.True(result.Single().Verified);
        Assert.Equal("artist.example", (await r.ListDomainsAsync(owner)).Single().Domain);
    }

    [Fact]
    public async Task History_is_append_only_and_audited_and_owners_are_isolated()
    {
        var r = await NewRegistry();
        var a = (await r.RegisterOwnerAsync("Ada")).Owner;
        var b = (await r.RegisterOwnerAsync("Bo")).Owner;
        var w = await r.AddWorkAsync(a, new WorkSpec(WorkKind.Url, "https://a.example/x.png", ConsentStatuses.OptOutAll, Label: "x"));
        Assert.Null(await r.GetWorkAsync(b, w.Id));
        Assert.Null(await r.GetHistoryAsync(b, w.Id));
        Assert.Null(await r.WithdrawAsync(b, w.Id));
        Assert.Null(await r.ChangeAsync(b, w.Id, ConsentStatuses.OptOutAll));
        Assert.Empty(await r.ListWorksAsync(b));
        var changed = await r.ChangeAsync(a, w.Id, ConsentStatuses.Of(ConsentStatus.OptOut, ConsentUse.GenAiTraining));
        Assert.Equal(2, changed!.Version);
        Assert.Equal(ConsentVerdict.NotStated, r.Check([U("https://a.example/x.png")], ConsentUse.AiTraining)[0].Verdict);
        Assert.Equal(ConsentVerdict.Forbidden, r.Check([U("https://a.example/x.png")], ConsentUse.GenAiTraining)[0].Verdict);
        var withdrawn = await r.WithdrawAsync(a, w.Id);
        Assert.True(withdrawn!.Withdrawn);
        Assert.Equal(ConsentVerdict.NotStated, r.Check([U("https://a.example/x.png")], ConsentUse.GenAiTraining)[0].Verdict);
        Assert.Empty(r.Check([U("https://a.example/x.png")], ConsentUse.GenAiTraining)[0].Evidence);
        var history = (await r.GetHistoryAsync(a, w.Id))!;
        Assert.Equal([1, 2, 3], history.Select(v => v.Version));
        Assert.Equal(["added", "changed", "withdrawn"], history.Select(v => v.Change));
        Assert.Equal(ConsentStatuses.OptOutAll, history[0].Statuses);
        Assert.True(history.Zip(history.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence));
        var audit = await r.GetAuditAsync(a);
        Assert.Equal(["work.withdraw", "work.change", "works.add", "owner.register"], audit.Select(e => e.Action));
        Assert.All(audit, e => Assert.Equal($"owner {a.Id}", e.Actor));
        Assert.DoesNotContain(await r.GetAuditAsync(b), e => e.Target == $"work {w.Id}");
        Assert.Empty(await r.Store.CheckIntegrityAsync());
    }

    [Fact]
    public async Task A_bad_work_rejects_the_whole_batch_and_writes_nothing()
    {
        var r = await NewRegistry();
        var o = (await r.RegisterOwnerAsync("Ada")).Owner;
        var before = await r.Store.CountAsync();
        var e = await Assert.ThrowsAsync<CandorFormatException>(() => r.AddWorksAsync(o,
            [new WorkSpec(WorkKind.Url, "https://ok.example/", ConsentStatuses.OptOutAll), new WorkSpec(WorkKind.Domain, "com", ConsentStatuses.OptOutAll)]));
        Assert.Equal("work 1", e.Block);
        await Assert.ThrowsAsync<CandorFormatException>(() => r.AddWorkAsync(o, new WorkSpec(WorkKind.Pdq, new string('0', 64), ConsentStatuses.OptOutAll, Radius: 64)));
        await Assert.ThrowsAsync<CandorFormatException>(() => r.AddWorkAsync(o, new WorkSpec(WorkKind.Url, "ftp://x.example/", ConsentStatuses.OptOutAll)));
        await Assert.ThrowsAsync<CandorFormatException>(() => r.AddWorkAsync(o, new WorkSpec(WorkKind.Url, "https://x.example/", default)));
        Assert.Equal(before, await r.Store.CountAsync());
    }

    [Fact]
    public async Task Killed_in_the_middle_of_a_big_write_the_store_keeps_the_before_state()
    {
        var r = await NewRegistry();
        var reg = await r.RegisterOwnerAsync("Ada");
        await r.AddWorkAsync(reg.Owner, new WorkSpec(WorkKind.Url, "https://before.example/1.png", ConsentStatuses.OptOutAll));
        var before = await r.Store.CountAsync();
        await r.Store.DisposeAsync();
        var file = Path.Combine(Path.GetTempPath(), $"candor-kill-{Guid.NewGuid():N}.txt");
        await File.WriteAllLinesAsync(file, Enumerable.Range(0, 50_000).Select(i => $"https://big.example/{i}.jpg"));
        try
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Candor.Cli.dll"), "consent", "work", "add", "--store", StoreSpec, "--key", reg.ApiKey, "--from", file })
                start.ArgumentList.Add(a);
            start.Environment["CANDOR_TEST_PAUSE_AFTER_WORKS"] = "20000";
            using var child = Process.Start(start)!;
            var stderr = child.StandardError.ReadToEndAsync();
            string? line;
            try
            {
                // A generous safety limit so a broken child fails the test instead of hanging the run (not a timing assertion).
                line = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(3));
            }
            finally
            {
                child.Kill(); // SIGKILL on Unix, in the middle of the transaction
                await child.WaitForExitAsync();
            }
            Assert.True(line == "paused", $"the child did not pause inside the transaction: '{line}' {await stderr}");
        }
        finally
        {
            File.Delete(file);
        }
        await using var store = OpenStore();
        Assert.Equal(before, await store.CountAsync());
        Assert.Empty(await store.CheckIntegrityAsync());
        var after = new ConsentRegistry(store, []);
        await after.InitializeAsync();
        Assert.Equal(ConsentVerdict.NotStated, after.Check([U("https://big.example/1.jpg")], ConsentUse.AiTraining)[0].Verdict);
        Assert.Equal(ConsentVerdict.Forbidden, after.Check([U("https://before.example/1.png")], ConsentUse.AiTraining)[0].Verdict);
        // And the store still takes writes.
        await after.AddWorkAsync(reg.Owner, new WorkSpec(WorkKind.Url, "https://big.example/1.jpg", ConsentStatuses.OptOutAll));
        Assert.Equal(ConsentVerdict.Forbidden, after.Check([U("https://big.example/1.jpg")], ConsentUse.AiTraining)[0].Verdict);
    }

    [Fact]
    public async Task Bulk_check_of_many_items_keeps_order()
    {
        var r = await NewRegistry();
        var o = (await r.RegisterOwnerAsync("Ada")).Owner;
        await r.AddWorksAsync(o, [.. Enumerable.Range(0, 3000).Where(i => i % 3 == 0).Select(i => new WorkSpec(WorkKind.Url, $"https://m.example/{i}", ConsentStatuses.OptOutAll))]);
        var d = await r.CheckAsync([.. Enumerable.Range(0, 3000).Select(i => U($"https://m.example/{i}"))], ConsentUse.AiTraining);
        Assert.Equal(3000, d.Count);
        for (var i = 0; i < d.Count; i++) Assert.Equal(i % 3 == 0 ? ConsentVerdict.Forbidden : ConsentVerdict.NotStated, d[i].Verdict);
    }
}

public sealed class SqliteRegistryTests : RegistryContractTests, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"candor-reg-{Guid.NewGuid():N}");

    protected override string StoreSpec => $"sqlite:{Path.Combine(_folder, "consent.db")}";

    protected override IConsentStore OpenStore() => new SqliteConsentStore(Path.Combine(_folder, "consent.db"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, true);
    }
}

[Collection("postgres")]
public sealed class PostgresRegistryTests(PostgresCluster cluster) : RegistryContractTests
{
    private readonly string _connection = cluster.NewDatabase();

    protected override string StoreSpec => $"postgres:{_connection}";

    protected override IConsentStore OpenStore() => new Candor.Postgres.PostgresConsentStore(_connection);
}
