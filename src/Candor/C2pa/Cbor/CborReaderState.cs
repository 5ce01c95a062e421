namespace Candor.C2pa.Cbor;

/// <summary>What <see cref="CborReader.PeekState"/> says the next token is.</summary>
public enum CborReaderState
{
    /// <summary>Major type 0: an unsigned integer.</summary>
    UnsignedInteger,
    /// <summary>Major type 1: a negative integer (-1 - n).</summary>
    NegativeInteger,
    /// <summary>Major type 2, definite length.</summary>
    ByteString,
    /// <summary>Major type 2, indefinite length (chunks follow, then a break).</summary>
    StartIndefiniteLengthByteString,
    /// <summary>Major type 3, definite length.</summary>
    TextString,
    /// <summary>Major type 3, indefinite length (chunks follow, then a break).</summary>
    StartIndefiniteLengthTextString,
    /// <summary>Major type 4: the start of an array.</summary>
    StartArray,
    /// <summary>The end of the current array (its count is reached, or a break byte).</summary>
    EndArray,
    /// <summary>Major type 5: the start of a map.</summary>
    StartMap,
    /// <summary>The end of the current map (its count is reached, or a break byte).</summary>
    EndMap,
    /// <summary>Major type 6: a tag that applies to the next value.</summary>
    Tag,
    /// <summary>A simple value other than false, true, null and undefined.</summary>
    SimpleValue,
    /// <summary>An IEEE 754 half-precision float.</summary>
    HalfPrecisionFloat,
    /// <summary>An IEEE 754 single-precision float.</summary>
    SinglePrecisionFloat,
    /// <summary>An IEEE 754 double-precision float.</summary>
    DoublePrecisionFloat,
    /// <summary>Simple value 22.</summary>
    Null,
    /// <summary>Simple value 23.</summary>
    Undefined,
    /// <summary>Simple values 20 (false) and 21 (true).</summary>
    Boolean,
    /// <summary>The root value has been read completely.</summary>
    Finished,
}
