namespace Candor.Tests.Cli;

/// <summary><c>candor serve --index</c>: a folder it cannot search stops it before it listens, with one plain line.</summary>
public class ServeCommandTests
{
    private static void AssertOneLine(CandorProcess.Result r, string expected)
    {
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("listening", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_that_is_not_an_index_exits_2_with_one_line()
    {
        var folder = Directory.CreateTempSubdirectory("candor-serve-").FullName;
        try
        {
            var r = CandorProcess.Run("serve", "--urls", "http://127.0.0.1:0", "--index", folder);
            AssertOneLine(r, $"cannot open the index {folder}: {folder} is not a Candor index folder (no candor-index.json)");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_damaged_index_exits_2_with_one_line()
    {
        var folder = Directory.CreateTempSubdirectory("candor-serve-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "candor-index.json"), "{\"schema\":\"candor.index/1\",\"dataset\":\"x\"}");
            File.WriteAllText(Path.Combine(folder, "catalogue.sqlite"), "not a database, only text");
            var r = CandorProcess.Run("serve", "--urls", "http://127.0.0.1:0", "--index", folder);
            AssertOneLine(r, $"cannot open the index {folder}: ");
            Assert.DoesNotContain(" at ", r.Err, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void An_encoder_without_an_index_exits_2()
    {
        var r = CandorProcess.Run("serve", "--urls", "http://127.0.0.1:0", "--text-encoder", "clip.text.json");
        AssertOneLine(r, "--image-encoder and --text-encoder go with --index");
    }
}
