using System.Buffers;
using System.Text.Json;
using Candor.C2pa.Trust;
using Candor.C2pa.Validation;
using Candor.Inspection;
using Candor.Watermark;

namespace Candor.Server;

/// <summary>The endpoints that read an image and report: inspect (candor.inspect/1) and verify (candor.verify/1).</summary>
internal static class ReadingEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/inspect", Inspect)
            .WithSummary("Inspect one or several images (multipart field 'file', repeatable; optional 'watermarkKey' file or publicNoTrain=true): candor.inspect/1, an array when several files.");
        api.MapPost("/verify", Verify)
            .WithSummary("Validate Content Credentials (C2PA) of the image in 'file', with optional 'trust' PEM files: candor.verify/1.");
    }

    private static async Task<IResult> Inspect(HttpRequest request, ILogger<UploadForm> logger)
    {
        var form = await UploadForm.ReadAsync(request);
        var images = form.Images();
        var inspector = new Inspector(new InspectOptions { IncludeRaw = true, WatermarkKey = WatermarkKeyOf(form, required: false) });
        var reports = new List<string>(images.Count);
        foreach (var image in images)
        {
            ServerLog.Upload(logger, "inspect", image.Name, image.Format.Name, image.Bytes.Length);
            using var stream = image.Open();
            reports.Add(ReportJson.Serialize(inspector.Inspect(stream, image.FileName), indented: false));
        }
        var body = images.Count == 1 ? reports[0] : "[" + string.Join(",", reports) + "]";
        return Results.Text(body, "application/json; charset=utf-8");
    }

    private static async Task<IResult> Verify(HttpRequest request, ILogger<UploadForm> logger)
    {
        var form = await UploadForm.ReadAsync(request);
        var image = form.Image();
        ServerLog.Upload(logger, "verify", image.Name, image.Format.Name, image.Bytes.Length);
        var anchors = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        foreach (var pem in form.TextFiles("trust"))
        {
            try
            {
                anchors.AddRange(C2paTrustSettings.ReadPem(pem, "trust"));
            }
            catch (System.Security.Cryptography.CryptographicException e)
            {
                throw ApiException.BadRequest($"trust: {e.Message}");
            }
        }
        var options = new C2paValidationOptions { Trust = anchors.Count == 0 ? C2paTrustSettings.None : new C2paTrustSettings(anchors) };
        using var stream = image.Open();
        var result = C2paValidator.Validate(stream, options, request.HttpContext.RequestAborted);
        return Json(w => C2paValidationJson.Write(w, image.FileName, result));
    }

    /// <summary>
    /// The watermark key of the form: the file of field <c>watermarkKey</c> (or <c>key</c>), the public do-not-train key
    /// with <c>publicNoTrain=true</c>, or null when neither is given and <paramref name="required"/> is false.
    /// </summary>
    public static WatermarkKey? WatermarkKeyOf(UploadForm form, bool required)
    {
        var texts = form.TextFiles("watermarkKey").Concat(form.TextFiles("key")).ToList();
        var usePublic = form.Flag("publicNoTrain");
        if (texts.Count > 1 || (texts.Count == 1 && usePublic)) throw ApiException.BadRequest("give one watermark key: a key file or publicNoTrain=true");
        if (texts.Count == 1) return WatermarkKey.Parse(texts[0].Trim());
        if (usePublic) return WatermarkKey.PublicDoNotTrain;
        return required ? throw ApiException.BadRequest("a watermark key is needed: the key file (field 'key') or publicNoTrain=true") : null;
    }

    /// <summary>A JSON result written by the library's own writer.</summary>
    public static IResult Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer)) write(w);
        return Results.Bytes(buffer.WrittenMemory.ToArray(), "application/json; charset=utf-8");
    }
}
