namespace Candor.Watermark;

/// <summary>
/// Finds the repetition of the watermark tile from the autocorrelation of the detection residual:
/// a periodic pattern gives peaks at every lattice vector. The residual is averaged down to at most
/// 512 pixels a side, its autocorrelation computed with a 512×512 FFT, the strongest peaks paired into
/// bases, each basis reduced to its two shortest vectors and refined by least squares over the peaks
/// at its small multiples (sub-pixel, by parabola fits).
/// <para>
/// Why 512 and not 256: the autocorrelation is a second-order statistic, so it fades faster than the pilot
/// correlation on busy photos. Averaged down 3× (a 768×512 image into 256 pixels) the 4-pixel chips lose
/// enough that on kodim05 the true lattice was not among the candidates at all for some keys — at 5°, key 4
/// of the rotation bench, the best estimates were 52-, 58- and 141-pixel lattices, while the exact turned
/// lattice scored a pilot z of 10.7. Averaged 2× (512 pixels) the same case estimates 127.96 px at −4.94°.
/// </para>
/// </summary>
internal static class LatticeEstimator
{
    private const int N = 512;
    private const double BandTop = 0.42 * N;
    private const double MinPeriod = 40;   // working pixels
    private static readonly Fft Transform = new(N);

    /// <summary>Up to <paramref name="count"/> candidate lattices in working pixels, best first.</summary>
    public static List<Lattice> Estimate(float[] residual, int width, int height, int count)
    {
        var d = Math.Max(1, (Math.Max(width, height) + N - 1) / N);
        int w = width / d, h = height / d;
        var results = new List<Lattice>();
        if (w < 16 || h < 16) return results;
        var re = new float[N * N];
        var im = new float[N * N];
        var small = PlaneOps.BoxDownscale(residual, width, height, d);
        for (var y = 0; y < h; y++) Array.Copy(small, y * w, re, y * N, w);
        Transform.Transform2D(re, im, inverse: false);
        for (var i = 0; i < re.Length; i++)
        {
            re[i] = re[i] * re[i] + im[i] * im[i];
            im[i] = 0;
        }
        Whiten(re);
        Transform.Transform2D(re, im, inverse: true);
        var zero = re[0];
        if (!(zero > 0)) return results;
        for (var i = 0; i < re.Length; i++) re[i] /= zero;
        var a = re;

        var minLag = MinPeriod / d;
        var maxLagX = Math.Min(N / 2 - 2, (int)(w * 0.7));
        var maxLagY = Math.Min(N / 2 - 2, (int)(h * 0.7));

        // Scan: square tiles at every rotation (1° steps) and period (2% steps), which covers rotation,
        // scale and flips; then axis-aligned rectangles (independent x and y periods) for aspect changes.
        // Each hypothesis is scored by the autocorrelation over its small lattice points, each read as the largest
        // value in a window wide enough for the grid's own error at that point's distance (see Windows).
        var windows = Windows(a, minLag, maxLagX, maxLagY);
        var scored = new List<(double Score, Lattice L)>();
        var maxPeriod = Math.Min(maxLagX, maxLagY) / 1.2;
        for (var period = minLag; period <= maxPeriod; period *= PeriodStep)
            for (var degrees = 0; degrees < 90; degrees += AngleStep)
            {
                var (sin, cos) = Math.SinCos(degrees * Math.PI / 180);
                var lattice = new Lattice(period * cos, period * sin, -period * sin, period * cos);
                var score = Score(windows, lattice, maxLagX, maxLagY);
                if (score > 0) scored.Add((score, lattice));
            }
        for (var px = minLag; px <= maxLagX / 1.2; px *= PeriodStep)
            for (var py = Math.Max(minLag, px / 1.45); py <= Math.Min(maxLagY / 1.2, px * 1.45); py *= PeriodStep)
            {
                if (Math.Abs(px / py - 1) < 0.03) continue;
                var lattice = new Lattice(px, 0, 0, py);
                var score = Score(windows, lattice, maxLagX, maxLagY);
                if (score > 0) scored.Add((score, lattice));
            }
        scored.Sort((x, y) => y.Score.CompareTo(x.Score));

        // The coarse ranking only shortlists: the best distinct hypotheses are polished and refined, then ranked
        // again by the autocorrelation at their exact points, so a lattice that falls between grid nodes is not
        // lost to one that happens to sit on a node.
        var tried = new List<Lattice>();
        var polished = new List<(double Score, Lattice L)>();
        foreach (var (_, lattice) in scored)
        {
            if (tried.Any(t => t.Near(lattice, 0.06))) continue;
            tried.Add(lattice);
            var refined = Refine(a, Polish(a, lattice, maxLagX, maxLagY), maxLagX, maxLagY);
            polished.Add((PointSum(refined, maxLagX, maxLagY, (x, y) => Bilinear(a, x, y)), refined));
            if (tried.Count == Shortlist) break;
        }
        polished.Sort((x, y) => y.Score.CompareTo(x.Score));
        foreach (var (_, lattice) in polished)
        {
            var candidate = Canonical(lattice.Scale(d));
            if (results.Any(r => r.Near(candidate, 0.03))) continue;
            results.Add(candidate);
            if (results.Count == count) break;
        }
        return results;
    }

