namespace Candor.Registry;

/// <summary>A new owner and its first API key. The key is shown here once; the registry keeps only its hash.</summary>
/// <param name="Owner">The owner as stored.</param>
/// <param name="ApiKey">The API key, e.g. <c>candor_12_k3v…</c> (send it as <c>Authorization: API &lt;key&gt;</c>).</param>
public sealed record OwnerRegistration(Owner Owner, string ApiKey);
