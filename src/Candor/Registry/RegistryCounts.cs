namespace Candor.Registry;

/// <summary>How many rows a store holds, table by table (for tests, health pages and the benchmark).</summary>
/// <param name="Owners">Owners.</param>
/// <param name="ApiKeys">API keys.</param>
/// <param name="Works">Works.</param>
/// <param name="Versions">Work versions.</param>
/// <param name="Domains">Domain verifications.</param>
/// <param name="Audit">Audit entries.</param>
/// <param name="LastSequence">The highest change number written.</param>
public sealed record RegistryCounts(long Owners, long ApiKeys, long Works, long Versions, long Domains, long Audit, long LastSequence);
