namespace Candor.Datasets;

/// <summary>
/// The columns LAION and img2dataset define, by the names they write them under (matched case-insensitively), and
/// the <see cref="DatasetRecord"/> property each one fills. When a row has two columns of one kind (e.g. <c>TEXT</c>
/// and <c>caption</c>), the first with a value fills the property and the other is kept in <see cref="DatasetRecord.Extra"/>.
/// </summary>
internal static class DatasetColumns
{
    private static readonly Dictionary<string, KnownColumn> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["key"] = KnownColumn.Key,
        ["url"] = KnownColumn.Url,
        ["text"] = KnownColumn.Caption,
        ["caption"] = KnownColumn.Caption,
        ["txt"] = KnownColumn.Caption,
        ["width"] = KnownColumn.Width,
        ["height"] = KnownColumn.Height,
        ["license"] = KnownColumn.License,
        ["similarity"] = KnownColumn.Similarity,
        ["punsafe"] = KnownColumn.Punsafe,
        ["pwatermark"] = KnownColumn.Pwatermark,
        ["sha256"] = KnownColumn.Sha256,
        ["sha256hash"] = KnownColumn.Sha256,
        // LAION-2B's "hash" is an integer hash of URL and caption; it counts as a SHA-256 only when it holds 64 hex digits.
        ["hash"] = KnownColumn.Hash,
        // img2dataset's parquet output format stores the image bytes in a binary column named after the encoding.
        ["jpg"] = KnownColumn.Image,
        ["jpeg"] = KnownColumn.Image,
        ["png"] = KnownColumn.Image,
        ["webp"] = KnownColumn.Image,
        ["image"] = KnownColumn.Image,
    };

    /// <summary>What a column named <paramref name="name"/> fills, before the first-wins rule.</summary>
    public static KnownColumn KindOf(string name) => Names.GetValueOrDefault(name);
}

/// <summary>The <see cref="DatasetRecord"/> property a column fills; <see cref="None"/> keeps it in <see cref="DatasetRecord.Extra"/>.</summary>
internal enum KnownColumn
{
    None,
    Key,
    Url,
    Caption,
    Width,
    Height,
    License,
    Similarity,
    Punsafe,
    Pwatermark,
    Sha256,
    Hash,
    Image,
}
