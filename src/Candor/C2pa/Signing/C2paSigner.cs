using System.Security.Cryptography;
using Candor.C2pa.Cbor;
using Candor.C2pa.Cose;
using Candor.C2pa.Trust;
using Candor.C2pa.Validation;
using Candor.Consent;
using Candor.FileSystem;
using Candor.Formats;
using Candor.Metadata.Iptc;

namespace Candor.C2pa.Signing;

/// <summary>
/// Signs an image with a new C2PA manifest (claim v2) and embeds the store in the container —
/// PNG caBX chunk, JPEG APP11 segments, WebP C2PA chunk — or writes it as a <c>.c2pa</c> sidecar.
/// The image data is never re-encoded: only the store's blocks change (and the WebP RIFF size).
/// An input that already carries a store keeps its manifests: the old store is removed from the
/// container, its manifests are copied into the new store and its active manifest becomes the
/// parentOf ingredient.
/// </summary>
/// <remarks>
/// The data hash must exclude exactly the store's bytes, which are only known once the store is
/// in place, so the store is built twice: first with a placeholder hash and a reserved signature
/// size, inserted to learn its position; then with the real hash (same size thanks to "pad") and
/// the signature padded to the reserved size, inserted at the same position.
/// </remarks>
public static class C2paSigner
{
    private const string ThumbnailLabel = "c2pa.thumbnail.claim";
    private const int TimeStampReserve = 8192;

    /// <summary>
    /// Signs the image at <paramref name="inputPath"/> and writes the result to <paramref name="outputPath"/>
    /// through a temporary file in the same folder, renamed when complete (the input is never
    /// changed, even when both paths are the same file until the rename). With
    /// <see cref="C2paSignOptions.Sidecar"/> the output is an unchanged copy and the store goes to
    /// the output path with the extension ".c2pa". Without <see cref="C2paSignOptions.Title"/> the
    /// claim's dc:title is the output file's name.
    /// </summary>
    /// <exception cref="ArgumentException">Nothing was written: the options do not fit, or the output's extension names another image format than the input's.</exception>
    /// <exception cref="FileExistsException">Nothing was written: the output (or its sidecar) exists, is not the input, and <see cref="C2paSignOptions.Overwrite"/> is off.</exception>
    public static C2paSignResult SignFile(string inputPath, string outputPath, C2paSignOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        ArgumentNullException.ThrowIfNull(options);
        // The store is laid out twice in memory (placeholder, then final), so the image must fit in one array.
        var inputLength = new FileInfo(inputPath).Length;
        if (inputLength > Array.MaxLength)
            throw new CandorFormatException($"{inputPath} is {inputLength} bytes; Candor signs images of up to {Array.MaxLength} bytes", -1, kind: FormatErrorKind.LimitExceeded);
        var input = RegularFile.ReadAllBytes(inputPath);
        CheckOutput(inputPath, outputPath, input, options);
        var titled = options.Title is null ? options with { Title = Path.GetFileName(outputPath) } : options;
        var output = Sign(input, titled, out var result);
        AtomicFile.WriteAllBytes(outputPath, output);
        if (!options.Sidecar) return result;
        var sidecarPath = Path.ChangeExtension(outputPath, ".c2pa");
        AtomicFile.WriteAllBytes(sidecarPath, result.SidecarStore!);
        return new C2paSignResult
        {
            ManifestLabel = result.ManifestLabel,
            Format = result.Format,
            StoreSize = result.StoreSize,
            HasParentIngredient = result.HasParentIngredient,
            SidecarPath = sidecarPath,
            SidecarStore = result.SidecarStore,
        };
    }

    /// <summary>
    /// Signs the image in <paramref name="asset"/> and returns the signed image (for a sidecar
    /// signature: the unchanged image, with the store in <see cref="C2paSignResult.SidecarStore"/>).
    /// A format Candor cannot embed in, or a damaged file, is a <see cref="CandorFormatException"/>;
    /// options that do not fit (key and algorithm, unknown action value) an <see cref="ArgumentException"/>.
    /// For a sidecar signature of an image that already embeds a store, that store stays in the
    /// image (nothing of the image changes) and still becomes the parent ingredient.
    /// </summary>
    public static byte[] Sign(ReadOnlyMemory<byte> asset, C2paSignOptions options, out C2paSignResult result)
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckOptions(options);
        var bytes = asset.ToArray();
        var scan = ContainerRegistry.Scan(new MemoryStream(bytes, writable: false));
        var container = ContainerRegistry.For(scan);
        if (!container.CanWrite)
            throw new CandorFormatException($"Candor cannot write C2PA manifests for {scan.Format} files (PNG, JPEG and WebP only)", 0, scan.Format, kind: FormatErrorKind.Unsupported);
        container.CheckWritable(scan, new MemoryStream(bytes, writable: false));

