using Candor.Fingerprints;
using Candor.Provenance;

namespace Candor.Tests.Fingerprints;

public class HashKindDetectorTests
{
    [Theory]
    [InlineData("Model hash", "31e35c80fc", HashKind.AutoV2)]
    [InlineData("Model hash", "7460a6fa", HashKind.AutoV1)]
    [InlineData("VAE hash", "235745af8d", HashKind.AutoV2)]
    [InlineData("Lora hashes", "801f5d2c1395", HashKind.Addnet)]
    [InlineData("TI hashes", "2a4d4e3f5b21", HashKind.Sha256Prefix12)]
    [InlineData("Hypernet hashes", "abcdef0123", HashKind.AutoV2)]
    [InlineData("model_hash", "blake3:af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262", HashKind.Blake3)]
    [InlineData("hash", "0x2f3c5caac0469f474439cf84eb09f900bd8e5900f4ad9404c4e05cec12314df6", HashKind.AutoV3)]
    [InlineData("Hashes", "2F3C5CAAC0469F474439CF84EB09F900BD8E5900F4AD9404C4E05CEC12314DF6", HashKind.Sha256)]
    [InlineData("AutoV3", "2F3C5CAAC0469F474439CF84EB09F900BD8E5900F4AD9404C4E05CEC12314DF6", HashKind.AutoV3)]
    [InlineData("sshs_model_hash", "2f3c5caac0469f474439cf84eb09f900bd8e5900f4ad9404c4e05cec12314df6", HashKind.AutoV3)]
    [InlineData("CRC32", "85114A0D", HashKind.Crc32)]
    [InlineData("", "1234abcd", HashKind.Unknown)]
    [InlineData("", "31e35c80fc", HashKind.AutoV2)]
    [InlineData("Model hash", "xyz", HashKind.Unknown)]
    [InlineData("Model hash", "0x1234", HashKind.Unknown)]
    [InlineData("Lora hashes", "31e35c80f", HashKind.Unknown)]
    public void Kind_follows_key_and_value_shape(string key, string value, HashKind expected)
    {
        Assert.Equal(expected, HashKindDetector.Guess(key, value));
    }
}
