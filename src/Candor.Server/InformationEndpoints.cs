using System.Reflection;
using Candor.Metadata.Iptc;

namespace Candor.Server;

/// <summary>The GET endpoints: health, session (CSRF token) and the Digital Source Type vocabulary.</summary>
internal static class InformationEndpoints
{
    /// <summary>Candor's version, without the build metadata after '+'.</summary>
    public static string Version { get; } = (typeof(Inspection.Inspector).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/health", () => Results.Json(new { status = "ok", version = Version }))
            .WithSummary("Liveness and version.");
        api.MapGet("/session", (HttpContext context, ServerOptions options) =>
            {
                context.Response.Headers.CacheControl = "no-store";
                return Results.Json(new { csrf = CsrfProtection.Issue(context), signing = options.Signing is not null, version = Version });
            })
            .WithSummary("The CSRF token every POST sends in X-Candor-Csrf (also set as the cookie candor-csrf), and whether this server signs.");
        api.MapGet("/vocabulary/source-types", () => Results.Json(DigitalSourceType.All.Select(t => new
        {
            code = t.Code,
            label = t.Label,
            definition = t.Definition,
            retired = t.IsRetired,
            aiRole = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(t.AiRole.ToString()),
        })))
            .WithSummary("The IPTC Digital Source Type vocabulary, for choosing what to disclose.");
    }
}
