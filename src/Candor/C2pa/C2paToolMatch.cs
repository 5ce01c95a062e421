namespace Candor.C2pa;

/// <summary>A tool recognised in one manifest by <see cref="C2paGenerators.Identify"/>.</summary>
/// <param name="Tool">Tool name as Candor reports it, e.g. "OpenAI (DALL·E / GPT-Image)".</param>
/// <param name="Role">AI generator, editor or capture device.</param>
/// <param name="ManifestLabel">The manifest that names it.</param>
/// <param name="Key">Where in the manifest: "claim_generator", "claim_generator_info" or "c2pa.actions → softwareAgent".</param>
/// <param name="Written">The text as written, e.g. "Adobe_Photoshop/25.1.0 adobe_c2pa/0.7.6 c2pa-rs/0.25.2".</param>
/// <param name="Version">The version the manifest gives for it, or null.</param>
public sealed record C2paToolMatch(string Tool, C2paToolRole Role, string ManifestLabel, string Key, string Written, string? Version);
