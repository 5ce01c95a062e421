using System.Text.Json;

namespace Candor.Search;

/// <summary>The serializer options that write an <see cref="IndexManifest"/> as it is stored (for embedding it in reports).</summary>
public static class IndexManifestJson
{
    /// <summary>Options for <see cref="JsonSerializer"/> with <see cref="IndexManifest"/>.</summary>
    public static JsonSerializerOptions Options => IndexManifest.Json;
}
