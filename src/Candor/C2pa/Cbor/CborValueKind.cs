namespace Candor.C2pa.Cbor;

/// <summary>What a <see cref="CborValue"/> holds.</summary>
public enum CborValueKind
{
    /// <summary>An integer (major type 0 or 1), possibly beyond the signed 64-bit range.</summary>
    Integer,
    /// <summary>A byte string.</summary>
    Bytes,
    /// <summary>A text string.</summary>
    Text,
    /// <summary>An array of values.</summary>
    Array,
    /// <summary>A map of key/value pairs in the order written.</summary>
    Map,
    /// <summary>A tagged value.</summary>
    Tag,
    /// <summary>A half-, single- or double-precision float.</summary>
    Float,
    /// <summary>true or false.</summary>
    Boolean,
    /// <summary>null.</summary>
    Null,
    /// <summary>undefined.</summary>
    Undefined,
    /// <summary>Another simple value.</summary>
    Simple,
}
