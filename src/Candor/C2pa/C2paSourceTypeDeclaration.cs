using Candor.Provenance;

namespace Candor.C2pa;

/// <summary>An IPTC digital source type declared by an action of a manifest (the AI disclosure of C2PA).</summary>
/// <param name="Uri">The URI as written.</param>
/// <param name="Term">Its last segment, e.g. "trainedAlgorithmicMedia".</param>
/// <param name="Meaning">Plain-language meaning of the term, or null for an unknown term.</param>
/// <param name="IsGenerativeAi">True for trainedAlgorithmicMedia and compositeWithTrainedAlgorithmicMedia.</param>
/// <param name="Action">The action that declares it, e.g. "c2pa.created".</param>
/// <param name="SoftwareAgent">The action's software agent, or null.</param>
/// <param name="ManifestLabel">The manifest the action is in.</param>
/// <param name="InActiveManifest">True when that manifest is the active (last) one.</param>
/// <param name="Evidence">Where it was read.</param>
public sealed record C2paSourceTypeDeclaration(
    string Uri, string Term, string? Meaning, bool IsGenerativeAi, string Action, string? SoftwareAgent,
    string ManifestLabel, bool InActiveManifest, Evidence Evidence);
