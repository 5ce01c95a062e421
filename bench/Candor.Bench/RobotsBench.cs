using System.Diagnostics;
using System.Globalization;
using System.Text;
using Candor.Consent;
using Candor.Consent.Signals;

namespace Candor.Bench;

/// <summary>
/// `robots [--seconds S] [--rules N,N,…]`: robots.txt parse and match speed on one thread, on generated files of real-site shape
/// (groups for AI crawlers and search engines, folder and wildcard rules, comments, a sitemap) of N rules each: files parsed
/// per second, single-agent matches per second (Google's semantics, one URL), and consent evaluations per second (every AI
/// crawler that speaks to ai-training, as the site fetcher does per item).
/// </summary>
internal static class RobotsBench
{
    public static int Run(string[] args)
    {
        var seconds = 1.0;
        int[] sizes = [100, 2_000, 10_000];
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--seconds") seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--rules") sizes = [.. args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
        }
        Console.WriteLine($"robots.txt, one thread; {Environment.ProcessorCount} cores; each figure the median of 5 runs of ≥ {seconds / 5:0.##} s");
        Console.WriteLine();
        Console.WriteLine("| rules | file KiB | parse files/s | parse MiB/s | match (1 agent) /s | µs per match | consent evaluation /s | parse + 1 evaluation /s |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var n in sizes)
        {
            var text = Generate(n, seed: 14);
            var bytes = Encoding.UTF8.GetBytes(text);
            var robots = RobotsTxt.Parse(bytes);
            var urls = Urls(1_000, seed: 7);
            var u = 0;
            var parse = Rate(() => RobotsTxt.Parse(bytes), seconds);
            var match = Rate(() => robots.Match("GPTBot", urls[u++ % urls.Length]), seconds);
            var evaluate = Rate(() => RobotsTxtEvaluator.Evidence(robots, "https://example.com/robots.txt", urls[u++ % urls.Length], ConsentUse.AiTraining), seconds);
            var both = Rate(() => RobotsTxtEvaluator.Evidence(RobotsTxt.Parse(bytes), "https://example.com/robots.txt", urls[u++ % urls.Length], ConsentUse.AiTraining), seconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {robots.Directives.Count(d => d.Kind is RobotsDirectiveKind.Allow or RobotsDirectiveKind.Disallow):N0} | {bytes.Length / 1024.0:0.0} | {parse:N0} | {parse * bytes.Length / 1048576.0:N1} | {match:N0} | {1e6 / match:0.0} | {evaluate:N0} | {both:N0} |"));
        }
        return 0;
    }

    /// <summary>A robots.txt with <paramref name="rules"/> Allow/Disallow lines spread over groups like a large news or shop site.</summary>
    internal static string Generate(int rules, int seed)
    {
        var random = new Random(seed);
        string[] agents = ["*", "Googlebot", "Bingbot", "GPTBot", "CCBot", "Google-Extended", "anthropic-ai", "ClaudeBot", "PerplexityBot", "Bytespider", "Baiduspider", "YandexBot"];
        string[] words = ["news", "sport", "art", "images", "gallery", "search", "tag", "user", "account", "cart", "checkout", "api", "static", "media", "archive", "2024", "2025", "print", "amp", "feeds"];
        var sb = new StringBuilder("# robots.txt generated for the Candor bench\n\n");
        var written = 0;
        var group = 0;
        while (written < rules)
        {
            sb.Append("User-agent: ").Append(agents[group % agents.Length]).Append('\n');
            if (group % 5 == 0) sb.Append("User-agent: ").Append(agents[(group + 3) % agents.Length]).Append('\n');
            var inGroup = Math.Min(rules - written, 20 + random.Next(80));
            for (var i = 0; i < inGroup; i++, written++)
            {
                var kind = random.Next(10) < 7 ? "Disallow" : "Allow";
                var path = "/" + string.Join('/', Enumerable.Range(0, 1 + random.Next(3)).Select(_ => words[random.Next(words.Length)]));
                path += random.Next(6) switch
                {
                    0 => "/*.jpg$",
                    1 => "/*?sort=",
                    2 => "$",
                    3 => "/",
                    _ => "",
                };
                sb.Append(kind).Append(": ").Append(path);
                if (random.Next(20) == 0) sb.Append("  # legacy");
                sb.Append('\n');
            }
            sb.Append("Crawl-delay: 2\n\n");
            group++;
        }
        sb.Append("Sitemap: https://example.com/sitemap.xml\n");
        return sb.ToString();
    }

    private static string[] Urls(int count, int seed)
    {
        var random = new Random(seed);
        string[] words = ["news", "sport", "art", "images", "gallery", "cat", "dog", "2025", "photo", "page", "media", "static"];
        return [.. Enumerable.Range(0, count).Select(_ =>
            "https://example.com/" + string.Join('/', Enumerable.Range(0, 1 + random.Next(5)).Select(_ => words[random.Next(words.Length)]))
            + (random.Next(3) == 0 ? $"/img_{random.Next(100000)}.jpg" : random.Next(2) == 0 ? $"?sort=date&page={random.Next(50)}" : ""))];
    }

    /// <summary>Operations per second: the median of five runs of at least <paramref name="seconds"/>/5 each.</summary>
    private static double Rate(Func<object> op, double seconds)
    {
        for (var i = 0; i < 100; i++) op();
        var rates = new List<double>();
        for (var run = 0; run < 5; run++)
        {
            var sw = Stopwatch.StartNew();
            long n = 0;
            while (sw.Elapsed.TotalSeconds < seconds / 5)
            {
                for (var i = 0; i < 16; i++) op();
                n += 16;
            }
            rates.Add(n / sw.Elapsed.TotalSeconds);
        }
        rates.Sort();
        return rates[2];
    }
}
