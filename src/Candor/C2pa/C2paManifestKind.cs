namespace Candor.C2pa;

/// <summary>Kind of a manifest in a store, from its superbox's content-type UUID.</summary>
public enum C2paManifestKind
{
    /// <summary><c>c2ma</c>: a standard manifest.</summary>
    Standard,
    /// <summary><c>c2um</c>: an update manifest (no hard binding, one parentOf ingredient).</summary>
    Update,
    /// <summary><c>c2cm</c>: a Brotli-compressed manifest (<c>brob</c> content), read after decompression.</summary>
    Compressed,
}
