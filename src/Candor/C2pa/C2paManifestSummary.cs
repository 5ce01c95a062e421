using Candor.C2pa.Cbor;
using Candor.C2pa.Jumbf;

namespace Candor.C2pa;

/// <summary>
/// What one manifest of a store says, read but not validated: who made the claim, with which
/// software, the actions and ingredients it declares, training-and-mining wishes, and who signed it.
/// A bad assertion does not stop reading; it is listed in <see cref="Problems"/>.
/// </summary>
public sealed class C2paManifestSummary
{
    /// <summary>The manifest label (v1 "vendor:urn:uuid:…", v2 "urn:c2pa:…").</summary>
    public required string Label { get; init; }

    /// <summary>Standard, update or compressed.</summary>
    public required C2paManifestKind Kind { get; init; }

    /// <summary>The manifest superbox (exact bytes and offsets; for a compressed manifest, the decompressed superbox).</summary>
    public required JumbfBox Box { get; init; }

    /// <summary>Absolute offset of the manifest superbox in the file (for a compressed manifest: of its <c>c2cm</c> box).</summary>
    public required long Offset { get; init; }

    /// <summary>The claim superbox ("c2pa.claim.v2", else "c2pa.claim"), or null when there is none.</summary>
    public JumbfBox? ClaimBox => Box.ChildWithLabel("c2pa.claim.v2") ?? Box.ChildWithLabel("c2pa.claim");

    /// <summary>The claim's CBOR exactly as stored: what the claim signature signs. Empty when there is no claim content box.</summary>
    public ReadOnlyMemory<byte> ClaimBytes => ClaimBox?.FirstContentBox()?.Payload ?? ReadOnlyMemory<byte>.Empty;

    /// <summary>Claim label: "c2pa.claim" or "c2pa.claim.v2".</summary>
    public string? ClaimLabel { get; set; }

    /// <summary>Claim version: 1 or 2.</summary>
    public int ClaimVersion { get; set; }

    /// <summary>The claim as read.</summary>
    public CborValue? Claim { get; set; }

    /// <summary>v1 claim_generator string, e.g. "Adobe_Photoshop/25.1.0 adobe_c2pa/0.7.6 c2pa-rs/0.25.2".</summary>
    public string? ClaimGenerator { get; set; }

    /// <summary>claim_generator_info entries (an array in v1, one map in v2).</summary>
    public List<C2paSoftware> ClaimGeneratorInfo { get; } = [];

    /// <summary>dc:title.</summary>
    public string? Title { get; set; }

    /// <summary>dc:format.</summary>
    public string? Format { get; set; }

    /// <summary>instanceID.</summary>
    public string? InstanceId { get; set; }

    /// <summary>The signer as named by the claim signature's leaf certificate; null when there is no readable signature.</summary>
    public C2paSignatureInfo? Signature { get; set; }

    /// <summary>Actions from every actions assertion, in order.</summary>
    public List<C2paAction> Actions { get; } = [];

    /// <summary>Ingredient assertions, in order.</summary>
    public List<C2paIngredient> Ingredients { get; } = [];

    /// <summary>Training-and-mining entries, in order.</summary>
    public List<C2paTrainingMiningEntry> TrainingMining { get; } = [];

    /// <summary>Labels of every assertion in the assertion store, in order (with their __N suffixes).</summary>
    public List<string> AssertionLabels { get; } = [];

    /// <summary>Author names from stds.schema-org.CreativeWork / c2pa.metadata.</summary>
    public List<string> Authors { get; } = [];

    /// <summary>Problems that did not stop reading (a malformed assertion, an unreadable certificate).</summary>
    public List<string> Problems { get; } = [];
}