        var payload = scan.Payloads.FirstOrDefault(p => p.Kind == PayloadKind.C2pa);
        var parent = payload is null ? null : ParentManifest.Read(bytes, payload.Data, embedded: true);
        var clean = options.Sidecar || payload is null ? bytes : container.RemoveStore(scan, new MemoryStream(bytes, writable: false)).ApplyTo(bytes);
        var cleanScan = options.Sidecar ? scan : ContainerRegistry.Scan(new MemoryStream(clean, writable: false));

        var builder = new ManifestBuilder($"urn:c2pa:{Guid.NewGuid()}", GeneratorVersion()) { Title = options.Title };
        byte[]? ingredientBox = null;
        if (parent is not null) ingredientBox = builder.AddCbor("c2pa.ingredient.v3", parent.IngredientCbor(container.MimeType), created: false);
        if (options.Thumbnail) builder.AddEmbeddedFile(ThumbnailLabel, "image/png", PngThumbnail.Make(clean, scan), created: false);
        builder.AddCbor("c2pa.actions.v2", ActionsCbor(options, ingredientBox), created: true);
        if (options.TrainingByEntry is { Count: > 0 } byEntry)
            builder.AddCbor("cawg.training-mining", TrainingCbor(TrainingMiningEntries.Cawg.Where(byEntry.ContainsKey).Select(e => (e, TrainingMiningEntries.NormalizeUse(byEntry[e])!)).ToList()), created: true);
        else if (options.Training is { } training)
            builder.AddCbor("cawg.training-mining", TrainingCbor(TrainingMiningEntries.Cawg.Select(e => (e, TrainingMiningEntries.NormalizeUse(training)!)).ToList()), created: true);

