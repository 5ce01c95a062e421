using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Candor.Server;

/// <summary>
/// Double-submit CSRF protection: <c>GET /api/session</c> sets a random token as the SameSite=Strict cookie
/// <c>candor-csrf</c> and returns it in its JSON; every POST must send the same token in the header
/// <c>X-Candor-Csrf</c>. Another site can make the browser send the cookie, but cannot read it to set the header.
/// </summary>
internal static class CsrfProtection
{
    public const string CookieName = "candor-csrf";
    public const string HeaderName = "X-Candor-Csrf";
    private const int TokenBytes = 32;

    /// <summary>The token of the request's cookie when it is well-formed (so several tabs share one), else a new one set as the cookie.</summary>
    public static string Issue(HttpContext context)
    {
        if (context.Request.Cookies.TryGetValue(CookieName, out var existing) && IsWellFormed(existing)) return existing;
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));
        context.Response.Cookies.Append(CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            IsEssential = true,
        });
        return token;
    }

    /// <summary>The 403 answer to a request without a token matching its cookie, or null when the token matches.</summary>
    public static IResult? Refusal(HttpContext context)
    {
        var header = context.Request.Headers[HeaderName].ToString();
        context.Request.Cookies.TryGetValue(CookieName, out var cookie);
        if (IsWellFormed(cookie) && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(header), Encoding.ASCII.GetBytes(cookie!))) return null;
        return ApiErrors.Result(StatusCodes.Status403Forbidden, ApiErrors.Forbidden,
            $"missing or wrong CSRF token: GET /api/session first and send its token in the header {HeaderName}");
    }

    private static bool IsWellFormed(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
