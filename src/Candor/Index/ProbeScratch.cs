namespace Candor.Index;

/// <summary>The per-thread work arrays of <see cref="HammingIndex"/>'s probing search, kept between searches so a search allocates nothing.</summary>
internal sealed class ProbeScratch
{
    [ThreadStatic]
    private static ProbeScratch? _current;

    public uint[] Starts { get; private set; } = new uint[512];
    public uint[] Ends { get; private set; } = new uint[512];
    public int[] Bounds { get; private set; } = new int[512];
    public byte[] ProbeChunks { get; private set; } = new byte[512];

    /// <summary>The posting positions that passed the neighbour test, then (in place) their ids.</summary>
    public uint[] CandidatePositions { get; private set; } = new uint[1024];
    public byte[] CandidateChunks { get; private set; } = new byte[1024];

    public static ProbeScratch ForThread() => _current ??= new ProbeScratch();

    public void EnsureProbes(int n)
    {
        if (Starts.Length >= n) return;
        Starts = new uint[n];
        Ends = new uint[n];
        Bounds = new int[n];
        ProbeChunks = new byte[n];
    }

    public void EnsureCandidates(int n)
    {
        if (CandidatePositions.Length >= n) return;
        var size = Math.Max(n, CandidatePositions.Length * 2);
        var positions = CandidatePositions;
        var chunks = CandidateChunks;
        Array.Resize(ref positions, size);
        Array.Resize(ref chunks, size);
        CandidatePositions = positions;
        CandidateChunks = chunks;
    }
}
