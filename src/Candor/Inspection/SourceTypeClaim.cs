using Candor.Provenance;

namespace Candor.Inspection;

/// <summary>One Digital Source Type statement.</summary>
public sealed record SourceTypeClaim(string Value, string? Code, string? Label, bool Retired, string? AiRole, Evidence Evidence);
