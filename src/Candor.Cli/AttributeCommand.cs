using System.CommandLine;
using Candor.Search;

namespace Candor.Cli;

/// <summary><c>candor attribute INDEX IMAGE</c>: the training images most similar to a generated one, by image embedding, with the encoder named.</summary>
internal static class AttributeCommand
{
    public static Command Create()
    {
        var index = new Argument<string>("index") { Description = "An index folder built with --embed image (or with the data set's own image embeddings)." };
        var image = new Argument<string>("image") { Description = "The generated image." };
        var k = new Option<int>("-k") { Description = "How many training images to list (1–1000).", DefaultValueFactory = _ => 20 };
        var imageEncoder = new Option<string?>("--image-encoder") { Description = "Image encoder config to use instead of the index's (must share its space)." };
        var json = new Option<bool>("--json") { Description = "JSON (schema candor.attribute/1)." };
        var command = new Command("attribute", "Rank the training images most similar to a generated image by image embedding. Similar, not proven source.");
        command.Arguments.Add(index);
        command.Arguments.Add(image);
        command.Options.Add(k);
        command.Options.Add(imageEncoder);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var file = parse.GetValue(image)!;
            try
            {
                var options = new SearchOptions { K = parse.GetValue(k) };
                options.Validate();
                using var search = SearchIndex.Open(parse.GetValue(index)!, new SearchIndexOptions { ImageEncoderConfig = parse.GetValue(imageEncoder) });
                var result = search.Attribute(File.ReadAllBytes(file), options);
                if (parse.GetValue(json))
                {
                    Console.Out.WriteLine(JsonText.Indented(w => SearchJson.Write(w, search, result, file)));
                    return ExitCodes.Ok;
                }
                Terminal.WriteLine($"{file}: training images of '{search.Manifest.Dataset}' most similar by {result.Encoder.Encoder} ({result.Encoder.Dimension}-d image embeddings)");
                SearchCommand.Section("most similar (cosine similarity)", result.Nearest);
                if (result.NearDuplicates.Count > 0) SearchCommand.Section("near-duplicates by PDQ (Hamming distance)", result.NearDuplicates);
                Terminal.WriteLine("");
                Terminal.WriteLine(result.Statement);
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is CandorFormatException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                Terminal.Error($"{file}: {(e is CandorFormatException f ? f.Describe() : e.Message)}");
                return e is ArgumentException ? ExitCodes.Usage : ExitCodes.SomeFailed;
            }
        });
        return command;
    }
}
