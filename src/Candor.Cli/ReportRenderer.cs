using System.Globalization;
using Candor.Inspection;
using Candor.Provenance;
using Spectre.Console;
using static Candor.Cli.Terminal;

namespace Candor.Cli;

/// <summary>
/// Renders a <see cref="ProvenanceReport"/> for people: sections, tables, risk in colour. Every string
/// from the file goes through <see cref="Terminal.Esc"/> or <see cref="Terminal.EscLines"/>.
/// </summary>
internal static class ReportRenderer
{
    public static void Render(IAnsiConsole console, ProvenanceReport report)
    {
        var size = report.Width is { } w && report.Height is { } h ? $", {w}×{h}" : "";
        console.Write(new Rule($"[bold]{Esc(report.Path)}[/] [grey]{Esc(report.Format ?? "?")}{size}, {Bytes(report.FileSize)}[/]").LeftJustified());
        console.MarkupLine($"[bold]AI:[/] {VerdictMarkup(report.Ai.Use)} — {Esc(report.Ai.Summary)}");
        foreach (var e in report.Ai.Evidence.Take(4)) console.MarkupLine($"    [grey]from {Esc(e.ToString())}[/]");

        foreach (var g in report.Generators) RenderGenerator(console, g);
        if (report.Software is { Count: > 0 } software)
            console.MarkupLine($"[bold]Software:[/] {Esc(string.Join("; ", software.Select(s => s.Name)))} [grey](named by the metadata: {Esc(software[0].Evidence.ToString())}{(software.Count > 1 ? ", …" : "")})[/]");
        RenderDisclosure(console, report.Disclosure);
        if (report.ModelChecks is { Count: > 0 } checks) RenderModelChecks(console, checks);
        RenderFindings(console, report.Findings);
        if (report.Raw is { } raw) RenderRaw(console, raw);
        console.WriteLine();
    }

    private static void RenderGenerator(IAnsiConsole console, GeneratorReport g)
    {
        console.WriteLine();
        var version = g.Version is null ? "" : $" {Esc(g.Version)}";
        console.MarkupLine($"[bold underline]Generator:[/] [bold aqua]{Esc(g.Tool)}[/]{version} [grey]({g.Confidence.ToString().ToLowerInvariant()}; {Esc(string.Join("; ", g.Evidence.Take(3)))})[/]");
        var p = g.Parameters;
        if (p.Prompt is not null) console.MarkupLine($"  [bold]Prompt:[/] {EscLines(Clip(p.Prompt.Trim(), 600))}");
        if (p.NegativePrompt is not null) console.MarkupLine($"  [bold]Negative:[/] {EscLines(Clip(p.NegativePrompt.Trim(), 300))}");

        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        void Row(string k, string? v) { if (!string.IsNullOrEmpty(v)) grid.AddRow($"  [grey]{Esc(k)}[/]", Esc(v)); }
        Row("Seed", p.Seed);
        Row("Steps", p.Steps?.ToString(CultureInfo.InvariantCulture));
        Row("Sampler", p.Sampler);
        Row("Scheduler", p.Scheduler);
        Row("CFG scale", Num(p.CfgScale));
        Row("Size", p.Width is { } pw && p.Height is { } ph ? $"{pw}×{ph}" : null);
        Row("Denoise", Num(p.Denoise));
        Row("Clip skip", p.ClipSkip?.ToString(CultureInfo.InvariantCulture));
        Row("Version", p.Version);
        foreach (var kv in p.Other.Take(40)) Row(kv.Key, Clip(kv.Value, 200));
        if (p.Other.Count > 40) Row("…", $"{p.Other.Count - 40} more (use --json)");
        console.Write(grid);

        if (g.Models.Count > 0)
        {
            var t = new Table().Border(TableBorder.Rounded).Title("[bold]Models[/]").AddColumns("Role", "Name", "Weight", "Claimed hashes", "Where");
            foreach (var m in g.Models)
                t.AddRow(Esc(m.Role.ToString()), Esc(m.Name), Num(m.Weight) ?? "",
                    Esc(string.Join("\n", m.Hashes.Select(h => $"{h.Kind}: {h.Value}"))), $"[grey]{Esc(m.Evidence.ToString())}[/]");
            console.Write(t);
        }
        if (g.Controls.Count > 0)
        {
            var t = new Table().Border(TableBorder.Rounded).Title("[bold]Control inputs[/]").AddColumns("Kind", "Module", "Model", "Weight", "Risk", "Why");
            foreach (var c in g.Controls)
            {
                var risk = RiskMarkup(c.Risk) + (c.Identity ? " [bold red]identity[/]" : "");
                t.AddRow(Esc(c.Kind.ToString()), Esc(c.Module ?? ""), Esc(c.Model ?? ""), Num(c.Weight) ?? "", risk, Esc(c.RiskReason ?? ""));
            }
            console.Write(t);
        }
    }

