using System.Globalization;
using System.Text.Json;
using Candor.FileSystem;

namespace Candor.Embeddings;

/// <summary>
/// Reads <see cref="EncoderConfig"/> files. The JSON may hold // and /* */ comments and trailing commas; unknown fields are
/// errors (a misspelt "imagesize" would otherwise silently fall back to the default).
/// </summary>
internal static class EncoderConfigReader
{
    private const int MaxConfigBytes = 1 << 20;

    private static readonly JsonDocumentOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 16,
    };

    private static readonly string[] Fields =
    [
        "name", "space", "modality", "model", "dimension", "description", "input", "output", "attentionMask", "tokenTypes",
        "layout", "imageSize", "resize", "interpolation", "crop", "scale", "mean", "std", "preprocessModel", "tokenizer",
        "maxTokens", "pooling", "normalize", "batchSize",
    ];

    private static readonly string[] TokenizerFields = ["kind", "vocab", "lowercase"];

    public static EncoderConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"no encoder configuration at {full}", full);
        var block = $"encoder config {full}";
        var length = new FileInfo(full).Length;
        if (length > MaxConfigBytes)
            throw new CandorFormatException($"the file is {length} bytes; an encoder configuration is at most {MaxConfigBytes}", block: block, kind: FormatErrorKind.LimitExceeded);
        var bytes = RegularFile.ReadAllBytes(full);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, Options);
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } n ? $"line {n + 1}: " : "";
            throw new CandorFormatException($"{line}not valid JSON: {ex.Message}", block: block, inner: ex);
        }
        using (document)
        {
            return new Reader(document.RootElement, Path.GetDirectoryName(full)!, block).Read() with { SourcePath = full };
        }
    }

    private readonly struct Reader(JsonElement root, string folder, string block)
    {
        public EncoderConfig Read()
        {
            if (root.ValueKind != JsonValueKind.Object) throw Error("(top level)", $"expected a JSON object, found {Describe(root)}");
            CheckKnown(root, Fields, "");
            var modality = Enum("modality", required: true, EncoderModality.Image, [("image", EncoderModality.Image), ("text", EncoderModality.Text)]);
            var name = String("name", required: true)!;
            var space = String("space", required: true)!;
            var model = File("model", required: true)!;
            var dimension = Int("dimension", required: true, 0, 1, 1 << 20);
            var tokenizer = ReadTokenizer(modality);
            var config = new EncoderConfig
            {
                Name = name,
                Space = space,
                Modality = modality,
                Model = model,
                Dimension = dimension,
                Description = String("description", required: false),
                Input = String("input", required: false),
                Output = String("output", required: false),
                AttentionMask = String("attentionMask", required: false),
                TokenTypes = String("tokenTypes", required: false),
                Layout = Enum("layout", required: false, TensorLayout.Nchw, [("NCHW", TensorLayout.Nchw), ("NHWC", TensorLayout.Nhwc)]),
                ImageSize = Int("imageSize", required: false, 224, 1, 8192),
                Resize = Enum("resize", required: false, ImageResize.ShortSide, [("shortSide", ImageResize.ShortSide), ("stretch", ImageResize.Stretch)]),
                Interpolation = Enum("interpolation", required: false, ImageInterpolation.Bicubic, [("bicubic", ImageInterpolation.Bicubic), ("bilinear", ImageInterpolation.Bilinear)]),
                Crop = Enum("crop", required: false, ImageCrop.Center, [("center", ImageCrop.Center), ("none", ImageCrop.None)]),
                Scale = ReadScale(),
                Mean = Triple("mean", 0),
                Std = Triple("std", 1),
                PreprocessModel = File("preprocessModel", required: false),
                Tokenizer = tokenizer,
                MaxTokens = Int("maxTokens", required: false, tokenizer?.Kind == TokenizerKind.ClipBpe ? 77 : 512, 3, 1 << 16),
                Pooling = Enum("pooling", required: false, TokenPooling.None, [("none", TokenPooling.None), ("mean", TokenPooling.Mean), ("cls", TokenPooling.Cls), ("eot", TokenPooling.Eot)]),
                Normalize = Bool("normalize", true),
                BatchSize = Int("batchSize", required: false, 16, 1, 4096),
            };
            if (config.Resize == ImageResize.ShortSide && config.Crop == ImageCrop.None)
                throw Error("crop", "\"none\" needs \"resize\": \"stretch\" (a short-side resize leaves a non-square image that must be cropped)");
            if (config.Std.Any(s => s == 0)) throw Error("std", "a standard deviation of 0 would divide by zero");
            return config;
        }

        private TokenizerConfig? ReadTokenizer(EncoderModality modality)
        {
            if (!root.TryGetProperty("tokenizer", out var element))
            {
                if (modality == EncoderModality.Text) throw Error("tokenizer", "a text encoder needs a tokenizer: { \"kind\": \"wordpiece\" | \"clip-bpe\", \"vocab\": \"file\" }");
                return null;
            }
            if (modality == EncoderModality.Image) throw Error("tokenizer", "an image encoder has no tokenizer");
            if (element.ValueKind != JsonValueKind.Object) throw Error("tokenizer", $"expected an object, found {Describe(element)}");
            CheckKnown(element, TokenizerFields, "tokenizer.");
            var inner = new Reader(element, folder, block);
            return new TokenizerConfig
            {
                Kind = inner.Enum("kind", required: true, TokenizerKind.WordPiece, [("wordpiece", TokenizerKind.WordPiece), ("clip-bpe", TokenizerKind.ClipBpe)], prefix: "tokenizer."),
                Vocab = inner.File("vocab", required: true, prefix: "tokenizer.")!,
                Lowercase = inner.Bool("lowercase", true, prefix: "tokenizer."),
            };
        }

        private void CheckKnown(JsonElement element, string[] known, string prefix)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (known.Contains(property.Name, StringComparer.Ordinal)) continue;
                var near = known.FirstOrDefault(k => string.Equals(k, property.Name, StringComparison.OrdinalIgnoreCase));
                var hint = near is null ? $"known fields: {string.Join(", ", known)}" : $"did you mean \"{near}\"?";
                throw Error(prefix + property.Name, $"unknown field; {hint}");
            }
        }

        private string? String(string name, bool required, string prefix = "")
        {
            if (!root.TryGetProperty(name, out var value))
                return required ? throw Error(prefix + name, "missing (required)") : null;
            if (value.ValueKind != JsonValueKind.String) throw Error(prefix + name, $"expected a string, found {Describe(value)}");
            var text = value.GetString()!;
            if (text.Trim().Length == 0) throw Error(prefix + name, "is empty");
            return text;
        }

        private string? File(string name, bool required, string prefix = "")
        {
            var relative = String(name, required, prefix);
            if (relative is null) return null;
            var full = Path.GetFullPath(Path.Combine(folder, relative));
            if (!System.IO.File.Exists(full)) throw Error(prefix + name, $"no file at {full}");
            return full;
        }

        private int Int(string name, bool required, int fallback, int min, int max)
        {
            if (!root.TryGetProperty(name, out var value))
                return required ? throw Error(name, "missing (required)") : fallback;
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
                throw Error(name, $"expected a whole number, found {Describe(value)}");
            if (number < min || number > max) throw Error(name, $"{number} is out of range ({min} to {max})");
            return number;
        }

        private bool Bool(string name, bool fallback, string prefix = "")
        {
            if (!root.TryGetProperty(name, out var value)) return fallback;
            return value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Error(prefix + name, $"expected true or false, found {Describe(value)}"),
            };
        }

        private T Enum<T>(string name, bool required, T fallback, (string Text, T Value)[] choices, string prefix = "")
        {
            var text = String(name, required, prefix);
            if (text is null) return fallback;
            foreach (var (label, value) in choices)
                if (string.Equals(label, text, StringComparison.OrdinalIgnoreCase)) return value;
            throw Error(prefix + name, $"\"{text}\" is not one of {string.Join(", ", choices.Select(c => $"\"{c.Text}\""))}");
        }

        private double ReadScale()
        {
            if (!root.TryGetProperty("scale", out var value)) return 1.0 / 255;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && number > 0 && double.IsFinite(number)) return number;
            if (value.ValueKind == JsonValueKind.String && value.GetString() is { } text)
            {
                var parts = text.Split('/');
                if (parts.Length == 2 &&
                    double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var top) &&
                    double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var bottom) &&
                    top > 0 && bottom > 0 && double.IsFinite(top / bottom))
                    return top / bottom;
            }
            throw Error("scale", $"expected a positive number or a fraction such as \"1/255\", found {Describe(value)}");
        }

        private IReadOnlyList<double> Triple(string name, double fallback)
        {
            if (!root.TryGetProperty(name, out var value)) return [fallback, fallback, fallback];
            if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 3)
                throw Error(name, $"expected 3 numbers (R, G, B), found {Describe(value)}");
            var result = new double[3];
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Number || !item.TryGetDouble(out result[i]) || !double.IsFinite(result[i]))
                    throw Error(name, $"item {i} should be a number, found {Describe(item)}");
                i++;
            }
            return result;
        }

        private CandorFormatException Error(string field, string message, FormatErrorKind kind = FormatErrorKind.Malformed) =>
            new($"field '{field}': {message}", block: block, kind: kind);

        private static string Describe(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.String => $"the string \"{Shorten(value.GetString()!)}\"",
            JsonValueKind.Number => $"the number {value.GetRawText()}",
            JsonValueKind.Array => $"an array of {value.GetArrayLength()}",
            JsonValueKind.Object => "an object",
            JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => "null",
        };

        private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
    }
}
