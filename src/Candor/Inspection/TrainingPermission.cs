using Candor.Provenance;

namespace Candor.Inspection;

/// <summary>One statement about AI training / data mining permission.</summary>
public sealed record TrainingPermission(string Scheme, string Value, string Meaning, bool ProhibitsAiTraining, Evidence Evidence);
