namespace Candor.Formats.Jpeg;

/// <summary>One box of a JPEG as a C2PA box hash (<c>c2pa.hash.boxes</c>) names it: a name and the bytes it spans.</summary>
/// <param name="Name">"SOI", the marker's name ("APP1", "DQT", "SOS"), "C2PA" for a run of APP11 JUMBF segments, "EOI".</param>
/// <param name="Start">Offset of the box's first byte.</param>
/// <param name="End">Offset just past its last byte.</param>
public sealed record JpegHashBox(string Name, long Start, long End);
