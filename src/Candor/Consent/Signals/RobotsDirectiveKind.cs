namespace Candor.Consent.Signals;

/// <summary>The kind of a robots.txt line that the parser recognised.</summary>
public enum RobotsDirectiveKind
{
    /// <summary><c>User-agent:</c> (also the typos <c>useragent</c> and <c>user agent</c>).</summary>
    UserAgent,

    /// <summary><c>Allow:</c>.</summary>
    Allow,

    /// <summary><c>Disallow:</c> (also common typos such as <c>dissallow</c>).</summary>
    Disallow,

    /// <summary><c>Sitemap:</c> (also <c>site-map</c>); it belongs to no group.</summary>
    Sitemap,

    /// <summary>A <c>key: value</c> line whose key is none of the above (e.g. <c>Crawl-delay</c>); ignored when matching.</summary>
    Unknown,
}