        var kept = parent?.ManifestBoxes ?? [];
        var salt = RandomNumberGenerator.GetBytes(16);
        var reserve = SignatureReserve(options);
        for (var attempt = 0; ; attempt++)
        {
            // Pass 1: placeholder hash and an empty reserved signature, to learn where the store lands.
            var placeholderHash = ManifestBuilder.DataHashBox(ManifestBuilder.DataHash(options.Sidecar ? null : new ByteRange(0, 0), new byte[32]), salt);
            var placeholder = builder.Store(kept, placeholderHash, builder.Claim(placeholderHash), new byte[reserve]);
            ByteRange? range = null;
            byte[] hash;
            if (options.Sidecar)
            {
                hash = SHA256.HashData(clean);
            }
            else
            {
                var laidOut = container.InsertStore(cleanScan, new MemoryStream(clean, writable: false), placeholder, out var r).ApplyTo(clean);
                range = new ByteRange(r.Start, r.Length);
                hash = HashOutside(laidOut, range.Value);
            }

            // Pass 2: the real hash (same size), the claim over it, the signature padded to the reservation.
            var dataHashBox = ManifestBuilder.DataHashBox(ManifestBuilder.DataHash(range, hash), salt);
            var claim = builder.Claim(dataHashBox);
            byte[] cose;
            try
            {
                cose = CoseSign1.Sign(claim, options.Algorithm, options.Key, options.Chain, reserve, TimeStampEntries(options));
            }
            catch (ArgumentException) when (options.TimeStamper is not null && attempt == 0)
            {
                // The time-stamp token did not fit the reservation: lay the store out again with more room.
                reserve += 4 * TimeStampReserve;
                continue;
            }
            var store = builder.Store(kept, dataHashBox, claim, cose);
            if (store.Length != placeholder.Length)
                throw new InvalidOperationException($"the final store is {store.Length} bytes but its placeholder was {placeholder.Length}");
            byte[] output;
            if (options.Sidecar)
            {
                output = bytes;
            }
            else
            {
                output = container.InsertStore(cleanScan, new MemoryStream(clean, writable: false), store, out var r).ApplyTo(clean);
                var finalRange = new ByteRange(r.Start, r.Length);
                if (finalRange != range) throw new InvalidOperationException($"the store moved from {range} to {finalRange} between passes");
            }
            result = new C2paSignResult
            {
                ManifestLabel = builder.Label,
                Format = scan.Format,
                StoreSize = store.Length,
                HasParentIngredient = parent is not null,
                SidecarStore = options.Sidecar ? store : null,
            };
            return output;
        }
    }

    // An existing output is refused unless asked, and so is an extension that names another format than
    // the input's. Signing a file in place (disclose --c2pa) is the caller's choice: the input is read
    // whole before the rename, and its name is the one it already has.
    private static void CheckOutput(string inputPath, string outputPath, byte[] input, C2paSignOptions options)
    {
        if (FilePaths.IsSameFile(inputPath, outputPath)) return;
        if (ContainerRegistry.Detect(input.AsSpan(0, Math.Min(input.Length, ContainerRegistry.HeadLength))) is { } format
            && ImageFileExtensions.Mismatch(outputPath, format.ImageFormat) is { } mismatch)
            throw new ArgumentException(mismatch, nameof(outputPath));
        if (options.Overwrite) return;
        if (File.Exists(outputPath))
            throw new FileExistsException(outputPath);
        if (options.Sidecar && Path.ChangeExtension(outputPath, ".c2pa") is var sidecar && File.Exists(sidecar))
            throw new FileExistsException(sidecar);
    }

    private static void CheckOptions(C2paSignOptions options)
    {
        ArgumentNullException.ThrowIfNull(options.Key);
        ArgumentNullException.ThrowIfNull(options.Chain);
        if (options.Chain.Count == 0) throw new ArgumentException("the certificate chain is empty; it needs at least the signing certificate", nameof(options));
        if (!Enum.IsDefined(options.Algorithm)) throw new ArgumentException($"{(int)options.Algorithm} is not a C2PA signature algorithm", nameof(options));
        if (!options.Key.Supports(options.Algorithm))
            throw new ArgumentException($"the private key cannot sign with {options.Algorithm} (an EC key signs ES256/384/512, an RSA key PS256/384/512, an Ed25519 key EdDSA)", nameof(options));
        if (!options.AllowInvalidCertificate && C2paSigningCredentials.FindProblem(options.Key, options.Chain, options.Algorithm, DateTimeOffset.UtcNow) is { } problem)
            throw new ArgumentException($"{problem}; a manifest signed with these credentials would not validate, so nothing was signed", nameof(options));
        if (string.IsNullOrWhiteSpace(options.Action) || !options.Action.Contains('.'))
            throw new ArgumentException($"'{options.Action}' is not an action label such as c2pa.created or c2pa.edited", nameof(options));
        if (options.Training is { } t && TrainingMiningEntries.NormalizeUse(t) is null)
            throw new ArgumentException($"training use '{t}' is not one of allowed, notAllowed, constrained", nameof(options));
        foreach (var (entry, use) in options.TrainingByEntry ?? new Dictionary<string, string>())
        {
            if (!TrainingMiningEntries.Cawg.Contains(entry)) throw new ArgumentException($"training entry '{entry}' is not one of {string.Join(", ", TrainingMiningEntries.Cawg)}", nameof(options));
            if (TrainingMiningEntries.NormalizeUse(use) is null) throw new ArgumentException($"training use '{use}' is not one of allowed, notAllowed, constrained", nameof(options));
        }
        if (options.DigitalSourceType is { } d) SourceTypeUri(d);
    }

    // The IPTC URI for a short name or a full URI.
    private static string SourceTypeUri(string value)
    {
        if (value.Contains("://", StringComparison.Ordinal)) return value;
        if (!DigitalSourceType.TryGetByCode(value, out _))
            throw new ArgumentException($"'{value}' is not an IPTC digital source type (e.g. trainedAlgorithmicMedia, digitalCapture)", nameof(value));
        return DigitalSourceType.Namespace + value;
    }

    // A signature of this key and chain, unpadded, plus room for the pad entry (and a time-stamp).
    private static int SignatureReserve(C2paSignOptions options)
    {
        if (!options.Key.Supports(options.Algorithm)) throw new ArgumentException($"the key cannot sign with {options.Algorithm}", nameof(options));
        var natural = CoseSign1.UnpaddedLength(options.Algorithm, options.Key, options.Chain);
        return natural + 32 + (options.TimeStamper is null ? 0 : TimeStampReserve);
    }

    private static Func<byte[], byte[], IReadOnlyList<KeyValuePair<string, byte[]>>>? TimeStampEntries(C2paSignOptions options)
    {
        if (options.TimeStamper is not { } stamper) return null;
        return (protectedBytes, signature) =>
        {
            var token = stamper(CoseTimeStamp.SigTst2Message(protectedBytes, signature));
            return [new(CoseTimeStamp.SigTst2Key, CoseTimeStamp.HeaderValue(token))];
        };
    }

    private static byte[] ActionsCbor(C2paSignOptions options, byte[]? ingredientBox)
    {
        var sourceType = options.DigitalSourceType is { } d ? SourceTypeUri(d) : null;
        var actions = new List<Action<CborWriter>>();
        if (ingredientBox is null)
        {
            if (options.Action == "c2pa.opened")
                throw new ArgumentException("c2pa.opened needs an input that already carries a C2PA manifest (its parent ingredient)", nameof(options));
            // The reference flags a c2pa.created without one as assertion.action.malformed.
            if (sourceType is null)
                throw new ArgumentException("a new manifest starts with c2pa.created, which needs a digital source type (e.g. digitalCapture, trainedAlgorithmicMedia, digitalArt)", nameof(options));
            actions.Add(w => WriteAction(w, "c2pa.created", sourceType, null));
            if (options.Action != "c2pa.created") actions.Add(w => WriteAction(w, options.Action, null, null));
        }
        else
        {
            actions.Add(w => WriteAction(w, "c2pa.opened", null, ingredientBox));
            if (options.Action is not ("c2pa.created" or "c2pa.opened")) actions.Add(w => WriteAction(w, options.Action, sourceType, null));
        }
        var writer = new CborWriter();
        writer.WriteStartMap(1);
        writer.WriteTextString("actions");
        writer.WriteStartArray(actions.Count);
        foreach (var write in actions) write(writer);
        return writer.ToArray();
    }

    private static void WriteAction(CborWriter w, string action, string? sourceType, byte[]? ingredientBox)
    {
        w.WriteStartMap(2 + (sourceType is null ? 0 : 1) + (ingredientBox is null ? 0 : 1));
        w.WriteTextString("action");
        w.WriteTextString(action);
        w.WriteTextString("softwareAgent");
        w.WriteStartMap(2);
        w.WriteTextString("name");
        w.WriteTextString("Candor");
        w.WriteTextString("version");
        w.WriteTextString(GeneratorVersion());
        if (sourceType is not null)
        {
            w.WriteTextString("digitalSourceType");
            w.WriteTextString(sourceType);
        }
        if (ingredientBox is not null)
        {
            w.WriteTextString("parameters");
            w.WriteStartMap(1);
            w.WriteTextString("ingredients");
            w.WriteStartArray(1);
            ManifestBuilder.WriteHashedUri(w, "self#jumbf=c2pa.assertions/c2pa.ingredient.v3", ManifestBuilder.BoxHash(ingredientBox), withAlg: false);
        }
    }

    private static byte[] TrainingCbor(IReadOnlyList<(string Entry, string Use)> entries)
    {
        var w = new CborWriter();
        w.WriteStartMap(1);
        w.WriteTextString("entries");
        w.WriteStartMap(entries.Count);
        foreach (var (entry, use) in entries)
        {
            w.WriteTextString(entry);
            w.WriteStartMap(1);
            w.WriteTextString("use");
            w.WriteTextString(use);
        }
        return w.ToArray();
    }

    private static byte[] HashOutside(byte[] asset, ByteRange range)
    {
        using var stream = new MemoryStream(asset, writable: false);
        return DataHashValidator.HashOutside(stream, asset.LongLength, [range], HashAlgorithmName.SHA256);
    }

    private static string GeneratorVersion() => typeof(C2paSigner).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
