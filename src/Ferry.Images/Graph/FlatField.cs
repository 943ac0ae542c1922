using System.Reflection;

namespace Ferry.Images.Graph;

/// <summary>
/// One leaf of a flattened layout: a primitive, a fixed framework value, a BigInteger or a reference,
/// reached from the instance through <see cref="Path"/> (struct fields are flattened, never nested).
/// </summary>
internal sealed record FlatField(string Name, FieldKind Kind, FieldInfo[] Path, Type LeafType)
{
    /// <summary>Offset in the fixed part (fixed kinds only).</summary>
    public int Offset { get; init; }
}
