using System.Text.Json;
using Candor.Formats;
using Candor.Inspection;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Inspection;

/// <summary>Whatever the bytes, inspecting never throws: a bad file becomes a report with a one-line error.</summary>
public class InspectorRobustnessTests
{
    private static readonly string[] Samples =
    [
        "generators/a1111/automatic1111_cropped.png", "generators/a1111/automatic1111_cropped.jpg",
        "generators/a1111/automatic1111_stealth.png", "generators/novelai/sample-0316.png",
        "generators/comfyui/img2img_cropped.png", "generators/sdnext/DeepFloyd--IF-I-M-v1.0.jpg",
        "generators/invokeai/invokeai_imeta1.png", "generators/fooocus/fooocus1_cropped.png",
    ];

    [SkippableFact]
    public void Mutated_corpus_files_never_make_the_inspector_throw()
    {
        var files = Samples.Select(s => File.ReadAllBytes(Corpus.Path(s))).ToArray();
        var inspector = new Inspector();
        var edit = from kind in Gen.Choose(0, 3)
                   from at in Gen.Choose(0, int.MaxValue)
                   from value in Gen.Choose(0, 255)
                   select (kind, at, value);
        var mutation = from file in Gen.Choose(0, files.Length - 1)
                       from edits in Gen.ListOf(edit)
                       select (file, edits.Take(6).ToArray());
        Prop.ForAll(mutation.ToArbitrary(), m =>
        {
            var bytes = files[m.file].ToList();
            foreach (var (kind, at, value) in m.Item2)
            {
                if (bytes.Count == 0) break;
                var i = at % bytes.Count;
                switch (kind)
                {
                    case 0: bytes[i] = (byte)value; break;
                    case 1: bytes.Insert(i, (byte)value); break;
                    case 2: bytes.RemoveAt(i); break;
                    default: bytes.RemoveRange(i, bytes.Count - i); break;
                }
            }
            using var stream = new MemoryStream(bytes.ToArray());
            var report = inspector.Inspect(stream, "mutated");
            return report.Error is null || report.Ai.Use == AiUse.Unreadable;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Empty_and_tiny_inputs_are_unreadable_not_exceptions()
    {
        var inspector = new Inspector();
        foreach (var bytes in new[] { Array.Empty<byte>(), new byte[] { 0x89 }, "\x89PNG\r\n\x1a\n"u8.ToArray(), new byte[] { 0xFF, 0xD8 } })
        {
            var report = inspector.Inspect(new MemoryStream(bytes), "tiny");
            Assert.NotNull(report.Error);
            Assert.Equal(AiUse.Unreadable, report.Ai.Use);
        }
    }

    [SkippableFact]
    public void A_truncated_file_is_reported_with_the_kind_of_its_error_next_to_the_message_in_the_json()
    {
        var bytes = File.ReadAllBytes(Corpus.Path(Samples[0]))[..40];
        var expected = Assert.Throws<CandorFormatException>(() => ContainerRegistry.Scan(new MemoryStream(bytes))).Kind;
        var report = new Inspector().Inspect(new MemoryStream(bytes), "cut.png");
        Assert.Equal(expected, report.ErrorKind);
        using var json = JsonDocument.Parse(ReportJson.Serialize(report));
        Assert.Equal(report.Error, json.RootElement.GetProperty("error").GetString());
        Assert.Equal(expected.ToString(), json.RootElement.GetProperty("errorKind").GetString());
    }

    [SkippableFact]
    public void A_readable_file_has_no_error_kind_in_the_json()
    {
        var report = new Inspector().Inspect(Corpus.Path(Samples[0]));
        using var json = JsonDocument.Parse(ReportJson.Serialize(report));
        Assert.False(json.RootElement.TryGetProperty("errorKind", out _));
    }

    [Fact]
    public void Running_out_of_memory_on_one_file_becomes_that_files_error_not_the_batchs_end()
    {
        var report = new Inspector().Inspect(new OutOfMemoryStream(), "huge.png");
        Assert.Equal(FormatErrorKind.LimitExceeded, report.ErrorKind);
        Assert.Contains("too large", report.Error);
    }

    /// <summary>A seekable stream whose every read fails as an allocation the process cannot make would.</summary>
    private sealed class OutOfMemoryStream : MemoryStream
    {
        public OutOfMemoryStream()
            : base(new byte[100])
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new OutOfMemoryException();

        public override int Read(Span<byte> buffer) => throw new OutOfMemoryException();
    }
}
