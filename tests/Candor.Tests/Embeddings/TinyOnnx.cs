using System.Text;

namespace Candor.Tests.Embeddings;

/// <summary>
/// Writes small ONNX models (protobuf by hand, opset 13) so the generic encoder paths — NHWC, free batch sizes, int32
/// token ids, fixed sequence lengths, pooling — can be run without real weights. Field numbers from onnx.proto:
/// ModelProto ir_version 1, graph 7, opset_import 8; GraphProto node 1, name 2, initializer 5, input 11, output 12;
/// NodeProto input 1, output 2, op_type 4, attribute 5; AttributeProto name 1, i 3, ints 8, type 20;
/// ValueInfoProto name 1, type 2; TypeProto tensor_type 1 → elem_type 1, shape 2 → dim 1 → dim_value 1 | dim_param 2;
/// TensorProto dims 1, data_type 2, name 8, raw_data 9.
/// </summary>
internal static class TinyOnnx
{
    public const int Float = 1, Int32 = 6, Int64 = 7;

    public sealed class Message
    {
        private readonly MemoryStream _bytes = new();

        public Message Varint(int field, long value) { Key(field, 0); WriteVarint((ulong)value); return this; }

        public Message Bytes(int field, byte[] value) { Key(field, 2); WriteVarint((ulong)value.Length); _bytes.Write(value); return this; }

        public Message Text(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public Message Sub(int field, Message value) => Bytes(field, value.ToArray());

        public byte[] ToArray() => _bytes.ToArray();

        private void Key(int field, int wire) => WriteVarint((ulong)(field << 3 | wire));

        private void WriteVarint(ulong value)
        {
            while (value >= 0x80) { _bytes.WriteByte((byte)(value | 0x80)); value >>= 7; }
            _bytes.WriteByte((byte)value);
        }
    }

    /// <summary>A tensor type; a dimension of -1 is a named free dimension.</summary>
    public static Message ValueInfo(string name, int elementType, params long[] dims)
    {
        var shape = new Message();
        foreach (var d in dims) shape.Sub(1, d >= 0 ? new Message().Varint(1, d) : new Message().Text(2, $"d{-d}"));
        var tensor = new Message().Varint(1, elementType).Sub(2, shape);
        return new Message().Text(1, name).Sub(2, new Message().Sub(1, tensor));
    }

    public static Message Node(string op, string[] inputs, string[] outputs, params Message[] attributes)
    {
        var node = new Message();
        foreach (var i in inputs) node.Text(1, i);
        foreach (var o in outputs) node.Text(2, o);
        node.Text(4, op);
        foreach (var a in attributes) node.Sub(5, a);
        return node;
    }

    public static Message IntAttribute(string name, long value) => new Message().Text(1, name).Varint(3, value).Varint(20, 2);

    public static Message IntsAttribute(string name, params long[] values)
    {
        var attribute = new Message().Text(1, name);
        foreach (var v in values) attribute.Varint(8, v);
        return attribute.Varint(20, 7);
    }

    public static Message Initializer(string name, float[] values, params long[] dims)
    {
        var tensor = new Message();
        foreach (var d in dims) tensor.Varint(1, d);
        var raw = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
        return tensor.Varint(2, Float).Text(8, name).Bytes(9, raw);
    }

    public static Message Initializer(string name, long[] values, params long[] dims)
    {
        var tensor = new Message();
        foreach (var d in dims) tensor.Varint(1, d);
        var raw = new byte[values.Length * 8];
        Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
        return tensor.Varint(2, Int64).Text(8, name).Bytes(9, raw);
    }

    public static byte[] Model(Message[] nodes, Message[] initializers, Message[] inputs, Message[] outputs)
    {
        var graph = new Message();
        foreach (var n in nodes) graph.Sub(1, n);
        graph.Text(2, "tiny");
        foreach (var i in initializers) graph.Sub(5, i);
        foreach (var i in inputs) graph.Sub(11, i);
        foreach (var o in outputs) graph.Sub(12, o);
        return new Message().Varint(1, 8).Sub(7, graph).Sub(8, new Message().Text(1, "").Varint(2, 13)).ToArray();
    }
}
