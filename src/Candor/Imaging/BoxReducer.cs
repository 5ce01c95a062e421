namespace Candor.Imaging;

/// <summary>
/// Averages decoded RGBA rows into a <see cref="ReducedImage"/> as they arrive, in any order (Adam7 passes deliver
/// every seventh pixel or so), keeping only the reduced planes: memory is the working size, whatever the source.
/// </summary>
internal sealed class BoxReducer
{
    private readonly int _width;
    private readonly int _height;
    private readonly int _sourceWidth;
    private readonly int _sourceHeight;
    private readonly float[][] _sums;

    /// <summary>Prepares a reduction of a <paramref name="width"/> × <paramref name="height"/> image whose long side becomes at most <paramref name="maxSide"/>.</summary>
    public BoxReducer(int width, int height, int maxSide, bool hasAlpha)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSide, 1);
        _sourceWidth = width;
        _sourceHeight = height;
        Factor = (int)Math.Max(1, (Math.Max(width, (long)height) + maxSide - 1) / maxSide);
        _width = Math.Max(1, width / Factor);
        _height = Math.Max(1, height / Factor);
        _sums = new float[hasAlpha ? 4 : 3][];
        for (var c = 0; c < _sums.Length; c++) _sums[c] = new float[_width * _height];
    }

    /// <summary>Source pixels per working pixel along each side.</summary>
    public int Factor { get; }

    /// <summary>Reduces a whole decoded image.</summary>
    public static ReducedImage Reduce(RgbaImage image, int maxSide)
    {
        ArgumentNullException.ThrowIfNull(image);
        var reducer = new BoxReducer(image.Width, image.Height, maxSide, image.HasAlpha);
        var stride = image.Width * 4;
        for (var y = 0; y < image.Height; y++) reducer.AddRow(y, 0, 1, image.Pixels.AsSpan(y * stride, stride));
        return reducer.Finish();
    }

    /// <summary>Adds source row <paramref name="y"/>: RGBA pixel i of <paramref name="rgba"/> sits at column <paramref name="x0"/> + i·<paramref name="dx"/>.</summary>
    public void AddRow(int y, int x0, int dx, ReadOnlySpan<byte> rgba)
    {
        var by = y / Factor;
        if (by >= _height) return;
        var row = by * _width;
        var channels = _sums.Length;
        var count = rgba.Length / 4;
        if (x0 == 0 && dx == 1)
        {
            // Whole rows: sum each block's pixels in registers, one store per block and channel.
            var perBlock = Math.Min(Factor, count);
            for (var bx = 0; bx < _width; bx++)
            {
                float r = 0, g = 0, b = 0, a = 0;
                var end = Math.Min(count, bx * Factor + perBlock);
                for (int x = bx * Factor, i = x * 4; x < end; x++, i += 4)
                {
                    r += rgba[i];
                    g += rgba[i + 1];
                    b += rgba[i + 2];
                    a += rgba[i + 3];
                }
                _sums[0][row + bx] += r;
                _sums[1][row + bx] += g;
                _sums[2][row + bx] += b;
                if (channels == 4) _sums[3][row + bx] += a;
            }
            return;
        }
        for (var i = 0; i < count; i++)
        {
            var bx = (x0 + i * dx) / Factor;
            if (bx >= _width) break;
            for (var c = 0; c < channels; c++) _sums[c][row + bx] += rgba[i * 4 + c];
        }
    }

    /// <summary>The averages: every working pixel divided by the number of source pixels that went into it.</summary>
    public ReducedImage Finish()
    {
        var scale = 1f / ((float)Math.Min(Factor, _sourceWidth) * Math.Min(Factor, _sourceHeight));
        if (scale != 1f)
            foreach (var plane in _sums)
                for (var i = 0; i < plane.Length; i++) plane[i] *= scale;
        return new ReducedImage(new FloatImage(_width, _height, _sums), Factor, _sourceWidth, _sourceHeight);
    }
}