    private const double PeriodStep = 1.02;
    private const int AngleStep = 1;

    /// <summary>Coarse hypotheses polished and re-ranked.</summary>
    private const int Shortlist = 12;

    /// <summary>
    /// How far (in lags) a coarse hypothesis's point may lie from the true lattice's at distance r: half a grid step
    /// in period (1%) and in angle (0.5°) — about 0.0133·r — plus rounding on both sides.
    /// </summary>
    private static int WindowRadius(double r) => Math.Clamp((int)Math.Ceiling(r * 0.0133 + 0.25), 1, MaxWindow);

    private const int MaxWindow = 3;

    /// <summary>
    /// The neighbourhood maximum of the autocorrelation for windows of radius 1 to <see cref="MaxWindow"/>, each with its
    /// bias: the largest of many values is biased upwards even on noise, by more the wider the window, so the mean of each
    /// map over a grid of lags is subtracted — or fine lattices (many points) and far points would win on noise alone.
    /// </summary>
    private static (float[] Map, double Bias)[] Windows(float[] a, double minLag, int maxLagX, int maxLagY)
    {
        var windows = new (float[] Map, double Bias)[MaxWindow + 1];
        var map = a;
        for (var radius = 1; radius <= MaxWindow; radius++)
        {
            map = Dilate(map);
            double bias = 0;
            var samples = 0;
            for (var y = 3; y <= maxLagY; y += 7)
                for (var x = -maxLagX; x <= maxLagX; x += 7)
                    if (x * x + y * y >= minLag * minLag) { bias += PeakNear(map, x, y); samples++; }
            windows[radius] = (map, samples > 0 ? bias / samples : 0);
        }
        return windows;
    }

    /// <summary>
    /// Divides the power spectrum by its local mean (5×5 bins, cyclic): the tile's sharp spectral peaks stand
    /// out while broad image structure — and the lines that straight edges such as a rotation's black corners
    /// draw through the spectrum — are flattened, so they no longer make ridges in the autocorrelation.
    /// </summary>
    private static void Whiten(float[] power)
    {
        const int r = 2;
        var mean = new float[power.Length];
        var tmp = new float[power.Length];
        for (var y = 0; y < N; y++)
            for (var x = 0; x < N; x++)
            {
                var s = 0f;
                for (var k = -r; k <= r; k++) s += power[y * N + ((x + k) & (N - 1))];
                tmp[y * N + x] = s;
            }
        for (var y = 0; y < N; y++)
            for (var x = 0; x < N; x++)
            {
                var s = 0f;
                for (var k = -r; k <= r; k++) s += tmp[((y + k) & (N - 1)) * N + x];
                mean[y * N + x] = s / ((2 * r + 1) * (2 * r + 1));
            }
        double total = 0;
        foreach (var v in power) total += v;
        var floor = (float)(total / power.Length * 1e-3) + 1e-20f;
        for (var y = 0; y < N; y++)
            for (var x = 0; x < N; x++)
            {
                int fx = Math.Min(x, N - x), fy = Math.Min(y, N - y);
                var i = y * N + x;
                var f2 = fx * fx + fy * fy;
                power[i] = f2 <= 4 || f2 > BandTop * BandTop ? 0 : power[i] / (mean[i] + floor);
            }
    }

