using Candor.Provenance;

namespace Candor.Generators;

/// <summary>
/// Recognises one tool's metadata among the fields of a file. Parsers are stateless, table-driven
/// (known keys map through a table, so a new key is a one-line change), and run in the order of
/// the generator registry; a parser that recognises a field claims it so that a more
/// generic parser later in the order does not report it again.
/// </summary>
public interface IGeneratorParser
{
    /// <summary>Stable id, e.g. "a1111".</summary>
    string Id { get; }

    /// <summary>Reports every generator this parser finds; empty when none.</summary>
    IEnumerable<GeneratorReport> Parse(GeneratorContext context);
}
