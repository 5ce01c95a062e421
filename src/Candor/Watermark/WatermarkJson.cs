using System.Globalization;
using System.Text.Json;
using Candor.Consent;

namespace Candor.Watermark;

/// <summary>
/// The JSON documents of the watermark commands: <c>candor watermark detect --json</c>
/// (schema <see cref="DetectSchema"/>) and <c>candor watermark bench --json</c> (schema <see cref="BenchSchema"/>).
/// </summary>
public static class WatermarkJson
{
    /// <summary>Schema name of the detect document.</summary>
    public const string DetectSchema = "candor.watermark/1";

    /// <summary>Schema name of the bench document.</summary>
    public const string BenchSchema = "candor.watermark-bench/1";

    /// <summary>
    /// Writes the detect document: the schema, the key (<c>public-no-train</c> for <see cref="WatermarkKey.PublicDoNotTrain"/>,
    /// otherwise its id), the threshold and one result per file — found, p-value, payload (its text or "do not train"
    /// meaning when it follows a convention), pilot score, rotation and mirroring, or the file's error.
    /// </summary>
    public static void WriteDetect(Utf8JsonWriter w, WatermarkKey key, double threshold, IEnumerable<WatermarkFileDetection> results)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(results);
        w.WriteStartObject();
        w.WriteString("schema", DetectSchema);
        w.WriteString("key", key == WatermarkKey.PublicDoNotTrain ? "public-no-train" : key.Id);
        w.WriteNumber("threshold", threshold);
        w.WriteStartArray("results");
        foreach (var (file, d, error) in results)
        {
            w.WriteStartObject();
            w.WriteString("file", file);
            if (error is not null) w.WriteString("error", error);
            if (d is not null)
            {
                w.WriteBoolean("found", d.Found);
                w.WriteNumber("pValue", d.PValue);
                if (d.Payload is { } payload)
                {
                    w.WriteString("payload", payload.ToHex());
                    if (payload.AsText() is { } text) w.WriteString("text", text);
                    if (payload.NoTrainScope is { } scope)
                    {
                        w.WriteStartObject("noTrain");
                        w.WriteString("scope", TrainingConsent.Word(scope));
                        w.WriteString("meaning", TrainingConsent.Meaning(scope));
                        w.WriteString("owner", payload.OwnerTag.ToString("x8", CultureInfo.InvariantCulture));
                        w.WriteEndObject();
                    }
                }
                else w.WriteNull("payload");
                w.WriteNumber("pilotScore", d.PilotScore);
                if (d.RotationDegrees is { } r) w.WriteNumber("rotationDegrees", r + 0.0);
                w.WriteBoolean("mirrored", d.Mirrored);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>
    /// Writes the bench document: the settings, mean visibility (and the lowest PSNR) and speed, one entry per attack (bit
    /// accuracy, exact and detection rates, target and whether it was met), per image and per size measurements (one
    /// thread, and embedding on every core with the number of cores), and the files skipped. Measurements that could
    /// not be made are null.
    /// </summary>
    public static void WriteBench(Utf8JsonWriter w, WatermarkBenchReport r)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(r);
        static void Number(Utf8JsonWriter w, string name, double value)
        {
            if (double.IsFinite(value)) w.WriteNumber(name, value);
            else w.WriteNull(name);
        }
        w.WriteStartObject();
        w.WriteString("schema", BenchSchema);
        w.WriteString("key", r.KeyId);
        w.WriteString("payload", r.Payload.ToHex());
        w.WriteNumber("strength", r.Strength);
        w.WriteNumber("threshold", r.Threshold);
        Number(w, "meanPsnr", r.MeanPsnr);
        Number(w, "minPsnr", r.MinPsnr);
        Number(w, "meanSsim", r.MeanSsim);
        Number(w, "meanEmbedMs", r.MeanEmbedMs);
        Number(w, "meanDetectMs", r.MeanDetectMs);
        Number(w, "embedMsPerMegapixel", r.EmbedMsPerMegapixel);
        Number(w, "detectMsPerMegapixel", r.DetectMsPerMegapixel);
        w.WriteStartArray("attacks");
        foreach (var a in r.Attacks)
        {
            w.WriteStartObject();
            w.WriteString("name", a.Name);
            w.WriteString("group", a.Group);
            w.WriteString("description", a.Description);
            w.WriteNumber("images", a.Images);
            Number(w, "bitAccuracy", a.MeanBitAccuracy);
            Number(w, "exactRate", a.ExactRate);
            Number(w, "detectionRate", a.DetectionRate);
            if (a.Target is { } t) w.WriteNumber("target", t);
            else w.WriteNull("target");
            if (a.Met is { } met) w.WriteBoolean("met", met);
            else w.WriteNull("met");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("images");
        foreach (var i in r.Images)
        {
            w.WriteStartObject();
            w.WriteString("file", i.Path);
            w.WriteNumber("width", i.Width);
            w.WriteNumber("height", i.Height);
            Number(w, "psnr", i.Psnr);
            Number(w, "ssim", i.Ssim);
            w.WriteNumber("embedMs", i.EmbedMs);
            w.WriteNumber("detectMs", i.DetectMs);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("speed");
        foreach (var s in r.Speed)
        {
            w.WriteStartObject();
            w.WriteNumber("megapixels", s.Megapixels);
            w.WriteNumber("width", s.Width);
            w.WriteNumber("height", s.Height);
            w.WriteNumber("embedMs", s.EmbedMs);
            w.WriteNumber("detectMs", s.DetectMs);
            Number(w, "embedMsAllCores", s.EmbedMsAllCores);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteNumber("cores", r.Cores);
        w.WriteStartArray("skipped");
        foreach (var s in r.Skipped) w.WriteStringValue(s);
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
