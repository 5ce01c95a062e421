using System.Runtime.CompilerServices;

namespace Candor.Watermark;

/// <summary>
/// The key-derived arrangement of one watermark tile: a 32×32 grid of chips, each 4×4 pixels of a
/// 128×128 tile that repeats over the image. 256 chips are pilots (a fixed ±1 pattern used to find
/// the tile's position and orientation); the other 768 carry the coded payload, each coded bit on
/// two or three chips scattered over the tile, every chip's sign scrambled by the key. The payload is 64 bits plus a
/// 32-bit keyed check, convolutionally coded at rate 1/3 (306 coded bits).
/// </summary>
internal sealed class TileLayout
{
    public const int Tile = 128;
    public const int ChipSize = 4;
    public const int Grid = Tile / ChipSize;
    public const int Chips = Grid * Grid;
    public const int Pilots = 256;
    public const int PayloadBits = 64;
    public const int CheckBits = 32;
    public const int InfoBits = PayloadBits + CheckBits;

    public static readonly int CodedBits = ConvolutionalCode.CodedLength(InfoBits);

    /// <summary>Scrambling sign of each chip (±1).</summary>
    public sbyte[] Sign { get; } = new sbyte[Chips];

    /// <summary>−1 for a pilot chip, otherwise the coded bit the chip carries.</summary>
    public int[] CodedBitOf { get; } = new int[Chips];

    /// <summary>Pilot grid: the pilot chips' signs, 0 elsewhere.</summary>
    public float[] PilotGrid { get; } = new float[Chips];

    /// <summary>The 2-D spectrum of <see cref="PilotGrid"/> (32×32 FFT), which the pilot search correlates with.</summary>
    public (float[] Re, float[] Im) PilotSpectrum { get; }

    private static readonly ConditionalWeakTable<WatermarkKey, TileLayout> Layouts = new();

    /// <summary>
    /// The layout of <paramref name="key"/>, built once per key object and kept while the key is alive: building one takes
    /// 256 HMAC blocks, about a millisecond, which a detection would otherwise pay every time.
    /// </summary>
    public static TileLayout For(WatermarkKey key) => Layouts.GetValue(key, k => new TileLayout(k));

    public TileLayout(WatermarkKey key)
    {
        var stream = key.Stream("tile-layout");
        var order = new int[Chips];
        for (var i = 0; i < Chips; i++) order[i] = i;
        for (var i = Chips - 1; i > 0; i--)
        {
            var j = stream.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        for (var k = 0; k < Chips; k++)
        {
            var chip = order[k];
            Sign[chip] = (stream.NextUInt32() & 1) == 0 ? (sbyte)1 : (sbyte)-1;
            CodedBitOf[chip] = k < Pilots ? -1 : (k - Pilots) % CodedBits;
            if (k < Pilots) PilotGrid[chip] = Sign[chip];
        }
        PilotSpectrum = WatermarkDetector.Spectrum(PilotGrid);
    }

    /// <summary>Chip values (±1) for the coded bits.</summary>
    public sbyte[] ChipValues(bool[] coded)
    {
        var values = new sbyte[Chips];
        for (var chip = 0; chip < Chips; chip++)
        {
            var bit = CodedBitOf[chip];
            values[chip] = bit < 0 || coded[bit] ? Sign[chip] : (sbyte)-Sign[chip];
        }
        return values;
    }

    /// <summary>The information bits for a payload: 64 payload bits then the 32-bit keyed check.</summary>
    public static bool[] InfoBitsFor(WatermarkKey key, WatermarkPayload payload)
    {
        var bits = new bool[InfoBits];
        for (var i = 0; i < PayloadBits; i++) bits[i] = payload.Bit(i);
        var check = Check(key, payload);
        for (var i = 0; i < CheckBits; i++) bits[PayloadBits + i] = ((check >> (CheckBits - 1 - i)) & 1) == 1;
        return bits;
    }

    /// <summary>The 32-bit integrity check: the first 32 bits of HMAC-SHA256(key, "payload-check" ‖ payload).</summary>
    public static uint Check(WatermarkKey key, WatermarkPayload payload) =>
        System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(key.Derive("payload-check", payload.ToBytes()));

    /// <summary>Renders chip values as a smooth 128×128 tile: each chip a raised-cosine bump, bumps summing to 1.</summary>
    public static float[] Render(sbyte[] chips)
    {
        var tile = new float[Tile * Tile];
        for (var y = 0; y < Tile; y++)
        {
            var (ya, yb) = (CoverIndex[2 * y] * Grid, CoverIndex[2 * y + 1] * Grid);
            var (wya, wyb) = (CoverWeight[2 * y], CoverWeight[2 * y + 1]);
            for (var x = 0; x < Tile; x++)
            {
                var (xa, xb) = (CoverIndex[2 * x], CoverIndex[2 * x + 1]);
                var (wxa, wxb) = (CoverWeight[2 * x], CoverWeight[2 * x + 1]);
                tile[y * Tile + x] = wya * wxa * chips[ya + xa] + wya * wxb * chips[ya + xb] + wyb * wxa * chips[yb + xa] + wyb * wxb * chips[yb + xb];
            }
        }
        return tile;
    }

    // For each pixel coordinate 0…127, the two chips whose bumps cover it (at [2x] and [2x + 1]) and their weights:
    // chip i has its centre at 4i + 1.5 and weight cos²(π (x − centre) / 8) within 4 pixels of it.
    private static readonly int[] CoverIndex = new int[2 * Tile];
    private static readonly float[] CoverWeight = Covers(CoverIndex);

    private static float[] Covers(int[] index)
    {
        var weight = new float[2 * Tile];
        for (var x = 0; x < Tile; x++)
        {
            var left = (int)Math.Floor((x - 1.5) / ChipSize);
            for (var k = 0; k < 2; k++)
            {
                var chip = left + k;
                var t = x - (chip * ChipSize + 1.5);
                weight[2 * x + k] = (float)Math.Pow(Math.Cos(Math.PI * t / (2 * ChipSize)), 2);
                index[2 * x + k] = ((chip % Grid) + Grid) % Grid;
            }
        }
        return weight;
    }

    /// <summary>Matched-filter taps for half-pixel centres: w_k = cos²(π (k − 0.5) / 8), k = −3…4.</summary>
    public static readonly float[] MatchedTaps = Enumerable.Range(-3, 8).Select(k => (float)Math.Pow(Math.Cos(Math.PI * (k - 0.5) / (2 * ChipSize)), 2)).ToArray();
}
