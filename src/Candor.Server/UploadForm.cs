using System.Text;
using Candor.Formats;
using Microsoft.Extensions.Primitives;

namespace Candor.Server;

/// <summary>
/// Reads a multipart upload: the image files of field <c>file</c> (sniffed, size-capped, in memory), small
/// text or key files beside them, and the text fields.
/// </summary>
internal sealed class UploadForm(IFormCollection form, long maxBytes)
{
    private const int MaxSideFileBytes = 1 << 20;
    private const int MaxNameLength = 64;

    /// <summary>Reads the form of <paramref name="request"/>; 415 when the body is not multipart/form-data.</summary>
    public static async Task<UploadForm> ReadAsync(HttpRequest request)
    {
        if (!request.HasFormContentType || !(request.ContentType ?? "").StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            throw new ApiException(StatusCodes.Status415UnsupportedMediaType, ApiErrors.Unsupported, "send multipart/form-data with the image in the field 'file'");
        var max = request.HttpContext.RequestServices.GetRequiredService<ServerOptions>().MaxUploadBytes;
        return new UploadForm(await request.ReadFormAsync(request.HttpContext.RequestAborted), max);
    }

    /// <summary>Reads the text fields of <paramref name="request"/>, multipart or URL-encoded; 415 when the body is neither.</summary>
    public static async Task<UploadForm> ReadFieldsAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
            throw new ApiException(StatusCodes.Status415UnsupportedMediaType, ApiErrors.Unsupported, "send the fields as multipart/form-data or application/x-www-form-urlencoded");
        var max = request.HttpContext.RequestServices.GetRequiredService<ServerOptions>().MaxUploadBytes;
        return new UploadForm(await request.ReadFormAsync(request.HttpContext.RequestAborted), max);
    }

    /// <summary>The images of field <c>file</c>; 400 when there is none.</summary>
    public IReadOnlyList<UploadedImage> Images()
    {
        var files = form.Files.GetFiles("file");
        if (files.Count == 0) throw ApiException.BadRequest("no file: send the image in the multipart field 'file'");
        return [.. files.Select(Read)];
    }

    /// <summary>The one image of field <c>file</c>; 400 when there is none or several.</summary>
    public UploadedImage Image()
    {
        var images = Images();
        if (images.Count != 1) throw ApiException.BadRequest("send exactly one image in the field 'file'");
        return images[0];
    }

    /// <summary>The text of the small files of <paramref name="field"/> (keys, PEM), at most 1 MiB each.</summary>
    public IReadOnlyList<string> TextFiles(string field) =>
        [.. form.Files.GetFiles(field).Select(f => ReadText(f, field))];

    /// <summary>The value of text field <paramref name="field"/>, or null when absent or empty.</summary>
    public string? Value(string field) => form.TryGetValue(field, out var v) && !StringValues.IsNullOrEmpty(v) ? v.ToString() : null;

    /// <summary>Every non-empty value of the repeatable text field <paramref name="field"/>.</summary>
    public IReadOnlyList<string> Values(string field) =>
        form.TryGetValue(field, out var v) ? [.. v.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!)] : [];

    /// <summary>True when text field <paramref name="field"/> is "true" (or "on", as a checkbox sends it).</summary>
    public bool Flag(string field) => Value(field) is { } v && (v.Equals("true", StringComparison.OrdinalIgnoreCase) || v.Equals("on", StringComparison.OrdinalIgnoreCase));

    private UploadedImage Read(IFormFile file)
    {
        if (file.Length > maxBytes)
            throw new ApiException(StatusCodes.Status413PayloadTooLarge, ApiErrors.TooLarge, $"the upload is larger than this server accepts ({maxBytes / (1024.0 * 1024.0):0.##} MiB)");
        if (file.Length == 0) throw ApiException.BadRequest("the file is empty");
        var bytes = new byte[file.Length];
        using (var stream = file.OpenReadStream()) stream.ReadExactly(bytes);
        return Sniff(SafeName(file.FileName), bytes);
    }

    /// <summary>The image in <paramref name="bytes"/>, its format sniffed from them; 415 when they are not an image Candor reads.</summary>
    public static UploadedImage Sniff(string safeName, byte[] bytes)
    {
        var format = ContainerRegistry.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, ContainerRegistry.HeadLength)))
            ?? throw new ApiException(StatusCodes.Status415UnsupportedMediaType, ApiErrors.Unsupported, "not an image Candor reads (PNG, JPEG, WebP, TIFF, HEIF/AVIF or GIF)");
        return new UploadedImage(safeName, bytes, format);
    }

    private static string ReadText(IFormFile file, string field)
    {
        if (file.Length > MaxSideFileBytes) throw ApiException.BadRequest($"'{field}' is larger than 1 MiB");
        using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The client's file name without folders or extension, reduced to [A-Za-z0-9._-], at most 64 characters.</summary>
    public static string SafeName(string? clientName)
    {
        var stem = Path.GetFileNameWithoutExtension(Path.GetFileName((clientName ?? "").Replace('\\', '/')));
        var kept = new StringBuilder();
        foreach (var c in stem)
        {
            if (kept.Length == MaxNameLength) break;
            kept.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }
        var name = kept.ToString().Trim('.', '_');
        return name.Length == 0 ? "upload" : name;
    }
}
