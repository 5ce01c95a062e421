namespace Candor.Tests.Server.Browser;

/// <summary>
/// The browser test classes run one after the other: each starts its own server and chromium, and two
/// chromiums at once on a small machine only make every test slower.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    /// <summary>The collection's name, for <see cref="CollectionAttribute"/>.</summary>
    public const string Name = "Browser";
}
