using System.Text;
using Candor.Datasets;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Datasets;

public sealed class NpyArrayTests : IDisposable
{
    private readonly DatasetFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static float[] Row(NpyArray array, long row)
    {
        var values = new float[array.Columns];
        array.ReadRow(row, values);
        return values;
    }

    /// <summary>An .npy file as NumPy lays it out, with a header dict given verbatim.</summary>
    private static byte[] Npy(string dict, byte[] data, byte major = 1)
    {
        var prefix = major == 1 ? 10 : 12;
        var header = dict + " ";
        while ((prefix + header.Length + 1) % 64 != 0) header += " ";
        header += "\n";
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', major, 0 };
        bytes.AddRange(major == 1 ? BitConverter.GetBytes((ushort)header.Length) : BitConverter.GetBytes((uint)header.Length));
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(data);
        return [.. bytes];
    }

    [Fact]
    public void Float16_round_trip_keeps_values_that_float16_can_hold()
    {
        var path = Path.Combine(_folder.Root, "img_emb_0.npy");
        float[] values = [0f, 1f, -2.5f, 0.099975586f, 65504f, -0.000061035156f];
        NpyArray.Write(path, values, 2, 3, NpyElement.Float16);
        using var array = NpyArray.Open(path);
        Assert.Equal((2L, 3, NpyElement.Float16), (array.Rows, array.Columns, array.Element));
        Assert.Equal(values[..3], Row(array, 0));
        Assert.Equal(values[3..], Row(array, 1));
        // NumPy's layout: version 1.0, '<f2', data at a multiple of 64.
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(0, (bytes.Length - 12) % 64);
        Assert.Contains("'descr': '<f2', 'fortran_order': False, 'shape': (2, 3), }", Encoding.ASCII.GetString(bytes, 10, 60));
    }

    [Fact]
    public void Float16_write_rounds_to_nearest()
    {
        var path = Path.Combine(_folder.Root, "q.npy");
        NpyArray.Write(path, [0.1f, 1e6f], 1, 2, NpyElement.Float16);
        using var array = NpyArray.Open(path);
        Assert.Equal([(float)(Half)0.1f, float.PositiveInfinity], Row(array, 0));
    }

    [Fact]
    public void Float32_arrays_of_any_shape_round_trip_exactly()
    {
        var shapes = Gen.Choose(0, 6).SelectMany(rows => Gen.Choose(0, 9).SelectMany(cols =>
            ArbMap.Default.GeneratorFor<float>().ArrayOf(rows * cols).Select(v => (rows, cols, v))));
        var n = 0;
        Prop.ForAll(shapes.ToArbitrary(), t =>
        {
            var (rows, cols, values) = t;
            var path = Path.Combine(_folder.Root, $"a{n++}.npy");
            NpyArray.Write(path, values, rows, cols);
            using var array = NpyArray.Open(path);
            var back = new float[rows * cols];
            for (var r = 0; r < rows; r++) array.ReadRow(r, back.AsSpan(r * cols, cols));
            return array.Rows == rows && array.Columns == cols && array.Element == NpyElement.Float32
                && back.Select(BitConverter.SingleToInt32Bits).SequenceEqual(values.Select(BitConverter.SingleToInt32Bits));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Float16_round_trip_is_exact_for_values_float16_holds()
    {
        var halves = ArbMap.Default.GeneratorFor<ushort>().Select(bits => (float)BitConverter.UInt16BitsToHalf(bits)).Where(f => !float.IsNaN(f));
        var n = 0;
        Prop.ForAll(halves.ArrayOf().ToArbitrary(), values =>
        {
            var path = Path.Combine(_folder.Root, $"h{n++}.npy");
            NpyArray.Write(path, values, 1, values.Length, NpyElement.Float16);
            using var array = NpyArray.Open(path);
            return Row(array, 0).SequenceEqual(values);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Version_2_headers_big_endian_data_and_1d_shapes_are_read()
    {
        var data = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteSingleBigEndian(data, 1.5f);
        System.Buffers.Binary.BinaryPrimitives.WriteSingleBigEndian(data.AsSpan(4), -3f);
        var path = _folder.Bytes("v2.npy", Npy("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", data, major: 2));
        using var array = NpyArray.Open(path);
        Assert.Equal((1L, 2), (array.Rows, array.Columns));
        Assert.Equal([1.5f, -3f], Row(array, 0));
    }

    [Fact]
    public void Python2_long_shapes_are_read()
    {
        var path = _folder.Bytes("py2.npy", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1L, 1L), }", BitConverter.GetBytes(2f)));
        using var array = NpyArray.Open(path);
        Assert.Equal([2f], Row(array, 0));
    }

    [Theory]
    [InlineData("{'descr': '<i8', 'fortran_order': False, 'shape': (1, 1), }", FormatErrorKind.Unsupported, "'<i8'")]
    [InlineData("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", FormatErrorKind.Unsupported, "Fortran")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 2), }", FormatErrorKind.Unsupported, "3 dimensions")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1000, 512), }", FormatErrorKind.Truncated, "truncated")]
    [InlineData("{'descr': '<f4', 'fortran_order': False }", FormatErrorKind.Malformed, "'shape'")]
    [InlineData("{'descr': '<f4', 'shape': (2, 2)", FormatErrorKind.Malformed, "does not parse")]
    [InlineData("not a dict", FormatErrorKind.Malformed, "does not parse")]
    public void A_wrong_header_is_a_clear_format_error(string dict, FormatErrorKind kind, string says)
    {
        var path = _folder.Bytes("bad.npy", Npy(dict, new byte[16]));
        var e = Assert.Throws<CandorFormatException>(() => NpyArray.Open(path));
        Assert.Equal(kind, e.Kind);
        Assert.Contains(says, e.Message);
    }

    [Fact]
    public void A_file_that_is_not_npy_is_a_clear_format_error()
    {
        var e = Assert.Throws<CandorFormatException>(() => NpyArray.Open(_folder.Text("x.npy", "PAR1 nothing")));
        Assert.Contains("not a NumPy .npy file", e.Message);
        var cut = Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }", [])[..20];
        Assert.Equal(FormatErrorKind.Truncated, Assert.Throws<CandorFormatException>(() => NpyArray.Open(_folder.Bytes("cut.npy", cut))).Kind);
    }

    [Fact]
    public void Rows_out_of_range_and_short_destinations_are_argument_errors()
    {
        var path = Path.Combine(_folder.Root, "r.npy");
        NpyArray.Write(path, [1f, 2f], 1, 2);
        using var array = NpyArray.Open(path);
        Assert.Throws<ArgumentOutOfRangeException>(() => array.ReadRow(1, new float[2]));
        Assert.Throws<ArgumentException>(() => array.ReadRow(0, new float[1]));
        Assert.Throws<ArgumentException>(() => NpyArray.Write(path, [1f], 1, 2));
    }
}
