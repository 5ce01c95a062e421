namespace Candor.Generators.A1111;

/// <summary>
/// One key/value of an infotext parameter line, in the order written. <see cref="Value"/> is unquoted when the
/// tool JSON-quoted it (values holding ",", ":" or a newline); <see cref="RawJson"/> is true for the unquoted JSON
/// that Civitai and the Civitai extension write (<c>Civitai resources: [...]</c>, <c>Hashes: {...}</c>).
/// </summary>
public sealed record InfotextEntry(string Key, string Value, bool WasQuoted = false, bool RawJson = false);
