using Candor.C2pa.Cbor;
using Candor.C2pa.Jumbf;

namespace Candor.C2pa.Validation;

/// <summary>
/// The C2PA 2.x rules for actions assertions, applied to v2 claims as the reference applies
/// them (v1 claims are not held to them): every actions assertion has a non-empty "actions"
/// array, every action a name; the first actions assertion of a standard manifest starts with
/// <c>c2pa.created</c> or <c>c2pa.opened</c>, and no other action is one of those; a created
/// action declares its digitalSourceType; an opened,
/// placed or removed action names its ingredient(s).
/// </summary>
public static class ActionsValidator
{
    private const string Created = "c2pa.created";
    private const string Opened = "c2pa.opened";

    /// <summary>Checks the actions assertions of <paramref name="manifest"/>, adding failures to <paramref name="report"/>.</summary>
    public static void Validate(C2paManifestSummary manifest, C2paHashReport report)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(report);
        if (manifest.ClaimVersion < 2) return;
        var assertions = manifest.Box.ChildWithLabel("c2pa.assertions");
        if (assertions is null) return;

        // Actions assertions in claim order: created_assertions first, then gathered_assertions.
        var ordered = new List<(string Label, JumbfBox Box)>();
        foreach (var key in new[] { "created_assertions", "gathered_assertions" })
            foreach (var item in manifest.Claim?[key]?.Untagged.Items ?? [])
            {
                var url = item.Untagged.GetText("url");
                var label = url?[(url.LastIndexOf('/') + 1)..];
                if (label is null || ManifestStoreReader.BaseLabel(label) is not ("c2pa.actions" or "c2pa.actions.v2")) continue;
                if (assertions.ChildWithLabel(label) is { } box && !ordered.Any(o => o.Label == label)) ordered.Add((label, box));
            }
        if (ordered.Count == 0) return;

        var parsed = new List<(string Label, IReadOnlyList<CborValue> Actions)>();
        foreach (var (label, box) in ordered)
        {
            var uri = $"self#jumbf=/c2pa/{manifest.Label}/c2pa.assertions/{label}";
            var content = box.FirstContentBox();
            CborValue value;
            try
            {
                if (content is null || content.Type != "cbor") throw new CandorFormatException("no CBOR content box", box.Offset);
                value = CborValue.Read(content.Payload, content.PayloadOffset).Untagged;
            }
            catch (CandorFormatException e)
            {
                report.Add(C2paStatusCodes.AssertionCborInvalid, uri, $"the actions assertion cannot be read: {e.Describe()}", manifest.Label);
                continue;
            }
            var actions = value["actions"]?.Untagged;
            if (actions is null || actions.Kind != CborValueKind.Array || actions.Items.Count == 0)
            {
                report.Add(C2paStatusCodes.ActionMalformed, uri, "the actions assertion has no actions", manifest.Label);
                continue;
            }
            parsed.Add((label, actions.Items));
        }
        if (parsed.Count == 0) return;

        var firstName = parsed[0].Actions[0].Untagged.GetText("action");
        var startsRight = firstName is Created or Opened;
        if (!startsRight && manifest.Kind != C2paManifestKind.Update)
            report.Add(C2paStatusCodes.ActionMalformed, manifest.Label,
                $"the first action is '{firstName ?? "(none)"}'; it must be {Created} or {Opened}", manifest.Label);

        for (var a = 0; a < parsed.Count; a++)
        {
            var (label, actions) = parsed[a];
            var uri = $"self#jumbf=/c2pa/{manifest.Label}/c2pa.assertions/{label}";
            for (var i = 0; i < actions.Count; i++)
            {
                var action = actions[i].Untagged;
                var name = action.GetText("action");
                if (string.IsNullOrEmpty(name))
                {
                    report.Add(C2paStatusCodes.ActionMalformed, uri, $"action {i} has no name", manifest.Label);
                    continue;
                }
                if (name is Created or Opened && (a != 0 || i != 0 || !startsRight))
                    report.Add(C2paStatusCodes.ActionMalformed, uri, $"{name} may only be the very first action (found as action {i})", manifest.Label);
                if (name == Created && action["digitalSourceType"] is null)
                    report.Add(C2paStatusCodes.ActionMalformed, uri, $"{Created} must declare a digitalSourceType", manifest.Label);
                if (name is Opened or "c2pa.placed" or "c2pa.removed")
                {
                    var parameters = action["parameters"]?.Untagged;
                    var ingredients = parameters?["ingredients"]?.Untagged;
                    var single = parameters?["ingredient"];
                    if (single is null && (ingredients is null || ingredients.Kind != CborValueKind.Array || ingredients.Items.Count == 0))
                        report.Add(C2paStatusCodes.ActionIngredientMismatch, uri, $"{name} must name its ingredient(s) in its parameters", manifest.Label);
                }
            }
        }
    }
}
