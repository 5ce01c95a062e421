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
        var command = new Command("consent", "Honour artists' consent: a registry of owners and works (owner, work, check) and a data-set filter (filter).");
        command.Subcommands.Add(ConsentFilterCommand.Filter());
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
                Console.Out.WriteLine($"{parse.GetValue(items)![i]}\t{ConsentJson.VerdictWord(decisions[i].Verdict)}\t{decisions[i].Reason}");
            return ExitCodes.Ok;
        });

        command.Subcommands.Add(owner);
        command.Subcommands.Add(work);
        command.Subcommands.Add(check);
        return command;
    }

    /// <summary>The SQLite file a store spec names (<c>sqlite:PATH</c> or a plain path), or null for <c>postgres:CONNECTION</c>.</summary>
    internal static string? SqlitePath(string spec) =>
        spec.StartsWith("postgres:", StringComparison.Ordinal) ? null
        : spec.StartsWith("sqlite:", StringComparison.Ordinal) ? spec["sqlite:".Length..] : spec;

    /// <summary>Opens the store named by <paramref name="spec"/> and a registry over it (migrated, snapshot loaded).</summary>
    /// <exception cref="CandorFormatException">The store cannot be opened (no such folder, not a registry, a refused connection, a newer schema): the message says which and why.</exception>
    public static async Task<OpenRegistry> OpenAsync(string spec, CancellationToken ct)
    {
        IConsentStore? store = null;
        try
        {
            store = SqlitePath(spec) is { } file ? new SqliteConsentStore(file) : new PostgresConsentStore(spec["postgres:".Length..]);
            var registry = new ConsentRegistry(store);
            await registry.InitializeAsync(ct);
            return new OpenRegistry(registry);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            if (store is not null) await store.DisposeAsync();
            throw new CandorFormatException($"cannot open the registry store '{RedactedSpec(spec)}': {e.Message}", offset: 0);
        }
    }

    /// <summary>The store spec without a password, for messages.</summary>
    private static string RedactedSpec(string spec) =>
        System.Text.RegularExpressions.Regex.Replace(spec, @"(?i)(password|pwd)\s*=\s*[^;]*", "$1=***");

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
