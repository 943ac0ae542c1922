namespace Ferry.Images.Graph;

/// <summary>
/// How one flattened field (or one slot) is encoded. Kinds below <see cref="Ref"/> are fixed-size and
/// live in an object's fixed part; the others are variable and follow it. Byte values are part of the format.
/// </summary>
internal enum FieldKind : byte
{
    Bool = 1,
    Char = 2,
    SByte = 3,
    Byte = 4,
    Int16 = 5,
    UInt16 = 6,
    Int32 = 7,
    UInt32 = 8,
    Int64 = 9,
    UInt64 = 10,
    Single = 11,
    Double = 12,
    Decimal = 13,
    DateTime = 14,
    TimeSpan = 15,
    DateTimeOffset = 16,
    Guid = 17,
    IntPtr = 18,
    UIntPtr = 19,
    Half = 20,
    Int128 = 21,
    UInt128 = 22,
    DateOnly = 23,
    TimeOnly = 24,

    /// <summary>An object reference (null, back-reference or a new object).</summary>
    Ref = 64,

    /// <summary>A BigInteger: varint byte count + two's complement little-endian bytes.</summary>
    BigInteger = 65,
}
