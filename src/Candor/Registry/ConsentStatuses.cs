using System.Diagnostics.CodeAnalysis;
using System.Text;
using Candor.Consent;

namespace Candor.Registry;

/// <summary>
/// A work's status for each <see cref="ConsentUse"/>, packed in two bits per use. Written as text like
/// <c>ai-training=opt-out tdm=opt-in</c> (uses with no status left out; <c>none</c> when empty).
/// </summary>
public readonly record struct ConsentStatuses
{
    private static readonly ConsentUse[] Uses = Enum.GetValues<ConsentUse>();

    /// <summary>Creates the statuses from their packed form (<see cref="Code"/>).</summary>
    public ConsentStatuses(ushort code) => Code = code;

    /// <summary>The packed form: bits 2u..2u+1 hold the <see cref="ConsentStatus"/> of use u.</summary>
    public ushort Code { get; }

    /// <summary>Opt-out of every use (the usual "do not train on my work").</summary>
    public static ConsentStatuses OptOutAll { get; } = Of(ConsentStatus.OptOut, Uses);

    /// <summary>The same <paramref name="status"/> for each of <paramref name="uses"/>.</summary>
    public static ConsentStatuses Of(ConsentStatus status, params ConsentUse[] uses)
    {
        var s = new ConsentStatuses(0);
        foreach (var u in uses) s = s.With(u, status);
        return s;
    }

    /// <summary>The status for <paramref name="use"/>.</summary>
    public ConsentStatus Get(ConsentUse use) => (ConsentStatus)((Code >> (2 * (int)use)) & 3);

    /// <summary>A copy with <paramref name="use"/> set to <paramref name="status"/>.</summary>
    public ConsentStatuses With(ConsentUse use, ConsentStatus status)
    {
        var shift = 2 * (int)use;
        return new ConsentStatuses((ushort)((Code & ~(3 << shift)) | ((int)status << shift)));
    }

    /// <summary>True when no use has a status.</summary>
    public bool IsEmpty => Code == 0;

    /// <summary>
    /// The status that decides <paramref name="asked"/>: an opt-out of any use whose refusal covers it
    /// (<see cref="ConsentUses.RefusalCovers"/>) wins; otherwise an opt-in of a use that covers it
    /// (allowing data mining allows both kinds of training); otherwise <see cref="ConsentStatus.None"/>.
    /// The use that decided is returned in <paramref name="decidingUse"/>.
    /// </summary>
    public ConsentStatus Decide(ConsentUse asked, out ConsentUse decidingUse)
    {
        foreach (var u in Uses)
            if (Get(u) == ConsentStatus.OptOut && ConsentUses.RefusalCovers(u, asked)) { decidingUse = u; return ConsentStatus.OptOut; }
        foreach (var u in Uses)
            if (Get(u) == ConsentStatus.OptIn && ConsentUses.RefusalCovers(u, asked)) { decidingUse = u; return ConsentStatus.OptIn; }
        decidingUse = asked;
        return ConsentStatus.None;
    }

    /// <summary>The text form, e.g. <c>ai-training=opt-out tdm=opt-in</c>, or <c>none</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var u in Uses)
        {
            var s = Get(u);
            if (s == ConsentStatus.None) continue;
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(ConsentUses.Word(u)).Append('=').Append(s == ConsentStatus.OptOut ? "opt-out" : "opt-in");
        }
        return sb.Length == 0 ? "none" : sb.ToString();
    }

    /// <summary>Reads the text form (<c>use=opt-out|opt-in</c> pairs separated by spaces or commas; <c>none</c>); false with the reason otherwise.</summary>
    public static bool TryParse(string? text, out ConsentStatuses statuses, [NotNullWhen(false)] out string? problem)
    {
        statuses = default;
        problem = null;
        if (string.IsNullOrWhiteSpace(text)) { problem = "no statuses given"; return false; }
        if (text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)) return true;
        foreach (var part in text.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            if (eq < 0) { problem = $"'{part}' is not use=opt-out or use=opt-in"; return false; }
            if (!ConsentUses.TryParse(part[..eq], out var use, out problem)) return false;
            var word = part[(eq + 1)..].ToLowerInvariant();
            var status = word switch { "opt-out" => ConsentStatus.OptOut, "opt-in" => ConsentStatus.OptIn, "none" => ConsentStatus.None, _ => (ConsentStatus)(-1) };
            if (status < 0) { problem = $"status '{word}' is not opt-out, opt-in or none"; return false; }
            statuses = statuses.With(use, status);
        }
        return true;
    }
}
