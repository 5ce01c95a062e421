using System.CommandLine;
using Candor.Consent;
using Candor.Postgres;
using Candor.Registry;

namespace Candor.Cli;

/// <summary>
/// <c>candor consent owner add | work add | check</c>: the consent registry on a local store, without a server.
/// <c>--store</c> is a SQLite file (<c>sqlite:PATH</c> or a plain path) or <c>postgres:CONNECTION-STRING</c>.
/// </summary>
internal static class RegistryCommand
{
    /// <summary>Set by tests: after this many works are written inside the transaction, print "paused" and wait to be killed.</summary>
    private const string PauseVariable = "CANDOR_TEST_PAUSE_AFTER_WORKS";

    public static Command Create()
    {
        var command = new Command("consent", "Consent registry: register owners and works, check URLs and hashes.");
        var store = new Option<string>("--store") { Description = "sqlite:PATH (or a plain path) or postgres:CONNECTION-STRING.", Required = true };

        var owner = new Command("owner", "Owners.");
        var ownerAdd = new Command("add", "Register an owner and print its API key (shown once).");
        var name = new Argument<string>("name");
        ownerAdd.Arguments.Add(name);
        ownerAdd.Options.Add(store);
        ownerAdd.SetAction(async (parse, ct) =>
        {
            await using var registry = await OpenAsync(parse.GetValue(store)!, ct);
            var registration = await registry.Registry.RegisterOwnerAsync(parse.GetValue(name)!, cancellationToken: ct);
            Console.Out.WriteLine($"owner {registration.Owner.Id}");
            Console.Out.WriteLine($"api key {registration.ApiKey}");
            Console.Out.WriteLine($"domain proof {ConsentRegistry.DomainProofText(registration.Owner)}");
            return ExitCodes.Ok;
        });
        owner.Subcommands.Add(ownerAdd);

        var work = new Command("work", "Works.");
        var workAdd = new Command("add", "Register works (all in one transaction).");
        var key = new Option<string>("--key") { Description = "The owner's API key.", Required = true };
        var kind = new Option<string>("--kind") { Description = "url, prefix, domain, sha256 or pdq.", DefaultValueFactory = _ => "url" };
        var statuses = new Option<string>("--statuses") { Description = "e.g. 'ai-training=opt-out tdm=opt-in' (default: opt-out of every use)." };
        var from = new Option<string?>("--from") { Description = "A file with one value per line." };
        var values = new Argument<string[]>("values") { Arity = ArgumentArity.ZeroOrMore };
        workAdd.Options.Add(store);
        workAdd.Options.Add(key);
        workAdd.Options.Add(kind);
        workAdd.Options.Add(statuses);
        workAdd.Options.Add(from);
        workAdd.Arguments.Add(values);
        workAdd.SetAction(async (parse, ct) =>
        {
            var s = ConsentStatuses.OptOutAll;
            if (parse.GetValue(statuses) is { } text && !ConsentStatuses.TryParse(text, out s, out var problem))
            {
                Terminal.Error(problem);
                return ExitCodes.Usage;
            }
            WorkKind k;
            try
            {
                k = SqlConsentStore.ParseKind(parse.GetValue(kind)!);
            }
            catch (CandorFormatException e)
            {
                Terminal.Error(e.Message);
                return ExitCodes.Usage;
            }
            var list = new List<string>(parse.GetValue(values) ?? []);
            if (parse.GetValue(from) is { } file) list.AddRange(File.ReadLines(file).Where(l => l.Trim().Length > 0));
            await using var registry = await OpenAsync(parse.GetValue(store)!, ct);
            var who = await registry.Registry.AuthenticateAsync(parse.GetValue(key), ct);
            if (who is null)
            {
                Terminal.Error("the API key is not valid for this store");
                return ExitCodes.Usage;
            }
            var pauseAt = int.TryParse(Environment.GetEnvironmentVariable(PauseVariable), out var p) ? p : -1;
            var progress = new SyncProgress(n =>
            {
                if (pauseAt < 0 || n < pauseAt) return;
                Console.Out.WriteLine("paused");
                Console.Out.Flush();
                Thread.Sleep(Timeout.Infinite);
            });
            try
            {
                var added = await registry.Registry.AddWorksAsync(who, [.. list.Select(v => new WorkSpec(k, v, s))], progress, ct);
                Console.Out.WriteLine($"added {added.Count} work(s){(added.Count > 0 ? $", ids {added[0].Id}-{added[^1].Id}" : "")}");
                return ExitCodes.Ok;
            }
            catch (CandorFormatException e)
            {
                Terminal.Error(e.Describe());
                return ExitCodes.SomeFailed;
            }
        });
        work.Subcommands.Add(workAdd);

        var check = new Command("check", "Check URLs (or sha256:HEX, pdq:HEX) against the registry; one line per item.");
        var use = new Option<string>("--use") { Description = "ai-training, genai-training or tdm.", DefaultValueFactory = _ => "ai-training" };
        var items = new Argument<string[]>("items") { Arity = ArgumentArity.OneOrMore };
        check.Options.Add(store);
        check.Options.Add(use);
        check.Arguments.Add(items);
        check.SetAction(async (parse, ct) =>
        {
            if (!ConsentUses.TryParse(parse.GetValue(use), out var u, out var problem))
            {
                Terminal.Error(problem);
                return ExitCodes.Usage;
            }
            await using var registry = await OpenAsync(parse.GetValue(store)!, ct);
            var queries = parse.GetValue(items)!.Select(i => i.StartsWith("sha256:", StringComparison.Ordinal) ? new ConsentQuery(Sha256: i[7..])
                : i.StartsWith("pdq:", StringComparison.Ordinal) ? new ConsentQuery(Pdq: i[4..]) : new ConsentQuery(Url: i)).ToList();
            var decisions = await registry.Registry.CheckAsync(queries, u, ct);
            for (var i = 0; i < queries.Count; i++)
                Console.Out.WriteLine($"{parse.GetValue(items)![i]}\t{JsonWord(decisions[i].Verdict)}\t{decisions[i].Reason}");
            return ExitCodes.Ok;
        });

        command.Subcommands.Add(owner);
        command.Subcommands.Add(work);
        command.Subcommands.Add(check);
        return command;
    }

    private static string JsonWord(ConsentVerdict v) => v switch { ConsentVerdict.Forbidden => "forbidden", ConsentVerdict.Allowed => "allowed", _ => "not-stated" };

    /// <summary>Opens the store named by <paramref name="spec"/> and a registry over it (migrated, snapshot loaded).</summary>
    public static async Task<OpenRegistry> OpenAsync(string spec, CancellationToken ct)
    {
        IConsentStore store = spec.StartsWith("postgres:", StringComparison.Ordinal) ? new PostgresConsentStore(spec["postgres:".Length..])
            : new SqliteConsentStore(spec.StartsWith("sqlite:", StringComparison.Ordinal) ? spec["sqlite:".Length..] : spec);
        var registry = new ConsentRegistry(store);
        await registry.InitializeAsync(ct);
        return new OpenRegistry(registry);
    }

    internal sealed class OpenRegistry(ConsentRegistry registry) : IAsyncDisposable
    {
        public ConsentRegistry Registry { get; } = registry;

        public ValueTask DisposeAsync() => Registry.Store.DisposeAsync();
    }

    /// <summary>Reports on the writing thread (Progress&lt;T&gt; would post to the thread pool, after the fact).</summary>
    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
