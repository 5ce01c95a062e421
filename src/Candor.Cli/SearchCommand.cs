using System.CommandLine;
using Candor.Datasets;
using Candor.Search;

namespace Candor.Cli;

/// <summary>
/// <c>candor search INDEX --image FILE | --text "…" | --embedding FILE.npy</c>: is this picture (or this subject) in
/// the data set? Near-duplicates by PDQ, then similar items by embedding; words and meaning for text.
/// </summary>
internal static class SearchCommand
{
    public static Command Create()
    {
        var index = new Argument<string>("index") { Description = "An index folder (candor index build)." };
        var image = new Option<string?>("--image") { Description = "Find this picture: near-duplicates by PDQ, then similar pictures by embedding." };
        var text = new Option<string?>("--text") { Description = "Find captions with these words and this meaning (and pictures, when the index has a CLIP-like encoder pair)." };
        var embedding = new Option<string?>("--embedding") { Description = "Find items closest to an embedding in a .npy file (first row, or --row)." };
        var row = new Option<long>("--row") { Description = "Row of the --embedding file to use.", DefaultValueFactory = _ => 0 };
        var target = new Option<string>("--target") { Description = "Which embeddings --embedding is compared with: image or caption.", DefaultValueFactory = _ => "image" };
        target.AcceptOnlyFromAmong("image", "caption");
        var radius = new Option<int>("--radius") { Description = "PDQ Hamming radius in bits (0–64; 31 is Meta's match threshold).", DefaultValueFactory = _ => 31 };
        var k = new Option<int>("-k") { Description = "Results per route (1–1000).", DefaultValueFactory = _ => 20 };
        var noDihedral = new Option<bool>("--no-dihedral") { Description = "Do not also look for rotated and mirrored copies by PDQ." };
        var imageEncoder = new Option<string?>("--image-encoder") { Description = "Image encoder config to use instead of the index's (must share its space)." };
        var textEncoder = new Option<string?>("--text-encoder") { Description = "Text encoder config to use instead of the index's (e.g. CLIP's text tower for text-to-image)." };
        var json = new Option<bool>("--json") { Description = "JSON (schema candor.search/1)." };
        var command = new Command("search", "Is this picture or subject in the data set? Shows near-duplicates and similar items with their URL and caption — similarity, never a claim of source.");
        command.Arguments.Add(index);
        foreach (var o in new Option[] { image, text, embedding, row, target, radius, k, noDihedral, imageEncoder, textEncoder, json }) command.Options.Add(o);
        command.Validators.Add(result =>
        {
            var given = new[] { result.GetValue(image) is not null, result.GetValue(text) is not null, result.GetValue(embedding) is not null }.Count(b => b);
            if (given != 1) result.AddError("give exactly one of --image FILE, --text \"…\" or --embedding FILE.npy");
        });
        command.SetAction((parse, ct) =>
        {
            var folder = parse.GetValue(index)!;
            var options = new SearchOptions { K = parse.GetValue(k), Radius = parse.GetValue(radius), Dihedral = !parse.GetValue(noDihedral) };
            var indexOptions = new SearchIndexOptions { ImageEncoderConfig = parse.GetValue(imageEncoder), TextEncoderConfig = parse.GetValue(textEncoder) };
            var asJson = parse.GetValue(json);
            try
            {
                options.Validate();
                using var search = SearchIndex.Open(folder, indexOptions);
                if (parse.GetValue(image) is { } file)
                {
                    var result = search.SearchImage(File.ReadAllBytes(file), options);
                    if (asJson) Console.Out.WriteLine(JsonText.Indented(w => SearchJson.Write(w, search, result, file)));
                    else RenderImage(search, result, file);
                }
                else if (parse.GetValue(text) is { } words)
                {
                    var result = search.SearchText(words, options);
                    if (asJson) Console.Out.WriteLine(JsonText.Indented(w => SearchJson.Write(w, search, result)));
                    else RenderText(search, result);
                }
                else
                {
                    var npyPath = parse.GetValue(embedding)!;
                    using var npy = NpyArray.Open(npyPath);
                    var r = parse.GetValue(row);
                    if (r < 0 || r >= npy.Rows) throw new ArgumentException($"{npyPath} has {npy.Rows} rows; --row {r} is outside");
                    var vector = new float[npy.Columns];
                    npy.ReadRow(r, vector);
                    var where = parse.GetValue(target)!;
                    var hits = search.SearchEmbedding(vector, where, options);
                    if (asJson) Console.Out.WriteLine(JsonText.Indented(w => SearchJson.Write(w, search, where, hits)));
                    else Section($"closest {where}s to the embedding in {npyPath} row {r} (cosine similarity)", hits);
                }
                return Task.FromResult(ExitCodes.Ok);
            }
            catch (Exception e) when (e is CandorFormatException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                Terminal.Error(e is CandorFormatException f ? f.Describe() : e.Message);
                return Task.FromResult(e is ArgumentException ? ExitCodes.Usage : ExitCodes.SomeFailed);
            }
        });
        return command;
    }

    private static void RenderImage(SearchIndex index, ImageSearchResult result, string file)
    {
        Terminal.WriteLine($"{file} in '{index.Manifest.Dataset}' ({index.Manifest.Items:N0} items)");
        if (result.QueryPdq is not null)
            Section($"near-duplicates by PDQ within {result.Radius} bits (query {result.QueryPdq}, quality {result.QueryQuality})", result.NearDuplicates);
        if (result.Encoder is { } encoder)
            Section($"similar pictures by {encoder.Encoder} embeddings (cosine similarity)", result.Similar);
        Notes(result.Notes);
    }

    private static void RenderText(SearchIndex index, TextSearchResult result)
    {
        Terminal.WriteLine($"\"{result.Text}\" in '{index.Manifest.Dataset}' ({index.Manifest.Items:N0} items)");
        Section("captions with these words (BM25, lower is better)", result.Words);
        if (result.CaptionEncoder is { } c) Section($"captions similar in meaning by {c.Encoder} (cosine similarity)", result.Semantic);
        if (result.ImageEncoder is { } i) Section($"pictures similar to the text by {i.Encoder} (cosine similarity)", result.Images);
        Notes(result.Notes);
    }

    internal static void Section(string title, IReadOnlyList<SearchHit> hits)
    {
        Terminal.WriteLine("");
        Terminal.WriteLine($"{title}: {(hits.Count == 0 ? "none" : hits.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        foreach (var hit in hits)
        {
            var score = hit.Measure == "hamming-distance" ? $"{hit.Score,3:0} bits" : hit.Measure == "bm25" ? $"{hit.Score,8:0.00}" : $"{hit.Score,8:0.000}";
            var variant = hit.Variant is null or "original" ? "" : $" [{hit.Variant}]";
            Terminal.WriteLine($"  {score}{variant}  #{hit.Item.Id}  {hit.Item.Key}  {hit.Item.Url ?? "(no URL)"}");
            if (!string.IsNullOrEmpty(hit.Item.Caption)) Terminal.WriteLine($"             \"{Shorten(hit.Item.Caption, 140)}\"");
        }
    }

    internal static void Notes(IReadOnlyList<string> notes)
    {
        if (notes.Count == 0) return;
        Terminal.WriteLine("");
        foreach (var note in notes) Terminal.WriteLine($"note: {note}");
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