    /// <summary>
    /// Evidence for a lattice: the autocorrelation summed over its points k·A + l·B within the searched lags,
    /// divided by the square root of their number — signal adds up, noise only as its square root — so the
    /// true lattice beats both its coarser sub-lattices and finer super-lattices. At least four points needed.
    /// </summary>
    private static double Score((float[] Map, double Bias)[] windows, Lattice lattice, int maxLagX, int maxLagY) =>
        PointSum(lattice, maxLagX, maxLagY, (x, y) =>
        {
            var (map, bias) = windows[WindowRadius(Math.Sqrt(x * x + y * y))];
            return PeakNear(map, x, y) - bias;
        });

    /// <summary>
    /// Sum of <paramref name="sample"/> over the lattice points k·A + l·B (0 ≤ k ≤ 4, |l| ≤ 4, one of each ± pair)
    /// inside the searched lags, divided by the square root of their number; 0 with fewer than four points or a
    /// point within 4 lags of the origin (a lattice that fine is not the tile's).
    /// </summary>
    private static double PointSum(Lattice lattice, int maxLagX, int maxLagY, Func<double, double, double> sample)
    {
        double sum = 0;
        var count = 0;
        for (var k = 0; k <= 4; k++)
            for (var l = -4; l <= 4; l++)
            {
                if (k == 0 && l <= 0) continue;
                var px = k * lattice.Ax + l * lattice.Bx;
                var py = k * lattice.Ay + l * lattice.By;
                if (Math.Abs(px) > maxLagX || Math.Abs(py) > maxLagY) continue;
                if (px * px + py * py < 16) return 0;
                sum += sample(px, py);
                count++;
            }
        return count >= 4 ? sum / Math.Sqrt(count) : 0;
    }

    /// <summary>
    /// Local search around a coarse hypothesis: scale ±4% in 0.5% steps and rotation ±1.5° in 0.25° steps,
    /// scored with bilinear interpolation (no neighbourhood maximum), which the coarse grid is too sparse for.
    /// </summary>
    private static Lattice Polish(float[] a, Lattice lattice, int maxLagX, int maxLagY)
    {
        var best = lattice;
        var bestScore = double.NegativeInfinity;
        for (var scale = 0.96; scale <= 1.0401; scale += 0.005)
            for (var degrees = -1.5; degrees <= 1.501; degrees += 0.25)
            {
                var (sin, cos) = Math.SinCos(degrees * Math.PI / 180);
                var candidate = new Lattice(
                    scale * (cos * lattice.Ax - sin * lattice.Ay), scale * (sin * lattice.Ax + cos * lattice.Ay),
                    scale * (cos * lattice.Bx - sin * lattice.By), scale * (sin * lattice.Bx + cos * lattice.By));
                var score = PointSum(candidate, maxLagX, maxLagY, (x, y) => Bilinear(a, x, y));
                if (score == 0) continue;
                if (score > bestScore) (bestScore, best) = (score, candidate);
            }
        return best;
    }

    private static double Bilinear(float[] a, double x, double y)
    {
        var fx = Math.Floor(x);
        var fy = Math.Floor(y);
        var ax = x - fx;
        var ay = y - fy;
        int ix = (int)fx, iy = (int)fy;
        return (1 - ay) * ((1 - ax) * At(a, ix, iy) + ax * At(a, ix + 1, iy)) + ay * ((1 - ax) * At(a, ix, iy + 1) + ax * At(a, ix + 1, iy + 1));
    }

    private static float At(float[] a, int dx, int dy) => a[(dy & (N - 1)) * N + (dx & (N - 1))];


    /// <summary>The 3×3 neighbourhood maximum of every lag (cyclic); applied r times, the (2r+1)² maximum, so PeakNear is one read.</summary>
    private static float[] Dilate(float[] a)
    {
        var rows = new float[a.Length];
        for (var y = 0; y < N; y++)
            for (var x = 0; x < N; x++)
                rows[y * N + x] = Math.Max(a[y * N + x], Math.Max(a[y * N + ((x + 1) & (N - 1))], a[y * N + ((x - 1) & (N - 1))]));
        var result = new float[a.Length];
        for (var y = 0; y < N; y++)
            for (var x = 0; x < N; x++)
                result[y * N + x] = Math.Max(rows[y * N + x], Math.Max(rows[((y + 1) & (N - 1)) * N + x], rows[((y - 1) & (N - 1)) * N + x]));
        return result;
    }

