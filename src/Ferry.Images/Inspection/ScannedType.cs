using Ferry.Images.Graph;

namespace Ferry.Images.Inspection;

/// <summary>A type definition as read from an image, without resolving it to a CLR type.</summary>
internal sealed class ScannedType
{
    public required string Name { get; init; }
    public required TypeForm Form { get; init; }
    public CodecKind Kind { get; set; }
    public FieldKind Leaf { get; set; }
    public IReadOnlyList<(string Name, FieldKind Kind)> Schema { get; set; } = [];
    public ScannedType? Element { get; init; }
    public int Rank { get; init; }
    public IReadOnlyList<ScannedType> Arguments { get; init; } = [];
    public ScannedType? Inner { get; init; }
    public WellKnownCode Code { get; init; }

    /// <summary>How a slot of this type is encoded: a fixed leaf, a BigInteger, a flattened struct or a reference.</summary>
    public bool IsFixedLeaf => Kind == CodecKind.Primitive;

    public bool IsStructSlot => Kind == CodecKind.Struct;

    public bool IsBigIntegerSlot => Kind == CodecKind.BigInteger;
}
