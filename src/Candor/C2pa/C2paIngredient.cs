namespace Candor.C2pa;

/// <summary>One <c>c2pa.ingredient</c> (v1, v2 or v3) assertion: an asset this one was made from.</summary>
public sealed class C2paIngredient
{
    /// <summary>Label of the assertion, e.g. "c2pa.ingredient.v3__1".</summary>
    public required string AssertionLabel { get; init; }

    /// <summary>dc:title.</summary>
    public string? Title { get; init; }

    /// <summary>dc:format (media type).</summary>
    public string? Format { get; init; }

    /// <summary>parentOf, componentOf or inputTo.</summary>
    public string? Relationship { get; init; }

    /// <summary>instanceID.</summary>
    public string? InstanceId { get; init; }

    /// <summary>Label of the ingredient's own manifest (from activeManifest / c2pa_manifest), when it has one.</summary>
    public string? ActiveManifest { get; init; }
}