    /// <summary>The value of a maximum map at the lag nearest (x, y); 0 outside the searched lags.</summary>
    private static double PeakNear(float[] peaks, double x, double y)
    {
        int cx = (int)Math.Round(x), cy = (int)Math.Round(y);
        if (Math.Abs(cx) > N / 2 - 2 || Math.Abs(cy) > N / 2 - 2) return 0;
        return At(peaks, cx, cy);
    }

    /// <summary>Lagrange–Gauss reduction to the two shortest basis vectors.</summary>
    private static Lattice Reduce(double ax, double ay, double bx, double by)
    {
        for (var guard = 0; guard < 32; guard++)
        {
            if (ax * ax + ay * ay > bx * bx + by * by) (ax, ay, bx, by) = (bx, by, ax, ay);
            var m = Math.Round((ax * bx + ay * by) / (ax * ax + ay * ay));
            if (m == 0) break;
            bx -= m * ax;
            by -= m * ay;
        }
        return new Lattice(ax, ay, bx, by);
    }

    /// <summary>Least-squares fit of the basis to the sub-pixel peaks at k·A + l·B, |k|, |l| ≤ 3.</summary>
    private static Lattice Refine(float[] a, Lattice lattice, int maxLagX, int maxLagY)
    {
        double skk = 0, skl = 0, sll = 0, skx = 0, sky = 0, slx = 0, sly = 0;
        SubPixelPeak(a, lattice.Ax, lattice.Ay, out _, out _, out var reference);
        var used = 0;
        for (var k = -3; k <= 3; k++)
            for (var l = -3; l <= 3; l++)
            {
                if (k == 0 && l == 0) continue;
                var px = k * lattice.Ax + l * lattice.Bx;
                var py = k * lattice.Ay + l * lattice.By;
                if (Math.Abs(px) > maxLagX || Math.Abs(py) > maxLagY) continue;
                if (!SubPixelPeak(a, px, py, out var sx, out var sy, out var value)) continue;
                if (value < 0.25 * reference) continue;
                double wgt = value;
                skk += wgt * k * k; skl += wgt * k * l; sll += wgt * l * l;
                skx += wgt * k * sx; sky += wgt * k * sy; slx += wgt * l * sx; sly += wgt * l * sy;
                used++;
            }
        var det = skk * sll - skl * skl;
        if (used < 3 || Math.Abs(det) < 1e-9) return lattice;
        var refined = new Lattice(
            (sll * skx - skl * slx) / det, (sll * sky - skl * sly) / det,
            (skk * slx - skl * skx) / det, (skk * sly - skl * sky) / det);
        return refined.Near(lattice, 0.05) ? refined : lattice;
    }

    private static bool SubPixelPeak(float[] a, double x, double y, out double sx, out double sy, out float value)
    {
        int cx = (int)Math.Round(x), cy = (int)Math.Round(y);
        var best = float.MinValue;
        int bx = cx, by = cy;
        for (var j = -1; j <= 1; j++)
            for (var i = -1; i <= 1; i++)
            {
                var v = At(a, cx + i, cy + j);
                if (v > best) (best, bx, by) = (v, cx + i, cy + j);
            }
        value = best;
        sx = bx + Parabola(At(a, bx - 1, by), best, At(a, bx + 1, by));
        sy = by + Parabola(At(a, bx, by - 1), best, At(a, bx, by + 1));
        return best > 0;
    }

    private static double Parabola(float left, float centre, float right)
    {
        var denominator = left - 2 * centre + right;
        return denominator < 0 ? Math.Clamp(0.5 * (left - right) / denominator, -0.5, 0.5) : 0;
    }

    /// <summary>
    /// One representative of the basis up to order and sign: A is the edge closer to the x axis,
    /// pointing right; B points down. The pilot search tries the eight symmetries of the square tile,
    /// so which of the equivalent bases is chosen does not matter beyond consistency.
    /// </summary>
    private static Lattice Canonical(Lattice l)
    {
        var (ax, ay, bx, by) = (l.Ax, l.Ay, l.Bx, l.By);
        if (Math.Abs(ay) / Math.Sqrt(ax * ax + ay * ay) > Math.Abs(by) / Math.Sqrt(bx * bx + by * by)) (ax, ay, bx, by) = (bx, by, ax, ay);
        if (ax < 0) (ax, ay) = (-ax, -ay);
        if (by < 0) (bx, by) = (-bx, -by);
        return new Lattice(ax, ay, bx, by);
    }
}
