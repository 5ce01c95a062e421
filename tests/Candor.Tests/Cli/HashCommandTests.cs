using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Candor.Tests.Cli;

public class HashCommandTests
{
    [Fact]
    public void Hash_prints_every_model_hash_of_a_safetensors_file()
    {
        var dir = Directory.CreateTempSubdirectory("candor-hash-");
        try
        {
            var header = Encoding.UTF8.GetBytes("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}");
            var data = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
            var file = Path.Combine(dir.FullName, "tiny.safetensors");
            File.WriteAllBytes(file, [.. BitConverter.GetBytes((long)header.Length), .. header, .. data]);

            var r = CandorProcess.Run("hash", "--json", dir.FullName);
            Assert.Equal(0, r.ExitCode);
            var h = JsonDocument.Parse(r.Out).RootElement;
            var whole = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
            var tensors = Convert.ToHexStringLower(SHA256.HashData(data));
            Assert.Equal(whole, h.GetProperty("sha256").GetString());
            Assert.Equal(whole[..10], h.GetProperty("autoV2").GetString());
            Assert.Equal(tensors[..12], h.GetProperty("addnet").GetString());
            Assert.Equal(tensors.ToUpperInvariant(), h.GetProperty("autoV3").GetString());
            Assert.Equal(64, h.GetProperty("blake3").GetString()!.Length);
            Assert.Equal(8, h.GetProperty("crc32").GetString()!.Length);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Missing_model_file_exits_1_with_one_line()
    {
        var r = CandorProcess.Run("hash", "/nonexistent/model.safetensors");
        Assert.Equal(1, r.ExitCode);
        Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