    private static void RenderDisclosure(IAnsiConsole console, Disclosure d)
    {
        if (d.DigitalSourceTypes.Count == 0 && d.Training.Count == 0 && d.C2pa is null) return;
        console.WriteLine();
        console.MarkupLine("[bold underline]Disclosure[/]");
        foreach (var s in d.DigitalSourceTypes)
            console.MarkupLine($"  Digital Source Type: [bold]{Esc(s.Label ?? s.Value)}[/]{(s.Retired ? " [yellow](retired term)[/]" : "")} [grey]{Esc(s.Evidence.ToString())}[/]");
        foreach (var t in d.Training)
            console.MarkupLine($"  {Esc(t.Scheme)}: [bold]{(t.ProhibitsAiTraining ? "[red]" : "[green]")}{Esc(t.Meaning)}[/][/] [grey]{Esc(t.Value)} — {Esc(t.Evidence.ToString())}[/]");
        if (d.C2pa is { } c)
        {
            console.MarkupLine($"  C2PA: {c.ManifestCount} manifest(s), active [bold]{Esc(c.ActiveManifest ?? "?")}[/], claim generator [bold]{Esc(c.ClaimGenerator ?? "?")}[/]{(c.Signer is null ? "" : $", signed by {Esc(c.Signer)}")}");
            var verdict = c.Validation switch
            {
                "Trusted" => "[green bold]Trusted[/]",
                "Valid" => "[green bold]Valid[/] [grey](signer not checked against a trust list)[/]",
                "Invalid" => $"[red bold]Invalid[/] [red]{Esc(string.Join(", ", c.ValidationFailures))}[/]",
                _ => "[grey]not validated[/]",
            };
            console.MarkupLine($"    validation {verdict} [grey](details: candor verify)[/]");
            foreach (var a in c.Actions) console.MarkupLine($"    action {Esc(a)}");
            foreach (var i in c.Ingredients) console.MarkupLine($"    ingredient {Esc(i)}");
        }
    }

    private static void RenderModelChecks(IAnsiConsole console, List<ModelCheck> checks)
    {
        var t = new Table().Border(TableBorder.Rounded).Title("[bold]Model files[/]").AddColumns("Model", "Claimed", "Result", "Local file", "Detail");
        foreach (var c in checks)
        {
            var status = c.Status switch
            {
                ModelCheckStatus.Match => "[green]match[/]",
                ModelCheckStatus.Mismatch => "[red bold]mismatch[/]",
                _ => "[grey]unknown[/]",
            };
            t.AddRow(Esc(c.Model), Esc(c.ClaimedHash is null ? "" : $"{c.Kind}: {c.ClaimedHash}"), status, Esc(c.LocalFile ?? ""), Esc(c.Detail));
        }
        console.Write(t);
    }

    private static void RenderFindings(IAnsiConsole console, List<Finding> findings)
    {
        if (findings.Count == 0) return;
        console.WriteLine();
        console.MarkupLine("[bold underline]Findings[/]");
        foreach (var f in findings)
        {
            var mark = f.Severity switch
            {
                FindingSeverity.Info => "[blue]info[/]",
                FindingSeverity.Warning => "[yellow]warning[/]",
                FindingSeverity.Inconsistency => "[red]inconsistent[/]",
                _ => "[red bold]error[/]",
            };
            console.MarkupLine($"  {mark} {Esc(f.Message)} [grey]({Esc(f.Code)}; {Esc(string.Join("; ", f.Evidence.Take(3)))})[/]");
        }
    }

    private static void RenderRaw(IAnsiConsole console, RawContents raw)
    {
        console.WriteLine();
        var blocks = new Table().Border(TableBorder.Simple).Title("[bold]Blocks[/]").AddColumns("Offset", "Type", "Length", "Label", "Problems");
        foreach (var b in raw.Blocks)
            blocks.AddRow(b.Offset.ToString(CultureInfo.InvariantCulture), Esc(b.Type), b.Length.ToString(CultureInfo.InvariantCulture), Esc(b.Label ?? ""), Esc(string.Join("; ", b.Problems)));
        console.Write(blocks);
        var fields = new Table().Border(TableBorder.Simple).Title("[bold]Fields[/]").AddColumns("Group", "Name", "Value");
        foreach (var f in raw.Fields) fields.AddRow(Esc(f.Group), Esc(f.Name), EscLines(Clip(f.Value, 2000)));
        console.Write(fields);
        foreach (var p in raw.Problems) console.MarkupLine($"  [red]problem[/] {Esc(p)}");
    }

    private static string VerdictMarkup(AiUse use) => use switch
    {
        AiUse.Generated => "[bold red]AI-generated[/]",
        AiUse.Edited => "[bold orange1]AI-edited[/]",
        AiUse.DeclaredNotAi => "[bold green]declared not AI[/]",
        AiUse.NoAiSignal => "[bold grey]no AI signal[/]",
        AiUse.NoProvenance => "[bold grey]no provenance[/]",
        _ => "[bold red]unreadable[/]",
    };

    private static string RiskMarkup(ControlRisk risk) => risk switch
    {
        ControlRisk.VeryLow => "[green]very low[/]",
        ControlRisk.Low => "[green]low[/]",
        ControlRisk.Medium => "[yellow]medium[/]",
        ControlRisk.High => "[red bold]high[/]",
        _ => "[grey]unknown[/]",
    };

    // Tools store weights as binary floats (1.0000000000000004); people read six significant digits. JSON keeps the exact value.
    private static string? Num(double? v) => v?.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Clip(string s, int max) => s.Length <= max ? s : string.Concat(s.AsSpan(0, max), "…");

    private static string Bytes(long n) => n switch
    {
        < 1024 => $"{n} B",
        < 1 << 20 => $"{n / 1024.0:0.#} KiB",
        _ => $"{n / 1048576.0:0.#} MiB",
    };
}
