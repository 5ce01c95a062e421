namespace Candor.Watermark;

/// <summary>The outcome of looking for a mark in one file: a detection, or why the file could not be read.</summary>
/// <param name="File">The file as given.</param>
/// <param name="Detection">What the detector found; null when the file could not be read.</param>
/// <param name="Error">Why the file could not be read, in plain words; null when it was.</param>
public sealed record WatermarkFileDetection(string File, WatermarkDetection? Detection, string? Error);
