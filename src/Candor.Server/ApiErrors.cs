using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Candor.Server;

/// <summary>The JSON error body every refusal carries, <c>{"error": "...", "kind": "..."}</c>, and the kinds it uses.</summary>
internal static class ApiErrors
{
    public const string BadRequest = "badRequest";
    public const string TooLarge = "tooLarge";
    public const string Unsupported = "unsupported";
    public const string Forbidden = "forbidden";
    public const string NotFound = "notFound";
    public const string Busy = "limitExceeded";
    public const string Internal = "internal";

    /// <summary>The error kind of a <see cref="FormatErrorKind"/>: truncated, limitExceeded, malformed or unsupported.</summary>
    public static string KindOf(FormatErrorKind kind) => kind switch
    {
        FormatErrorKind.Truncated => "truncated",
        FormatErrorKind.LimitExceeded => "limitExceeded",
        FormatErrorKind.Unsupported => "unsupported",
        _ => "malformed",
    };

    /// <summary>A JSON error result.</summary>
    public static IResult Result(int status, string kind, string message) =>
        Results.Json(new ApiError(message, kind), statusCode: status);

    /// <summary>Writes a JSON error straight to <paramref name="context"/>'s response (for middleware, before any endpoint).</summary>
    public static async Task WriteAsync(HttpContext context, int status, string kind, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new ApiError(message, kind), JsonSerializerOptions.Web), context.RequestAborted);
    }

    /// <summary>
    /// The endpoint filter that turns a refusal into its JSON error: <see cref="ApiException"/>, malformed input
    /// (<see cref="CandorFormatException"/>, 400), a body over the cap (Kestrel's 413) and a form the reader refuses.
    /// Anything else is a bug and goes on to the global handler, which logs it and answers without details.
    /// </summary>
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ApiException e)
        {
            return Result(e.Status, e.Kind, e.Message);
        }
        catch (CandorFormatException e)
        {
            return Result(StatusCodes.Status400BadRequest, KindOf(e.Kind), e.Describe());
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLargeResult(context.HttpContext);
        }
        catch (BadHttpRequestException e)
        {
            return Result(e.StatusCode, BadRequest, e.Message);
        }
        catch (InvalidDataException e)
        {
            // The form reader's own limits (value count and length, multipart section length): plain messages.
            return Result(StatusCodes.Status400BadRequest, BadRequest, $"the form could not be read: {e.Message}");
        }
    }

    /// <summary>413 with the cap in MiB.</summary>
    public static IResult TooLargeResult(HttpContext context)
    {
        var max = context.RequestServices.GetRequiredService<ServerOptions>().MaxUploadBytes;
        return Result(StatusCodes.Status413PayloadTooLarge, TooLarge, $"the upload is larger than this server accepts ({max / (1024.0 * 1024.0):0.##} MiB)");
    }

    /// <summary>The global exception handler: logs the exception (the handler middleware does) and answers 500 without any detail.</summary>
    public static Task HandleUnexpected(HttpContext context)
    {
        var feature = context.Features.Get<IExceptionHandlerFeature>();
        if (feature?.Error is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            var max = context.RequestServices.GetRequiredService<ServerOptions>().MaxUploadBytes;
            return WriteAsync(context, StatusCodes.Status413PayloadTooLarge, TooLarge, $"the upload is larger than this server accepts ({max / (1024.0 * 1024.0):0.##} MiB)");
        }
        return WriteAsync(context, StatusCodes.Status500InternalServerError, Internal, "internal error; the server log has the details");
    }
}
