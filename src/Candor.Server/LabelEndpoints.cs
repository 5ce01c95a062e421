using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using Candor.C2pa.Signing;
using Candor.Consent;
using Candor.Disclose;

namespace Candor.Server;

/// <summary>The endpoints that label an image and return it: disclose (IPTC/PLUS XMP, optionally signed) and c2pa/sign.</summary>
internal static class LabelEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/disclose", Disclose)
            .WithSummary("Write the AI disclosure into 'file' (JPEG, PNG, WebP): sourceType, noTrain (all|ai|genai), tool and action (repeatable), sign=true when the server has a key. Returns the labelled file; header X-Candor-Disclosure is the disclose JSON, base64url.");
        api.MapPost("/c2pa/sign", Sign)
            .WithSummary("Sign a C2PA manifest into 'file' with the server's key: sourceType, optional noTrain. 404 when the server has no key.");
    }

    private static async Task<IResult> Disclose(HttpRequest request, SigningGate gate, ILogger<UploadForm> logger)
    {
        var form = await UploadForm.ReadAsync(request);
        var image = form.Image();
        var sign = form.Flag("sign");
        if (sign && gate.Credentials is null) throw new ApiException(StatusCodes.Status404NotFound, ApiErrors.NotFound, "this server has no signing key");
        var disclosure = new DisclosureRequest
        {
            SourceTypeCode = SourceTypeOf(form, required: false),
            DataMiningCode = DataMiningOf(form),
            Tools = form.Values("tool"),
            Actions = form.Values("action"),
        };
        if (disclosure.AsksForNothing) throw ApiException.BadRequest("nothing to disclose: give sourceType, noTrain, tool or action");
        ServerLog.Upload(logger, "disclose", image.Name, image.Format.Name, image.Bytes.Length);
        using var folder = new PrivateFolder();
        var input = image.WriteTo(folder);
        var output = folder.NewPath(image.Extension);
        var outcome = sign
            ? await gate.RunAsync(c => Discloser.Apply(input, disclosure with { Signing = c }, output), request.HttpContext.RequestAborted)
            : Discloser.Apply(input, disclosure, output);
        if (outcome.Status is not (DisclosureStatus.Written or DisclosureStatus.Planned))
        {
            var message = outcome.Status == DisclosureStatus.RefusedContentCredentials
                ? $"{outcome.Error}; send sign=true to re-sign it (when this server has a key)"
                : outcome.Error ?? "the file could not be labelled";
            throw ApiException.BadRequest(message);
        }
        var downloadName = $"{image.Name}-disclosed{image.Extension}";
        var reported = outcome with { File = image.FileName, Written = outcome.Written is null ? null : downloadName };
        var json = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(json)) Discloser.WriteJson(w, reported);
        request.HttpContext.Response.Headers["X-Candor-Disclosure"] = Base64Url.EncodeToString(json.WrittenSpan);
        // Nothing to change (the file already says it all): the file comes back as it was.
        var bytes = outcome.Written is null ? image.Bytes : File.ReadAllBytes(output);
        return Results.File(bytes, image.Format.MimeType, downloadName);
    }

    private static async Task<IResult> Sign(HttpRequest request, SigningGate gate, ILogger<UploadForm> logger)
    {
        if (gate.Credentials is null) throw new ApiException(StatusCodes.Status404NotFound, ApiErrors.NotFound, "this server has no signing key");
        var form = await UploadForm.ReadAsync(request);
        var image = form.Image();
        var source = SourceTypeOf(form, required: true)!;
        var dataMining = DataMiningOf(form);
        ServerLog.Upload(logger, "c2pa/sign", image.Name, image.Format.Name, image.Bytes.Length);
        var signed = await gate.RunAsync(c =>
        {
            var options = new C2paSignOptions
            {
                Algorithm = c.Key.DefaultAlgorithm,
                Key = c.Key,
                Chain = c.Chain,
                DigitalSourceType = source,
                TrainingByEntry = TrainingConsent.NotAllowedEntries(dataMining),
                Title = image.FileName,
            };
            return C2paSigner.Sign(image.Bytes, options, out _);
        }, request.HttpContext.RequestAborted);
        return Results.File(signed, image.Format.MimeType, $"{image.Name}-signed{image.Extension}");
    }

    private static string? SourceTypeOf(UploadForm form, bool required)
    {
        if (form.Value("sourceType") is not { } given)
            return required ? throw ApiException.BadRequest("sourceType is needed (an IPTC Digital Source Type code, e.g. trainedAlgorithmicMedia)") : null;
        return Discloser.TryParseSourceType(given, out var code, out var problem) ? code : throw ApiException.BadRequest($"sourceType: {problem}");
    }

    private static string? DataMiningOf(UploadForm form)
    {
        if (form.Value("noTrain") is not { } word) return null;
        return TrainingConsent.TryParseWord(word, out var scope, out var problem) ? TrainingConsent.DataMiningCode(scope) : throw ApiException.BadRequest($"noTrain: {problem}");
    }
}
