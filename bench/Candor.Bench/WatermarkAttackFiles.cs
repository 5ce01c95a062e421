using Candor.Imaging;
using Candor.Watermark;

namespace Candor.Bench;

/// <summary>
/// `watermark-attacks OUT_DIR FILE...`: writes every attack of <see cref="WatermarkAttacks.Standard"/> applied to each FILE
/// as OUT_DIR/&lt;file name without extension&gt;/&lt;attack&gt;.png (rounded to 8 bits, as the bench detects them), so
/// another watermarking method (bench/watermark-baselines.sh) meets exactly the attacks Candor's own bench uses.
/// </summary>
internal static class WatermarkAttackFiles
{
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: watermark-attacks OUT_DIR FILE...");
            return 2;
        }
        var failed = 0;
        foreach (var file in args[1..])
        {
            var image = ImageCodec.Load(file);
            var dir = Path.Combine(args[0], Path.GetFileNameWithoutExtension(file));
            Directory.CreateDirectory(dir);
            foreach (var attack in WatermarkAttacks.Standard)
            {
                try
                {
                    ImageCodec.Save(Transforms.PngRoundTrip(attack.Apply(image)), Path.Combine(dir, attack.Name + ".png"));
                }
                catch (Exception e) when (e is InvalidOperationException or NotSupportedException or DllNotFoundException or ArgumentException)
                {
                    Console.Error.WriteLine($"{file}: {attack.Name}: {e.Message}");
                    failed++;
                }
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
