using System.Globalization;
using Candor.Consent;
using Candor.Watermark;

namespace Candor.Server;

/// <summary>The watermark endpoints: detect (candor.watermark/1) and embed (the marked image).</summary>
internal static class WatermarkEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/watermark/detect", Detect)
            .WithSummary("Look for a watermark in 'file' under the key file 'key' or the public do-not-train key (publicNoTrain=true): candor.watermark/1.");
        api.MapPost("/watermark/embed", Embed)
            .WithSummary("Mark 'file' under the key file 'key' with one of payload (16 hex digits), message (up to 8 bytes) or noTrain (all|ai|genai, with optional owner): the marked image, same format, headers X-Candor-Psnr and X-Candor-Ssim.");
    }

    private static async Task<IResult> Detect(HttpRequest request, ILogger<UploadForm> logger)
    {
        var form = await UploadForm.ReadAsync(request);
        var image = form.Image();
        var key = ReadingEndpoints.WatermarkKeyOf(form, required: true)!;
        ServerLog.Upload(logger, "watermark/detect", image.Name, image.Format.Name, image.Bytes.Length);
        using var folder = new PrivateFolder();
        var detection = WatermarkFile.Detect(image.WriteTo(folder), key, WatermarkDetectOptions.Default) with { File = image.FileName };
        if (detection.Error is { } error) throw ApiException.BadRequest(error);
        return ReadingEndpoints.Json(w => WatermarkJson.WriteDetect(w, key, WatermarkDetectOptions.Default.Threshold, [detection]));
    }

    private static async Task<IResult> Embed(HttpRequest request, ILogger<UploadForm> logger)
    {
        var form = await UploadForm.ReadAsync(request);
        var image = form.Image();
        var payload = PayloadOf(form);
        var keys = form.TextFiles("key");
        var key = keys.Count switch
        {
            1 => WatermarkKey.Parse(keys[0]),
            0 when form.Value("noTrain") is not null => WatermarkKey.PublicDoNotTrain,
            0 => throw ApiException.BadRequest("a key file is needed in the field 'key' (optional only with noTrain, which then uses the public do-not-train key)"),
            _ => throw ApiException.BadRequest("give one key file"),
        };
        if (!WatermarkFile.IsWritable(image.FileName))
            throw new ApiException(StatusCodes.Status415UnsupportedMediaType, ApiErrors.Unsupported, $"{image.Format.Name} cannot be marked; send PNG, JPEG or WebP");
        ServerLog.Upload(logger, "watermark/embed", image.Name, image.Format.Name, image.Bytes.Length);
        using var folder = new PrivateFolder();
        var output = folder.NewPath(image.Extension);
        var report = WatermarkFile.Embed(image.WriteTo(folder), output, key, payload, new WatermarkOptions());
        if (!report.Succeeded) throw ApiException.BadRequest(report.Error!);
        var headers = request.HttpContext.Response.Headers;
        headers["X-Candor-Psnr"] = report.Psnr.ToString("0.00", CultureInfo.InvariantCulture);
        headers["X-Candor-Ssim"] = report.Ssim.ToString("0.0000", CultureInfo.InvariantCulture);
        return Results.File(File.ReadAllBytes(output), image.Format.MimeType, $"{image.Name}-marked{image.Extension}");
    }

    private static WatermarkPayload PayloadOf(UploadForm form)
    {
        var (hex, text, scopeName, ownerHex) = (form.Value("payload"), form.Value("message"), form.Value("noTrain"), form.Value("owner"));
        if ((hex is null ? 0 : 1) + (text is null ? 0 : 1) + (scopeName is null ? 0 : 1) != 1)
            throw ApiException.BadRequest("give exactly one of payload (16 hex digits), message (text) or noTrain (all, ai or genai)");
        if (ownerHex is not null && scopeName is null) throw ApiException.BadRequest("owner goes with noTrain");
        try
        {
            if (hex is not null) return WatermarkPayload.FromHex(hex);
            if (text is not null) return WatermarkPayload.FromText(text);
        }
        catch (FormatException e)
        {
            throw ApiException.BadRequest($"{(hex is not null ? "payload" : "message")}: {e.Message}");
        }
        if (!TrainingConsent.TryParseWord(scopeName, out var scope, out var problem)) throw ApiException.BadRequest($"noTrain: {problem}");
        uint owner = 0;
        if (ownerHex is not null && !WatermarkPresets.TryParseOwnerTag(ownerHex, out owner, out var ownerProblem)) throw ApiException.BadRequest($"owner: {ownerProblem}");
        return WatermarkPayload.DoNotTrain(scope, owner);
    }
}
