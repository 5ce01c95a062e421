using System.Text.Json;

namespace Candor.Consent.Signals;

// /.well-known/tdmrep.json (W3C TDMRep): a JSON array of rules, the first rule whose location matches the
// URL's path applies ("the most specific match is the first in sequence"):
//
//   [ { "location": "/directory-b/html/", "tdm-reservation": 1, "tdm-policy": "https://…/policy.json" }, … ]

/// <summary>A parsed <c>/.well-known/tdmrep.json</c>: the site-wide TDM reservations by path pattern.</summary>
public sealed class TdmRepFile
{
    /// <summary>The largest file read; a bigger one is reported as a problem and gives no rules.</summary>
    public const int MaxBytes = 1024 * 1024;

    private TdmRepFile(IReadOnlyList<TdmRepRule> rules, string? problem)
    {
        Rules = rules;
        Problem = problem;
    }

    /// <summary>The rules in file order (objects without a location are skipped and noted in <see cref="Problem"/>).</summary>
    public IReadOnlyList<TdmRepRule> Rules { get; }

    /// <summary>What was wrong with the file (not JSON, not an array, a rule without a location, a bad value); null when nothing.</summary>
    public string? Problem { get; }

    /// <summary>Reads the file. Never throws: malformed input gives no rules and a <see cref="Problem"/>.</summary>
    public static TdmRepFile Parse(ReadOnlySpan<byte> json)
    {
        if (json.Length > MaxBytes) return new TdmRepFile([], $"file is {json.Length} bytes, more than the {MaxBytes}-byte limit");
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 16 });
            using var doc = JsonDocument.ParseValue(ref reader);
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
                return new TdmRepFile([], $"expected a JSON array of rules, found {doc.RootElement.ValueKind.ToString().ToLowerInvariant()}");
            var rules = new List<TdmRepRule>();
            var problems = new List<string>();
            var index = 0;
            foreach (var item in doc.RootElement.EnumerateArray())
            {
                index++;
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("location", out var loc) || loc.ValueKind != JsonValueKind.String)
                {
                    problems.Add($"rule {index} has no location string");
                    continue;
                }
                int? reservation = null;
                if (item.TryGetProperty("tdm-reservation", out var r))
                {
                    reservation = TdmRep.ReservationValue(r.ValueKind == JsonValueKind.String ? r.GetString() : r.GetRawText());
                    if (reservation is null) problems.Add($"rule {index}: tdm-reservation {r.GetRawText()} is neither 0 nor 1");
                }
                var policy = item.TryGetProperty("tdm-policy", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
                rules.Add(new TdmRepRule(loc.GetString()!, reservation, policy, index));
            }
            return new TdmRepFile(rules, problems.Count == 0 ? null : string.Join("; ", problems));
        }
        catch (JsonException e)
        {
            return new TdmRepFile([], $"not valid JSON: {e.Message}");
        }
    }

    /// <summary>The first rule whose location matches <paramref name="url"/>'s path, or null.</summary>
    public TdmRepRule? Match(string url)
    {
        var path = RobotsTxt.PathParamsQuery(url);
        return Rules.FirstOrDefault(r => TdmRep.LocationMatches(r.Location, path));
    }

    /// <summary>The declaration this file makes for <paramref name="url"/>; null when no rule matches (the reservation stays unset).</summary>
    public TdmDeclaration? DeclarationFor(string url) =>
        Match(url) is { } rule
            ? new TdmDeclaration(rule.Reservation, rule.Reservation == 1 ? rule.Policy : null,
                $"/.well-known/tdmrep.json rule {rule.Index} ({rule.Location})",
                rule.Reservation is null ? "tdm-reservation missing or neither 0 nor 1" : null)
            : null;
}
