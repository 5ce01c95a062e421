using System.Buffers.Binary;
using System.Text;

namespace Candor.Tests.Fingerprints;

/// <summary>Builds small model files for the tests: safetensors with a chosen header, and plain bytes.</summary>
internal static class ModelFiles
{
    public static byte[] Safetensors(string headerJson, byte[] tensorData)
    {
        var header = Encoding.UTF8.GetBytes(headerJson);
        var file = new byte[8 + header.Length + tensorData.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
        header.CopyTo(file, 8);
        tensorData.CopyTo(file, 8 + header.Length);
        return file;
    }

    public static byte[] RandomBytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    public static string TempFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), "candor-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
