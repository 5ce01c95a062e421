using Candor.Imaging;
using Candor.Metadata;

namespace Candor.Generators;

/// <summary>
/// What a generator parser sees: all decoded fields of the file, the pixels on demand (for
/// hidden copies such as NovelAI's alpha-channel data), and the set of fields already claimed
/// by earlier parsers.
/// </summary>
public sealed class GeneratorContext
{
    private readonly HashSet<MetadataField> _claimed = new(ReferenceEqualityComparer.Instance);
    private readonly Lazy<RgbaImage?> _pixels;
    private readonly Func<int, RgbaImage?>? _peek;

    /// <summary>Creates a context over <paramref name="fields"/>; <paramref name="pixels"/> decodes the image when first asked (null if it cannot).</summary>
    /// <param name="fields">All decoded fields, in file order.</param>
    /// <param name="pixels">Decodes the whole image (called at most once).</param>
    /// <param name="format">Container format name.</param>
    /// <param name="peekRows">Decodes only the first N rows, cheaply, to look for hidden-data markers before paying for a full decode; when null, <see cref="PeekRows"/> falls back to the full image.</param>
    public GeneratorContext(IReadOnlyList<MetadataField> fields, Func<RgbaImage?>? pixels = null, string? format = null, Func<int, RgbaImage?>? peekRows = null)
    {
        Fields = fields;
        Format = format;
        _pixels = new Lazy<RgbaImage?>(pixels ?? (() => null));
        _peek = peekRows;
    }

    /// <summary>All fields, in file order.</summary>
    public IReadOnlyList<MetadataField> Fields { get; }

    /// <summary>Container format name ("PNG", "JPEG", "WebP") when known.</summary>
    public string? Format { get; }

    /// <summary>The decoded pixels (8-bit RGBA), or null when the format has none decodable.</summary>
    public RgbaImage? Pixels => _pixels.Value;

    /// <summary>The first <paramref name="rows"/> rows (or the whole image when already decoded or when no cheap path exists).</summary>
    public RgbaImage? PeekRows(int rows) => _pixels.IsValueCreated || _peek is null ? Pixels : _peek(rows);

    /// <summary>Extra fields produced by earlier parsers (e.g. a decoded stealth copy) for later ones to read.</summary>
    public List<MetadataField> Derived { get; } = [];

    /// <summary>Findings about the file that belong to no single generator (e.g. "the stealth copy differs from the text chunk").</summary>
    public List<Candor.Provenance.Finding> Findings { get; } = [];

    /// <summary>Fields not yet claimed, original and derived.</summary>
    public IEnumerable<MetadataField> Unclaimed => Fields.Concat(Derived).Where(f => !_claimed.Contains(f));

    /// <summary>First unclaimed field with this name in any of <paramref name="groups"/> (any group when empty). Names compare case-sensitively unless <paramref name="ignoreCase"/>.</summary>
    public MetadataField? Find(string name, IReadOnlyCollection<string>? groups = null, bool ignoreCase = false)
    {
        // Files can carry hundreds of fields and every parser asks for a few names: look them up
        // in an index instead of scanning. Candidates are kept in file order (fields, then derived).
        if (!Index(ignoreCase).TryGetValue(name, out var candidates)) return null;
        foreach (var f in candidates)
        {
            if (_claimed.Contains(f)) continue;
            if (groups is { Count: > 0 } && !groups.Contains(f.Group)) continue;
            return f;
        }
        return null;
    }

    /// <summary>Unclaimed fields with this name (any group), in file order, then derived ones.</summary>
    public IEnumerable<MetadataField> Named(string name, bool ignoreCase = false) =>
        Index(ignoreCase).TryGetValue(name, out var candidates) ? candidates.Where(f => !_claimed.Contains(f)) : [];

    private Dictionary<string, List<MetadataField>>? _index;
    private Dictionary<string, List<MetadataField>>? _indexIgnoreCase;
    private int _indexedDerived = -1;

    private Dictionary<string, List<MetadataField>> Index(bool ignoreCase)
    {
        if (_indexedDerived != Derived.Count)
        {
            _index = Build(StringComparer.Ordinal);
            _indexIgnoreCase = Build(StringComparer.OrdinalIgnoreCase);
            _indexedDerived = Derived.Count;
        }
        return ignoreCase ? _indexIgnoreCase! : _index!;

        Dictionary<string, List<MetadataField>> Build(StringComparer comparer)
        {
            var index = new Dictionary<string, List<MetadataField>>(comparer);
            foreach (var f in Fields.Concat(Derived))
            {
                if (!index.TryGetValue(f.Name, out var list)) index[f.Name] = list = [];
                list.Add(f);
            }
            return index;
        }
    }

    /// <summary>Marks a field as explained, so later parsers skip it.</summary>
    public void Claim(MetadataField field) => _claimed.Add(field);

    /// <summary>True when an earlier parser claimed this field.</summary>
    public bool IsClaimed(MetadataField field) => _claimed.Contains(field);
}
