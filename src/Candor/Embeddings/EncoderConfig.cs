namespace Candor.Embeddings;

/// <summary>
/// Describes one ONNX encoder so it can be run without code: which model file, which embedding space it belongs to, and
/// how its input is prepared. It is read from a small JSON file (<see cref="Load"/>); paths in the file are relative to
/// the file's folder and are held here as full paths. Fields, with defaults in brackets:
/// <list type="bullet">
/// <item><c>name</c>, <c>space</c>, <c>modality</c> ("image" | "text"), <c>model</c>, <c>dimension</c> — required.</item>
/// <item><c>input</c>, <c>output</c> — tensor names [the model's first input; its first output]. Text models also
/// <c>attentionMask</c> ["attention_mask" when the model has it] and <c>tokenTypes</c> ["token_type_ids" when the model has it].</item>
/// <item>Image: <c>layout</c> ("NCHW" | "NHWC") [NCHW], <c>imageSize</c> [224], <c>resize</c> ("shortSide" | "stretch")
/// [shortSide], <c>interpolation</c> ("bicubic" | "bilinear") [bicubic], <c>crop</c> ("center" | "none") [center],
/// <c>scale</c> (a number, or "1/N") [1/255], <c>mean</c> [0, 0, 0], <c>std</c> [1, 1, 1] — each input value is
/// (pixel × scale − mean[c]) / std[c] with pixels 0–255 in R, G, B order; <c>preprocessModel</c> (an ONNX model run on that
/// tensor first, its output feeding the model) [none].</item>
/// <item>Text: <c>tokenizer</c> { <c>kind</c> ("wordpiece" | "clip-bpe"), <c>vocab</c>, <c>lowercase</c> [true] },
/// <c>maxTokens</c> [77 for clip-bpe, 512 for wordpiece].</item>
/// <item>Both: <c>pooling</c> ("none" | "mean" | "cls" | "eot") [none], <c>normalize</c> [true], <c>batchSize</c> [16],
/// <c>description</c> [none].</item>
/// </list>
/// </summary>
public sealed record EncoderConfig
{
    /// <summary>The encoder's name (<c>name</c>), e.g. "resnet18".</summary>
    public required string Name { get; init; }

    /// <summary>The embedding space id (<c>space</c>); an image and a text encoder are a pair when it is equal.</summary>
    public required string Space { get; init; }

    /// <summary>What the encoder reads (<c>modality</c>).</summary>
    public required EncoderModality Modality { get; init; }

    /// <summary>Full path of the ONNX model (<c>model</c>).</summary>
    public required string Model { get; init; }

    /// <summary>Length of the embedding (<c>dimension</c>); checked against the model's output.</summary>
    public required int Dimension { get; init; }

    /// <summary>What the encoder is, for people (<c>description</c>).</summary>
    public string? Description { get; init; }

    /// <summary>Name of the model input that takes pixels or token ids (<c>input</c>); null for the model's first input.</summary>
    public string? Input { get; init; }

    /// <summary>Name of the model output that holds the embedding (<c>output</c>); null for the model's first output.</summary>
    public string? Output { get; init; }

    /// <summary>Text: name of the attention-mask input (<c>attentionMask</c>); null to use "attention_mask" when the model has it.</summary>
    public string? AttentionMask { get; init; }

    /// <summary>Text: name of the token-type input, fed zeros (<c>tokenTypes</c>); null to use "token_type_ids" when the model has it.</summary>
    public string? TokenTypes { get; init; }

    /// <summary>Image: tensor layout (<c>layout</c>).</summary>
    public TensorLayout Layout { get; init; } = TensorLayout.Nchw;

    /// <summary>Image: side of the square the model takes, in pixels (<c>imageSize</c>).</summary>
    public int ImageSize { get; init; } = 224;

    /// <summary>Image: how the image is scaled to <see cref="ImageSize"/> (<c>resize</c>).</summary>
    public ImageResize Resize { get; init; } = ImageResize.ShortSide;

    /// <summary>Image: the resampling kernel (<c>interpolation</c>).</summary>
    public ImageInterpolation Interpolation { get; init; } = ImageInterpolation.Bicubic;

    /// <summary>Image: what is cut after resizing (<c>crop</c>).</summary>
    public ImageCrop Crop { get; init; } = ImageCrop.Center;

    /// <summary>
    /// Image: factor applied to 0–255 pixel values before <see cref="Mean"/> and <see cref="Std"/> (<c>scale</c>). A scale
    /// of 1/N (N a whole number) is applied as a division by N, as torchvision's ToTensor divides by 255.
    /// </summary>
    public double Scale { get; init; } = 1.0 / 255;

    /// <summary>Image: per-channel mean subtracted after scaling, R, G, B (<c>mean</c>).</summary>
    public IReadOnlyList<double> Mean { get; init; } = [0, 0, 0];

    /// <summary>Image: per-channel divisor applied after the mean, R, G, B (<c>std</c>).</summary>
    public IReadOnlyList<double> Std { get; init; } = [1, 1, 1];

    /// <summary>Image: full path of an ONNX model run on the pixel tensor before <see cref="Model"/> (<c>preprocessModel</c>), or null.</summary>
    public string? PreprocessModel { get; init; }

    /// <summary>Text: the tokenizer (<c>tokenizer</c>); null for image encoders.</summary>
    public TokenizerConfig? Tokenizer { get; init; }

    /// <summary>Text: most tokens given to the model, special tokens included (<c>maxTokens</c>); longer texts are truncated.</summary>
    public int MaxTokens { get; init; } = 512;

    /// <summary>How one vector is taken from the output (<c>pooling</c>).</summary>
    public TokenPooling Pooling { get; init; } = TokenPooling.None;

    /// <summary>Whether vectors are scaled to unit length (<c>normalize</c>).</summary>
    public bool Normalize { get; init; } = true;

    /// <summary>Most inputs given to the model in one run when its batch dimension is free (<c>batchSize</c>).</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>The file this configuration was read from, or null when it was built in code.</summary>
    public string? SourcePath { get; init; }

    /// <summary>
    /// Reads a configuration file. Every problem — malformed JSON, a missing or mistyped field, an unknown field, a value
    /// out of range, a model or vocabulary file that is not there — raises one exception whose message names the field.
    /// </summary>
    /// <exception cref="CandorFormatException">The file is not a valid encoder configuration (the message names the field).</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="IOException">The file could not be read.</exception>
    public static EncoderConfig Load(string path) => EncoderConfigReader.Load(path);
}
