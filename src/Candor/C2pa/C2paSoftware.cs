namespace Candor.C2pa;

/// <summary>A piece of software named in a claim (claim_generator_info) or an action (softwareAgent).</summary>
/// <param name="Name">Name as written, e.g. "ChatGPT", "Adobe Firefly", "Amazon Bedrock".</param>
/// <param name="Version">Version as written, or null.</param>
public sealed record C2paSoftware(string Name, string? Version = null)
{
    /// <inheritdoc />
    public override string ToString() => Version is null ? Name : $"{Name} {Version}";
}
