using System.Formats.Tar;
using System.Text;
using Candor.Search;

namespace Candor.Tests.Server;

/// <summary>
/// Two small index folders, built once per test class into a temporary folder and deleted after it: the corpus's
/// WebDataset (11 images in 4 tars, no captions; PDQ, ResNet18 image embeddings and previews) and a 30-row CSV of
/// URLs and captions written here (MiniLM caption embeddings). Nothing is built when the corpus is absent; the
/// tests then skip through <see cref="Corpus.Require"/>.
/// </summary>
public sealed class SearchIndexes : IDisposable
{
    /// <summary>The caption of the row whose URL is not a web address and whose caption holds markup (never rendered as such).</summary>
    public const string MarkupCaption = "<img src=x onerror=alert(1)> a puppy chasing a <b>red</b> ball on the grass";

    /// <summary>The URL of that row.</summary>
    public const string ScriptUrl = "javascript:alert(1)";

    private static readonly (string Url, string Caption)[] Rows =
    [
        ("https://example.com/cats/1.jpg", "a grey cat sleeping on a blue sofa"),
        ("https://example.com/cats/2.jpg", "a kitten playing with a ball of wool"),
        ("https://example.com/cats/3.jpg", "an orange tabby cat sitting on a windowsill in the sun"),
        ("https://example.com/dogs/1.jpg", "a golden retriever running along the beach"),
        ("https://example.com/dogs/2.jpg", "two dogs pulling on a rope toy"),
        (ScriptUrl, MarkupCaption),
        ("https://example.com/bikes/1.jpg", "a red bicycle leaning against a brick wall"),
        ("https://example.com/bikes/2.jpg", "cyclists racing up a mountain road"),
        ("https://example.com/sea/1.jpg", "sunset over the ocean with sailing boats"),
        ("https://example.com/sea/2.jpg", "waves breaking on a rocky shore"),
        ("https://example.com/sea/3.jpg", "a lighthouse on a cliff above the sea"),
        ("https://example.com/mountains/1.jpg", "snow-covered mountain peaks under a clear sky"),
        ("https://example.com/mountains/2.jpg", "hikers on a trail through an alpine meadow"),
        ("https://example.com/food/1.jpg", "a bowl of ramen with a boiled egg and green onions"),
        ("https://example.com/food/2.jpg", "fresh croissants on a bakery counter"),
        ("https://example.com/food/3.jpg", "a pepperoni pizza straight out of the oven"),
        ("https://example.com/cars/1.jpg", "a vintage convertible car parked on a city street"),
        ("https://example.com/cars/2.jpg", "a traffic jam on a motorway at dusk"),
        ("https://example.com/city/1.jpg", "the skyline of a city at night with lit skyscrapers"),
        ("https://example.com/city/2.jpg", "a crowded market street with colourful awnings"),
        ("https://example.com/flowers/1.jpg", "a field of red tulips in spring"),
        ("https://example.com/flowers/2.jpg", "a bee on a sunflower"),
        ("https://example.com/birds/1.jpg", "a flock of geese flying in a v formation"),
        ("https://example.com/birds/2.jpg", "a robin perched on a snowy branch"),
        ("https://example.com/space/1.jpg", "the milky way over a desert at night"),
        ("https://example.com/space/2.jpg", "an astronaut floating outside the space station"),
        ("https://example.com/art/1.jpg", "an oil painting of a harbour with fishing boats"),
        ("https://example.com/art/2.jpg", "a pencil sketch of an old man's face"),
        ("https://example.com/home/1.jpg", "a cosy living room with a fireplace and bookshelves"),
        ("https://example.com/home/2.jpg", "a kitchen with white cabinets and a wooden table"),
    ];

    private readonly string? _root;

    public SearchIndexes()
    {
        if (Corpus.RootOrNull is null) return;
        _root = Directory.CreateTempSubdirectory("candor-search-fixture-").FullName;
        ImageFolder = Path.Combine(_root, "webdataset-index");
        IndexBuilder.Build(Corpus.Path("datasets/webdataset"), ImageFolder, new IndexBuildOptions { EmbedImages = true });
        var csv = Path.Combine(_root, "captions.csv");
        var text = new StringBuilder("url,caption\n");
        foreach (var (url, caption) in Rows) text.Append(url).Append(",\"").Append(caption.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\"\n");
        File.WriteAllText(csv, text.ToString());
        CaptionFolder = Path.Combine(_root, "captions-index");
        IndexBuilder.Build(csv, CaptionFolder, new IndexBuildOptions { EmbedCaptions = true });
    }

    /// <summary>The index of the WebDataset: 11 images with PDQ, ResNet18 embeddings and previews, no captions.</summary>
    public string ImageFolder { get; } = "";

    /// <summary>The index of the CSV: 30 URLs and captions with MiniLM embeddings, no images.</summary>
    public string CaptionFolder { get; } = "";

    /// <summary>The number of rows of the CSV.</summary>
    public static int CaptionCount => Rows.Length;

    /// <summary>The bytes of image <paramref name="key"/> (e.g. "123_456") as stored in the corpus's first tar.</summary>
    public static byte[] ImageBytes(string key)
    {
        using var tar = new TarReader(File.OpenRead(Corpus.Path("datasets/webdataset/image1.tar")));
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.Name != key + ".jpg" || entry.DataStream is null) continue;
            using var bytes = new MemoryStream();
            entry.DataStream.CopyTo(bytes);
            return bytes.ToArray();
        }
        throw new FileNotFoundException($"{key}.jpg is not in image1.tar");
    }

    public void Dispose()
    {
        if (_root is null) return;
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A memory-mapped index file may still be open in a server being disposed; the temp folder is cleaned by the system.
        }
    }
}
